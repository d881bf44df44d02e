"""Rebuild resources/compare_background.json (the fixed background of clause IDF).

Background: the public State Council documents of tests/data/corpus (library/ and the guofa texts).
Run after changing the tokeniser or the user dictionary:  .venv/bin/python scripts/build_compare_background.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policydesk.api import analyze_path  # noqa: E402
from policydesk.compare.background import build_background  # noqa: E402


def main() -> None:
    corpus = ROOT / "tests" / "data" / "corpus"
    files = sorted((corpus / "library").glob("*.txt")) + sorted(corpus.glob("guo*.txt"))
    data = build_background([(f.name, analyze_path(f)) for f in files])
    out = ROOT / "resources" / "compare_background.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{out}: {len(files)} documents, {data['clauses']} clauses, "
          f"{len(data['word']['columns'])} word and {len(data['char']['columns'])} bigram columns, "
          f"{out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
