"""发文字号 (文号): the one implementation — finding, normalising, repairing and checking ``机关代字〔年份〕序号号``.

* :func:`find_doc_numbers` — every 文号 in a text, with offsets (the analysis' front matter and citations);
* :func:`normalize_doc_number` — one stored value to its canonical form, ``None`` when it holds none (the library's
  key, matching citations): ``国发[2019]11号`` / ``国发（2019）11 号`` / ``根据国发〔2019〕第11号`` → ``国发〔2019〕11号``;
* :func:`canonical_doc_number` — a match of :data:`DOCNUM_RE` in canonical form;
* :func:`repair_doc_number` — a 文号 line with OCR noise or odd brackets, repaired;
* :func:`doc_number_prefix` — the 机关代字 (``苏政发``) of a value;
* :func:`doc_number_problem` — what is wrong with a 文号 a drafter typed (GB/T 9704: 六角括号, no 虚位, no 第).

Nothing else in the code base parses a 文号 (tests/test_one_concept.py checks).
"""

from __future__ import annotations

import re
import unicodedata

# one character in, one character out: the brackets and digits a 文号 is printed with, in one form (offsets stay valid)
_FORM = str.maketrans({"(": "（", ")": "）", "［": "〔", "］": "〕", "[": "〔", "]": "〕", "〖": "〔", "〗": "〕", "﹝": "〔",
                       "﹞": "〕", "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
                       "８": "8", "９": "9", "○": "〇", "Ｏ": "〇"})

DOCNUM_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*(?:〔\s*(?P<y1>(?:19|20)\d{2})\s*〕|（\s*(?P<y2>(?:19|20)\d{2})\s*）"
    r"|【\s*(?P<y3>(?:19|20)\d{2})\s*】)\s*第?\s*(?P<n>\d{1,4})\s*号")
# words before the 机关代字 that a greedy match takes with it: 根据国发… → 国发
_PREFIX_CUT = re.compile(r"^.*(?:根据|按照|依照|依据|参照|参考|贯彻落实|贯彻|落实|执行|印发|转发|批转|以及|详见|文件|精神|号文)")
_PREFIX_LEAD = re.compile(r"^[要和及与的了是即见或在对将按经由并]+")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1", "丨": "1",
                             "S": "5", "B": "8", "Z": "2"})
_DOCNUM_SHAPE_RE = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔（【\[(<«]\s*(?P<y>[0-9OolI|丨〇○SBZ]{4})\s*[〕）】\])>»]"
                              r"\s*第?\s*(?P<n>[0-9OolI|丨〇○SBZ]{1,4})\s*[号弓亏]$")
# a title line that carries its own 文号 in brackets: …的通知（岳办发〔2017〕2号）
TITLE_DOCNUM_RE = re.compile(r"^(?P<title>.+?)[（(](?P<num>[^（）()]{2,20}〔(?:19|20)[0-9]{2}〕[0-9]{1,4}号)[）)]$")
# a 文号 line cut or damaged (closing bracket or 号 lost): kept and reported, never read as a 文号
DAMAGED_DOCNUM_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:〔|\[|（)(?:19|20)[0-9]{2}[〕\]）]?[0-9]{1,4}号?$")
_WELL_FORMED = re.compile(r"^[\u4e00-\u9fff]{2,12}〔(\d{4})〕([1-9]\d*)号$")
_PREFIX_RE = re.compile(r"\s*([\u4e00-\u9fff]+)\s*[〔\[［(（【]")


def doc_number_form(text: str) -> str:
    """Same-length copy of ``text`` with a 文号's brackets and digits in the form :data:`DOCNUM_RE` matches."""
    return text.translate(_FORM)


def canonical_doc_number(m: re.Match[str]) -> str:
    """A :data:`DOCNUM_RE` match as ``机关代字〔年份〕序号号`` (words before the 机关代字 cut, no 虚位)."""
    raw = m.group("prefix")
    prefix = _PREFIX_CUT.sub("", raw) or raw
    if len(prefix) > 4:
        prefix = _PREFIX_LEAD.sub("", prefix) or prefix
    prefix = prefix[-6:]
    year = m.group("y1") or m.group("y2") or m.group("y3")
    return f"{prefix}〔{year}〕{int(m.group('n'))}号"


def find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every 文号 in ``text`` as ``(start, end, canonical)``; offsets index ``text``."""
    return [(m.start(), m.end(), canonical_doc_number(m)) for m in DOCNUM_RE.finditer(doc_number_form(text))]


def normalize_doc_number(value: str | None) -> str | None:
    """The first 文号 in ``value`` in canonical form; ``None`` when ``value`` holds none."""
    if not value:
        return None
    m = DOCNUM_RE.search(doc_number_form(re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))))
    return canonical_doc_number(m) if m else None


def repair_doc_number(text: str) -> str | None:
    """A 文号 line with OCR noise or odd brackets (``某政办发〔2O22〕8号``, ``某政办发<2022>8弓``): the repaired
    文号, or None when the line is no 文号 at all.  The caller reports the repair."""
    m = _DOCNUM_SHAPE_RE.match(re.sub(r"\s+", "", doc_number_form(text)))
    if not m:
        return None
    year = m.group("y").translate(_OCR_DIGITS)
    num = m.group("n").translate(_OCR_DIGITS)
    if not (year.isdigit() and num.isdigit() and year[:2] in ("19", "20")):
        return None
    prefix = _PREFIX_CUT.sub("", m.group("prefix")) or m.group("prefix")
    return f"{prefix[-6:]}〔{year}〕{int(num)}号"


def doc_number_prefix(value: str | None) -> str | None:
    """The 机关代字 of a 文号 (``苏政发〔2020〕79号`` → ``苏政发``); None when there is none."""
    if not value:
        return None
    m = _PREFIX_RE.match(value)
    return m.group(1) if m else None


def doc_number_problem(value: str) -> str | None:
    """None when ``value`` is a 文号 as GB/T 9704 writes it, else a Chinese line saying what to change."""
    v = value.strip()
    if _WELL_FORMED.match(v):
        return None
    if re.search(r"[\[\]［］【】()（）]", v) and "〔" not in v:
        return f"发文字号“{value}”的年份应使用六角括号〔〕，如 东政发〔2021〕5号。"
    m = re.match(r"^.+〔(\d{4})〕(\d+)号$", v)
    if m and m.group(2).startswith("0"):
        return f"发文字号“{value}”的序号不编虚位（不加 0），应写作 {v.split('〕')[0]}〕{int(m.group(2))}号。"
    if "第" in v:
        return f"发文字号“{value}”的序号前不加“第”。"
    return f"发文字号“{value}”格式不对：应为 机关代字〔年份〕序号号，如 东政发〔2021〕5号。"
