"""Qt models of a ``compare/1`` result: the aligned pairs (with label filter), the heat map, the uncovered clauses.

Plain data in, Qt roles out; no comparison logic here (that is :mod:`policydesk.compare`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from .tablemodel import RowTableModel

LABEL_CARRIED, LABEL_ADAPTED, LABEL_NEW, LABEL_UNCOVERED = "承接", "细化", "新增", "未承接"
LABELS = (LABEL_CARRIED, LABEL_ADAPTED, LABEL_NEW, LABEL_UNCOVERED)
LABEL_COLORS = {LABEL_CARRIED: QColor("#cdebd3"), LABEL_ADAPTED: QColor("#d6e6fa"),
                LABEL_NEW: QColor("#ffe3bf"), LABEL_UNCOVERED: QColor("#f6d0d0")}
LABEL_TIPS = {LABEL_CARRIED: "方案条款大部分措辞与上级条款相同",
              LABEL_ADAPTED: "方案条款与上级条款内容对应，但措辞有较多调整或细化",
              LABEL_NEW: "上级文件中没有相似的条款（方案新增的内容）",
              LABEL_UNCOVERED: "上级条款在方案中没有相似的条款"}
ROW_ROLE = Qt.ItemDataRole.UserRole + 20
LABEL_ROLE = Qt.ItemDataRole.UserRole + 21


def clause_name(clause: dict[str, Any] | None) -> str:
    if not clause:
        return ""
    title = clause.get("title") or ""
    cid = clause.get("id") or clause.get("number") or ""
    return f"{cid} {title}".strip() if title and title != cid else str(cid)


def short_title(title: str | None, limit: int = 18) -> str:
    t = title or "（无标题）"
    return t if len(t) <= limit else t[: limit - 1] + "…"


def best_match(alignment: dict[str, Any]) -> dict[str, Any] | None:
    """The best-scoring match (the one the label comes from); cited articles may be listed before it."""
    matches = alignment.get("matches") or []
    return max(matches, key=lambda m: m.get("score") or 0.0) if matches else None


def pair_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per plan clause (its best match) and one per uncovered reference clause."""
    rows: list[dict[str, Any]] = []
    for i, a in enumerate(result.get("alignments") or []):
        m = best_match(a)
        rows.append({"kind": "plan", "index": i, "label": a.get("label") or "", "plan": a.get("plan_clause"),
                     "match": m if m and a.get("label") != LABEL_NEW else None, "best": m,
                     "score": float(a.get("best_score") or (m or {}).get("score") or 0.0),
                     "shared_fraction": a.get("shared_fraction")})
    for u in result.get("uncovered") or []:
        score = 0.0
        for c in result.get("coverage") or []:
            if c.get("reference") == u.get("reference") and (c.get("clause") or {}).get("id") == (u.get("clause") or {}).get("id"):
                score = float(c.get("score") or 0.0)
                break
        rows.append({"kind": "uncovered", "index": None, "label": LABEL_UNCOVERED, "plan": None,
                     "match": {"reference": u.get("reference"), "clause": u.get("clause"), "score": score,
                               "shared_spans": [], "shared_terms": []},
                     "best": None, "score": score, "shared_fraction": None})
    return rows


class PairsModel(RowTableModel):
    """方案条款 | 对应的上级条款 | 结论 | 相似度 — one row (a :func:`pair_rows` dict) per aligned pair or
    uncovered reference clause."""

    HEADERS = ("方案条款", "对应的上级条款", "结论", "相似度")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: dict[str, Any] = {}

    def set_result(self, result: dict[str, Any]) -> None:
        self.result = result
        self.set_rows(pair_rows(result))

    def reference_title(self, ref_index: int | None) -> str:
        refs = self.result.get("references") or []
        if ref_index is None or not (0 <= ref_index < len(refs)):
            return ""
        return refs[ref_index].get("title") or refs[ref_index].get("doc_number") or ""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        m = row["match"]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return clause_name(row["plan"]) if row["plan"] else "—"
            if col == 1:
                if not m:
                    return "（无相似条款）"
                refs = self.result.get("references") or []
                prefix = f"[{m['reference'] + 1}] " if len(refs) > 1 else ""
                return prefix + clause_name(m.get("clause"))
            if col == 2:
                return row["label"]
            if col == 3:
                return f"{row['score']:.2f}"
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == 1 and m:
                return f"《{self.reference_title(m.get('reference'))}》{clause_name(m.get('clause'))}"
            if col == 2:
                return LABEL_TIPS.get(row["label"], "")
            if col == 0 and row["plan"]:
                return (row["plan"].get("text") or "")[:300]
        elif role == Qt.ItemDataRole.BackgroundRole and col == 2:
            return QBrush(LABEL_COLORS.get(row["label"], QColor("white")))
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ROW_ROLE:
            return row
        elif role == LABEL_ROLE:
            return row["label"]
        return None

    def row_of_plan(self, plan_index: int) -> int:
        for r, row in enumerate(self.rows):
            if row["kind"] == "plan" and row["index"] == plan_index:
                return r
        return -1

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in LABELS}
        for row in self.rows:
            out[row["label"]] = out.get(row["label"], 0) + 1
        return out


class LabelFilter(QSortFilterProxyModel):
    """Shows only the rows whose label is ticked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: set[str] = set(LABELS)
        self.weak_pairs: set[int] | None = None      # 只看弱化: alignment indices with a weakened commitment

    def set_labels(self, labels, weak_pairs: set[int] | None = None) -> None:
        if hasattr(self, "beginFilterChange"):       # Qt ≥ 6.9
            self.beginFilterChange()
            self.labels, self.weak_pairs = set(labels), weak_pairs
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.labels, self.weak_pairs = set(labels), weak_pairs
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        idx = self.sourceModel().index(source_row, 0, source_parent)
        if self.weak_pairs is not None:
            rows = getattr(self.sourceModel(), "rows", None) or []
            if source_row >= len(rows) or rows[source_row].get("index") not in self.weak_pairs:
                return False
        return idx.data(LABEL_ROLE) in self.labels


def heat_color(score: float) -> QColor:
    """White (0) → light blue → dark blue (1); scores under 0.1 stay white so the pairs stand out."""
    s = max(0.0, min(1.0, (score - 0.1) / 0.7))
    lo, hi = (255, 255, 255), (31, 78, 140)
    return QColor(*(round(a + (b - a) * s) for a, b in zip(lo, hi)))


class HeatmapModel(QAbstractTableModel):
    """Plan clauses (rows) × reference clauses (columns); the cell colour is the similarity."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: list[str] = []
        self.refs: list[tuple[int, str]] = []
        self.scores: list[list[float]] = []
        self.multi = False
        self.match = 0.25

    def set_result(self, result: dict[str, Any]) -> None:
        self.beginResetModel()
        hm = result.get("heatmap") or {}
        self.plan = list(hm.get("plan") or [])
        self.refs = [(int(r), str(c)) for r, c in hm.get("reference") or []]
        self.scores = [list(row) for row in hm.get("scores") or []]
        self.multi = len(result.get("references") or []) > 1
        self.match = float((result.get("settings") or {}).get("match") or 0.25)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.plan)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.plan else len(self.refs)

    def score(self, row: int, col: int) -> float:
        try:
            return float(self.scores[row][col])
        except (IndexError, TypeError, ValueError):
            return 0.0

    def column_name(self, col: int) -> str:
        r, cid = self.refs[col]
        return f"[{r + 1}]{cid}" if self.multi else cid

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if orientation == Qt.Orientation.Vertical:
                return self.plan[section] if section < len(self.plan) else None
            return self.column_name(section) if section < len(self.refs) else None
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.score(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(heat_color(s))
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{s * 100:.0f}" if s >= self.match else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("white") if s > 0.45 else QColor("#1f3b63"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"方案 {self.plan[index.row()]} × 上级 {self.column_name(index.column())}：相似度 {s:.2f}"
        return None
