"""Render a :class:`DraftResult` as a GB/T 9704-2012 Word document with python-docx.

Starts from python-docx's default template and fixes what it gets wrong for 公文: page size (US Letter → A4),
theme fonts (Japanese fallback), East Asian fonts on styles and runs, exact 28.95 pt line pitch (22 lines a page) with
slightly condensed characters (28 a line; no ``docGrid linesAndChars``, which LibreOffice lays out badly), page numbers
``— N —`` odd right / even left, 版头, 署名/成文日期, 附件 and 版记.
"""

from __future__ import annotations

import copy as _copy
import datetime as _dt
from typing import Any, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.run import Run

from .model import CONFIRM, FLAG, HEADING, PLACEHOLDER, TARGET, Block, DraftResult, LedgerRow, Segment
from .ooxml import (PPR_ORDER, SECTPR_ORDER, TBLBORDERS_ORDER, TBLPR_ORDER, TCPR_ORDER, add_field, border, child,
                    drop_styles_with_effects, fix_theme_fonts, ordered, set_ppr, set_rpr)
from .rules import font_preset, format_spec

HIGHLIGHT = {PLACEHOLDER: "yellow", TARGET: "yellow", CONFIRM: "cyan", FLAG: "magenta"}
# the published annex: who does what by when (进展情况/责任领导 belong to the internal ledger, ledger.py)
LEDGER_HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
LEDGER_WIDTHS = (640, 2400, 1600, 3005, 1200)      # 配合单位 lists are the longest cells
LEDGER_TITLE = "重点任务分工表"


class _Writer:
    def __init__(self, result: DraftResult):
        self.r = result
        self.spec = format_spec()["standard"]
        self.fonts = font_preset(result.options.fonts)
        self.doc = Document()
        self._comments: Any = None          # w:comments, made on the first comment
        self._next_comment = 0
        self._run_cache: dict[tuple, Any] = {}
        self.body_pt = float(self.spec["sizes_pt"]["body"])
        self.pitch = int(self.spec["line_pitch_twips"])
        self.scale = int(self.spec.get("char_scale_percent", 100))
        self.char_tw = int(round(self.body_pt * 20 * self.scale / 100 + self.spec.get("char_spacing_twips", 0)))
        self.indent = self.char_tw * int(self.spec.get("first_line_indent_chars", 2))
        m = self.spec["margins"]
        self.text_width = self.spec["page"]["width"] - m["left"] - m["right"]

    # ------------------------------------------------------------------------------------------------ set-up
    def setup(self) -> None:
        doc, f, sp = self.doc, self.fonts, self.spec
        fix_theme_fonts(doc, f["latin"], f["body"], f["h1"])
        styles = doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = child(child(defaults, "w:rPrDefault"), "w:rPr")
        set_rpr(rpr, font=f["body"], size_pt=self.body_pt)
        lang = ordered(rpr, "w:lang", [])
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        ppr = child(child(defaults, "w:pPrDefault"), "w:pPr")
        set_ppr(ppr, line=self.pitch, before=0, after=0, hanging_punct=False)
        normal = doc.styles["Normal"]
        set_rpr(normal.element.get_or_add_rPr(), font=f["body"], size_pt=self.body_pt,
                spacing=sp.get("char_spacing_twips", 0), scale=self.scale)
        set_ppr(normal.element.get_or_add_pPr(), line=self.pitch, first_line=self.indent, first_line_chars=200,
                jc="both", widow=False, hanging_punct=False)
        for name, font, lvl in (("Heading 1", f["h1"], 0), ("Heading 2", f["h2"], 1), ("Heading 3", f["h3"], 2),
                                ("Heading 4", f["h4"], 3)):
            st = doc.styles[name]
            el = st.element
            for old in (el.find(qn("w:rPr")), el.find(qn("w:pPr"))):
                if old is not None:
                    el.remove(old)
            set_rpr(el.get_or_add_rPr(), font=font, size_pt=self.body_pt, bold=False, color="000000",
                    spacing=sp.get("char_spacing_twips", 0), scale=self.scale)
            set_ppr(el.get_or_add_pPr(), line=self.pitch, first_line=self.indent, first_line_chars=200,
                    jc="both", outline=lvl, keep_next=True, widow=False)
        title = doc.styles["Title"]
        el = title.element
        for old in (el.find(qn("w:rPr")), el.find(qn("w:pPr"))):
            if old is not None:
                el.remove(old)
        set_rpr(el.get_or_add_rPr(), font=f["title"], size_pt=sp["sizes_pt"]["title"], bold=False, color="000000",
                spacing=0, scale=100)
        set_ppr(el.get_or_add_pPr(), line=self.pitch, first_line=0, first_line_chars=0, jc="center", widow=False)
        # section: A4, margins, footers; odd/even footers
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Twips(sp["page"]["width"]), Twips(sp["page"]["height"])
        mg = sp["margins"]
        sec.top_margin, sec.bottom_margin = Twips(mg["top"]), Twips(mg["bottom"])
        sec.left_margin, sec.right_margin = Twips(mg["left"]), Twips(mg["right"])
        sec.footer_distance = Twips(sp.get("footer_distance", 1304))
        sec.header_distance = Twips(851)
        sectpr = sec._sectPr
        grid = sectpr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sectpr.append(grid)
        for a in list(grid.attrib):
            del grid.attrib[a]
        grid.set(qn("w:type"), "default")
        grid.set(qn("w:linePitch"), str(self.pitch))
        doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(sec.footer.paragraphs[0], "right")
        self._page_number(sec.even_page_footer.paragraphs[0], "left")
        self._comment_styles()
        drop_styles_with_effects(doc)
        props = doc.core_properties
        props.title = self.r.title[:255]        # python-docx refuses longer core properties
        props.author = self.r.profile.government
        props.comments = f"policydesk 依据 {self.r.source.doc_number or self.r.source.title} 生成的草稿"[:255]
        props.created = props.modified = _dt.datetime(2000, 1, 1)   # reproducible output

    def _comment_styles(self) -> None:
        """Define the styles the comments use (CommentText, CommentReference): every used style must exist."""
        from lxml import etree
        styles = self.doc.styles.element
        have = {st.get(qn("w:styleId")) for st in styles.iterchildren(qn("w:style"))}
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        defs = {
            "CommentText": f'<w:style xmlns:w="{w}" w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation '
                           'text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:semiHidden/>'
                           '<w:unhideWhenUsed/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" '
                           'w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:w w:val="100"/><w:sz w:val="21"/>'
                           '<w:szCs w:val="21"/></w:rPr></w:style>',
            "CommentReference": f'<w:style xmlns:w="{w}" w:type="character" w:styleId="CommentReference"><w:name '
                                'w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority '
                                'w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="21"/><w:szCs '
                                'w:val="21"/></w:rPr></w:style>'}
        for sid, xml in defs.items():
            if sid not in have:
                styles.append(etree.fromstring(xml))

    def _page_number(self, p, side: str) -> None:
        size = self.spec["sizes_pt"]["page_number"]
        one_char = int(size * 20)
        set_ppr(p._p.get_or_add_pPr(), line=None, first_line=0, first_line_chars=0,
                left=one_char if side == "left" else 0, right=one_char if side == "right" else 0, jc=side)
        font = self.fonts["page_number"]
        for r in [p.add_run("— "), *add_field(p, "PAGE"), p.add_run(" —")]:
            set_rpr(r._r.get_or_add_rPr(), font=font, size_pt=size, spacing=0, scale=100)

    # ------------------------------------------------------------------------------------------------ paragraphs
    def run(self, p, text: str, *, role: str = "body", size: float | None = None, bold: bool | None = None,
            color: str | None = None, highlight: str | None = None):
        key = (role, size, bold, color, highlight)
        tpl = self._run_cache.get(key)
        if tpl is not None and "\t" not in text and "\n" not in text:
            el = _copy.deepcopy(tpl)                 # a prepared run: same XML, ~5x faster than building it
            if text:
                el[-1].text = text
            else:
                del el[-1]                           # python-docx writes no w:t for an empty run
            p._p.append(el)
            return Run(el, p)
        r = p.add_run(text)
        set_rpr(r._r.get_or_add_rPr(), font=self.fonts[role], size_pt=size or self.body_pt, bold=bold, color=color)
        if highlight:
            r.font.highlight_color = getattr(WD_COLOR_INDEX, {"yellow": "YELLOW", "cyan": "TURQUOISE",
                                                               "magenta": "PINK"}[highlight])
        if tpl is None and text and "\t" not in text and "\n" not in text and len(r._r) == 2:
            self._run_cache[key] = _copy.deepcopy(r._r)
        return r

    def para(self, style: str | None = None, *, indent: bool = True, jc: str | None = None, **ppr: Any):
        p = self.doc.add_paragraph(style=style)
        pp = p._p.get_or_add_pPr()
        if not indent:
            set_ppr(pp, line=None, first_line=0, first_line_chars=0, jc=jc, **ppr)
        elif jc or ppr:
            set_ppr(pp, line=None, jc=jc, **ppr)
        return p

    def blank(self) -> None:
        self.para(indent=False)

    def comment(self, runs, text: str) -> None:
        """A Word comment anchored on ``runs`` (built directly: python-docx's API costs ~2.5 ms a comment)."""
        if not runs or not text:
            return
        if not isinstance(runs, (list, tuple)):
            runs = [runs]
        if self._comments is None:
            self._comments = self.doc.comments._comments_elm
        cid = self._next_comment
        self._next_comment += 1
        c = OxmlElement("w:comment")
        c.set(qn("w:id"), str(cid))
        c.set(qn("w:author"), self.r.options.author)
        c.set(qn("w:initials"), "PD")
        for i, line in enumerate(text.split("\n")):
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            child(ppr, "w:pStyle").set(qn("w:val"), "CommentText")
            p.append(ppr)
            if i == 0:
                ref = OxmlElement("w:r")
                rpr = OxmlElement("w:rPr")
                child(rpr, "w:rStyle").set(qn("w:val"), "CommentReference")
                ref.append(rpr)
                ref.append(OxmlElement("w:annotationRef"))
                p.append(ref)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            r.append(t)
            p.append(r)
            c.append(p)
        self._comments.append(c)
        runs[0].mark_comment_range(runs[-1], cid)

    def segments(self, p, segs: list[Segment], base_role: str = "body") -> list:
        if self.r.options.track_changes:          # --track-changes: edits as Word revisions (draft/revisions.py)
            from . import revisions
            return revisions.write_segments(self, p, segs, base_role)
        runs = []
        for s in segs:
            role = base_role
            if s.kind == HEADING and s.level:
                role = f"h{min(int(s.level), 4)}"
            r = self.run(p, s.text, role=role, highlight=HIGHLIGHT.get(s.kind))
            runs.append(r)
            if s.comment:
                self.comment(r, s.comment)
        return runs

    def block(self, b: Block) -> None:
        if b.kind == "heading" and b.level:
            style = f"Heading {min(b.level, 4)}"
            p = self.para(style)
            runs = self.segments(p, b.segments, base_role=f"h{min(b.level, 4)}")
        else:
            p = self.para()
            runs = self.segments(p, b.segments)
        if b.revision and self.r.options.track_changes:
            from . import revisions
            revisions.mark_paragraph(self, p, b.revision)
        if b.comment:
            self.comment(runs, b.comment)

    def title(self, lines: list[str], new_page: bool = False) -> None:
        p = self.para("Title", page_break_before=True) if new_page else self.para("Title")
        for i, line in enumerate(lines):
            r = self.run(p, line, role="title", size=self.spec["sizes_pt"]["title"])
            if i < len(lines) - 1:
                r.add_break()

    def signature(self) -> None:
        prof, opts = self.r.profile, self.r.options
        date = opts.date or "【待补充：成文日期】"
        ls, ld = len(prof.government), len(date)
        ri_sig = max(2, 4 + ld - ls)
        ri_date = ri_sig + ls - 2 - ld
        if ri_date < 2:
            ri_date, ri_sig = 2, 4 + ld - ls
        self.blank()
        p = self.para(indent=False, jc="right", right=ri_sig * self.char_tw)
        self.run(p, prof.government)
        p = self.para(indent=False, jc="right", right=ri_date * self.char_tw)
        self.run(p, date, highlight=None if opts.date else "yellow")

    # ------------------------------------------------------------------------------------------------ 版头 / notice
    def wrapper(self) -> None:
        prof, opts, sp = self.r.profile, self.r.options, self.spec
        red = sp["red"]
        start = len(list(self.doc.element.body.iterchildren(qn("w:p"))))
        slots = 0
        if opts.copy_number is not None:
            p = self.para(indent=False)
            self.run(p, opts.copy_number or "【待补充：份号】", highlight=None if opts.copy_number else "yellow")
            slots += 1
        for val, ph in ((opts.secrecy, "【待补充：密级和保密期限】"), (opts.urgency, "【待补充：紧急程度】")):
            if val is not None:
                p = self.para(indent=False)
                self.run(p, val or ph, role="h1", highlight=None if val else "yellow")
                slots += 1
        mark = f"{prof.government}文件"
        size = min(float(sp["sizes_pt"].get("issuer_mark_max", 52)), self.text_width / 20 / len(mark) * 0.98)
        size = float(int(size))
        before = max(0, int(sp.get("issuer_mark_top_mm", 35) / 25.4 * 1440) - slots * self.pitch)
        p = self.para(indent=False, jc="center")
        set_ppr(p._p.get_or_add_pPr(), line=int(size * 20 * 1.15), before=before, after=0)
        self.run(p, mark, role="issuer_mark", size=size, color=red)
        self.blank()
        self.blank()
        number = opts.doc_number or (f"{prof.doc_number_prefix or '【待补充：发文机关代字】'}"
                                     f"〔{_dt.date.today().year}〕【待补充：序号】号")
        p = self.para(indent=False, jc="center")
        mm4 = int(round(sp.get("separator_below_doc_number_mm", 4) / 25.4 * 72))
        border(p._p.get_or_add_pPr(), "bottom", sz=12, color=red, space=mm4)
        if opts.doc_number:
            self.run(p, number)
        else:
            head, _, tail = number.partition("〔")
            yr, _, rest = tail.partition("〕")
            if head.startswith("【"):
                self.run(p, head, highlight="yellow")
            else:
                self.run(p, head)
            self.run(p, f"〔{yr}〕")
            self.run(p, rest[:-1] if rest.endswith("号") else rest, highlight="yellow")
            self.run(p, "号")
        self.blank()
        self.blank()
        plan_title = self.r.title[len(prof.name):] if self.r.title.startswith(prof.name) else self.r.title
        notice = f"{prof.government}关于印发《{plan_title}》的通知"
        from .wording import split_title
        from .rules import draft_rules
        rules = draft_rules()
        self.title(split_title(notice, int(rules.get("title_max_chars_per_line", 20)),
                               rules.get("title_break_before", []), rules.get("title_break_after", [])))
        self.blank()
        p = self.para(indent=False)
        runs = [self.run(p, prof.recipients + "：")]
        if "recipients" in prof.editable_defaults:
            self.comment(runs, "主送机关为默认写法，请按本地实际核对。")
        p = self.para()
        self.run(p, f"现将《{plan_title}》印发给你们，请结合实际，认真贯彻执行。")
        self.signature()
        if self.r.source.publicity:
            p = self.para()
            pub = self.r.source.publicity.strip("（）()")
            self.comment([self.run(p, f"（{pub}）", highlight="cyan")],
                         f"市方案的附注为“{pub}”，请确认本级文件的公开属性。")
        self.notice_fits = self._fit_notice(start)
        self.notice_plan_title = plan_title        # the plan's title starts the next page (pageBreakBefore)

    def _estimate_twips(self, p) -> float:
        """Height of a paragraph in twips, estimated from its text, size, indents and exact line height."""
        import math
        ppr = p.find(qn("w:pPr"))
        sp = ppr.find(qn("w:spacing")) if ppr is not None else None
        line = int(sp.get(qn("w:line"))) if sp is not None and sp.get(qn("w:line")) else self.pitch
        before = int(sp.get(qn("w:before")) or 0) if sp is not None else 0
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        avail = self.text_width
        if ind is not None:
            avail -= sum(int(ind.get(qn(a)) or 0) for a in ("w:left", "w:right", "w:firstLine"))
        sz = next((int(e.get(qn("w:val"))) for e in p.iter(qn("w:sz"))), int(self.body_pt * 2))
        char = sz * 10 * (self.scale / 100 if sz == int(self.body_pt * 2) else 1)
        pieces = [""]
        for el in p.iter(qn("w:t"), qn("w:br")):
            if el.tag == qn("w:br"):
                pieces.append("")
            else:
                pieces[-1] += el.text or ""
        lines = sum(max(1, math.ceil(self._width(x) * char / max(avail, char))) for x in pieces)
        h = before + lines * line
        bdr = ppr.find(qn("w:pBdr")) if ppr is not None else None
        if bdr is not None:
            for b in bdr:
                h += int(b.get(qn("w:space")) or 0) * 20 + int(b.get(qn("w:sz")) or 0) * 3
        return h

    def _fit_notice(self, start: int) -> bool:
        """Keep the 印发通知 (署名, 成文日期 and 附注 right after its text) on its first page: when the estimate
        overflows the text block, the blank lines are made lower (GB/T 9704 7.3.5.1 allows adjusting line spacing);
        no page is left with the 附注 alone. False when even then it does not fit (the plan then follows the 附注 on
        the next page instead of leaving that page nearly empty)."""
        body = self.doc.element.body
        paras = [p for p in body.iterchildren(qn("w:p"))][start:]
        height = self.spec["page"]["height"] - self.spec["margins"]["top"] - self.spec["margins"]["bottom"]
        total = sum(self._estimate_twips(p) for p in paras)
        blanks = [p for p in paras if not "".join(t.text or "" for t in p.iter(qn("w:t")))]
        over = total - (height - self.pitch // 3)
        if over <= 0:
            return True
        if not blanks:
            return False
        each = min(self.pitch // 2, int(over / len(blanks)) + 1)
        for p in blanks:
            set_ppr(p.get_or_add_pPr(), line=self.pitch - each, before=None, after=None)
        return each * len(blanks) >= over

    # ------------------------------------------------------------------------------------------------ 附件 / 版记
    def attachment(self) -> None:
        p = self.para(indent=False, page_break_before=True)
        self.run(p, "附件", role="h1")
        self.blank()
        p = self.para("Title")
        self.run(p, LEDGER_TITLE, role="title", size=self.spec["sizes_pt"]["title"])
        self.blank()
        self.ledger_table(self.r.ledger)

    def _xml_run(self, text: str, *, role: str, size: float, highlight: str | None = None):
        key = ("xml", role, size, highlight)
        tpl = self._run_cache.get(key)
        if tpl is not None:
            el = _copy.deepcopy(tpl)
            el[-1].text = text
            return el
        r = self._xml_run_new(text, role=role, size=size, highlight=highlight)
        self._run_cache[key] = _copy.deepcopy(r)
        return r

    def _xml_run_new(self, text: str, *, role: str, size: float, highlight: str | None = None):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        r.append(rpr)
        set_rpr(rpr, font=self.fonts[role], size_pt=size, spacing=0, scale=100,
                highlight={"yellow": "yellow", "cyan": "cyan"}.get(highlight or ""))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    def _xml_cell(self, value: str | Sequence[str], width: int, *, role: str = "body", center: bool = False,
                  span: int = 1, highlight: str | None = None):
        """A table cell built directly in XML (python-docx's cell API is slow for big tables)."""
        size = float(self.spec["sizes_pt"].get("table", 10.5))
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tc.append(tcpr)
        w = OxmlElement("w:tcW")
        w.set(qn("w:w"), str(width))
        w.set(qn("w:type"), "dxa")
        tcpr.append(w)
        if span > 1:
            child(tcpr, "w:gridSpan").set(qn("w:val"), str(span))
        child(tcpr, "w:vAlign").set(qn("w:val"), "center")
        p = OxmlElement("w:p")
        tc.append(p)
        ppr = OxmlElement("w:pPr")
        p.append(ppr)
        set_ppr(ppr, line=int(size * 20 * 1.25), first_line=0, first_line_chars=0, jc="center" if center else "left")
        items = value if isinstance(value, list) else [value]
        from .ledger import GENERIC_LEAD
        for i, item in enumerate(items):
            hl = highlight or ("yellow" if item.startswith("【") else
                               ("cyan" if "待确认" in item or (role == "body" and GENERIC_LEAD.fullmatch(
                                   item.removeprefix(self.r.profile.level))) else None))
            p.append(self._xml_run(item + ("、" if i < len(items) - 1 else ""), role=role, size=size, highlight=hl))
        return tc

    def _xml_row(self, cells, header: bool = False):
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        tr.append(trpr)
        child(trpr, "w:cantSplit")
        if header:
            child(trpr, "w:tblHeader")
        for c in cells:
            tr.append(c)
        return tr

    def _full_width_fixed(self, tbl):
        """Make a table exactly the text block's width with a fixed layout; return its tblPr."""
        tblpr = tbl.tblPr
        tw = ordered(tblpr, "w:tblW", TBLPR_ORDER)
        tw.set(qn("w:w"), str(self.text_width))
        tw.set(qn("w:type"), "dxa")
        ordered(tblpr, "w:tblLayout", TBLPR_ORDER).set(qn("w:type"), "fixed")
        return tblpr

    def ledger_table(self, rows: list[LedgerRow]) -> None:
        parts: list[str] = []
        for row in rows:
            if row.part not in parts:
                parts.append(row.part)
        table = self.doc.add_table(rows=0, cols=len(LEDGER_HEADER))
        table.style = self.doc.styles["Table Grid"]
        tbl = table._tbl
        self._full_width_fixed(tbl)
        for gc, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), LEDGER_WIDTHS):
            gc.set(qn("w:w"), str(w))
        tbl.append(self._xml_row([self._xml_cell(t, w, role="h1", center=True)
                                  for t, w in zip(LEDGER_HEADER, LEDGER_WIDTHS)], header=True))
        for part in parts:
            tbl.append(self._xml_row([self._xml_cell(part or "其他", self.text_width, role="h1",
                                                     span=len(LEDGER_HEADER))]))
            for row in (x for x in rows if x.part == part):
                values = (str(row.number), row.task, row.lead, row.support, row.deadline)
                city_deadline = bool(row.deadline) and not row.deadline.startswith("【")   # highlighted as in the body
                tbl.append(self._xml_row([self._xml_cell(v, w, center=i in (0, 4),
                                                         highlight="yellow" if i == 4 and city_deadline else None)
                                          for i, (v, w) in enumerate(zip(values, LEDGER_WIDTHS))]))

    def _even_page_section(self) -> None:
        """End the content's section here and start the 版记's own section on the next even page (GB/T 9704 7.4:
        the 版记 is on the last, even page; Word and LibreOffice insert a blank page when the content ends on an
        even page). The 版记 section is aligned to the page foot (``w:vAlign bottom``), so its last rule sits at the
        bottom of the text block."""
        import copy
        body = self.doc.element.body
        final = body.find(qn("w:sectPr"))
        p = self.para(indent=False)
        set_ppr(p._p.get_or_add_pPr(), line=int(self.spec["sizes_pt"]["imprint"] * 20), before=0, after=0)
        ppr = p._p.get_or_add_pPr()
        ppr.append(copy.deepcopy(final))           # sectPr is the last child of pPr but for pPrChange (absent)
        ordered(final, "w:type", SECTPR_ORDER).set(qn("w:val"), "evenPage")
        ordered(final, "w:vAlign", SECTPR_ORDER).set(qn("w:val"), "bottom")

    @staticmethod
    def _width(text: str) -> float:
        """Width in characters of the body size: CJK and full-width 1, ASCII 0.5."""
        return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)

    def _copy_to_lines(self, names: list[str], first_cap: float, cap: float) -> list[str]:
        """抄送 names in lines that never split a name: ``first_cap`` characters after 抄送：, ``cap`` after."""
        lines: list[str] = [""]
        for i, name in enumerate(names):
            piece = name + ("，" if i < len(names) - 1 else "。")
            limit = first_cap if len(lines) == 1 else cap
            if lines[-1] and self._width(lines[-1] + piece) > limit:
                lines.append("")
            lines[-1] += piece
        return lines

    def imprint(self) -> None:
        """版记: 抄送 and 印发机关/印发日期 between rules, in its own section on the last, even page, at its foot.

        A table floating at the bottom of the page (tblpPr) is laid out wrongly by LibreOffice 7.4; a section of its
        own, starting on an even page and bottom-aligned, is honoured by Word and LibreOffice alike.
        """
        import re as _re
        prof, sp = self.r.profile, self.spec
        size = float(sp["sizes_pt"]["imprint"])
        one = int(size * 20)
        rules = sp.get("imprint_rules_eighth_pt", {"outer": 8, "inner": 6})
        row_h = int(size * 20 * 2)
        self._even_page_section()
        date = self.r.options.date
        copy_to = (prof.copy_to or "【待补充：抄送机关】").rstrip("。")
        label = "抄送："
        cap = (self.text_width - 2 * one) / one - 0.2            # characters of 4号 a line inside the cell margins
        names = [n for n in _re.split(r"[，,]", copy_to) if n]
        lines = self._copy_to_lines(names, cap - self._width(label), cap - self._width(label))
        # the page holds only the 版记: a spacer puts it at the foot where the renderer ignores w:vAlign (LibreOffice)
        line_h = int(size * 20 * 1.25)
        table_h = max(row_h, line_h * len(lines) + 120) + row_h
        height = self.spec["page"]["height"] - self.spec["margins"]["top"] - self.spec["margins"]["bottom"]
        spacer = self.para(indent=False)
        set_ppr(spacer._p.get_or_add_pPr(), line=max(self.pitch, height - table_h - 420), before=0, after=0)
        table = self.doc.add_table(rows=2, cols=1)
        tbl = table._tbl
        tblpr = self._full_width_fixed(tbl)
        borders = ordered(tblpr, "w:tblBorders", TBLPR_ORDER)
        for side, sz in (("top", rules["outer"]), ("bottom", rules["outer"]), ("insideH", rules["inner"]),
                         ("left", 0), ("right", 0), ("insideV", 0)):
            el = ordered(borders, f"w:{side}", TBLBORDERS_ORDER)
            el.set(qn("w:val"), "single" if sz else "nil")
            if sz:
                el.set(qn("w:sz"), str(sz))
                el.set(qn("w:space"), "0")
                el.set(qn("w:color"), "000000")
        mar = ordered(tblpr, "w:tblCellMar", TBLPR_ORDER)
        for side in ("left", "right"):
            el = child(mar, f"w:{side}")
            el.set(qn("w:w"), str(one))
            el.set(qn("w:type"), "dxa")
        gc = tbl.tblGrid.findall(qn("w:gridCol"))
        gc[0].set(qn("w:w"), str(self.text_width))
        for i in range(2):
            row = table.rows[i]
            trh = child(row._tr.get_or_add_trPr(), "w:trHeight")
            trh.set(qn("w:val"), str(row_h))
            trh.set(qn("w:hRule"), "atLeast")
            child(row._tr.get_or_add_trPr(), "w:cantSplit")
            cell = row.cells[0]
            ordered(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_ORDER).set(qn("w:val"), "center")
            cp = cell.paragraphs[0]
            pp = cp._p.get_or_add_pPr()
            runs = []
            if i == 0:
                # continuation lines aligned after 抄送： (hanging indent); breaks only between names
                hang = int(round(self._width(label) * one))
                set_ppr(pp, line=int(size * 20 * 1.25), left=hang, jc="left")
                ordered(pp, "w:ind", PPR_ORDER).set(qn("w:hanging"), str(hang))
                runs.append(self.run(cp, label, size=size))
                for k, line in enumerate(lines):
                    r = self.run(cp, line, size=size)
                    if k < len(lines) - 1:
                        r.add_break()
                    runs.append(r)
            else:
                set_ppr(pp, line=int(size * 20 * 1.25), first_line=0, first_line_chars=0, jc="left")
                tabs = ordered(pp, "w:tabs", PPR_ORDER)
                tab = OxmlElement("w:tab")
                tab.set(qn("w:val"), "right")
                tab.set(qn("w:pos"), str(self.text_width - 2 * one - 40))
                tabs.append(tab)
                runs.append(self.run(cp, prof.issuing_office, size=size))
                runs.append(self.run(cp, "\t", size=size))
                runs.append(self.run(cp, f"{date or '【待补充：印发日期】'}印发", size=size,
                                     highlight=None if date else "yellow"))
            for rr in runs:
                set_rpr(rr._r.get_or_add_rPr(), spacing=0, scale=100)
            if i == 0 and "copy_to" in prof.editable_defaults:
                self.comment(runs, "抄送机关为默认写法，请按本地实际核对。")

    # ------------------------------------------------------------------------------------------------ all
    def build(self) -> DocxDocument:
        self.setup()
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):     # the template's empty paragraph
            body.remove(p)
        if self.r.options.wrapper:
            self.wrapper()
            plan_title = getattr(self, "notice_plan_title", self.r.title)
            from .rules import draft_rules
            from .wording import split_title
            rules = draft_rules()
            self.title(split_title(plan_title, int(rules.get("title_max_chars_per_line", 20)),
                                   rules.get("title_break_before", []), rules.get("title_break_after", [])),
                       new_page=getattr(self, "notice_fits", True))
        elif self.r.options.track_changes and self.r.title_segments:
            from . import revisions
            revisions.title(self, self.r.title_segments)
        else:
            self.title(self.r.title_lines)
        self.blank()
        for b in (self.r.tracked_blocks if self.r.options.track_changes else self.r.blocks):
            self.block(b)
        if self.r.options.ledger_attachment and self.r.ledger:
            self.blank()
            p = self.para()
            self.run(p, f"附件：{LEDGER_TITLE}")
        if not self.r.options.wrapper:
            self.signature()
        if self.r.options.ledger_attachment and self.r.ledger:
            self.attachment()
        self.imprint()
        if self.r.options.track_changes:
            from . import revisions
            revisions.finish(self.doc)
        return self.doc


def build_document(result: DraftResult) -> DocxDocument:
    """The county draft as a python-docx Document (not saved)."""
    return _Writer(result).build()
