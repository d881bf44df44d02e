"""The PySide6 desktop app (the only package that imports Qt).

Layout, like Anki's aqt over pylib: the window only calls the core (:mod:`policydesk.api`), all slow work
through :func:`policydesk.gui.ops.run_in_background`.

* :mod:`.app` — entry point, QApplication set-up (CJK font, Chinese Qt strings, high-DPI).
* :mod:`.mainwindow` — menus, toolbar, status bar, document tabs, open/recent/drag-and-drop, print, settings.
* :mod:`.docview` — one document's 结构 / 正文 / 责任分工 views.
* :mod:`.models` — Qt item models (heading tree, task × unit table, its filter proxy).
* :mod:`.textview`, :mod:`.pageview` — styled text with find bar; PDF page images (pypdfium2).
* :mod:`.ops` — the background-operation helper.  :mod:`.export` — .xlsx export (openpyxl).
"""
