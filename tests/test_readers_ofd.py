"""OFD (GB/T 33190) reader: real samples (tests/data/ofd, from the ofdrw project) and OFD versions of real plans made
by tests/ofd_writer.py — the same headings and tasks as the plan's text (or PDF)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ofd_writer import Run, layout_text, runs_from_pdf, write_ofd
from policydesk.analysis import analyze
from policydesk.api import analyze_path
from policydesk.errors import InputError, NoTextLayerError
from policydesk.readers import ReadOptions, ofd, read_document, sniff_format

DATA = Path(__file__).resolve().parent / "data"
OFD_DIR = DATA / "ofd"
CORPUS = DATA / "corpus"
PLANS = [
    "guofa-2018-38_zhichiziyoumaoyishiyanqushenhuagaigechua.txt",
    "guofa-2019-3_cujinzonghebaoshuiqugaoshuipingkaifangga.txt",
    "library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt",
    "library/guofa-2018-42_jiakuaituijinnongyejixiehuahenongjizhuan.txt",
    "library/guobanfa-2018-129_shenrukaizhanxiaofeifupinzhulidayingtuop.txt",
    "library/guofa-2018-39_zuohaodangqianhejinhouyigeshiqicujinjiuy.txt",
]
NO_OCR = ReadOptions(ocr=False)


def outline_and_tasks(analysis: dict) -> tuple[list, list]:
    return ([(h["id"], h["level"], h["title"]) for h in analysis["headings"]],
            [(t["heading"], t["units"]) for t in analysis["tasks"]])


# ---------------------------------------------------------------------------------------------- real samples


def test_gongwen_sample_gives_issuer_number_title_and_notes_the_seal():
    doc = read_document(OFD_DIR / "gongwen-lqwf-2011-76.ofd", NO_OCR)
    assert doc.source.format == "ofd" and doc.source.pages == 2
    assert any("含电子签章" in w for w in doc.source.warnings)
    meta = analyze(doc).to_json()["meta"]
    assert meta["doc_number"] == "路卫发〔2011〕76号"
    assert meta["title"] == "关于同意张阿三同志辞职的批复"
    assert meta["issuer"] and "路桥区卫生局" in meta["issuer"]
    assert meta["date"] == "2011-03-10"
    texts = [p.text for p in doc.paragraphs]
    # a paragraph set over five lines is one paragraph; the page number "— 1 —" is gone
    assert any(t.startswith("该同志由于家庭") and t.endswith("同意张阿三同志辞职。") for t in texts)
    assert not any("— 1 —" in t or t == "1" for t in texts)


def test_prose_sample_paragraph_continues_across_the_page_break():
    doc = read_document(OFD_DIR / "essay-2pages.ofd", NO_OCR)
    across = [p for p in doc.paragraphs if p.page == 1 and p.end_page == 2]
    assert len(across) == 1
    assert "譬如罢" in across[0].text and "首先是不管三七" in across[0].text


def test_certificate_sample_reads_template_and_repeated_advances():
    doc = read_document(OFD_DIR / "certificate-2pages.ofd", NO_OCR)
    text = doc.text
    assert "鲁（2020）泰安市不动产证明第0014777号" in text        # DeltaX "g 2 4.9389 g 4 2.4694 …"
    assert "中国建设银行股份有限公司泰安分行" in text
    assert any("含电子签章" in w for w in doc.source.warnings)


def test_text_as_paths_sample_says_it_has_no_text():
    with pytest.raises(NoTextLayerError) as err:
        read_document(OFD_DIR / "text-as-paths-5pages.ofd", NO_OCR)
    assert "没有可读取的文字" in str(err.value) and "text-as-paths-5pages.ofd" in str(err.value)
    assert err.value.exit_code == 3


def test_sniffing_is_by_content_not_extension(tmp_path):
    renamed = tmp_path / "公文.zip"
    renamed.write_bytes((OFD_DIR / "essay-2pages.ofd").read_bytes())
    assert sniff_format(renamed) == "ofd"
    doc = read_document(renamed, NO_OCR)
    assert doc.source.format == "ofd" and any("内容是OFD" in w for w in doc.source.warnings)


def test_page_image_for_the_text_view():
    image = ofd.render_page(OFD_DIR / "gongwen-lqwf-2011-76.ofd", 1, width_px=600)
    assert image.size[0] == pytest.approx(600, abs=2) and image.size[1] > 800
    import numpy as np
    rgb = np.asarray(image).astype(int)
    dark = (rgb.sum(axis=2) < 3 * 128).mean()
    assert 0.005 < dark < 0.2                                          # text drawn, not blank, not black
    band = rgb[int(image.size[1] * 82 / 297):int(image.size[1] * 86 / 297)]     # the red rule under the 文号
    red = (band[..., 0] > 180) & (band[..., 1] < 120)
    assert red.sum(axis=1).max() > 0.6 * 600
    assert ofd.page_count(OFD_DIR / "essay-2pages.ofd") == 2
    with pytest.raises(InputError):
        ofd.render_page(OFD_DIR / "essay-2pages.ofd", 3)


# ---------------------------------------------------------------------------------------------- plans as OFD


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: Path(p).stem.split("_")[0])
def test_plan_as_ofd_has_the_same_headings_and_tasks(plan, tmp_path):
    paragraphs = [ln for ln in (CORPUS / plan).read_text(encoding="utf-8").splitlines() if ln.strip()]
    path = write_ofd(tmp_path / "plan.ofd", layout_text(paragraphs), header="内部资料", seal_page=1)
    expected = outline_and_tasks(analyze_path(CORPUS / plan).to_json())
    doc = read_document(path, NO_OCR)
    assert doc.source.pages >= 2
    got = outline_and_tasks(analyze(doc).to_json())
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert expected[1], "the plan has tasks"
    assert not any("内部资料" in p.text for p in doc.paragraphs)       # the template's running header


def test_sample_plan_pdf_as_ofd_matches_the_pdf(tmp_path):
    pdf = DATA / "pdf" / "tongzhengfa-2021-23.pdf"
    path = write_ofd(tmp_path / "tongzhengfa.ofd", runs_from_pdf(pdf))
    expected = analyze_path(pdf).to_json()
    got = analyze(read_document(path, NO_OCR)).to_json()
    assert outline_and_tasks(got) == outline_and_tasks(expected)
    assert len(got["headings"]) == 27 and len(got["tasks"]) == 20
    assert got["meta"]["doc_number"] == "通政发〔2021〕23号"


def test_annotations_and_path_only_pages_are_reported(tmp_path):
    paragraphs = [ln for ln in (CORPUS / PLANS[1]).read_text(encoding="utf-8").splitlines() if ln.strip()]
    pages = layout_text(paragraphs)
    path = write_ofd(tmp_path / "p.ofd", pages, annotation=True, path_only_pages=(2,))
    doc = read_document(path, NO_OCR)
    assert not any("内部资料 注意保存" in p.text for p in doc.paragraphs)     # a watermark annotation
    assert any("注释" in w for w in doc.source.warnings)
    assert any(w.startswith("第2页没有文字") for w in doc.source.warnings)
    assert doc.source.pages == len(pages)


def test_scanned_page_inside_an_ofd_is_ocred(tmp_path):
    runs = [[Run("扫描件首页说明", 28.0, 50.0, 5.6)], []]
    path = write_ofd(tmp_path / "scan.ofd", runs, scan_pages={2: DATA / "ocr" / "tongzhengfa-p3.png"})
    doc = read_document(path)
    assert doc.source.ocr_pages == [2]
    assert "集中力量招引和培育外资总部型企业和功能性机构" in doc.text.replace(" ", "")
    assert any("OCR" in w for w in doc.source.warnings)


# ---------------------------------------------------------------------------------------------- safety


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.ofd"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", b"\0" * (40 * 1024 * 1024))
    with pytest.raises(InputError) as err:
        read_document(bomb, NO_OCR)
    assert "恶意构造" in str(err.value)


def test_xml_entities_are_refused(tmp_path):
    evil = tmp_path / "evil.ofd"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                               '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&a;'
                               "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with pytest.raises(InputError) as err:
        read_document(evil, NO_OCR)
    assert "DOCTYPE" in str(err.value)


def test_damaged_ofd_gets_a_clear_message(tmp_path):
    broken = tmp_path / "broken.ofd"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody><ofd:DocRoot>"
                               "Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with pytest.raises(InputError) as err:
        read_document(broken, NO_OCR)
    assert "OFD 文件已损坏" in str(err.value)
