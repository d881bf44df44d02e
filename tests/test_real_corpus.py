"""The real-plan corpus of issue 11 (``tests/data/real``): its files and truth are well-formed, and the analysis
reaches the issue's "done when" totals on it in every form (text, DOCX, PDF).

The totals are what ``bench/score_real.py`` prints; see ``tests/real_corpus.py`` for how they are counted.
"""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

import real_corpus as rc



def test_every_truth_file_is_well_formed_and_every_form_exists():
    entries = rc.entries()
    assert entries, "no real plans in tests/data/real"
    problems = {e.slug: rc.check_truth(e) for e in entries}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_index_lists_every_plan_with_its_counts():
    rows = list(csv.DictReader((rc.REAL / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))
    by_slug = {r["slug"]: r for r in rows}
    entries = rc.entries()
    assert set(by_slug) == {e.slug for e in entries}
    for e in entries:
        r = by_slug[e.slug]
        assert int(r["n_headings"]) == len(e.truth["headings"]), e.slug
        assert int(r["n_tasks"]) == len(e.truth["tasks"]), e.slug
        assert r["province"] == e.truth["province"] and r["level"] == e.truth["level"], e.slug


def test_corpus_spread():
    """Real plans from several issuers, provinces and levels; none from the reserved places."""
    entries = rc.entries()
    provinces = Counter(e.truth["province"] for e in entries)
    issuers = {(e.truth["meta"].get("issuer") or e.slug) for e in entries}
    levels = {e.truth["level"] for e in entries}
    assert len(provinces) >= 6, provinces
    assert len(issuers) >= 10, issuers
    assert {"province", "city", "county"} <= levels, levels


def test_alignment_does_not_shift_after_one_miss():
    """The scorer pairs tasks by heading and units, so one task the analysis misses costs one task, not all."""
    class T:                                              # a found task as the analysis reports it
        def __init__(self, heading, units):
            self.heading, self.units, self.lead, self.lead_inferred, self.unit_details = heading, units, [], True, []
            self.annotation = ""
    truth = [{"heading": "一", "units": ["A局"], "lead": [], "support": []},
             {"heading": "二", "units": ["B局", "C局"], "lead": [], "support": []},
             {"heading": "三", "units": ["D局"], "lead": [], "support": []}]
    found = [T("一", ["A局"]), T("三", ["D局"])]
    pairs = rc.align(truth, found)
    assert [p.units_exact for p in pairs if p.truth is not None] == [True, False, True]
    assert sum(p.truth is None for p in pairs) == 0
    # half-width and full-width forms of one unit are the same unit
    assert rc.norm("各县(市、区)人民政府") == rc.norm("各县（市、区）人民政府")


@pytest.fixture(scope="module")
def totals():
    """Totals per form over the whole corpus ("all") and over the local plans alone ("local": the province,
    city and county plans, none of which the current analysis was built with)."""
    t, docs = rc.score_all()
    local_slugs = {e.slug for e in rc.entries() if e.truth["level"] != "national"}
    local = {f: rc.Totals(f) for f in rc.FORMS}
    for d in docs:
        if d.slug in local_slugs:
            local[d.form].add(d)
    return {"all": t, "local": local}


@pytest.mark.parametrize("subset", ["all", "local"])
@pytest.mark.parametrize("form", rc.FORMS)
@pytest.mark.parametrize("measure", sorted(rc.TARGETS))

def test_real_corpus_reaches_issue_11_targets(totals, subset, form, measure):
    t = totals[subset][form]
    assert t.errors == 0, f"{t.errors} documents failed to read or analyse in {form}"
    got = t.ratios()[measure]
    assert got >= rc.TARGETS[measure], f"{subset} {form} {measure}: {got:.3f} < {rc.TARGETS[measure]}"
