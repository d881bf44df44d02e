"""How long a draft title takes to split into lines (issue 16), and a whole draft of a plan whose title is 300
characters long.

Baselines measured in the same run: the previous exhaustive search (tests/test_title_split.py keeps it as the oracle)
on a 45-character title, and drafting the sample plan as it is.  The old search took 16 s for 110 characters and did
not finish 125 in 110 s, so it is only run on the short title here.

Run: ``.venv/bin/python bench/bench_title_split.py``
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchutil import median_time  # noqa: E402
from policydesk.draft.wording import split_title  # noqa: E402

RULES = json.loads((ROOT / "resources" / "draft_rules.json").read_text(encoding="utf-8"))
BEFORE, AFTER, MAX = RULES["title_break_before"], RULES["title_break_after"], int(RULES["title_max_chars_per_line"])
SAMPLE_TXT = ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"


def title(length: int) -> str:
    rng = random.Random(length)
    words = BEFORE + ["南通市", "经济开发区", "营商环境", "高新技术产业", "的", "和", "、"]
    s = ""
    while len(s) < length:
        s += rng.choice(words)
    return s[:length]


def main() -> int:
    spec = importlib.util.spec_from_file_location("oracle", ROOT / "tests" / "test_title_split.py")
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    short = "关于推进全市经济开发区创新提升打造改革开放新高地促进高质量发展的实施方案"
    base = median_time(lambda: oracle.exhaustive_split(short, MAX, BEFORE, AFTER))
    print(f"baseline: exhaustive search, {len(short)}-character title   {base * 1000:8.2f} ms")
    print(f"dynamic programming, {len(short)}-character title        "
          f"{median_time(lambda: split_title(short, MAX, BEFORE, AFTER)) * 1000:8.2f} ms")
    for n in (110, 125, 300, 600):
        t = title(n)
        s = median_time(lambda t=t: split_title(t, MAX, BEFORE, AFTER))
        tracemalloc.start()                     # a separate run: tracing slows Python down several times
        split_title(t, MAX, BEFORE, AFTER)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"dynamic programming, {n:3}-character title        {s * 1000:8.2f} ms  ({s / base:6.2f}x baseline)  "
              f"peak {peak:5.1f} MB traced")

    from policydesk.api import analyze_path
    from policydesk.draft import DraftOptions, find_profile, make_draft, write_outputs
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    long_title = "关于推进全市经济开发区" + "和高新技术产业开发区、综合保税区、现代服务业集聚区" * 11 + "创新提升的实施方案"
    long_text = text.replace("关于推进全市经济开发区创新提升\n打造改革开放新高地的实施方案", long_title).replace(
        "关于推进全市经济开发区创新提升打造改革开放新高地的实施方案", long_title)
    profile = find_profile("如东")
    with tempfile.TemporaryDirectory() as d:
        results = {}
        for label, body in (("sample plan (baseline)", text), (f"{len(long_title)}-character title", long_text)):
            plan = Path(d) / f"{len(body)}.txt"
            plan.write_text(body, encoding="utf-8")
            analysis = analyze_path(plan)

            def draft(analysis=analysis):
                result = make_draft(analysis, profile, DraftOptions())
                write_outputs(result, Path(d) / "out.docx", force=True)

            results[label] = median_time(draft, runs=3)
        base_draft = results["sample plan (baseline)"]
        for label, s in results.items():
            print(f"draft (make_draft + .docx) of the {label:28} {s * 1000:8.1f} ms  ({s / base_draft:5.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
