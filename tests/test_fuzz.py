"""Property-based tests (issue 6): whatever bytes or text a user's file holds, reading it gives a document or a
clean InputError (exit 3) naming the file — never another exception; analysing any Document raises nothing at all.
Example counts are modest so CI stays fast; files are written to a temporary folder and read through the one public
entry point, ``read_document``."""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydesk.analysis import analyze
from policydesk.errors import InputError, PolicydeskError
from policydesk.model import Document, Paragraph, SourceInfo
from policydesk.readers import ReadOptions, read_document, sniff_bytes
from policydesk.readers.ocr import fix_punctuation
from policydesk.readers.safety import check_docx_container

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCX = (ROOT / "tests" / "data" / "docx" / "tongzhengfa-2021-23.docx").read_bytes()
SAMPLE_TXT = (ROOT / "tests" / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt").read_text(encoding="utf-8")

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".pdf", ".docx", ".txt", ".png", ".doc", ""]
NO_OCR = ReadOptions(ocr=False)       # OCR is exercised in test_ocr.py; here the readers' own robustness

# Building blocks of 公文 text, so that generated text reaches the analysis' interesting paths.
FRAGMENTS = ["一、", "二、", "十一、", "（一）", "（二）", "1.", "2．", "（1）", "第一章", "第三条", "第十五条", "附件",
             "〔责任单位：", "（责任单位：", "(责任单位:", "责任单位", "牵头", "配合", "参与", "〕", "）", ")", "（", "〔",
             "市商务局", "市发改委", "各县（市、区）人民政府", "各县（市）、区人民政府", "市有关部门", "、", "，", "。",
             "；", "：", "通政发〔2021〕23号", "国发〔2019〕11号", "《", "》", "关于", "的通知", "实施方案",
             "南通市人民政府", "2021年6月3日", "（此件公开发布）", "到2025年", "1.5亿美元", "\n", "\n\n", " ", "\t",
             "\u3000", "— 3 —"]
gongwen_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=80).map("".join)


def _read_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"文件 {suffix or 'noext'}{suffix}"
        path.write_bytes(data)
        try:
            return read_document(path, NO_OCR)
        except PolicydeskError as e:
            assert isinstance(e, InputError), f"a reader raised {type(e).__name__}, not InputError"
            assert str(path) in str(e) or path.name in str(e), f"the message names the file: {e}"
            return None


@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(data, suffix):
    doc = _read_bytes(data, suffix)
    if doc is not None:
        assert any(p.text.strip() for p in doc.paragraphs)


@FAST
@given(magic=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00",
                              b"\xef\xbb\xbf", b"\xff\xfe", b"<html>", b"{\\rtf1"]),
       rest=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_behind_a_real_magic_number(magic, rest, suffix):
    _read_bytes(magic + rest, suffix)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40), cut=st.floats(0.05, 1.0))
def test_damaged_docx(seed, flips, cut):
    """The sample Word file with random bytes changed and/or its end cut off."""
    rng = random.Random(seed)
    data = bytearray(SAMPLE_DOCX[: max(4, int(len(SAMPLE_DOCX) * cut))])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    _read_bytes(bytes(data), ".docx")


@FAST
@given(members=st.lists(st.tuples(st.sampled_from(["word/document.xml", "[Content_Types].xml", "_rels/.rels",
                                                   "word/styles.xml", "xl/workbook.xml", "a.txt", "word/../x.xml"]),
                                  st.binary(max_size=300)), max_size=6, unique_by=lambda m: m[0]))
def test_arbitrary_zip_containers(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            zf.writestr(name, body)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.docx"
        path.write_bytes(buf.getvalue())
        try:
            check_docx_container(path)
        except InputError:
            return
    _read_bytes(buf.getvalue(), ".docx")


@FAST
@given(text=gongwen_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_arbitrary_text_files_read_and_analysed(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    doc = _read_bytes(data, ".txt")
    if doc is None:
        return
    result = analyze(doc).to_json()
    _check_analysis(result)


def _check_analysis(result: dict) -> None:
    assert result["schema"] == "policydesk.analysis/1"
    ids = {h["id"] for h in result["headings"]}
    n_par = len(result.get("paragraphs", []))
    for h in result["headings"]:
        assert 1 <= h["level"] <= 4 and (h["parent"] is None or h["parent"] in ids)
    for t in result["tasks"]:
        assert t["heading"] is None or t["heading"] in ids
        if n_par:
            assert 0 <= t["paragraph"] < n_par
        assert isinstance(t["units"], list) and all(isinstance(u, str) and u for u in t["units"])
    for u in result["units"]:
        assert set(u["lead_tasks"]) <= set(u["tasks"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(gongwen_text, max_size=30))
def test_analysis_of_arbitrary_paragraphs(paragraphs):
    doc = Document(SourceInfo(path="x.txt", sha256="0" * 64, format="txt"),
                   [Paragraph(text=t) for t in paragraphs])
    _check_analysis(analyze(doc).to_json())          # any Document analyses: no exception at all is allowed


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_analysis_of_the_plan_with_lines_shuffled_and_cut(seed):
    rng = random.Random(seed)
    lines = SAMPLE_TXT.splitlines()
    rng.shuffle(lines)
    lines = [ln[: rng.randrange(len(ln) + 1)] if rng.random() < 0.3 else ln for ln in lines[: rng.randrange(1, 80)]]
    doc = Document(SourceInfo(path="x.txt", sha256="0" * 64, format="txt"), [Paragraph(text=t) for t in lines if t])
    _check_analysis(analyze(doc).to_json())


@FAST
@given(head=st.binary(max_size=600))
def test_sniffing_never_fails(head):
    assert sniff_bytes(head) in {"pdf", "docx", "image", "txt", "doc", "rtf", "html", "archive", "binary"}


@settings(max_examples=200, deadline=None)
@given(text=gongwen_text)
def test_ocr_punctuation_fix_is_stable(text):
    once = fix_punctuation(text)
    assert fix_punctuation(once) == once
    # only punctuation changes: the characters that are not brackets or punctuation stay as they were
    keep = lambda s: [c for c in s if c not in "()（）〔〕[]【】:：,，;；?？!！"]  # noqa: E731
    assert keep(once) == keep(text)


def test_fuzz_would_catch_a_crash(monkeypatch):
    """The property is not vacuous: a reader that crashes is reported (it becomes InputError, not a crash)."""
    from policydesk.readers import text as text_reader
    monkeypatch.setattr(text_reader, "read", lambda path, opts: [][1])
    with pytest.raises(InputError):
        _read_bytes_raise("通知".encode("utf-8"))


def _read_bytes_raise(data: bytes):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.txt"
        path.write_bytes(data)
        return read_document(path, NO_OCR)
