"""Clause alignment of a plan against reference documents, by content first.

Every plan clause is scored against every reference clause (:mod:`.similarity`); its matches are
the best-scoring reference clauses whatever their position or title, so re-ordered and re-titled
clauses align.  A reference article the plan clause cites explicitly (``《…法》第十五条``,
``慈善法第九条``) is put first among its matches and flagged ``cited``.  Then a character diff of
each matched pair gives the shared spans, and the shared tokens with the highest TF-IDF weight
are the shared terms.  Labels:

* 新增 — best score below ``settings.match``;
* 承接 — otherwise, if at least ``settings.verbatim`` of the plan clause's characters lie in
  spans shared with its best-scoring reference clause;
* 细化 — otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..textproc import normalize_title
from .diff import content_chars, shared_spans
from .document import PreparedDoc
from .features import N_FEATURES
from .pairdiff import PairAnalysis, analyse_pair
from .settings import CompareSettings
from .similarity import Idf, cosine, weighted

LABEL_CARRIED = "承接"
LABEL_ADAPTED = "细化"
LABEL_NEW = "新增"

_ARTICLE_CITE = re.compile(r"(?:《(?P<title>[^》]{2,60})》|(?P<short>[\u4e00-\u9fff]{2,12}?(?:法|条例|规定|办法)))"
                           r"(?P<article>第[一二三四五六七八九十百零〇]+条)")
_SELF = ("本法", "本办法", "本条例", "本规定", "本实施办法", "本细则")


@dataclass(slots=True)
class Alignment:
    scores: Any                          # numpy (n_plan, n_ref_clauses)
    owners: list[tuple[int, int]]        # ref clause row -> (reference index, clause index)
    alignments: list[dict[str, Any]]
    uncovered: list[dict[str, Any]]
    coverage: list[dict[str, Any]]


def _token_column(token: str) -> int:
    from sklearn.utils import murmurhash3_32
    return abs(murmurhash3_32(token, seed=0)) % N_FEATURES


def shared_terms(plan_words: list[str], ref_words: list[str], idf: Idf, limit: int) -> list[str]:
    """Tokens both clauses hold, highest IDF first (single characters left out)."""
    common = {w for w in plan_words if len(w) > 1} & {w for w in ref_words if len(w) > 1}
    ranked = sorted(common, key=lambda w: (-float(idf.word[_token_column(w)]), plan_words.index(w)))
    return ranked[:limit]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def cited_articles(text: str, refs: list[PreparedDoc]) -> list[tuple[int, str]]:
    """(reference index, article id) for each explicit ``《title》第X条`` / ``X法第X条`` in ``text``.

    A bracketed title must equal (or be contained in) the reference's title; a bare short name such as
    ``慈善法`` must end the reference's title in at least three characters.  ``本办法第X条`` (the
    document's own articles) is not a citation of a reference.
    """
    found: list[tuple[int, str]] = []
    for m in _ARTICLE_CITE.finditer(text):
        bracketed = m.group("title")
        name = bracketed or m.group("short") or ""
        if name.endswith(_SELF):
            continue
        key = normalize_title(name)
        if len(key) < 2:
            continue
        for r, ref in enumerate(refs):
            for t in (ref.title, ref.plan_title):
                nt = normalize_title(t)
                if not nt:
                    continue
                if bracketed:
                    hit = nt == key or nt.endswith(key) or key in nt
                else:
                    hit = _common_suffix(nt, key) >= 3
                if hit:
                    found.append((r, m.group("article")))
                    break
    return found


def pair_label(score: float, pair: PairAnalysis | None, settings: CompareSettings, *, cited: bool = False) -> str:
    """承接 / 细化 (/ 新增 below the match threshold) of one pair from its score and copy fractions.

    承接 needs both sides copied: at least ``verbatim`` of the plan clause lies in shared spans and at
    least ``parent_verbatim`` of the parent clause survives.  A cited article is never 新增.
    """
    if score < settings.match and not cited:
        return LABEL_NEW
    if pair is not None and pair.plan_fraction >= settings.verbatim and pair.parent_fraction >= settings.parent_verbatim:
        return LABEL_CARRIED
    return LABEL_ADAPTED


def align(plan: PreparedDoc, refs: list[PreparedDoc], idf: Idf, settings: CompareSettings,
          cancel: Callable[[], bool] | None = None) -> Alignment:
    import numpy as np
    import scipy.sparse as sp
    from ..errors import Cancelled

    owners = [(r, k) for r, ref in enumerate(refs) for k in range(len(ref.clauses))]
    ref_clauses = [refs[r].clauses[k] for r, k in owners]
    n_plan, n_ref = len(plan.clauses), len(owners)
    if n_plan and n_ref:
        P = weighted(plan.features.word_counts, plan.features.char_counts, idf, settings.word_weight,
                     settings.sublinear_tf)
        R = weighted(sp.vstack([ref.features.word_counts for ref in refs]).tocsr(),
                     sp.vstack([ref.features.char_counts for ref in refs]).tocsr(),
                     idf, settings.word_weight, settings.sublinear_tf)
        scores = np.clip(cosine(P, R), 0.0, 1.0)
    else:
        scores = np.zeros((n_plan, n_ref), dtype=np.float32)
    article_rows: dict[tuple[int, str], int] = {}
    for i, (r, k) in enumerate(owners):
        article_rows.setdefault((r, refs[r].clauses[k].id), i)

    alignments: list[dict[str, Any]] = []
    k_best = max(1, settings.matches_per_clause)
    plan_whole = "\n".join(c.text for c in plan.clauses)
    cited_cover: dict[int, str] = {}
    for i, clause in enumerate(plan.clauses):
        if cancel and cancel():
            raise Cancelled()
        row = scores[i] if n_ref else np.zeros(0)
        cited_rows: list[int] = []
        for r, art in cited_articles(clause.text, refs):
            j = article_rows.get((r, art))
            if j is not None and j not in cited_rows:
                cited_rows.append(j)
        order = list(np.argsort(-row, kind="stable")[:max(k_best, 2)]) if n_ref else []
        second = float(row[order[1]]) if len(order) > 1 else 0.0
        order = order[:k_best]
        picked = cited_rows + [j for j in order if j not in cited_rows]
        matches = []
        best_j = int(order[0]) if order else None
        best = float(row[best_j]) if best_j is not None else 0.0
        pair: PairAnalysis | None = None
        for j in picked:
            r, k = owners[j]
            ref_clause = ref_clauses[j]
            if j == best_j or j in cited_rows:
                pa = analyse_pair(clause.text, ref_clause.text, min_span=settings.min_span, plan_whole=plan_whole)
                spans = pa.spans
                if j == best_j:
                    pair = pa
            else:
                pa = None
                spans = shared_spans(clause.text, ref_clause.text, settings.min_span)
            match = {"reference": r, "clause": ref_clause.to_json(), "score": round(float(row[j]), 4),
                     "shared_terms": shared_terms(clause.words or [], ref_clause.words or [], idf,
                                                  settings.shared_terms),
                     "shared_spans": [s.to_json() for s in spans]}
            if j in cited_rows:
                match["cited"] = True
                cited_cover.setdefault(j, clause.id)
                match["label"] = pair_label(float(row[j]), pa, settings, cited=True)
                match["changes"] = [c.to_json() for c in pa.changes]
                match["parent_fraction"] = round(pa.parent_fraction, 4)
            matches.append(match)
        if best < settings.match or (best < settings.match_sure and second > 0
                                     and best < settings.match_margin * second):
            label = LABEL_NEW
        else:
            label = pair_label(best, pair, settings)
        entry = {"plan_clause": clause.to_json(), "label": label, "matches": matches,
                 "best_score": round(best, 4), "second_score": round(second, 4),
                 "shared_fraction": round(pair.plan_fraction, 4) if pair else 0.0,
                 "parent_fraction": round(pair.parent_fraction, 4) if pair else 0.0,
                 "copied_chars": pair.copied_chars if pair and label != LABEL_NEW else 0,
                 "chars": content_chars(clause.text),
                 "section": clause.section,
                 "changes": [c.to_json() for c in pair.changes] if pair and label != LABEL_NEW else [],
                 "word_diff": [o.to_json() for o in pair.ops] if pair and label != LABEL_NEW else []}
        alignments.append(entry)

    uncovered: list[dict[str, Any]] = []
    coverage: list[dict[str, Any]] = []
    for j, (r, _k) in enumerate(owners):
        col = scores[:, j] if n_plan else np.zeros(0)
        bi = int(np.argmax(col)) if n_plan else None
        best = float(col[bi]) if bi is not None else 0.0
        covered = best >= settings.match
        plan_id = plan.clauses[bi].id if bi is not None and covered else None
        entry = {"reference": r, "clause": ref_clauses[j].to_json(), "covered": covered or j in cited_cover,
                 "plan_clause": plan_id if covered or j not in cited_cover else cited_cover[j],
                 "score": round(best, 4)}
        if j in cited_cover:
            entry["cited"] = True
            covered = True
        if bi is not None:
            entry["nearest"] = plan.clauses[bi].id
        coverage.append(entry)
        if not covered:
            uncovered.append({"reference": r, "clause": ref_clauses[j].to_json()})
    return Alignment(scores=scores, owners=owners, alignments=alignments, uncovered=uncovered, coverage=coverage)
