"""PDF reader: the four renderings of 通政发〔2021〕23号 give the same clean paragraphs; unusable,
encrypted and damaged PDFs are refused with exit-3 errors; OCR hook, progress and cancel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policydesk.errors import Cancelled, InputError, NoTextLayerError, PasswordRequiredError
from policydesk.model import Line
from policydesk.readers import ReadOptions, pdf, read_document
from readers_expect import DATA, annotation_paragraphs, expected_paragraphs, squash

PDF_DIR = DATA / "pdf"
SPECIAL = DATA / "pdf_special"
VARIANTS = ["", "_cidfont", "_fakebold", "_letterspaced"]
CJK = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]"

_cache: dict[str, object] = {}


def read_variant(variant: str):
    if variant not in _cache:
        _cache[variant] = read_document(PDF_DIR / f"tongzhengfa-2021-23{variant}.pdf", ReadOptions(ocr=False))
    return _cache[variant]


@pytest.mark.parametrize("variant", VARIANTS)
def test_paragraphs_match_corpus_text(variant):
    doc = read_variant(variant)
    got = [squash(p.text) for p in doc.paragraphs]
    assert got == expected_paragraphs()


@pytest.mark.parametrize("variant", VARIANTS)
def test_annotations_complete_and_no_page_furniture(variant):
    texts = [p.text for p in read_variant(variant).paragraphs]
    notes = annotation_paragraphs(texts)
    assert len(notes) == 20
    for t in notes:
        assert t.endswith(("〕", "）")), t[-30:]
        assert t.count("〔") == t.count("〕")
    for t in texts:
        assert not re.fullmatch(r"[—\-\s]*\d+[—\-\s]*", t), t
        assert "— " not in t and "—\u00a0" not in t


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_spurious_spaces_or_doubled_glyphs(variant):
    paras = read_variant(variant).paragraphs
    assert paras[1].text == "通政发〔2021〕23号"
    assert paras[0].text == "市政府印发关于推进全市经济开发区创新提升打造改革开放新高地的实施方案的通知"
    for p in paras:
        assert not re.search(rf"{CJK}\s|\s{CJK}", p.text), p.text[:40]
        assert "一一、、" not in p.text and "市市政政" not in p.text


@pytest.mark.parametrize("variant", VARIANTS)
def test_pages_recorded(variant):
    doc = read_variant(variant)
    paras = doc.paragraphs
    assert doc.source.pages == (26 if variant == "_letterspaced" else 14)
    assert paras[0].page == 1 and paras[-1].end_page == doc.source.pages
    starts = [p.page for p in paras]
    assert starts == sorted(starts)
    assert all(p.page <= p.end_page for p in paras)
    assert any(p.page != p.end_page for p in paras)          # paragraphs do continue across pages
    for p in paras:
        assert p.lines and p.lines[0].page == p.page and p.lines[-1].page == p.end_page
        assert all(ln.x0 is not None and ln.size for ln in p.lines)


def test_annotation_broken_across_pages_is_one_paragraph():
    paras = read_variant("").paragraphs
    p = next(p for p in paras if "市行政审批局、市委编办" in p.text)
    assert (p.page, p.end_page) == (7, 8)
    assert squash(p.text).endswith("〔责任单位：市行政审批局、市委编办、市司法局、市发改委、市工信局、市商务局、市自然资源和规划局、"
                                   "市住建局、市生态环境局、市水利局、市市场监管局、市文广旅局、市气象局，各县（市、区）人民政府〕")


def test_typography_hints():
    paras = read_variant("").paragraphs
    by_start = {p.text[:6]: p for p in paras}
    assert by_start["一、总体要求"].heading_hint == 1
    assert by_start["（一）优化提"].heading_hint == 2
    assert paras[0].align == "center" and paras[0].bold and paras[0].size == 22
    assert by_start["以习近平新时"].heading_hint is None
    # one font for everything: typography says nothing
    assert all(p.heading_hint is None for p in read_variant("_cidfont").paragraphs)


def test_fake_bold_is_deduplicated_and_reported():
    doc = read_variant("_fakebold")
    assert any("伪粗体" in w for w in doc.source.warnings)
    assert doc.paragraphs[0].bold
    assert not any("伪粗体" in w for w in read_variant("").source.warnings)


def test_image_only_pdf_is_refused_without_ocr():
    path = SPECIAL / "image_only.pdf"
    with pytest.raises(NoTextLayerError) as ei:
        read_document(path, ReadOptions(ocr=False))
    err = ei.value
    assert err.exit_code == 3 and err.pages == [1]
    assert "image_only.pdf" in str(err) and "OCR" in str(err)


def test_cid_garbage_is_never_analysed():
    with pytest.raises(NoTextLayerError) as ei:
        read_document(SPECIAL / "cid_garbage.pdf", ReadOptions(ocr=False))
    assert "(cid:" not in str(ei.value)


def test_ocr_hook_reads_unusable_pages():
    calls = []

    def fake_ocr(path: Path, index: int, opts: ReadOptions) -> list[Line]:
        calls.append(index)
        return [Line(text="一、总体要求", x0=111, x1=207, top=200, bottom=216, size=16, confidence=0.9),
                Line(text="以习近平新时代中国特色社会主义思想为指导，全面贯彻", x0=111, x1=527, top=229, bottom=245,
                     size=16, confidence=0.8),
                Line(text="党的十九大精神。", x0=79, x1=207, top=258, bottom=274, size=16, confidence=0.7)]

    doc = read_document(SPECIAL / "image_only.pdf", ReadOptions(ocr=True, page_ocr=fake_ocr))
    assert calls == [0]
    assert doc.source.ocr_pages == [1]
    assert doc.source.ocr_confidence == pytest.approx(0.8)
    assert [p.text for p in doc.paragraphs] == ["一、总体要求", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。"]


def test_encrypted_pdf_needs_the_password():
    path = SPECIAL / "encrypted.pdf"
    with pytest.raises(PasswordRequiredError) as ei:
        read_document(path, ReadOptions(ocr=False))
    assert ei.value.exit_code == 3 and ei.value.option == "password" and "已加密" in str(ei.value)
    with pytest.raises(PasswordRequiredError):
        read_document(path, ReadOptions(ocr=False, password="wrong"))
    doc = read_document(path, ReadOptions(ocr=False, password="secret"))
    assert [p.text for p in doc.paragraphs] == ["policydesk test"]      # a genuine Latin space is kept


@pytest.mark.parametrize("cut", [0.02, 0.5, 0.999])
def test_truncated_pdf_is_a_clear_input_error(tmp_path, cut):
    data = (PDF_DIR / "tongzhengfa-2021-23.pdf").read_bytes()
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(InputError) as ei:
        read_document(bad, ReadOptions(ocr=False))
    assert not isinstance(ei.value, NoTextLayerError)
    assert "broken.pdf" in str(ei.value) and "损坏" in str(ei.value)


def test_progress_per_page_and_cancel():
    seen = []
    pdf.read(PDF_DIR / "tongzhengfa-2021-23_cidfont.pdf",
             ReadOptions(ocr=False, progress=lambda d, t, m: seen.append((d, t))))
    assert seen[0] == (0, 14) and seen[-1] == (14, 14) and len(seen) == 15
    pages_done = []

    def cancel() -> bool:
        return len(pages_done) >= 3

    with pytest.raises(Cancelled):
        pdf.read(PDF_DIR / "tongzhengfa-2021-23_cidfont.pdf",
                 ReadOptions(ocr=False, cancel=cancel, progress=lambda d, t, m: pages_done.append(d)))
    assert len(pages_done) == 3


def test_running_headers_and_page_numbers_are_dropped():
    def ln(text, page, top):
        return pdf._PLine(text=text, page=page, x0=80, x1=520, top=top, bottom=top + 16, size=16, font="F",
                          lead_font="F", bold=False, page_height=842)

    lines = []
    for page in range(1, 6):
        lines += [ln("南通市人民政府文件", page, 40), ln("正文内容", page, 300), ln(f"第{page}页", page, 800)]
    kept = pdf._drop_page_furniture(lines, 5)
    assert [x.text for x in kept] == ["正文内容"] * 5


def test_block_layout_paragraphs_come_from_vertical_gaps():
    """No first-line indents, space between paragraphs (a layout the fixtures do not have)."""
    corpus = DATA / "corpus" / "library" / "guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt"
    expected = [squash(ln) for ln in corpus.read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc = read_document(DATA / "reflow" / "guobanfa-2018-121.block-layout.pdf", ReadOptions(ocr=False))
    assert [squash(p.text) for p in doc.paragraphs] == expected
