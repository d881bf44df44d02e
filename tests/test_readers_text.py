"""Text reader: strict decoding (BOMs, UTF-8, UTF-16, GB18030; refusing mixed/mojibake text), any line
ends, reflow of text copied from a PDF, one paragraph per line otherwise; shared reflow helpers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from policydesk.errors import InputError
from policydesk.readers import ReadOptions, read_document, reflow, text
from readers_expect import DATA, annotation_paragraphs, expected_paragraphs, squash

CORPUS = DATA / "corpus"
NANTONG_TXT = CORPUS / "nantong" / "tongzhengfa-2021-23.txt"
EXTRACT_TXT = CORPUS / "nantong" / "tongzhengfa-2021-23.pdf-extract.txt"


def read_txt(path):
    return read_document(path, ReadOptions(ocr=False))


def test_pdf_extract_is_reflowed_into_the_pdf_paragraphs():
    doc = read_txt(EXTRACT_TXT)
    texts = [squash(p.text) for p in doc.paragraphs]
    assert texts == expected_paragraphs()
    notes = annotation_paragraphs(texts)
    assert len(notes) == 20 and all(t.endswith(("〕", "）")) for t in notes)
    assert not any(t.startswith("—") for t in texts)
    assert any("重新合并" in w for w in doc.source.warnings)


def test_pdf_extract_in_gb18030_with_crlf_reflows_the_same(tmp_path):
    raw = EXTRACT_TXT.read_text(encoding="utf-8")
    path = tmp_path / "extract-gbk.txt"
    path.write_bytes(raw.replace("\n", "\r\n").encode("gb18030"))
    assert [squash(p.text) for p in read_txt(path).paragraphs] == expected_paragraphs()


def test_ordinary_text_stays_one_paragraph_per_line():
    files = [p for p in sorted(CORPUS.rglob("*.txt")) if "pdf-extract" not in p.name]
    assert len(files) > 30
    for path in files:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        doc = read_txt(path)
        assert len(doc.paragraphs) == len(lines), path.name
        assert not doc.source.warnings, path.name


@pytest.mark.parametrize("encoding,bom,newline", [
    ("utf-8", b"", "\n"),
    ("utf-8", codecs.BOM_UTF8, "\r\n"),
    ("gb18030", b"", "\r\n"),
    ("gbk", b"", "\r"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
    ("utf-16-le", b"", "\n"),            # UTF-16 without BOM (recognised by its NUL pattern)
])
def test_encodings_and_line_ends(tmp_path, encoding, bom, newline):
    lines = [ln for ln in NANTONG_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(bom + newline.join(lines).encode(encoding))
    doc = text.read(path, ReadOptions(ocr=False))
    assert [p.text for p in doc.paragraphs] == [reflow.clean_spaces(ln) for ln in lines]
    assert doc.paragraphs[1].text == "通政发〔2021〕23号"


def test_mixed_utf8_and_gbk_is_refused(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("一、总体要求\n".encode("utf-8") + "以习近平新时代中国特色社会主义思想为指导\n".encode("gbk")
                     + "二、扩大对外开放\n".encode("utf-8"))
    with pytest.raises(InputError) as ei:
        read_txt(path)
    assert ei.value.exit_code == 3
    assert "mixed.txt" in str(ei.value) and "编码" in str(ei.value) and "UTF-8" in str(ei.value)


def test_mostly_utf8_with_a_gbk_line_is_refused(tmp_path):
    lines = NANTONG_TXT.read_text(encoding="utf-8").splitlines()
    data = b"\n".join(ln.encode("utf-8") for ln in lines[:10]) + b"\n" + lines[10].encode("gbk")
    path = tmp_path / "mostly-utf8.txt"
    path.write_bytes(data)
    with pytest.raises(InputError):
        read_txt(path)


@pytest.mark.parametrize("content", ["责任单位：市商务局\ufffd\ufffd", "锟斤拷锟斤拷责任单位", "å¸‚æ”¿åºœå\u008d°å\u008f‘å…³äºŽæŽ¨è¿›"])
def test_damaged_text_is_refused_not_repaired(tmp_path, content):
    path = tmp_path / "damaged.txt"
    path.write_bytes((content * 5).encode("utf-8"))
    with pytest.raises(InputError) as ei:
        read_txt(path)
    assert "damaged.txt" in str(ei.value)


def test_size_limit_is_one_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("测试文字。\n" * 200, encoding="utf-8")
    with pytest.raises(InputError) as ei:
        text.read(path, ReadOptions())
    assert "过大" in str(ei.value) and "big.txt" in str(ei.value)


def test_huge_single_line_is_read_in_linear_time(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("各县（市、区）人民政府 推进 1.5亿美元 项目，" * 60_000, encoding="utf-8")   # ~1.6 MB, one line
    doc = read_txt(path)
    assert len(doc.paragraphs) == 1
    assert doc.paragraphs[0].text.startswith("各县（市、区）人民政府推进1.5亿美元项目，")


def test_page_numbers_dropped_and_latin_spaces_kept(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("关于 5G 网络建设的通知\n\n— 1 —\n第2页\n支持 Open Source 软件 与 AI 应用。\n", encoding="utf-8")
    assert [p.text for p in read_txt(path).paragraphs] == ["关于5G网络建设的通知", "支持Open Source软件与AI应用。"]


def test_clean_spaces_and_join():
    assert reflow.clean_spaces("通政发〔2021〕23 号") == "通政发〔2021〕23号"
    assert reflow.clean_spaces("通 政 发 〔 2021 〕 23 号") == "通政发〔2021〕23号"
    assert reflow.clean_spaces("open  source\u3000软件") == "open source软件"
    assert reflow.join_line_texts(["〔责任单位：市行", "政审批局〕"]) == "〔责任单位：市行政审批局〕"
    assert reflow.join_line_texts(["the State", "Council"]) == "the State Council"


def test_page_number_patterns():
    for s in ["— 3 —", "- 3 -", "-3-", "第3页", "第 12 页 共 14 页", "3/14"]:
        assert reflow.is_page_number(s), s
    for s in ["一、总体要求", "2021年6月3日", "1.5亿美元", "（3）"]:
        assert not reflow.is_page_number(s), s
    assert reflow.is_page_number("3") and not reflow.is_page_number("3", allow_bare=False)


def test_pages_from_page_number_lines_in_extracted_text(tmp_path):
    body = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、三中全\n"
    text_ = ("一、总体要求\n" + body * 3 + "精神。\n— 1 —\n" + body * 2 + "全会精神。\n— 2 —\n"
             "二、扩大对外开放\n" + body + "精神。\n")
    path = tmp_path / "paged.txt"
    path.write_text(text_, encoding="utf-8")
    paras = read_txt(path).paragraphs
    assert [p.text[:7] for p in paras] == ["一、总体要求", "以习近平新时代", "以习近平新时代", "二、扩大对外开", "以习近平新时代"]
    assert [(p.page, p.end_page) for p in paras] == [(1, 1), (1, 1), (2, 2), (3, 3), (3, 3)]


@pytest.mark.parametrize("extract,corpus_file", [
    ("guobanfa-2018-121.pdf-extract.txt", "library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt"),
    ("law_canjirenbaozhangfa_2018.pdf-extract.txt", "law_pairs/law_canjirenbaozhangfa_2018.txt"),
])
def test_other_extracts_reflow_to_their_corpus_paragraphs(extract, corpus_file):
    """Beyond the fixture: a plan (long paragraphs) and a law (short ones) extracted from generated PDFs."""
    expected = [squash(ln) for ln in (CORPUS / corpus_file).read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc = read_txt(DATA / "reflow" / extract)
    assert [squash(p.text) for p in doc.paragraphs] == expected


def test_running_header_lines_of_a_pdf_copy_are_dropped(tmp_path):
    raw = EXTRACT_TXT.read_text(encoding="utf-8")
    lines = raw.splitlines()
    out = []
    for i, ln in enumerate(lines):
        out.append(ln)
        if i % 60 == 59:        # a page break every 60 lines: page number, then the running header
            out += ["", f"— {i // 60 + 1} —", "", "南通市人民政府规范性文件"]
    path = tmp_path / "with-header.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    texts = [squash(p.text) for p in read_txt(path).paragraphs]
    assert texts == expected_paragraphs()


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_through_the_dispatcher(tmp_path, enc):
    """UTF-16 saved without a BOM (some older editors) is text, not 'binary', when read via read_document."""
    from policydesk.api import analyze_path
    src = (Path(__file__).parent / "data" / "corpus" / "nantong" / "tongzhengfa-2021-23.txt").read_text(encoding="utf-8")
    p = tmp_path / "无BOM 方案.txt"
    p.write_bytes(src.replace("\n", "\r\n").encode(enc))
    result = analyze_path(p).to_json()
    assert result["meta"]["doc_number"] == "通政发〔2021〕23号"
    assert len(result["headings"]) == 27 and len(result["tasks"]) == 20
