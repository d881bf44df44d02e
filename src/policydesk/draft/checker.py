"""``check-format``: static checks of a .docx's XML against GB/T 9704-2012 (numbers in ``resources/gbt9704.json``).

Findings cite the clause and are either ``standard`` (against the standard: exit 1) or ``house`` (a house-style
preset asked for with ``--preset``).  Placeholders still to fill (【待补充：…】) are listed as their own kind.  What only
a layout can show (where a line breaks, whether the 版记 sits on an even page) is out of scope.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from .rules import format_spec

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
PLACEHOLDER_RX = re.compile(r"【待补充[^】]*】")
L1 = re.compile(r"^[一二三四五六七八九十]+、")
L2 = re.compile(r"^（[一二三四五六七八九十]+）")
L3 = re.compile(r"^\d+[.．](?!\d)")
CN_DATE = re.compile(r"^[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")
MAX_PART = 50 * 1024 * 1024


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(slots=True)
class Finding:
    clause: str
    kind: str            # standard | house
    message: str
    where: str | None = None


@dataclass(slots=True)
class PlaceholderItem:
    text: str
    paragraph: int


@dataclass
class FormatReport:
    path: str
    preset: str | None
    findings: list[Finding] = field(default_factory=list)
    placeholders: list[PlaceholderItem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(f.kind == "standard" for f in self.findings) else 0

    def to_json(self) -> dict[str, Any]:
        return {"schema": "policydesk.check-format/1", "file": self.path, "preset": self.preset,
                "findings": [asdict(f) for f in self.findings],
                "placeholders": [asdict(p) for p in self.placeholders],
                "summary": {"standard": sum(f.kind == "standard" for f in self.findings),
                            "house": sum(f.kind == "house" for f in self.findings),
                            "placeholders": len(self.placeholders)}}

    def format_text(self) -> str:
        lines = [f"{f.clause} | {'standard' if f.kind == 'standard' else 'house'} | {f.message}"
                 + (f"（{f.where}）" if f.where else "") for f in self.findings]
        lines += [f"待补充 | placeholder | 第{p.paragraph}段：{p.text}" for p in self.placeholders]
        s = self.to_json()["summary"]
        lines.append(f"共 {s['standard']} 项不符合 GB/T 9704-2012，{s['house']} 项不符合单位惯例，"
                     f"{s['placeholders']} 处待补充。")
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------------------ parsing
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _parse(z: zipfile.ZipFile, name: str):
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise InputError(f"文件过大，无法检查：{z.filename}（{name}）。")
    data = z.read(name)
    from ..readers.safety import XML_PROLOG_MAX_BYTES, xml_declares_dtd
    if xml_declares_dtd(data[:XML_PROLOG_MAX_BYTES]):
        raise InputError(f"文件含有不安全的 XML 声明，拒绝处理：{z.filename}。")
    return etree.fromstring(data, _PARSER)


class _Styles:
    def __init__(self, root):
        self.styles: dict[str, Any] = {}
        self.default_para = None
        self.doc_rpr = self.doc_ppr = None
        if root is None:
            return
        dd = root.find("w:docDefaults", NS)
        if dd is not None:
            self.doc_rpr = dd.find("w:rPrDefault/w:rPr", NS)
            self.doc_ppr = dd.find("w:pPrDefault/w:pPr", NS)
        for st in root.findall("w:style", NS):
            sid = st.get(_w("styleId"))
            self.styles[sid] = st
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true"):
                self.default_para = sid

    def chain(self, sid: str | None) -> list[Any]:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            out.append(st)
            b = st.find("w:basedOn", NS)
            sid = b.get(_w("val")) if b is not None else None
        return list(reversed(out))


def _merge_rpr(props: dict[str, Any], rpr) -> None:
    if rpr is None:
        return
    rf = rpr.find("w:rFonts", NS)
    if rf is not None:
        for a in ("eastAsia", "ascii", "hAnsi"):
            if rf.get(_w(a)):
                props[a] = rf.get(_w(a))
            if rf.get(_w(a + "Theme")) and not rf.get(_w(a)):
                props[a] = "theme:" + rf.get(_w(a + "Theme"))
    for tag, key in (("sz", "size"), ("spacing", "spacing"), ("w", "scale"), ("color", "color")):
        el = rpr.find(f"w:{tag}", NS)
        if el is not None and el.get(_w("val")) is not None:
            props[key] = el.get(_w("val"))
    b = rpr.find("w:b", NS)
    if b is not None:
        props["bold"] = b.get(_w("val"), "1") not in ("0", "false")


def _style_props(styles, sid) -> tuple[dict[str, Any], dict[str, Any]]:
    """Paragraph and run properties of style ``sid``: document defaults, then the style chain (base first)."""
    pprops: dict[str, Any] = {}
    rprops: dict[str, Any] = {}
    _merge_ppr(pprops, styles.doc_ppr)
    _merge_rpr(rprops, styles.doc_rpr)
    for st in styles.chain(sid):
        _merge_ppr(pprops, st.find("w:pPr", NS))
        _merge_rpr(rprops, st.find("w:rPr", NS))
    return pprops, rprops


def _merge_ppr(props: dict[str, Any], ppr) -> None:
    if ppr is None:
        return
    sp = ppr.find("w:spacing", NS)
    if sp is not None:
        for a in ("line", "lineRule"):
            if sp.get(_w(a)) is not None:
                props[a] = sp.get(_w(a))
    ind = ppr.find("w:ind", NS)
    if ind is not None:
        for a in ("firstLine", "firstLineChars", "left", "hanging"):
            if ind.get(_w(a)) is not None:
                props[a] = ind.get(_w(a))
    jc = ppr.find("w:jc", NS)
    if jc is not None:
        props["jc"] = jc.get(_w("val"))
    if ppr.find("w:pageBreakBefore", NS) is not None:
        props["pageBreakBefore"] = True
    bdr = ppr.find("w:pBdr/w:bottom", NS)
    if bdr is not None:
        props["bottomBorderColor"] = bdr.get(_w("color"))


@dataclass
class _Para:
    index: int
    text: str
    ppr: dict[str, Any]
    runs: list[tuple[str, dict[str, Any]]]
    in_table: bool
    page_break_before: bool


def _paragraphs(doc, styles: _Styles) -> list[_Para]:
    body = doc.find("w:body", NS)
    out: list[_Para] = []
    prev_break = False
    for i, p in enumerate(body.iter(_w("p"))):
        ppr_el = p.find("w:pPr", NS)
        sid = None
        if ppr_el is not None and ppr_el.find("w:pStyle", NS) is not None:
            sid = ppr_el.find("w:pStyle", NS).get(_w("val"))
        sid = sid or styles.default_para
        pprops, rbase = _style_props(styles, sid)
        _merge_ppr(pprops, ppr_el)
        runs = []
        has_break = False
        for r in p.iter(_w("r")):
            if any(el.get(_w("type")) == "page" for el in r.findall("w:br", NS)):
                has_break = True
            t = "".join(x.text or "" for x in r.findall("w:t", NS))
            if not t:
                continue
            props = dict(rbase)
            rpr = r.find("w:rPr", NS)
            if rpr is not None and rpr.find("w:rStyle", NS) is not None:
                for st in styles.chain(rpr.find("w:rStyle", NS).get(_w("val"))):
                    _merge_rpr(props, st.find("w:rPr", NS))
            _merge_rpr(props, rpr)
            runs.append((t, props))
        text = "".join(t for t, _ in runs)
        in_table = any(a.tag == _w("tc") for a in p.iterancestors())
        out.append(_Para(len(out) + 1, text, pprops, runs, in_table,
                         bool(pprops.get("pageBreakBefore")) or prev_break))
        if has_break and not text.strip():     # an empty paragraph holding a page break: the next one starts a page
            prev_break = True
        elif text.strip():
            prev_break = False
    return out


def _font_ok(name: str | None, allowed: list[str]) -> bool:
    return bool(name) and any(a in name for a in allowed)


def _size(props: dict[str, Any]) -> float | None:
    try:
        return int(props.get("size")) / 2
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------------------- checks
def check_docx(path: str | Path, preset: str | None = None) -> FormatReport:
    """Check ``path``; a file that cannot be checked (damaged ZIP member, malformed values such as a page size that
    is not a number or a footer link without a target) raises :class:`CouldNotCheck` (exit 3), never a crash
    (exit 1 is check-format's "findings" code)."""
    try:
        return _check_docx(path, preset)
    except InputError:
        raise
    except MemoryError as e:
        raise CouldNotCheck(f"无法检查格式：{path} 过大，内存不足。请确认选对了文件。", path=str(path)) from e
    except Exception as e:  # noqa: BLE001 - malformed values of every kind: the traceback goes to the log
        raise CouldNotCheck(f"无法检查格式：{path} 中有无法识别的内容（{_what_failed(e)}）。"
                            f"请在 Word/WPS 中打开并另存为 .docx 后再检查。", path=str(path)) from e


class CouldNotCheck(InputError):
    """check-format could not check the file (exit 3), as opposed to findings (exit 1)."""


def _what_failed(e: BaseException) -> str:
    if isinstance(e, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "文件中的部件已损坏"
    if isinstance(e, (ValueError, TypeError)):
        return "格式设置的数值无效"
    return "文件结构不完整"


def _check_docx(path: str | Path, preset: str | None = None) -> FormatReport:
    p = Path(path)
    spec_all = format_spec()
    if preset and preset not in spec_all.get("house_presets", {}):
        raise InputError(f"未知的单位惯例方案“{preset}”。可用：{'、'.join(spec_all.get('house_presets', {}))}。")
    if not p.exists():
        raise InputError(f"找不到文件：{p}。请检查路径。", path=str(p))
    try:
        z = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"不是有效的 Word（.docx）文件：{p}。请用 Word/WPS 另存为 .docx 后再检查。", path=str(p)) from e
    with z:
        try:
            doc = _parse(z, "word/document.xml")
            styles = _Styles(_parse(z, "word/styles.xml"))
            settings = _parse(z, "word/settings.xml")
            rels = _parse(z, "word/_rels/document.xml.rels")
            footers = {}
            if rels is not None:
                for rel in rels:
                    if rel.get("Type", "").endswith("/footer"):
                        footers[rel.get("Id")] = _parse(z, "word/" + rel.get("Target").lstrip("/").replace("word/", ""))
        except etree.XMLSyntaxError as e:
            raise InputError(f"Word 文件已损坏，无法解析：{p}（{e}）。", path=str(p)) from e
    if doc is None:
        raise InputError(f"不是有效的 Word（.docx）文件：{p}（缺少 word/document.xml）。", path=str(p))
    rep = FormatReport(str(p), preset)
    std = spec_all["standard"]
    paras = _paragraphs(doc, styles)
    for para in paras:
        for m in PLACEHOLDER_RX.finditer(para.text):
            rep.placeholders.append(PlaceholderItem(m.group(0), para.index))
    _check_sections(doc, std, rep)
    _check_grid_and_pitch(doc, styles, std, rep)
    _check_body(paras, styles, std, rep)
    _check_footers(doc, settings, footers, std, rep)
    _check_head_and_tail(paras, std, rep)
    if preset:
        _check_house(spec_all["house_presets"][preset], preset, paras, styles, doc, footers, rep)
    return rep


_MEASURE = re.compile(r"(-?\d+(?:\.\d+)?)(mm|cm|in|pt|pc|pi)")
_TWIPS_PER = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440, "pt": 20, "pc": 240, "pi": 240}


def _twips(value: str | int) -> int:
    """A twips value, or an OOXML universal measure ("37mm", "1.5in"); anything else raises ValueError."""
    if isinstance(value, int):
        return value
    value = value.strip()
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    m = _MEASURE.fullmatch(value)
    if m is None:
        raise ValueError(f"not a measure: {value[:20]!r}")
    return round(float(m.group(1)) * _TWIPS_PER[m.group(2)])


def _check_sections(doc, std, rep: FormatReport) -> None:
    sects = list(doc.iter(_w("sectPr")))
    if not sects:
        rep.findings.append(Finding("5.1", "standard", "文档没有页面设置（sectPr），无法确认纸张和页边距"))
    pg, mg, tol = std["page"], std["margins"], std["margins"].get("tolerance", 57)
    for n, s in enumerate(sects, 1):
        where = f"第{n}节" if len(sects) > 1 else None
        sz = s.find("w:pgSz", NS)
        w = _twips(sz.get(_w("w"), 0)) if sz is not None else 0
        h = _twips(sz.get(_w("h"), 0)) if sz is not None else 0
        if abs(w - pg["width"]) > 20 or abs(h - pg["height"]) > 20:
            rep.findings.append(Finding("5.1", "standard",
                                        f"纸张不是 A4（210×297 mm）：宽 {w / 56.7:.0f} mm，高 {h / 56.7:.0f} mm", where))
        m = s.find("w:pgMar", NS)
        for side, cn in (("top", "上"), ("left", "左"), ("right", "右"), ("bottom", "下")):
            val = _twips(m.get(_w(side), 0)) if m is not None else 0
            if abs(val - mg[side]) > tol:
                rep.findings.append(Finding("5.2.1", "standard",
                                            f"{cn}页边距 {val / 56.7:.1f} mm，应为 {mg[side] / 56.7:.0f} mm（±1 mm）", where))


def _text_box(doc, std) -> tuple[float, float]:
    s = next(iter(doc.iter(_w("sectPr"))), None)
    pg, mg = std["page"], std["margins"]
    if s is None:
        return (pg["width"] - mg["left"] - mg["right"]) / 20, (pg["height"] - mg["top"] - mg["bottom"]) / 20
    sz, m = s.find("w:pgSz", NS), s.find("w:pgMar", NS)
    w = _twips(sz.get(_w("w"), pg["width"])) - _twips(m.get(_w("left"), 0)) - _twips(m.get(_w("right"), 0))
    h = _twips(sz.get(_w("h"), pg["height"])) - _twips(m.get(_w("top"), 0)) - _twips(m.get(_w("bottom"), 0))
    return w / 20, h / 20


def _role(para: _Para) -> str:
    t = para.text.strip()
    if re.fullmatch(r"\d{6}", t) or re.fullmatch(r"(特急|加急|特提|平急|绝密|机密|秘密)(★.*)?", t) \
            or PLACEHOLDER_RX.fullmatch(t):
        return "slot"          # 份号 / 密级 / 紧急程度 (7.2.1-7.2.3) or a placeholder line
    jc = para.ppr.get("jc")
    first = para.runs[0][1] if para.runs else {}
    color = (first.get("color") or "").upper()
    if color in ("FF0000", "RED", "C00000", "E60000") and jc == "center":
        return "issuer_mark"
    if jc == "center" and (_size(first) or 0) >= 20:
        return "title"
    if jc == "center" and re.search(r"〔\d{4}〕|\(\d{4}\)|（\d{4}）|\[\d{4}\]", t) and t.endswith("号"):
        return "doc_number"
    if re.fullmatch(r"附件\d*", t):
        return "attachment_label"
    if jc == "right" or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t) or CN_DATE.fullmatch(t):
        return "signature"
    if t.startswith("抄送") or t.endswith("印发"):
        return "imprint"
    if jc == "center":
        return "centred"
    if L1.match(t):
        return "h1"
    if L2.match(t):
        return "h2"
    if L3.match(t):
        return "h3"
    if t.endswith(("：", ":")) and len(t) < 120 and para.ppr.get("firstLine", "0") in ("0", None):
        return "recipients"
    return "body"


def _check_body(paras: list[_Para], styles: _Styles, std, rep: FormatReport) -> None:
    fonts = std["fonts_allowed"]
    body_sz = float(std["sizes_pt"]["body"])
    bad: dict[str, list[int]] = {}

    def note(key: str, idx: int) -> None:
        bad.setdefault(key, []).append(idx)

    # 5.2.2 / 5.2.3 on the default paragraph style
    nprops, rprops = _style_props(styles, styles.default_para)
    if not _font_ok(rprops.get("eastAsia"), fonts["body"]):
        rep.findings.append(Finding("5.2.2", "standard",
                                    f"正文样式的中文字体（w:eastAsia）为“{rprops.get('eastAsia') or '未设置'}”，应为仿宋（3号）"))
    if _size(rprops) != body_sz:
        rep.findings.append(Finding("5.2.2", "standard", f"正文样式字号为 {_size(rprops)} 磅，应为 3号（16 磅）"))
    for para in paras:
        t = para.text.strip()
        if not t or para.in_table:
            continue
        role = _role(para)
        if role in ("body", "h1", "h2", "h3", "recipients"):
            for text, props in para.runs:
                if not text.strip() or PLACEHOLDER_RX.fullmatch(text.strip()):
                    continue
                if _size(props) != body_sz:
                    note("size", para.index)
                    break
            want = {"body": "body", "recipients": "body", "h1": "h1", "h2": "h2", "h3": "h3"}[role]
            first_font = para.runs[0][1].get("eastAsia") if para.runs else None
            if not _font_ok(first_font, fonts[want]):
                note(f"font_{want}", para.index)
            if role == "body":
                for text, props in para.runs[1:]:
                    if text.strip() and not _font_ok(props.get("eastAsia"), fonts["body"] + fonts["h2"] + fonts["h1"]):
                        note("font_body", para.index)
                        break
            fl, flc = para.ppr.get("firstLine"), para.ppr.get("firstLineChars")
            ok_indent = (flc is not None and int(flc) == 200) or (fl is not None and 560 <= int(fl) <= 700)
            if role != "recipients" and not ok_indent:
                note("indent", para.index)
            if para.ppr.get("lineRule") != "exact":
                note("line", para.index)
    msgs = {"size": ("5.2.2", "正文字号不是 3号（16 磅）"),
            "font_body": ("5.2.2", "正文中文字体（w:eastAsia）不是仿宋"),
            "font_h1": ("7.3.3", "一级标题“一、”的中文字体不是黑体"),
            "font_h2": ("7.3.3", "二级标题“（一）”的中文字体不是楷体"),
            "font_h3": ("7.3.3", "三级标题“1.”的中文字体不是仿宋"),
            "indent": ("7.3.3", "段落首行未缩进两个字符"),
            "line": ("5.2.3", "段落行距不是固定值，无法保证每页 22 行")}
    for key, idxs in bad.items():
        clause, msg = msgs[key]
        where = "第" + "、".join(map(str, idxs[:5])) + "段" + (f"等 {len(idxs)} 段" if len(idxs) > 5 else "")
        rep.findings.append(Finding(clause, "standard", msg, where))


def _check_footers(doc, settings, footers: dict, std, rep: FormatReport) -> None:
    # 5.2.3 lines and characters per page (from the default style and the grid)
    pn_size = float(std["sizes_pt"]["page_number"])
    even_odd = settings is not None and settings.find("w:evenAndOddHeaders", NS) is not None \
        and settings.find("w:evenAndOddHeaders", NS).get(_w("val"), "1") not in ("0", "false")
    sects = list(doc.iter(_w("sectPr")))
    last = sects[-1] if sects else None
    refs = {}
    if last is not None:
        for fr in last.findall("w:footerReference", NS):
            refs[fr.get(_w("type"), "default")] = fr.get(f"{{{R}}}id")
    if not even_odd:
        rep.findings.append(Finding("7.5", "standard", "未设置奇偶页不同页脚：页码应单页居右、双页居左"))
    for kind, side, cn in (("default", "right", "单页"), ("even", "left", "双页")):
        if kind == "even" and not even_odd:
            continue
        root = footers.get(refs.get(kind))
        if root is None:
            rep.findings.append(Finding("7.5", "standard", f"缺少{cn}页脚，无法显示页码"))
            continue
        instr = " ".join((x.text or "") for x in root.iter(_w("instrText")))
        simple = [x.get(_w("instr"), "") for x in root.iter(_w("fldSimple"))]
        if "PAGE" not in instr.upper() and not any("PAGE" in s.upper() for s in simple):
            rep.findings.append(Finding("7.5", "standard", f"{cn}页脚没有页码域（PAGE）"))
            continue
        paras = [p for p in root.iter(_w("p")) if p.find(".//w:instrText", NS) is not None
                 or p.find(".//w:fldSimple", NS) is not None]
        p = paras[0]
        jc = p.find("w:pPr/w:jc", NS)
        if (jc.get(_w("val")) if jc is not None else "left") != side:
            rep.findings.append(Finding("7.5", "standard", f"{cn}页码应{'居右' if side == 'right' else '居左'}（空一字）"))
        texts = "".join(x.text or "" for x in p.iter(_w("t")))
        if not re.fullmatch(r"\s*—\s*\d*\s*—\s*", texts):
            rep.findings.append(Finding("7.5", "standard", f"{cn}页码两侧应各有一条一字线，形如“— 1 —”（现为“{texts.strip()}”）"))
        for r in p.iter(_w("r")):
            props: dict[str, Any] = {}
            _merge_rpr(props, r.find("w:rPr", NS))
            if "".join(x.text or "" for x in r.findall("w:t", NS)).strip():
                if _size(props) != pn_size:
                    rep.findings.append(Finding("7.5", "standard", f"{cn}页码字号应为 4号（14 磅）"))
                    break
                if not _font_ok(props.get("ascii") or props.get("eastAsia"), std["fonts_allowed"]["page_number"]):
                    rep.findings.append(Finding("7.5", "standard", f"{cn}页码应为宋体"))
                    break


def _check_head_and_tail(paras: list[_Para], std, rep: FormatReport) -> None:
    pats = std["patterns"]
    fonts = std["fonts_allowed"]
    doc_number_rx = re.compile(pats["doc_number"])
    date_rx = re.compile(pats["date"])
    titles = [p for p in paras if not p.in_table and p.text.strip() and _role(p) == "title"]
    if not titles:
        rep.findings.append(Finding("7.3.1", "standard", "未找到 2号（22 磅）居中的标题"))
    for p in titles:
        props = p.runs[0][1]
        if _size(props) != float(std["sizes_pt"]["title"]):
            rep.findings.append(Finding("7.3.1", "standard", f"标题字号为 {_size(props)} 磅，应为 2号（22 磅）", f"第{p.index}段"))
        if not _font_ok(props.get("eastAsia"), fonts["title"]):
            rep.findings.append(Finding("7.3.1", "standard",
                                        f"标题字体为“{props.get('eastAsia')}”，应为小标宋", f"第{p.index}段"))
    for i, p in enumerate(paras):
        t = p.text.strip()
        if not t:
            continue
        role = _role(p) if not p.in_table else ("imprint" if t.startswith("抄送") or t.endswith("印发") else "table")
        if role == "doc_number" and not PLACEHOLDER_RX.search(t):
            if not doc_number_rx.match(t):
                why = []
                if re.search(r"\(\d{4}\)|（\d{4}）|\[\d{4}\]|【\d{4}】", t):
                    why.append("年份应使用六角括号〔〕")
                if "第" in t:
                    why.append("不加“第”字")
                if re.search(r"〕0\d", t):
                    why.append("序号不编虚位（不加 0）")
                rep.findings.append(Finding("7.2.5", "standard",
                                            f"发文字号“{t}”格式不对" + ("：" + "，".join(why) if why else ""), f"第{p.index}段"))
        if role == "doc_number":
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            red = (p.ppr.get("bottomBorderColor") or "").upper() == std["red"] or \
                (nxt is not None and (nxt.ppr.get("bottomBorderColor") or "").upper() == std["red"])
            if not red:
                rep.findings.append(Finding("7.2.7", "standard", "发文字号下未见红色分隔线", f"第{p.index}段"))
        if role == "issuer_mark" and not _font_ok(p.runs[0][1].get("eastAsia"), fonts["title"]):
            rep.findings.append(Finding("7.2.4", "standard", "发文机关标志宜用小标宋", f"第{p.index}段"))
        if role == "signature":
            if CN_DATE.fullmatch(t):
                rep.findings.append(Finding("7.3.5", "standard",
                                            f"成文日期“{t}”应使用阿拉伯数字（如 2021年6月3日）", f"第{p.index}段"))
            elif re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t) and not date_rx.match(t):
                rep.findings.append(Finding("7.3.5", "standard",
                                            f"成文日期“{t}”月、日不编虚位（不加 0）", f"第{p.index}段"))
        if role == "attachment_label":
            if not p.page_break_before:
                rep.findings.append(Finding("7.3.7", "standard", "附件应另起一页", f"第{p.index}段"))
            if not _font_ok(p.runs[0][1].get("eastAsia"), fonts["attachment_label"]):
                rep.findings.append(Finding("7.3.7", "standard", "“附件”标识应为黑体", f"第{p.index}段"))
        if role == "imprint":
            for text, props in p.runs:
                if text.strip() and not PLACEHOLDER_RX.fullmatch(text.strip()) and \
                        _size(props) != float(std["sizes_pt"]["imprint"]):
                    rep.findings.append(Finding("7.4", "standard", "版记（抄送、印发机关和印发日期）应为 4号（14 磅）",
                                                f"第{p.index}段"))
                    break


def line_pitch_ok(pitch_twips: int, text_height_pt: float, lines: int) -> bool:
    """Exactly ``lines`` lines of this pitch fit the text block."""
    pt = pitch_twips / 20
    return lines * pt <= text_height_pt + 0.05 and (lines + 1) * pt > text_height_pt + 0.05


def chars_per_line(width_pt: float, size_pt: float, scale: float = 100, spacing_twips: int = 0) -> int:
    return int((width_pt + 0.01) // (size_pt * scale / 100 + spacing_twips / 20))


def _check_house(preset: dict[str, Any], name: str, paras: list[_Para], styles: _Styles, doc, footers, rep) -> None:
    if "line_pitch_twips" in preset:
        want = int(preset["line_pitch_twips"])
        props: dict[str, Any] = {}
        _merge_ppr(props, styles.doc_ppr)
        for st in styles.chain(styles.default_para):
            _merge_ppr(props, st.find("w:pPr", NS))
        got = props.get("line")
        if got is None or abs(int(got) - want) > 2 or props.get("lineRule") != "exact":
            rep.findings.append(Finding(name, "house", f"正文行距为 {int(got or 0) / 20:g} 磅，本单位惯例为固定值 {want / 20:g} 磅"))
    if preset.get("h3_bold"):
        for p in paras:
            if not p.in_table and L3.match(p.text.strip()) and not p.runs[0][1].get("bold"):
                rep.findings.append(Finding(name, "house", "三级标题“1.”按本单位惯例应加粗", f"第{p.index}段"))
                break
    if preset.get("page_number_align"):
        for root in footers.values():
            if root is None:
                continue
            jc = root.find(".//w:pPr/w:jc", NS)
            if jc is not None and jc.get(_w("val")) != preset["page_number_align"]:
                rep.findings.append(Finding(name, "house", "页码按本单位惯例应居中"))
                break


def _check_grid_and_pitch(doc, styles: _Styles, std, rep: FormatReport) -> None:
    width, height = _text_box(doc, std)
    props: dict[str, Any] = {}
    rprops: dict[str, Any] = {}
    _merge_ppr(props, styles.doc_ppr)
    _merge_rpr(rprops, styles.doc_rpr)
    for st in styles.chain(styles.default_para):
        _merge_ppr(props, st.find("w:pPr", NS))
        _merge_rpr(rprops, st.find("w:rPr", NS))
    lines = int(std["lines_per_page"])
    if props.get("lineRule") != "exact" or not props.get("line"):
        rep.findings.append(Finding("5.2.3", "standard", "正文样式行距不是固定值，每页行数无法保证为 22 行"))
    elif not line_pitch_ok(int(props["line"]), height, lines):
        rep.findings.append(Finding("5.2.3", "standard",
                                    f"正文行距 {int(props['line']) / 20:g} 磅，版心高 {height:.1f} 磅，每页不是 {lines} 行"
                                    f"（宜为固定值 28.95 磅）"))
    size = _size(rprops) or 16.0
    s = next(iter(doc.iter(_w("sectPr"))), None)
    grid = s.find("w:docGrid", NS) if s is not None else None
    if grid is not None and grid.get(_w("type")) == "linesAndChars" and grid.get(_w("charSpace")):
        pitch = size + int(grid.get(_w("charSpace"))) / 4096
        n = int((width + 0.01) // pitch)
    else:
        n = chars_per_line(width, size, float(rprops.get("scale") or 100), int(rprops.get("spacing") or 0))
    if n != int(std["chars_per_line"]):
        rep.findings.append(Finding("5.2.3", "standard", f"每行约 {n} 字，应为 {std['chars_per_line']} 字"
                                    "（可略微紧缩字符间距或缩放字符）"))
