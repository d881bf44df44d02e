"""Reference library: import once by content, levels, search of short Chinese substrings, errors."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from compare_helpers import CORPUS, PLAN, PROVINCIAL_OPENING
from policydesk.cli import main
from policydesk.errors import Cancelled, InputError, LibraryError
from policydesk.library import Library, guess_level, parse_level

STATE_COUNCIL = CORPUS / "library" / "guofa-2019-5_zaishichangjianguanlingyuquanmiantuixing.txt"
LAW = CORPUS / "law_pairs" / "law_shuifa_2016.txt"


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as e:          # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_path(tmp_path):
    return tmp_path / "lib.sqlite3"


def test_library_starts_empty(lib_path, capsys):
    code, out, _ = run(["library", "list", "--json", "--library", str(lib_path)], capsys)
    assert code == 0 and json.loads(out) == []


def test_add_stores_each_content_once(lib_path, tmp_path, capsys):
    code, out, _ = run(["--library", str(lib_path), "library", "add", str(PROVINCIAL_OPENING), "--json"], capsys)
    assert code == 0
    first = json.loads(out)[0]
    assert first["status"] == "added" and first["level"] == "provincial"
    copy = tmp_path / "同一文件的副本.txt"
    shutil.copy(PROVINCIAL_OPENING, copy)
    code, out, _ = run(["library", "add", str(copy), "--json", "--library", str(lib_path)], capsys)
    again = json.loads(out)[0]
    assert code == 0 and again["status"] == "exists" and again["id"] == first["id"]
    code, out, _ = run(["library", "list", "--json", "--library", str(lib_path)], capsys)
    assert [d["id"] for d in json.loads(out)] == [first["id"]]


def test_several_files_one_failing_imports_the_others(lib_path, tmp_path, capsys):
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    code, out, err = run(["library", "add", str(STATE_COUNCIL), str(tmp_path / "没有这个文件.txt"), str(empty),
                          str(LAW), "--library", str(lib_path)], capsys)
    assert code == 3
    assert out == ""                                  # nothing on stdout on error
    assert "没有这个文件" in err and "空文件" in err and "Traceback" not in err
    with Library(lib_path) as lib:
        titles = [d.title for d in lib.list()]
    assert len(titles) == 2                           # the failed imports left no record
    assert "中华人民共和国水法" in titles


def test_levels_given_guessed_and_changed(lib_path, capsys):
    code, out, _ = run(["library", "add", str(STATE_COUNCIL), str(LAW), "--json", "--library", str(lib_path)], capsys)
    docs = json.loads(out)
    assert [d["level"] for d in docs] == ["national", "national"]
    code, out, _ = run(["library", "add", str(PLAN), "--level", "县", "--json", "--library", str(lib_path)], capsys)
    plan = json.loads(out)[0]
    assert plan["level"] == "county"
    code, out, _ = run(["library", "set-level", str(plan["id"]), "市", "--library", str(lib_path)], capsys)
    assert code == 0
    with Library(lib_path) as lib:
        info = lib.get(plan["id"])
    assert info.level == "city" and info.level_source == "given"
    code, _, err = run(["library", "set-level", str(plan["id"]), "乡", "--library", str(lib_path)], capsys)
    assert code == 2 and "级别" in err


@pytest.mark.parametrize("kw,level", [
    ({"doc_number": "国办发〔2018〕114号"}, "national"),
    ({"issuer": "全国人民代表大会常务委员会"}, "national"),
    ({"doc_number": "苏政发〔2020〕79号"}, "provincial"),
    ({"issuer": "北京市人民代表大会常务委员会"}, "provincial"),
    ({"title": "重庆市实施《中华人民共和国村民委员会组织法》办法"}, "provincial"),
    ({"issuer": "江苏省商务厅"}, "provincial"),
    ({"issuer": "南通市人民政府", "doc_number": "通政发〔2021〕23号"}, "city"),
    ({"issuer": "如东县人民政府"}, "county"),
    ({"title": "关于做好某项工作的通知"}, "other"),
    ({"title": "关于推进城市更新行动的实施意见"}, "other"),
    ({"title": "关于推进全省经济开发区创新提升的实施意见"}, "other"),
    ({"title": "河南省实施《中华人民共和国水法》办法"}, "provincial"),
    ({"title": "南通市人民政府关于推进经济开发区创新提升的实施方案"}, "city"),
    ({"title": "如东县关于加快产业发展的意见"}, "county"),
])
def test_level_guess(kw, level):
    assert guess_level(**kw) == level


def test_level_names_in_chinese():
    assert [parse_level(x) for x in ("国家", "省", "市", "县", "其他", "National")] == \
        ["national", "provincial", "city", "county", "other", "national"]


def test_search_finds_two_and_three_character_substrings(lib_path, capsys):
    run(["library", "add", str(STATE_COUNCIL), str(LAW), str(PLAN), "--library", str(lib_path)], capsys)
    for text, expected in (("商务", {"国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
                                     "市政府印发关于推进全市经济开发区创新提升打造改革开放新高地的实施方案的通知"}),
                           ("放管服", {"国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
                                      "市政府印发关于推进全市经济开发区创新提升打造改革开放新高地的实施方案的通知"}),
                           ("水害", {"中华人民共和国水法"}),
                           ("开发区创新提升", {"市政府印发关于推进全市经济开发区创新提升打造改革开放新高地的实施方案的通知"})):
        code, out, _ = run(["library", "search", text, "--json", "--library", str(lib_path)], capsys)
        hits = json.loads(out)
        assert code == 0 and {h["title"] for h in hits} == expected, text
        assert all(text in h["snippet"] or text in h["title"] for h in hits)
    code, out, _ = run(["library", "search", "不存在的词语组合", "--library", str(lib_path)], capsys)
    assert code == 0 and "没有找到" in out


def test_remove_and_unknown_ids(lib_path, capsys):
    code, out, _ = run(["library", "add", str(LAW), "--json", "--library", str(lib_path)], capsys)
    doc_id = json.loads(out)[0]["id"]
    code, out, _ = run(["library", "remove", str(doc_id), "--library", str(lib_path)], capsys)
    assert code == 0 and "水法" in out
    code, out, err = run(["library", "remove", str(doc_id), "--library", str(lib_path)], capsys)
    assert code == 5 and out == "" and str(doc_id) in err and "Traceback" not in err
    with Library(lib_path) as lib:
        assert lib.list() == [] and lib.search("水资源") == []


def test_damaged_database_is_a_library_error(tmp_path, capsys):
    bad = tmp_path / "坏的.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    code, out, err = run(["library", "list", "--library", str(bad)], capsys)
    assert code == 5 and out == "" and "坏的.sqlite3" in err and "损坏" in err
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    code, _, err = run(["library", "list", "--library", str(other)], capsys)
    assert code == 5 and "不是 policydesk 文档库" in err


def test_schema_version_and_wal(lib_path):
    Library(lib_path).close()
    con = sqlite3.connect(lib_path)
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] >= 1
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_python_api_progress_cancel_and_failed_import(lib_path, tmp_path):
    seen = []
    with Library(lib_path) as lib:
        results = lib.add_many([str(LAW), str(STATE_COUNCIL)], progress=lambda d, t, m: seen.append((d, t)))
        assert [r.status for r in results] == ["added", "added"]
        assert seen[0] == (0, 2) and seen[-1] == (2, 2)
        with pytest.raises(Cancelled):
            lib.add_many([str(PLAN)], cancel=lambda: True)
        bad = tmp_path / "坏.pdf"
        bad.write_bytes(b"%PDF-1.4 broken")
        with pytest.raises(InputError):
            lib.add(bad)
        assert len(lib.list()) == 2
        with pytest.raises(LibraryError):
            lib.get(999)
        stored = lib.prepared(results[0].id)
        assert stored.clauses and stored.clauses[0].id == "第一条" and stored.clauses[0].words


def test_dictionary_change_marks_library_stale_until_reindexed(lib_path, capsys, monkeypatch, tmp_path):
    from policydesk.paths import resource
    run(["library", "add", str(LAW), "--library", str(lib_path)], capsys)
    with Library(lib_path) as lib:
        assert not lib.stale
    home = tmp_path / "home"
    home.mkdir()
    (home / "jieba_userdict.txt").write_text(resource("jieba_userdict.txt").read_text(encoding="utf-8")
                                             + "水资源论证 100 n\n", encoding="utf-8")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    with Library(lib_path) as lib:
        assert lib.stale
    code, out, _ = run(["library", "reindex", "--library", str(lib_path)], capsys)
    assert code == 0 and "1" in out
    with Library(lib_path) as lib:
        assert not lib.stale and lib.prepared(1).clauses[0].id == "第一条"
