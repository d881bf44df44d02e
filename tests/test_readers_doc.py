"""Legacy Word (.doc, Word 97-2003 binary) read in pure Python: .doc versions of real plans made by LibreOffice from
their DOCX (tests/data/doc/make_doc.py) give the same paragraphs, headings and tasks as the DOCX."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policydesk.api import analyze_path
from policydesk.errors import InputError, PasswordRequiredError
from policydesk.readers import doc as doc_reader
from policydesk.readers import read_document, sniff_format

DATA = Path(__file__).resolve().parent / "data"
DOC_DIR = DATA / "doc"
PLANS = ["guofa-2018-38", "guofa-2019-3", "guobanfa-2018-121", "guofa-2018-42", "guobanfa-2018-129",
         "tongzhengfa-2021-23"]


def docx_of(name: str) -> Path:
    own = DOC_DIR / f"{name}.docx"
    return own if own.exists() else DATA / "docx" / f"{name}.docx"


@pytest.mark.parametrize("name", PLANS)
def test_doc_gives_the_same_paragraphs_headings_and_tasks_as_the_docx(name):
    got, expected = analyze_path(DOC_DIR / f"{name}.doc").to_json(), analyze_path(docx_of(name)).to_json()
    assert got["source"]["format"] == "doc"
    assert [p["text"] for p in got["paragraphs"]] == [p["text"] for p in expected["paragraphs"]]
    assert [(h["id"], h["level"], h["title"]) for h in got["headings"]] == \
        [(h["id"], h["level"], h["title"]) for h in expected["headings"]]
    assert [(t["heading"], t["units"]) for t in got["tasks"]] == [(t["heading"], t["units"]) for t in expected["tasks"]]
    assert expected["tasks"] and expected["headings"]


def test_table_rows_come_out_as_rows_with_cells():
    doc = read_document(DOC_DIR / "guofa-2019-3.doc")
    rows = [p.text.split("\t") for p in doc.paragraphs if p.kind == "table_row"]
    assert rows[0] == ["序号", "重点任务", "责任单位"]
    assert rows[1] == ["1", "拓展两个市场", "税务总局、财政部、海关总署"]
    assert len(rows) == 4


def test_title_and_meta_of_the_sample_plan():
    meta = analyze_path(DOC_DIR / "tongzhengfa-2021-23.doc").to_json()["meta"]
    assert meta["doc_number"] == "通政发〔2021〕23号"
    assert meta["issuer"] == "南通市人民政府"


def test_password_protected_doc_gets_a_clear_message():
    with pytest.raises(PasswordRequiredError) as err:
        read_document(DOC_DIR / "password-secret.doc")
    assert "密码" in str(err.value) and "password-secret.doc" in str(err.value)
    assert err.value.exit_code == 3


def test_wps_in_word_binary_format_is_read(tmp_path):
    wps = tmp_path / "方案.wps"
    shutil.copy(DOC_DIR / "guofa-2018-42.doc", wps)
    assert sniff_format(wps) == "doc"
    doc = read_document(wps)
    assert doc.source.format == "doc" and not doc.source.warnings
    assert any(p.text.startswith("一、") for p in doc.paragraphs)


def test_wps_in_its_own_old_format_is_refused_with_what_to_do(tmp_path):
    wps = tmp_path / "旧文件.wps"
    wps.write_bytes(b"\xff\x00\x01\x02WPS\x00" + bytes(range(256)) * 8)
    with pytest.raises(InputError) as err:
        read_document(wps)
    assert "另存为 .docx" in str(err.value) and "旧文件.wps" in str(err.value)


@pytest.mark.parametrize("streams,kind", [({"Workbook"}, "Excel"), ({"PowerPoint Document"}, "PowerPoint"),
                                           ({"MatOST", "CONTENTS"}, "Works"), ({"Foo"}, "WPS")])
def test_other_ole_files_are_named(streams, kind):
    with pytest.raises(InputError) as err:
        doc_reader._refuse_other_ole(Path("x.doc"), streams)
    assert kind in str(err.value) and "另存为 .docx" in str(err.value)


def test_encrypted_docx_container_is_a_password_message():
    with pytest.raises(PasswordRequiredError):
        doc_reader._refuse_other_ole(Path("x.docx"), {"EncryptionInfo", "EncryptedPackage"})


def test_damaged_doc_gets_a_clear_message(tmp_path):
    broken = tmp_path / "broken.doc"
    data = bytearray((DOC_DIR / "guofa-2019-3.doc").read_bytes())
    broken.write_bytes(bytes(data[:3000]))
    with pytest.raises(InputError) as err:
        read_document(broken)
    assert "broken.doc" in str(err.value)
