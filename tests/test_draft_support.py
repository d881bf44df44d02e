"""A hand-made ``analysis/1`` dict (with the shared ``paragraphs`` extension) of the sample plan.

Built from the plan text and the truth file so the draft tests do not depend on the analysis package's quality;
the end-to-end tests use the real analysis as well.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PLAN_TXT = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
TRUTH = DATA / "truth" / "tongzhengfa-2021-23.json"
CN = "一二三四五六七八九十"


def handmade_analysis() -> dict:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    lines = [l.strip() for l in PLAN_TXT.read_text(encoding="utf-8").splitlines() if l.strip()]
    paragraphs, headings, tasks = [], [], []
    roles = ["notice_title", "doc_number", "recipients", "notice_body", "signature", "date", "publicity"]
    for i, r in enumerate(roles):
        paragraphs.append({"index": i, "text": lines[i], "page": None, "heading": None, "role": r})
    paragraphs.append({"index": 7, "text": lines[7] + lines[8], "page": None, "heading": None, "role": "plan_title"})
    paragraphs.append({"index": 8, "text": lines[9], "page": None, "heading": None, "role": "preamble"})
    l1 = None
    for text in lines[10:]:
        idx = len(paragraphs)
        m1 = re.match(rf"^([{CN}]+)、(.*)$", text)
        m2 = re.match(rf"^（([{CN}]+)）([^。]*)。", text)
        if m1:
            l1 = m1.group(1)
            headings.append({"id": l1, "level": 1, "number": f"{l1}、", "title": m1.group(2), "page": None,
                             "parent": None, "paragraph": idx})
            paragraphs.append({"index": idx, "text": text, "page": None, "heading": l1, "role": "heading"})
        elif m2:
            hid = f"{l1}（{m2.group(1)}）"
            headings.append({"id": hid, "level": 2, "number": f"（{m2.group(1)}）", "title": m2.group(2),
                             "page": None, "parent": l1, "paragraph": idx})
            paragraphs.append({"index": idx, "text": text, "page": None, "heading": hid, "role": "heading"})
        else:
            paragraphs.append({"index": idx, "text": text, "page": None, "heading": l1, "role": "body"})
    for t in truth["tasks"]:
        para = next(p for p in paragraphs if p["text"].endswith(t["paragraph_end"]))
        units = t["units"]
        deadlines = re.findall(r"\d{4}年年底前", para["text"])
        tasks.append({"id": f"t{len(tasks) + 1}", "heading": para["heading"], "title": t["heading_title"],
                      "paragraph": para["index"], "text": para["text"], "page": None,
                      "annotation": t["annotation_raw"], "units": units, "units_normalized": t["units_normalized"],
                      "lead": t["units_normalized"][:1], "support": t["units_normalized"][1:],
                      "lead_inferred": True, "targets": [], "deadlines": deadlines})
    units = {}
    for t in tasks:
        for k, u in enumerate(t["units_normalized"]):
            e = units.setdefault(u, {"name": u, "generic": u in ("市有关部门", "各县（市、区）人民政府"),
                                     "tasks": [], "lead_tasks": []})
            e["tasks"].append(t["id"])
            if k == 0:
                e["lead_tasks"].append(t["id"])
    n = truth["notice"]
    return {"schema": "policydesk.analysis/1",
            "source": {"path": str(PLAN_TXT), "sha256": "", "format": "txt", "pages": None, "ocr_pages": [],
                       "warnings": []},
            "meta": {"title": n["title"], "doc_number": n["doc_number"], "issuer": n["issuer"], "date": "2021-06-03",
                     "recipients": n["addressee"].split("，"), "plan_title": truth["plan_title"],
                     "publicity": "此件公开发布", "cited": truth["cited_documents"]},
            "headings": headings, "tasks": tasks, "units": list(units.values()), "paragraphs": paragraphs}


def test_handmade_analysis_matches_truth():
    a = handmade_analysis()
    assert len(a["tasks"]) == 20
    assert sum(1 for h in a["headings"] if h["level"] == 1) == 7
    assert sum(1 for h in a["headings"] if h["level"] == 2) == 20
    assert [t["heading"] for t in a["tasks"]][:3] == ["二（一）", "二（二）", "二（三）"]
