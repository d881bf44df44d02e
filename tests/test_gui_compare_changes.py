"""The 对照 view shows the 变化清单 and filters to weakened clauses (issue 12; offscreen, pytest-qt)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QUrl  # noqa: E402

pytestmark = pytest.mark.gui


def test_change_list_tab_links_to_pairs_and_only_weak_filter(app, qtbot):
    from compare_edits import make_copy
    from compare_helpers import PLAN
    from policydesk.api import analyze_path
    from policydesk.compare import compare_documents
    from policydesk.gui.compareview import CompareView

    original = analyze_path(PLAN)
    copy = make_copy(original, weaken=True)
    result = compare_documents(copy.analysis, [original])
    cv = CompareView(copy.analysis, str(PLAN))
    qtbot.addWidget(cv)
    cv.show_result(result)
    # the change list is the tab shown first, with every weakened commitment
    assert cv.side_tabs.currentWidget() is cv.changes_view
    assert cv.side_tabs.tabText(cv.side_tabs.currentIndex()).startswith("变化清单（弱化")
    text = cv.changes_view.toPlainText()
    assert "弱化的承诺" in text and "→" in text
    for cid in copy.weakened:
        assert cid in text
    # 只看弱化: only the weakened clauses remain
    cv.weak_box.setChecked(True)
    shown = {cv.pairs_proxy.index(r, 0).data().split(" ")[0] for r in range(cv.pairs_proxy.rowCount())}
    assert shown == set(copy.weakened)
    assert len(cv._visible) == cv.pairs_proxy.rowCount()
    cv.weak_box.setChecked(False)
    assert cv.pairs_proxy.rowCount() == len(result["alignments"])
    # a link selects its pair
    ids = [a["plan_clause"]["id"] for a in result["alignments"]]
    target = sorted(copy.weakened)[-1]
    cv._on_change_link(QUrl(f"#pair-{ids.index(target)}"))
    assert cv.pairs_model.rows[cv.current_row()]["plan"]["id"] == target
