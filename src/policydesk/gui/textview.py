"""The 正文 view: the document's paragraphs as a styled QTextDocument, plus the find bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QTextEdit, QToolButton, QToolTip, QWidget

from . import style

if TYPE_CHECKING:       # the analysis package loads with the first document, not at start-up
    from ..analysis.result import Analysis, AnalysisWarning, Task

_ALIGN = {"center": Qt.AlignmentFlag.AlignHCenter, "right": Qt.AlignmentFlag.AlignRight}
_CENTERED_ROLES = {"notice_title", "plan_title", "publicity"}       # Role values
_RIGHT_ROLES = {"signature", "date"}
WARNING_PROPERTY = QTextCharFormat.Property.UserProperty + 1   # char format: the kind of analysis warning marked

# What each warning kind means to a drafter (the tooltip's first line; the warning's own ``why`` follows).
WARNING_LABELS = {"unparsed_annotation": "待确认：括注未能解析为责任单位",      # WarningKind values
                  "unrecognised_unit": "待确认：单位名称未能识别",
                  "doc_number": "待确认：文号",
                  "other": "待确认"}


def warning_text(w: AnalysisWarning) -> str:
    """One line for a drafter: what kind of doubt, and why (the analysis's Chinese reason)."""
    label = WARNING_LABELS.get(w.kind.value, "待确认")
    return f"{label}——{w.why}" if w.why else label


def build_document(analysis: Analysis, base_pt: int | None = None) -> QTextDocument:
    """One block per paragraph (``block.userState()`` = paragraph index), headings styled, tasks highlighted,
    the text each analysis warning is about marked (orange, wavy underline, the reason as tooltip).

    Every size is relative to ``base_pt`` (the zoomed body size), so zooming scales titles and headings alike."""
    base_pt = int(base_pt or style.TEXT_POINT_SIZE)
    doc = QTextDocument()
    font = style.text_font()
    font.setPointSize(base_pt)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(24)
    tasks_by_par: dict[int, list[Task]] = {}
    for t in analysis.tasks:
        tasks_by_par.setdefault(t.paragraph, []).append(t)
    warnings_by_par: dict[int, list[AnalysisWarning]] = {}
    for w in analysis.warnings:
        if w.paragraph is not None:
            warnings_by_par.setdefault(w.paragraph, []).append(w)
    heading_by_par = {h.paragraph: h for h in analysis.headings}
    cur = QTextCursor(doc)
    for n, p in enumerate(analysis.paragraphs):
        text = p.text or ""
        role = p.role.value
        idx = p.index
        bf = QTextBlockFormat()
        bf.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        bf.setBottomMargin(4)
        cf = QTextCharFormat()
        heading = heading_by_par.get(idx)
        if role in _CENTERED_ROLES:
            bf.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            if role != "publicity":
                cf.setFontWeight(700)
                cf.setFontPointSize(base_pt + 4)
                cf.setForeground(style.COLOR_HEADING)
                bf.setTopMargin(10)
                bf.setBottomMargin(10)
        elif role in _RIGHT_ROLES:
            bf.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif role == "doc_number":
            bf.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        elif role == "recipients":
            pass
        else:
            bf.setTextIndent(2 * base_pt * 1.33)     # 公文 body: two-character first-line indent
        if heading is not None and heading.level == 1:
            bf.setTopMargin(8)
        if n > 0:
            cur.insertBlock(bf, QTextCharFormat())
        else:
            cur.setBlockFormat(bf)
        cur.block().setUserState(int(idx))
        start = cur.position()
        cur.insertText(text, cf)
        if heading is not None:
            head_len = len(heading.number or "") + len(heading.title or "")
            if head_len and text[head_len:head_len + 1] in ("。", "."):
                head_len += 1
            _apply(cur, start, head_len or len(text), _heading_format(int(heading.level or 2), base_pt))
        for t in tasks_by_par.get(idx, []):
            _highlight(cur, start, text, t.annotation, style.COLOR_ANNOTATION, "责任单位")
            for s in t.targets:
                _highlight(cur, start, text, s, style.COLOR_TARGET, "目标")
            for s in t.deadlines:
                _highlight(cur, start, text, s, style.COLOR_DEADLINE, "时限")
        for w in warnings_by_par.get(idx, []):
            _mark_warning(cur, start, text, w)
    doc.setModified(False)
    return doc


def _heading_format(level: int, base_pt: int) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setFontWeight(700)
    f.setForeground(style.COLOR_HEADING)
    if level == 1:
        f.setFontPointSize(base_pt + 1)
    return f


def _apply(cur: QTextCursor, start: int, length: int, fmt: QTextCharFormat) -> None:
    c = QTextCursor(cur.document())
    c.setPosition(start)
    c.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
    c.mergeCharFormat(fmt)


def _highlight(cur: QTextCursor, start: int, text: str, needle: str | None, color: QColor, tip: str) -> None:
    if not needle:
        return
    pos = text.find(needle)
    while pos >= 0:
        f = QTextCharFormat()
        f.setBackground(color)
        f.setToolTip(tip)
        _apply(cur, start + pos, len(needle), f)
        pos = text.find(needle, pos + len(needle))


def _mark_warning(cur: QTextCursor, start: int, text: str, w: AnalysisWarning) -> None:
    """The warning's text where it stands in the paragraph (the whole paragraph when it is not found as written)."""
    f = QTextCharFormat()
    f.setBackground(style.COLOR_WARNING_BG)
    f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    f.setUnderlineColor(style.COLOR_WARNING_LINE)
    f.setToolTip(warning_text(w))
    f.setProperty(WARNING_PROPERTY, w.kind.value)
    needle = (w.text or "").strip()
    pos = text.find(needle) if needle else -1
    if pos < 0:
        _apply(cur, start, len(text), f)
        return
    while pos >= 0:
        _apply(cur, start + pos, len(needle), f)
        pos = text.find(needle, pos + len(needle))


class TextView(QTextBrowser):
    """Read-only text; knows which paragraph is where."""

    paragraphChanged = Signal(int)
    layoutChanged = Signal()            # the text was laid out again (width, zoom): what is on screen may differ

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._last_par = -1
        self._analysis: Analysis | None = None
        self.point_size = style.TEXT_POINT_SIZE
        self.cursorPositionChanged.connect(self._emit_paragraph)

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.ToolTip:              # char-format tooltips (责任单位, 目标, 待确认 …)
            c = self.cursorForPosition(self.viewport().mapFromGlobal(e.globalPos()))
            tip = c.charFormat().toolTip()
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def set_analysis(self, analysis: Analysis) -> None:
        self._analysis = analysis
        doc = build_document(analysis, self.point_size)
        doc.setParent(self)
        self.setDocument(doc)
        doc.documentLayout().documentSizeChanged.connect(lambda _s: self.layoutChanged.emit())
        self._last_par = -1

    def set_point_size(self, pt: int) -> None:
        """Zoom: rebuild the text at body size ``pt`` (titles and headings scale with it); keeps the place."""
        pt = int(pt)
        if pt == self.point_size:
            return
        self.point_size = pt
        if self._analysis is None or not self._analysis.paragraphs:
            f = self.document().defaultFont()
            f.setPointSize(pt)
            self.document().setDefaultFont(f)
            return
        par = self.first_visible_paragraph()
        old = self.document()
        self.set_analysis(self._analysis)
        old.deleteLater()
        if par >= 0:
            self.scroll_to_paragraph(par)

    def current_paragraph(self) -> int:
        return self.textCursor().block().userState()

    def _emit_paragraph(self) -> None:
        par = self.current_paragraph()
        if par != self._last_par and par >= 0:
            self._last_par = par
            self.paragraphChanged.emit(par)

    def block_of_paragraph(self, index: int):
        block = self.document().begin()
        while block.isValid():
            if block.userState() == index:
                return block
            block = block.next()
        return None

    def scroll_to_paragraph(self, index: int) -> bool:
        """Put the paragraph at the top of the view and the cursor at its start."""
        block = self.block_of_paragraph(index)
        if block is None:
            return False
        c = QTextCursor(block)
        self.setTextCursor(c)
        top = self.document().documentLayout().blockBoundingRect(block).top()
        self.verticalScrollBar().setValue(int(top) - 4)
        return True

    def first_visible_paragraph(self) -> int:
        c = self.cursorForPosition(self.viewport().rect().topLeft())
        return c.block().userState()


class FindBar(QWidget):
    """查找 bar under one or more texts (both 对照 panes): highlights every match, Enter/F3 next,
    Shift+Enter/Shift+F3 previous; the search runs on through the next text and wraps around."""

    def __init__(self, view: QTextEdit | list[QTextEdit], parent=None):
        super().__init__(parent)
        self.views: list[QTextEdit] = list(view) if isinstance(view, (list, tuple)) else [view]
        self.view = self.views[0]
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(QLabel("查找："))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("输入要查找的文字")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(320)
        self.prev_button = QToolButton(text="上一个")
        self.next_button = QToolButton(text="下一个")
        self.count_label = QLabel()
        close = QToolButton(text="关闭")
        close.setToolTip("关闭查找栏（Esc）")
        for w in (self.edit, self.prev_button, self.next_button, self.count_label):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(close)
        self.edit.textChanged.connect(self._on_text)
        self.edit.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.prev_button.clicked.connect(self.find_previous)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.find_previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        sel = self.view.textCursor().selectedText()
        if sel and "\u2029" not in sel:
            self.edit.setText(sel)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        for v in self.views:
            v.setExtraSelections([])
        self.hide()
        self.view.setFocus()

    def _on_text(self, text: str) -> None:
        self._mark_all(text)
        if text:
            c = self.view.textCursor()
            c.setPosition(c.selectionStart())
            self.view.setTextCursor(c)
            self.find_next()

    def _mark_all(self, text: str) -> int:
        total = 0
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd54f"))
        for view in self.views:
            sels = []
            if text:
                doc = view.document()
                c = doc.find(text, 0)
                while not c.isNull():
                    s = QTextEdit.ExtraSelection()
                    s.cursor, s.format = c, fmt
                    sels.append(s)
                    c = doc.find(text, c)
            view.setExtraSelections(sels)
            total += len(sels)
        self.count_label.setText(f"共 {total} 处" if text else "")
        return total

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags) -> bool:
        text = self.edit.text()
        if not text:
            return False
        backward = bool(flags)
        if self.view.find(text, flags):
            return True
        n = len(self.views)
        i = self.views.index(self.view)
        for step in range(1, n + 1):          # on through the next view, then wrap around
            view = self.views[(i - step if backward else i + step) % n]
            c = view.textCursor()
            c.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            view.setTextCursor(c)
            if view.find(text, flags):
                self.view = view
                return True
        self.count_label.setText("未找到")
        return False

    def current_view(self) -> QTextEdit:
        """The text the last match was found in."""
        return self.view
