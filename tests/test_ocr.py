"""Offline OCR of scanned plans (issue 6): pages 1–2 of the sample plan as an image-only PDF and page 3 as a PNG,
rendered at 150 dpi (tests/data/ocr/make_ocr_fixtures.py).  The network is disabled throughout."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from netguard import no_network
from policydesk.analysis import analyze
from policydesk.cli import main as cli_main
from policydesk.errors import Cancelled, InputError
from policydesk.model import Line
from policydesk.readers import ReadOptions, ocr, read_document, safety

OCR_DIR = Path(__file__).resolve().parent / "data" / "ocr"
SCAN_PDF = OCR_DIR / "tongzhengfa-p1-2-scan.pdf"
SCAN_PNG = OCR_DIR / "tongzhengfa-p3.png"
REFERENCE = OCR_DIR / "tongzhengfa-p1-3.txt"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = squash(reference), squash(hypothesis)
    return Levenshtein.distance(ref, hyp) / len(ref)


@pytest.fixture(scope="module")
def scans():
    """Read both fixtures once (OCR ~2-4 s a page), with the network disabled."""
    mp = pytest.MonkeyPatch()
    try:
        with no_network(mp) as attempts:
            progress: list[tuple[int, int, str]] = []
            pdf_doc = read_document(SCAN_PDF, ReadOptions(progress=lambda d, t, m: progress.append((d, t, m))))
            png_doc = read_document(SCAN_PNG)
        return pdf_doc, png_doc, progress, list(attempts)
    finally:
        mp.undo()


def test_models_pinned_to_the_wheel():
    paths = ocr.model_paths()
    for kind, path in paths.items():
        assert path.is_file() and path.parent == ocr.models_dir(), kind
    eng = ocr.engine()
    assert Path(eng.cfg.Det.model_path) == paths["det"]
    assert Path(eng.cfg.Cls.model_path) == paths["cls"]
    assert Path(eng.cfg.Rec.model_path) == paths["rec"]
    assert ocr.engine() is eng, "one engine per process"


def test_ocr_never_downloads(monkeypatch):
    """Building the engine and recognising never reach rapidocr's downloader (or any socket)."""
    from rapidocr.utils import download_file
    calls = []
    monkeypatch.setattr(download_file.DownloadFile, "run", classmethod(lambda cls, *a, **k: calls.append(a)))
    monkeypatch.setattr(ocr, "_engine", None)          # build a fresh engine under the guard
    with no_network(monkeypatch) as attempts:
        image, scale, _ = ocr.render_pdf_page(SCAN_PDF, 1, dpi=100)
        boxes = ocr.recognize(image[:400])
    assert boxes, "text recognised"
    assert calls == [] and attempts == []


def test_character_error_rate(scans):
    pdf_doc, png_doc, _, attempts = scans
    hypothesis = pdf_doc.text + "\n" + png_doc.text
    rate = cer(REFERENCE.read_text(encoding="utf-8"), hypothesis)
    assert rate <= 0.02, f"CER {rate:.2%}"
    assert attempts == [], f"network access attempted: {attempts}"


def test_source_reports_ocr_pages_and_confidence(scans):
    pdf_doc, png_doc, progress, _ = scans
    assert pdf_doc.source.format == "pdf" and pdf_doc.source.ocr_pages == [1, 2]
    assert 0.9 <= pdf_doc.source.ocr_confidence <= 1.0
    assert any("识别" in w for w in pdf_doc.source.warnings), "the user is told to check OCR'd pages"
    assert png_doc.source.format == "image" and png_doc.source.ocr_pages == [1]
    assert 0.9 <= png_doc.source.ocr_confidence <= 1.0
    messages = [m for _, _, m in progress]
    assert any("识别第 1 页" in m for m in messages) and any("识别第 2 页" in m for m in messages)
    for par in pdf_doc.paragraphs:
        assert par.lines and all(ln.confidence is not None for ln in par.lines)


def test_geometry_in_pdf_points(scans):
    pdf_doc, _, _, _ = scans
    lines = [ln for par in pdf_doc.paragraphs for ln in par.lines]
    assert all(0 <= ln.x0 < ln.x1 <= 596 and 0 <= ln.top < ln.bottom <= 842 for ln in lines)
    body = [ln for ln in lines if ln.size == 16.0]
    assert len(body) > len(lines) / 2, "body text measured as 16 pt (三号), as in the original"
    assert min(ln.x0 for ln in body) == pytest.approx(79.5, abs=3), "left margin as in the original"


def test_analysis_of_a_scan(scans):
    pdf_doc, _, _, _ = scans
    result = analyze(pdf_doc).to_json()
    assert result["source"]["ocr_pages"] == [1, 2]
    meta = result["meta"]
    assert meta["doc_number"] == "通政发〔2021〕23号"
    assert meta["plan_title"] == "关于推进全市经济开发区创新提升打造改革开放新高地的实施方案"
    numbers = [h["number"] for h in result["headings"]]
    assert numbers[:3] == ["一、", "二、", "（一）"]


def test_paragraphs_of_a_scanned_page(scans):
    _, png_doc, _, _ = scans
    texts = [p.text for p in png_doc.paragraphs]
    # page 3: the end of 二（一） (its annotation broken across two lines) and the start of 二（二）
    assert [t[:5] for t in texts] == ["外开放力度", "（二）创新"]
    assert re.search(r"责任单位[：:]市商务局，各县（市、区）人民政府[〕）)]$", texts[0]), texts[0][-40:]


def test_image_via_cli(capsys, tmp_path):
    from PIL import Image
    with Image.open(SCAN_PNG) as im:
        part = im.crop((0, 950, im.width, 1400))      # the start of 二（二）: quick
    photo = tmp_path / "扫描 第3页 (部分).png"
    part.save(photo)
    capsys.readouterr()
    assert cli_main(["analyze", str(photo), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["source"]["format"] == "image" and result["source"]["ocr_pages"] == [1]
    assert [h["number"] for h in result["headings"]] == ["（二）"]
    assert result["headings"][0]["title"] == "创新投资促进工作"


def test_jpeg_and_multipage_tiff(tmp_path):
    from PIL import Image
    with Image.open(SCAN_PNG) as im:
        top = im.crop((0, 0, im.width, 420))           # the first lines of page 3 only: quick
        bottom = im.crop((0, 420, im.width, 800))
    jpg = tmp_path / "扫描件 第3页.jpg"
    top.save(jpg, quality=80, dpi=(150, 150))
    tif = tmp_path / "scan.tif"
    top.save(tif, save_all=True, append_images=[bottom], compression="tiff_deflate", dpi=(150, 150))
    jdoc = read_document(jpg)
    assert "集中力量招引和培育外资总部型企业" in squash(jdoc.text)
    tdoc = read_document(tif)
    assert tdoc.source.pages == 2 and tdoc.source.ocr_pages == [1, 2]
    assert max(p.end_page for p in tdoc.paragraphs) == 2


def test_cancel_during_ocr():
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2
    with pytest.raises(Cancelled) as info:
        read_document(SCAN_PDF, ReadOptions(cancel=cancel))
    assert info.value.exit_code == 130


def test_ocr_page_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_OCR_PAGES", 1)
    monkeypatch.setattr(ocr, "ocr_pdf_page", lambda path, index, opts: [Line("通知", page=index + 1, x0=80, x1=120,
                                                                          top=100, bottom=116, size=16,
                                                                          confidence=0.9)])
    with pytest.raises(InputError, match="上限"):
        read_document(SCAN_PDF)


def test_boxes_to_lines_groups_rows_and_scales():
    boxes = [ocr.OcrBox("（一）优化提升利用外资质态。", 0.99, 240, 100, 560, 133),
             ocr.OcrBox("支持全市经济开发区", 0.97, 565, 101, 760, 134),
             ocr.OcrBox("第二行文字内容较长的一行", 0.95, 170, 160, 420, 193),
             ocr.OcrBox("南通市人民政府", 0.9, 700, 161, 860, 192)]
    lines = ocr.boxes_to_lines(boxes, scale=72 / 150, page=3)
    assert [ln.text for ln in lines] == ["（一）优化提升利用外资质态。支持全市经济开发区",
                                         "第二行文字内容较长的一行 南通市人民政府"]
    assert lines[0].x0 == pytest.approx(240 * 72 / 150) and lines[0].page == 3
    assert 0.97 < lines[0].confidence < 0.99
    assert ocr.mean_confidence(lines) == pytest.approx(
        sum(b.score * len(b.text) for b in boxes) / sum(len(b.text) for b in boxes), abs=1e-3)


@pytest.mark.parametrize("ocr_text, fixed", [
    ("协调解决。〔责任单位：市商务局，各县（市、区）人民政府）", "协调解决。〔责任单位：市商务局，各县（市、区）人民政府〕"),
    ("通政发〔2021）23号", "通政发〔2021〕23号"),
    ("(此件公开发布)", "（此件公开发布）"),
    ("（责任单位：市考核办、市商务局)", "（责任单位：市考核办、市商务局）"),
    ("（四）提升。（责任单位：市商务局，南通经济技术开发区", "（四）提升。（责任单位：市商务局，南通经济技术开发区）"),
    ("各县（市、", "各县（市、"),                      # continues in the next paragraph: left open
    ("ISO 9001(2015) 认证", "ISO 9001(2015) 认证"),      # Latin context keeps half-width
])
def test_punctuation_repair(ocr_text, fixed):
    assert ocr.fix_punctuation(ocr_text) == fixed
