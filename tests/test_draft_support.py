"""Paths shared by the draft tests (the drafts are always made from the real analysis, never a hand-made one)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PLAN_TXT = DATA / "corpus" / "nantong" / "tongzhengfa-2021-23.txt"
TRUTH = DATA / "truth" / "tongzhengfa-2021-23.json"
