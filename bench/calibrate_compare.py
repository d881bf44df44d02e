"""Measurements behind the comparison's weights and thresholds (docs/compare.md).  Not a test.

Run: ``.venv/bin/python bench/calibrate_compare.py`` (about a minute).  Prints, for each
word/character weight: law-pair document ranking (plain and with every 《…》 masked), local
articles that cite 第X条 of their law (hit@1/hit@3 on content alone), synthetic clause recovery,
and the score distributions that set the thresholds.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from compare_helpers import masked_analysis as masked  # noqa: E402
from policydesk.api import analyze_path  # noqa: E402
from policydesk.compare.diff import shared_fraction, shared_spans  # noqa: E402
from policydesk.compare.document import PreparedDoc, prepare  # noqa: E402
from policydesk.compare.similarity import Idf, cosine, document_frequency, weighted  # noqa: E402
from policydesk.textproc import words  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
CITE = re.compile(r"(?:》|(?<![本办])法)(第[一二三四五六七八九十百零]+条)")
WEIGHTS = (0.0, 0.3, 0.5, 0.6, 0.7, 1.0)


def stack(docs: list[PreparedDoc]):
    return (sp.vstack([d.features.word_counts for d in docs]).tocsr(),
            sp.vstack([d.features.char_counts for d in docs]).tocsr())


def doc_rows(docs: list[PreparedDoc]):
    rows = [d.doc_counts() for d in docs]
    return sp.vstack([w for w, _ in rows]).tocsr(), sp.vstack([c for _, c in rows]).tocsr()


def pct(a, qs):
    return " ".join(f"p{q}={np.percentile(a, q):.3f}" for q in qs)


def main() -> None:
    pairs = [ln.split("\t") for ln in (CORPUS / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    lib_files = [CORPUS / "law_pairs" / a for a, _ in pairs] + sorted((CORPUS / "library").glob("*.txt"))
    print(f"library: {len(lib_files)} documents; {len(pairs)} law pairs")
    lib = [prepare(analyze_path(f)) for f in lib_files]
    local_an = [analyze_path(CORPUS / "law_pairs" / b) for _, b in pairs]
    local = [prepare(a) for a in local_an]
    local_m = [prepare(masked(a)) for a in local_an]
    plan = prepare(analyze_path(CORPUS / "nantong" / "tongzhengfa-2021-23.txt"))
    part = prepare(analyze_path(CORPUS / "partial" / "jiangsu-suzhengfa-2020-79.opening.txt"))

    # 1. document ranking --------------------------------------------------------------
    print("\n1. law pairs: paired law ranked first among the library (document level)")
    LW, LC = doc_rows(lib)
    dfw, n = document_frequency(LW)
    dfc, _ = document_frequency(LC)
    idf_doc = Idf.from_counts(dfw, dfc, n)
    for sub in (False, True):
        for ww in WEIGHTS:
            line = []
            for name, docs in (("plain", local), ("masked", local_m)):
                QW, QC = doc_rows(docs)
                S = cosine(weighted(QW, QC, idf_doc, ww, sub), weighted(LW, LC, idf_doc, ww, sub))
                top = sum(int(np.argmax(S[i]) == i) for i in range(len(pairs)))
                margins = [S[i, i] / np.max(np.delete(S[i], i)) for i in range(len(pairs))]
                null = [np.max(np.delete(S[i], i)) for i in range(len(pairs))]
                line.append(f"{name} {top}/15 min-margin {min(margins):.2f} own>= {min(S[i, i] for i in range(15)):.2f}"
                            f" best-other<= {max(null):.2f}")
            print(f"  word_weight={ww:.1f} sublinear={sub!s:5}  " + " | ".join(line))
    PW, PC = doc_rows([plan, part])
    for ww in (0.5,):
        S = cosine(weighted(PW, PC, idf_doc, ww, False), weighted(LW, LC, idf_doc, ww, False))
        print(f"  plan vs 41 unrelated documents: best {S[0].max():.3f}; plan vs provincial opening:"
              f" {float(cosine(weighted(PW[0], PC[0], idf_doc, ww, False), weighted(PW[1], PC[1], idf_doc, ww, False))[0, 0]):.3f}")

    # 2. clause alignment --------------------------------------------------------------
    AW, AC = stack(lib)
    owner = [(d, k) for d, doc in enumerate(lib) for k in range(len(doc.clauses))]
    row = {o: i for i, o in enumerate(owner)}
    dfw, n = document_frequency(AW)
    dfc, _ = document_frequency(AC)
    idf = Idf.from_counts(dfw, dfc, n)
    gt = []
    for i, doc in enumerate(local):
        for j, c in enumerate(doc.clauses):
            for art in dict.fromkeys(m.group(1) for m in CITE.finditer(c.text)):
                gt.append((i, j, art))
    rng = random.Random(7)
    vocab = [w for d in lib[:15] for ws in d.features.words for w in ws]
    syn = []
    for li in range(15):
        for k, c in enumerate(lib[li].clauses):
            if len(c.text) < 40:
                continue
            parts = re.split(r"(?<=[，。；])", c.text)
            rng.shuffle(parts)
            toks = [w if rng.random() > 0.5 else rng.choice(vocab) for w in words("".join(parts)) if rng.random() > 0.2]
            syn.append((li, k, "".join(toks)))
    syn = rng.sample(syn, 400)
    from policydesk.compare.features import featurize
    SF = featurize([t for _, _, t in syn])
    # shuffled + retitled copy of the plan
    order = list(range(len(plan.clauses)))
    rng.shuffle(order)
    shuffled_texts = []
    for new, old in enumerate(order):
        c = plan.clauses[old]
        body = c.text[len(c.title):] if c.title and c.text.startswith(c.title) else c.text
        shuffled_texts.append(f"措施{new + 1}" + body)
    SH = featurize(shuffled_texts)
    print(f"\n2. clause alignment (content only): {len(gt)} local articles citing 第X条 of their law;"
          f" {len(syn)} synthetic clauses (sentences shuffled, 20% of words dropped, half the rest replaced)")
    for sub in (True, False):
        for ww in WEIGHTS:
            A = weighted(AW, AC, idf, ww, sub)
            h1 = h3 = 0
            for i, j, art in gt:
                q = weighted(local[i].features.word_counts[j], local[i].features.char_counts[j], idf, ww, sub)
                rows = [row[(i, k)] for k in range(len(lib[i].clauses))]
                s = cosine(q, A[rows])[0]
                ids = [lib[i].clauses[k].id for k in np.argsort(-s)[:3]]
                h1 += ids[0] == art
                h3 += art in ids
            S = cosine(weighted(SF.word_counts, SF.char_counts, idf, ww, sub), A)
            sh = sum(owner[b] == (li, k) for b, (li, k, _) in zip(S.argmax(1), syn))
            P = weighted(plan.features.word_counts, plan.features.char_counts, idf, ww, sub)
            Q = weighted(SH.word_counts, SH.char_counts, idf, ww, sub)
            best = cosine(P, Q).argmax(1)
            shuf = sum(order[b] == i for i, b in enumerate(best))
            print(f"  word_weight={ww:.1f} sublinear={sub!s:5}  cites hit@1 {h1}/{len(gt)} hit@3 {h3}/{len(gt)} |"
                  f" synthetic hit@1 {sh}/{len(syn)} | shuffled+retitled plan {shuf}/{len(plan.clauses)}")

    # 3. thresholds ----------------------------------------------------------------------
    ww, sub = 0.6, True
    A = weighted(AW, AC, idf, ww, sub)
    P = weighted(plan.features.word_counts, plan.features.char_counts, idf, ww, sub)
    null_plan = cosine(P, A).max(1)
    own, other = [], []
    for i, doc in enumerate(local):
        Q = weighted(doc.features.word_counts, doc.features.char_counts, idf, ww, sub)
        S = cosine(Q, A)
        mine = [row[(i, k)] for k in range(len(lib[i].clauses))]
        rest = [r for r in range(A.shape[0]) if owner[r][0] != i]
        own += list(S[:, mine].max(1))
        other += list(S[:, rest].max(1))
    print(f"\n3. clause scores at word_weight={ww}, sublinear tf:")
    print(f"  plan clauses vs 41 unrelated documents (no counterpart exists): best score {pct(null_plan, (50, 90, 95, 100))}")
    print(f"  local articles vs their own law, best: {pct(own, (10, 25, 50))}; share >= 0.20: {np.mean(np.array(own) >= 0.2):.2f}")
    print(f"  local articles vs the other 40 documents, best: {pct(other, (50, 90, 95))}")
    Pp = weighted(part.features.word_counts, part.features.char_counts, idf, ww, sub)
    S = cosine(P, Pp)
    for pid in ("一", "二（一）"):
        i = [c.id for c in plan.clauses].index(pid)
        j = int(np.argmax(S[i]))
        sp_ = shared_spans(plan.clauses[i].text, part.clauses[j].text)
        print(f"  plan {pid} -> provincial {part.clauses[j].id}: score {S[i, j]:.3f},"
              f" shared share {shared_fraction(plan.clauses[i].text, sp_):.2f}")
    others = [S[i].max() for i, c in enumerate(plan.clauses) if c.id not in ("一", "二（一）")]
    print(f"  other plan clauses vs the provincial opening (no counterpart there): max {max(others):.3f}")

    # verbatim: shared share of edited copies
    print("\n4. 承接 threshold: share of a clause in shared spans after editing a copy of it")
    for rate in (0.05, 0.1, 0.2, 0.3, 0.5):
        fr = []
        for d in lib[15:]:
            for c in d.clauses:
                if len(c.text) < 60:
                    continue
                chars = list(c.text)
                for _ in range(int(len(chars) * rate / 4)):      # replace runs of 4 characters
                    p = rng.randrange(0, max(1, len(chars) - 4))
                    chars[p:p + 4] = list("本地举措")
                edited = "".join(chars)
                fr.append(shared_fraction(edited, shared_spans(edited, c.text)))
        print(f"  {int(rate * 100):>2}% of characters replaced: shared share {pct(fr, (10, 50, 90))}")


if __name__ == "__main__":
    main()
