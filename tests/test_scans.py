"""Scans as they really come (issue 17): a 1-bit fax, a skewed noisy grey scan, a phone photo and a colour scan with a
red seal over the issuer and date (tests/data/scans, made by make_scans.py from the sample plan); page preparation
(readers/pageprep.py) and page images as one document (readers.read_images)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from netguard import no_network
from policydesk.analysis import analyze
from policydesk.errors import InputError
from policydesk.readers import image_files_in, pageprep, read_document, read_images

DATA = Path(__file__).resolve().parent / "data"
SCANS = DATA / "scans"
CLEAN_P3 = DATA / "ocr" / "tongzhengfa-p3.png"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cer(reference: str, hypothesis: str) -> float:
    ref = squash(reference)
    return Levenshtein.distance(ref, squash(hypothesis)) / len(ref)


def reference(*pages: int) -> str:
    return "".join((SCANS / f"reference-p{p}.txt").read_text(encoding="utf-8") for p in pages)


# ---------------------------------------------------------------------------------------------- page preparation


def test_skew_is_measured_and_undone():
    page = np.asarray(Image.open(CLEAN_P3).convert("L"))
    assert abs(pageprep.skew_angle(page)) < 0.3
    tilted = np.asarray(Image.fromarray(page).rotate(2.0, resample=Image.BICUBIC, fillcolor=255))
    angle = pageprep.skew_angle(tilted)
    assert abs(abs(angle) - 2.0) < 0.3
    assert abs(pageprep.skew_angle(pageprep.rotate(tilted, angle))) < 0.3


def test_photographed_page_is_found_and_straightened():
    photo = np.asarray(Image.open(SCANS / "photo-p5.jpg").convert("L"))
    corners = pageprep.find_page(photo)
    assert corners is not None
    page = pageprep.warp_page(photo, corners)
    assert 1.3 < page.shape[0] / page.shape[1] < 1.5            # an A4 page (297/210 = 1.41)
    clean = np.asarray(Image.open(CLEAN_P3).convert("L"))
    assert pageprep.find_page(clean) is None                    # a scan already is the page


def test_red_seal_is_removed_but_the_black_text_under_it_stays():
    rgb = np.asarray(Image.open(SCANS / "seal-p1.jpg").convert("RGB"))
    cleaned, seals = pageprep.remove_red_seals(rgb)
    assert seals == 1
    assert pageprep.red_mask(cleaned).mean() < 0.1 * pageprep.red_mask(rgb).mean()
    dark = lambda a: (a.max(axis=2) < 90).sum()                 # noqa: E731 - black ink pixels
    assert dark(cleaned) >= 0.95 * dark(rgb)


def test_red_header_and_rule_are_not_taken_for_a_seal():
    page = np.full((1400, 1000, 3), 255, np.uint8)
    page[150:230, 150:850] = (214, 32, 40)                      # a wide red 发文机关标志
    page[300:306, 100:900] = (214, 32, 40)                      # the red rule
    cleaned, seals = pageprep.remove_red_seals(page)
    assert seals == 0 and (cleaned == page).all()


# ---------------------------------------------------------------------------------------------- recognition


@pytest.fixture(scope="module")
def offline():
    mp = pytest.MonkeyPatch()
    with no_network(mp):
        yield
    mp.undo()


@pytest.mark.slow
@pytest.mark.parametrize("name,pages", [("fax-p1-5.tif", (1, 5)), ("grey-p5.jpg", (5,)), ("photo-p5.jpg", (5,))])
def test_degraded_scans_are_read_within_3_percent(offline, name, pages):
    doc = read_document(SCANS / name)
    assert doc.source.ocr_pages == list(range(1, len(pages) + 1))
    assert cer(reference(*pages), doc.text) <= 0.03
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("（四）提升海关特殊监管区域开放水平") for t in texts)   # a heading and its paragraph
    if name.startswith("photo"):
        assert any("透视" in w for w in doc.source.warnings)
    if name.startswith("grey"):
        assert any("倾斜" in w for w in doc.source.warnings)


@pytest.mark.slow
def test_red_seal_never_leaks_into_issuer_date_or_text(offline):
    doc = read_document(SCANS / "seal-p1.jpg")
    assert any("红色印章" in w for w in doc.source.warnings)
    assert cer(reference(1), doc.text) <= 0.03
    meta = analyze(doc).to_json()["meta"]
    assert meta["issuer"] == "南通市人民政府"
    assert meta["date"] == "2021-06-03"
    assert squash(doc.text).count("南通市人民政府") == squash(reference(1)).count("南通市人民政府")


@pytest.mark.slow
def test_folder_of_page_photos_and_pasted_bytes_are_one_document(offline, tmp_path):
    folder = tmp_path / "手机拍照"
    folder.mkdir()
    shutil.copy(SCANS / "grey-p5.jpg", folder / "第10页.jpg")
    shutil.copy(CLEAN_P3, folder / "第2页.png")
    (folder / "说明.txt").write_text("not an image", encoding="utf-8")
    assert [p.name for p in image_files_in(folder)] == ["第2页.png", "第10页.jpg"]
    doc = read_document(folder)
    assert doc.source.pages == 2 and doc.source.format == "image"
    assert [p.page for p in doc.paragraphs][0] == 1 and doc.paragraphs[-1].page == 2
    # a pasted screenshot: encoded bytes, no file
    buf = io.BytesIO()
    Image.open(CLEAN_P3).save(buf, "PNG")
    pasted = read_images([buf.getvalue()])
    assert squash(pasted.text)[:40] == squash(doc.text)[:40]


def test_pasted_garbage_gets_a_clear_message():
    with pytest.raises(InputError) as err:
        read_images([b"not an image at all"])
    assert "粘贴的第 1 张图片" in str(err.value)
    with pytest.raises(InputError):
        read_images([])


@pytest.mark.parametrize("ocr_text,fixed", [
    ("〔责任单位：各县（市、区）人民政〕府", "〔责任单位：各县（市、区）人民政府〕"),     # fax: the mark one character early
    ("〔责任单位：各县（市、区）人民政〕府]", "〔责任单位：各县（市、区）人民政府〕"),
    ("〔责任单位：市外办，各县（市、区）人民政府]", "〔责任单位：市外办，各县（市、区）人民政府〕"),
    ("按通政发〔2021〕23号执行。", "按通政发〔2021〕23号执行。"),
])
def test_punctuation_slips_of_degraded_scans_are_repaired(ocr_text, fixed):
    from policydesk.readers.ocr import fix_punctuation
    assert fix_punctuation(ocr_text) == fixed
