"""Low-level WordprocessingML helpers python-docx has no API for (East Asian fonts, fields, borders, theme)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def child(parent, tag: str, first: bool = False):
    """Get or create the child ``tag`` of ``parent``."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


# CT_RPr children must follow the schema order for Word to accept them.
RPR_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
             "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
             "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
             "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
             "w:eastAsianLayout", "w:specVanish", "w:oMath"]
PPR_ORDER = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
             "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
             "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
             "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]


TBLPR_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
               "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"]
# CT_TblBorders: a sequence (ECMA-376 Part 1, 17.4.39 / 17.4.38): top, left|start, bottom, right|end, insideH, insideV
TBLBORDERS_ORDER = ["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH", "w:insideV"]
TCPR_ORDER = ["w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
              "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
              "w:cellDel", "w:cellMerge", "w:tcPrChange"]
SECTPR_ORDER = ["w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                "w:printerSettings", "w:sectPrChange"]


def ordered(parent, tag: str, order: list[str]):
    """Get or create ``tag`` in ``parent`` at its schema position."""
    el = parent.find(qn(tag))
    if el is not None:
        return el
    el = OxmlElement(tag)
    idx = order.index(tag) if tag in order else len(order)
    for i, existing in enumerate(list(parent)):
        name = existing.tag.split("}")[-1]
        pos = order.index("w:" + name) if ("w:" + name) in order else len(order)
        if pos > idx:
            existing.addprevious(el)
            return el
    parent.append(el)
    return el


def set_rpr(rpr, *, font: str | None = None, latin: str | None = None, size_pt: float | None = None,
            bold: bool | None = None, color: str | None = None, spacing: int | None = None,
            highlight: str | None = None, scale: int | None = None) -> None:
    if font:
        rf = ordered(rpr, "w:rFonts", RPR_ORDER)
        for a in THEME_ATTRS:
            if rf.get(qn(a)) is not None:
                del rf.attrib[qn(a)]
        for a in FONT_ATTRS:
            rf.set(qn(a), latin if latin and a in ("w:ascii", "w:hAnsi") else font)
        rf.set(qn("w:hint"), "eastAsia")
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            ordered(rpr, tag, RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
    if color:
        ordered(rpr, "w:color", RPR_ORDER).set(qn("w:val"), color)
    if spacing is not None:
        ordered(rpr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(spacing))
    if scale is not None:
        ordered(rpr, "w:w", RPR_ORDER).set(qn("w:val"), str(scale))
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            ordered(rpr, tag, RPR_ORDER).set(qn("w:val"), str(int(round(size_pt * 2))))
    if highlight:
        ordered(rpr, "w:highlight", RPR_ORDER).set(qn("w:val"), highlight)


def set_ppr(ppr, *, line: int | None = None, line_rule: str = "exact", before: int | None = 0,
            after: int | None = 0, first_line: int | None = None, first_line_chars: int | None = None,
            left: int | None = None, right: int | None = None, jc: str | None = None,
            outline: int | None = None, keep_next: bool = False, page_break_before: bool = False,
            widow: bool | None = False, hanging_punct: bool | None = None) -> None:
    if hanging_punct is not None:
        ordered(ppr, "w:overflowPunct", PPR_ORDER).set(qn("w:val"), "1" if hanging_punct else "0")
    if keep_next:
        ordered(ppr, "w:keepNext", PPR_ORDER)
    if page_break_before:
        ordered(ppr, "w:pageBreakBefore", PPR_ORDER)
    if widow is not None:
        ordered(ppr, "w:widowControl", PPR_ORDER).set(qn("w:val"), "1" if widow else "0")
    sp = ordered(ppr, "w:spacing", PPR_ORDER)
    if before is not None:
        sp.set(qn("w:before"), str(before))
        sp.set(qn("w:beforeLines"), "0")
    if after is not None:
        sp.set(qn("w:after"), str(after))
        sp.set(qn("w:afterLines"), "0")
    if line is not None:
        sp.set(qn("w:line"), str(line))
        sp.set(qn("w:lineRule"), line_rule)
    if any(v is not None for v in (first_line, first_line_chars, left, right)):
        ind = ordered(ppr, "w:ind", PPR_ORDER)
        for a in list(ind.attrib):
            del ind.attrib[a]
        if first_line is not None:
            ind.set(qn("w:firstLine"), str(first_line))
        if first_line_chars is not None:
            ind.set(qn("w:firstLineChars"), str(first_line_chars))
        if left is not None:
            ind.set(qn("w:left"), str(left))
        if right is not None:
            ind.set(qn("w:right"), str(right))
    if jc:
        ordered(ppr, "w:jc", PPR_ORDER).set(qn("w:val"), jc)
    if outline is not None:
        ordered(ppr, "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(outline))


def border(ppr_or_tcpr, side: str, *, sz: int, color: str = "000000", space: int = 0, container: str = "w:pBdr",
           order: list[str] | None = None) -> None:
    box = ordered(ppr_or_tcpr, container, order or PPR_ORDER)
    el = child(box, f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)


def add_field(paragraph, instr: str, placeholder: str = "1"):
    """Append a complex field (fldChar begin / instrText / separate / result / end); returns the runs."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = paragraph.add_run()
        if kind == "instr":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {instr} "
            r._r.append(it)
        elif kind == "result":
            r.text = placeholder
        else:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), {"begin": "begin", "separate": "separate", "end": "end"}[kind])
            r._r.append(fc)
        runs.append(r)
    return runs


def fix_theme_fonts(document, latin: str, east_asian: str, heading_east_asian: str) -> None:
    """python-docx's template theme falls back to Japanese fonts: point the theme at Chinese ones."""
    from lxml import etree
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
            for scheme, ea in (("majorFont", heading_east_asian), ("minorFont", east_asian)):
                for font in root.iter(a + scheme):
                    for el in font:
                        if el.tag == a + "latin":
                            el.set("typeface", latin)
                        elif el.tag == a + "ea":
                            el.set("typeface", ea)
                        elif el.tag == a + "font" and el.get("script") in ("Hans", "Jpan", "Hant"):
                            el.set("typeface", ea)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_styles_with_effects(document) -> None:
    """Remove python-docx's template part ``stylesWithEffects.xml`` (a Word 2010 copy of styles.xml).

    Word 2013+ does not need it and rebuilds it; kept, it goes stale as soon as a style is added or docDefaults change
    (Word may then report unreadable content)."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rid)
            if rid in part.rels:           # drop_rel keeps a rel still referenced; this one never is
                del part.rels[rid]
