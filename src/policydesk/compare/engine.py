"""``compare_documents``: a plan against its references → the ``compare/1`` dict."""

from __future__ import annotations

from typing import Any, Callable, Sequence, Union

from ..analysis.result import Analysis
from ..errors import Cancelled, LibraryError
from ..levels import guess_level_from_analysis
from .align import align
from .document import PreparedDoc, prepare
from .parents import Ranked, citation_entries, select_by_similarity
from .settings import CompareSettings, load_settings
from .similarity import Idf, cosine, document_frequency, weighted

SCHEMA = "policydesk.compare/1"
RefSpec = Union[int, "Analysis", PreparedDoc]
Progress = Callable[[int, int, str], None]


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel and cancel():
        raise Cancelled()


def compare_documents(plan_analysis: Analysis | PreparedDoc, refs: Sequence[RefSpec] | None = None, *,
                      library: Any | None = None, settings: CompareSettings | None = None,
                      progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Compare a plan with reference documents (see :func:`_compare_documents`); the step is logged."""
    from ..log import log_step
    with log_step("compare", refs=len(refs or []), library=library is not None) as facts:
        result = _compare_documents(plan_analysis, refs, library=library, settings=settings, progress=progress,
                                    cancel=cancel)
        facts.update(references=len(result.get("references") or []), alignments=len(result.get("alignments") or []))
    return result


def _compare_documents(plan_analysis: Analysis | PreparedDoc, refs: Sequence[RefSpec] | None = None, *,
                      library: Any | None = None, settings: CompareSettings | None = None,
                      progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Compare a plan with reference documents.

    ``refs``: library ids, analyses (:class:`~policydesk.analysis.result.Analysis`) of files outside the library,
    or prepared documents;
    ``None`` or empty → the cited documents found in ``library``, else its best-ranked documents.
    Slow parts report ``progress(done, total, message)`` and stop when ``cancel()`` returns True
    (raising :class:`~policydesk.errors.Cancelled`).  Returns the ``compare/1`` dict.
    """
    st = settings or load_settings()
    step = (lambda n, msg: progress(n, 5, msg)) if progress else (lambda n, msg: None)
    step(0, "分析方案条款")
    if isinstance(plan_analysis, PreparedDoc):
        plan = plan_analysis
    else:
        level = None
        sha = plan_analysis.source.sha256
        if library is not None and sha:
            own = library.find_sha256(sha)
            if own is not None:
                level = library.get(own).level
        plan = prepare(plan_analysis, level=level or guess_level_from_analysis(plan_analysis))
    _check(cancel)
    warnings: list[str] = []
    if library is not None and library.stale:
        warnings.append("文档库中的分词数据是用另一版词典生成的，对照结果可能不准。请运行“policydesk library reindex”。")
    index = library.index(st.document_sublinear_tf) if library is not None else None

    # -- references ------------------------------------------------------------------------
    step(1, "确定对照文件")
    chosen: list[PreparedDoc] = []
    seen_sha: set[str] = set()

    def take(doc: PreparedDoc) -> None:
        if plan.sha256 and doc.sha256 == plan.sha256:
            warnings.append(f"“{doc.display_title}”与方案内容相同，不作为对照文件。")
            return
        if doc.sha256 and doc.sha256 in seen_sha:
            return
        if doc.sha256:
            seen_sha.add(doc.sha256)
        chosen.append(doc)

    for spec in refs or []:
        _check(cancel)
        if isinstance(spec, PreparedDoc):
            take(spec)
        elif isinstance(spec, Analysis):
            take(prepare(spec))
        else:
            if library is None:
                raise LibraryError(f"未打开文档库，无法按编号 {spec} 取得对照文件。请用 --library 指定文档库。")
            take(library.prepared(int(spec)))

    ranked: list[Ranked] = []
    doc_sims: dict[int, float] = {}
    if index is not None and len(index):
        ranked = _rank_library(plan, index, st)
        doc_sims = {r.id: r.similarity for r in ranked}
    if not refs and library is not None:
        for c in plan.cited:
            lib_id = library.find_cited(c.get("title"), c.get("doc_number"))
            if lib_id is not None and lib_id not in {d.id for d in chosen}:
                take(library.prepared(lib_id))
        if not chosen:
            for r in select_by_similarity(ranked, plan.level, st):
                take(library.prepared(r.id))
    _check(cancel)
    if not chosen:
        warnings.append("没有可对照的上级文件：方案引用的文件不在文档库中，文档库中也没有足够相似的文件。"
                        "请用 --ref 指定对照文件，或先用“policydesk library add”导入上级文件。")

    # -- document similarity of each reference, best first -----------------------------------
    sims = _document_similarities(plan, chosen, index, doc_sims, st)
    order = sorted(range(len(chosen)), key=lambda i: (-sims[i], i))
    chosen = [chosen[i] for i in order]
    sims = [sims[i] for i in order]

    # -- clause alignment ----------------------------------------------------------------------
    step(2, "逐条对照")
    idf = _clause_idf(plan, chosen, index)
    result = align(plan, chosen, idf, st, cancel=cancel)
    step(4, "整理结果")
    references = [{"id": d.id, "path": d.path, "title": d.display_title, "doc_number": d.doc_number,
                   "level": d.level, "similarity": round(float(s), 4), "sha256": d.sha256}
                  for d, s in zip(chosen, sims)]
    candidates = [{"id": r.id, "level": r.level, "similarity": round(r.similarity, 4)}
                  for r in sorted(ranked, key=lambda r: -r.similarity)[:10]]
    out = {
        "schema": SCHEMA,
        "plan": {"path": plan.path, "sha256": plan.sha256, "title": plan.display_title,
                 "doc_number": plan.doc_number, "level": plan.level},
        "citations": citation_entries(plan, chosen, library),
        "references": references,
        "alignments": result.alignments,
        "uncovered": result.uncovered,
        "coverage": result.coverage,
        "candidates": candidates,
        "heatmap": {"plan": [c.id for c in plan.clauses],
                    "reference": [[r, chosen[r].clauses[k].id] for r, k in result.owners],
                    "scores": [[round(float(v), 3) for v in row] for row in result.scores]},
        "settings": {"word_weight": st.word_weight, "match": st.match, "verbatim": st.verbatim},
        "warnings": warnings,
    }
    step(5, "完成")
    return out


def _rank_library(plan: PreparedDoc, index: Any, st: CompareSettings) -> list[Ranked]:
    """Document-level similarity of the plan with every library document (except the plan itself).

    IDF is the library's (documents), cached in the index; the plan is weighted with it.
    """
    pw, pc = plan.doc_counts()
    sims = index.similarities(pw, pc, st.document_word_weight)
    return [Ranked(i, index.ids[i], index.levels[i], float(sims[i])) for i in range(len(index.ids))
            if not (plan.sha256 and index.sha256[i] == plan.sha256)]


def _document_similarities(plan: PreparedDoc, refs: list[PreparedDoc], index: Any, known: dict[int, float],
                           st: CompareSettings) -> list[float]:
    """Document similarity of each reference; IDF over the library plus the plan and outside references."""
    if all(r.id is not None and r.id in known for r in refs):
        return [known[r.id] for r in refs]
    import scipy.sparse as sp
    pw, pc = plan.doc_counts()
    rw = [r.doc_counts() for r in refs]
    extra_w = sp.vstack([pw] + [w for w, _ in rw]).tocsr()
    extra_c = sp.vstack([pc] + [c for _, c in rw]).tocsr()
    own = [0] + [i + 1 for i, r in enumerate(refs) if r.id is None or index is None]
    dfw, n = document_frequency(extra_w[own])
    dfc, _ = document_frequency(extra_c[own])
    if index is not None and len(index):
        dfw, dfc, n = dfw + index.doc_df_word, dfc + index.doc_df_char, n + len(index)
    idf = Idf.from_counts(dfw, dfc, n)
    M = weighted(extra_w, extra_c, idf, st.document_word_weight, st.document_sublinear_tf)
    return [float(v) for v in cosine(M[0], M[1:])[0]]


def _clause_idf(plan: PreparedDoc, refs: list[PreparedDoc], index: Any = None) -> Idf:
    """Clause-level IDF over a fixed background: the compared documents' clauses plus the bundled set.

    The library's other documents do not count, so importing unrelated documents changes no label.
    """
    from .background import background_df
    dfw, n = document_frequency(plan.features.word_counts, *[r.features.word_counts for r in refs])
    dfc, _ = document_frequency(plan.features.char_counts, *[r.features.char_counts for r in refs])
    bw, bc, bn = background_df()
    return Idf.from_counts(dfw + bw, dfc + bc, n + bn)
