"""A small OFD (GB/T 33190) writer for tests only: positioned text runs → OFD.xml, Document.xml, PublicRes.xml,
Pages/Page_N/Content.xml, optionally a template page (a running header), a signature with a seal and an annotation.

Two ways to get runs:

* :func:`layout_text` sets plain-text paragraphs the way a 公文 is set (GB/T 9704: A4, 28 characters × 22 lines,
  first-line indents, a centred title in 2号, 黑体 for "一、" headings, right-aligned signature and date, page numbers
  "— N —" at the foot), so the reader has to rebuild paragraphs across lines and pages;
* :func:`runs_from_pdf` copies the characters of a real PDF with their positions (pdfplumber), line by line.

The runs are encoded in several of the ways OFD producers use, to exercise the reader: ``DeltaX`` as plain lists and
with ``g N d`` repeats, ``Size`` in millimetres or ``Size="1"`` scaled by a ``CTM``, the ``Boundary`` origin carrying
the position or ``X``/``Y`` doing it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PT_TO_MM = 25.4 / 72
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, TEXT_W = 28.0, 37.0, 156.0
BODY = 5.6                    # 3号 (16 pt) in mm
PITCH = TEXT_W / 28           # 28 characters a line
LEADING = 225.0 / 22          # 22 lines a page
TITLE = 7.7                   # 2号 (22 pt)
FONTS = {"fs": "仿宋_GB2312", "ht": "黑体", "xbs": "方正小标宋简体", "kt": "楷体_GB2312"}
FONT_IDS = {"fs": 3, "ht": 4, "xbs": 5, "kt": 6}


@dataclass
class Run:
    text: str
    x: float                  # mm, left of the first glyph
    y: float                  # mm, baseline
    size: float               # mm
    font: str = "fs"
    bold: bool = False
    advances: list[float] | None = None   # per-character advance (mm); default: size for CJK, size/2 for others


def _advance(ch: str, size: float) -> float:
    return size if ord(ch) > 0x2E7F else size / 2


_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_DOCNO = re.compile(r"〔\d{4}〕\d+号$")
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")


def layout_text(paragraphs: list[str], *, title_lines: int = 1) -> list[list[Run]]:
    """Pages of runs for the given paragraphs (the first ``title_lines`` form the title)."""
    pages: list[list[Run]] = [[]]
    y = TOP

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = TOP

    def put(text: str, x: float, size: float, font: str = "fs", bold: bool = False, pitch: float | None = None,
            step: float = LEADING) -> None:
        nonlocal y
        if y + step > TOP + 225.0 + 0.1:
            new_page()
        adv = [pitch if pitch and ord(ch) > 0x2E7F else (pitch / 2 if pitch else _advance(ch, size)) for ch in text]
        pages[-1].append(Run(text, x, y + size * 0.88, size, font, bold, adv))
        y += step

    for i, para in enumerate(paragraphs):
        para = para.strip()
        if not para:
            continue
        nxt = paragraphs[i + 1].strip() if i + 1 < len(paragraphs) else ""
        if i < title_lines:
            for chunk in _chunks(para, 20):
                width = sum(_advance(ch, TITLE) for ch in chunk)
                put(chunk, LEFT + (TEXT_W - width) / 2, TITLE, "xbs", step=TITLE * 1.6)
            y += LEADING / 2
            continue
        if _DOCNO.search(para) and len(para) < 20:
            width = sum(_advance(ch, BODY) for ch in para)
            put(para, LEFT + (TEXT_W - width) / 2, BODY)
            continue
        if _DATE.match(para) or (len(para) <= 16 and _DATE.match(nxt)):
            width = sum(_advance(ch, BODY) for ch in para)
            put(para, LEFT + TEXT_W - width - 4 * PITCH, BODY)
            continue
        font = "ht" if _HEADING1.match(para) else ("kt" if _HEADING2.match(para) and len(para) < 30 else "fs")
        lines = _wrap(para, first_indent=2)
        for j, line in enumerate(lines):
            x = LEFT + (2 * PITCH if j == 0 else 0.0)
            put(line, x, BODY, font if j == 0 else "fs", pitch=PITCH)
    for n, page in enumerate(pages, start=1):
        label = f"— {n} —"
        width = sum(_advance(ch, BODY * 0.9) for ch in label)
        x = LEFT + TEXT_W - width - PITCH if n % 2 else LEFT + PITCH
        page.append(Run(label, x, 270.0, BODY * 0.9, "fs"))
    return pages


def _chunks(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)] or [""]


def _wrap(text: str, first_indent: int) -> list[str]:
    """Lines of at most 28 full-width units (Latin/digits count half), the first one indented."""
    lines: list[str] = []
    cur, width = "", float(first_indent)
    for ch in text:
        w = 1.0 if ord(ch) > 0x2E7F else 0.5
        if width + w > 28 and cur:
            if ch in "，。、；：？！）〕”》" and width + w <= 28.5:    # hanging punctuation, as Word does
                cur += ch
                lines.append(cur)
                cur, width = "", 0.0
                continue
            lines.append(cur)
            cur, width = "", 0.0
        cur += ch
        width += w
    if cur:
        lines.append(cur)
    return lines


def runs_from_pdf(pdf_path: Path) -> list[list[Run]]:
    """The characters of a PDF with their positions, one run per visual line (split where the font changes)."""
    import pdfplumber
    pages: list[list[Run]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            runs: list[Run] = []
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (round(c["top"]), c["x0"]))
            current: list[dict] = []
            for c in chars + [None]:
                if current and (c is None or abs(c["top"] - current[0]["top"]) > 2 or c["fontname"] != current[0][
                        "fontname"] or abs(c["size"] - current[0]["size"]) > 0.3):
                    first = current[0]
                    size = float(first["size"]) * PT_TO_MM
                    adv = [float(b["x0"] - a["x0"]) * PT_TO_MM for a, b in zip(current, current[1:])]
                    adv.append(float(current[-1]["x1"] - current[-1]["x0"]) * PT_TO_MM)
                    fn = first["fontname"].lower()
                    font = "ht" if "hei" in fn or "黑" in fn else ("kt" if "kai" in fn or "楷" in fn else "fs")
                    runs.append(Run("".join(ch["text"] for ch in current), float(first["x0"]) * PT_TO_MM,
                                    float(first["bottom"]) * PT_TO_MM - size * 0.12, size, font,
                                    "bold" in fn, adv))
                    current = []
                if c is not None:
                    current.append(c)
            pages.append(runs)
    return pages


def _deltas(values: list[float], compress: bool) -> str:
    vals = [f"{v:.3f}".rstrip("0").rstrip(".") for v in values]
    if not compress:
        return " ".join(vals)
    out: list[str] = []
    i = 0
    while i < len(vals):
        j = i
        while j < len(vals) and vals[j] == vals[i]:
            j += 1
        out.append(f"g {j - i} {vals[i]}" if j - i > 1 else vals[i])
        i = j
    return " ".join(out)


def _text_object(obj_id: int, run: Run, style: int) -> str:
    adv = run.advances or [_advance(ch, run.size) for ch in run.text]
    width = sum(adv)
    weight = ' Weight="700"' if run.bold else ""
    fid = FONT_IDS[run.font]
    if style % 3 == 1:
        # Size 1 scaled by the CTM; positions in the scaled object space
        s = run.size
        return (f'<ofd:TextObject ID="{obj_id}" Boundary="{run.x:.3f} {run.y - s:.3f} {width + 1:.3f} {s * 1.3:.3f}" '
                f'CTM="{s:.4f} 0 0 {s:.4f} 0 0" Font="{fid}" Size="1"{weight}>'
                f'<ofd:TextCode X="0" Y="1" DeltaX="{_deltas([a / s for a in adv[:-1]], True)}">'
                f"{escape(run.text)}</ofd:TextCode></ofd:TextObject>")
    if style % 3 == 2:
        # the Boundary covers the page; X/Y carry the position
        return (f'<ofd:TextObject ID="{obj_id}" Boundary="0 0 {PAGE_W} {PAGE_H}" Font="{fid}" Size="{run.size:.3f}"'
                f'{weight}><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="{run.x:.3f}" Y="{run.y:.3f}" '
                f'DeltaX="{_deltas(adv[:-1], False)}">{escape(run.text)}</ofd:TextCode></ofd:TextObject>')
    return (f'<ofd:TextObject ID="{obj_id}" Boundary="{run.x:.3f} {run.y - run.size:.3f} {width + 1:.3f} '
            f'{run.size * 1.3:.3f}" Font="{fid}" Size="{run.size:.3f}"{weight}>'
            f'<ofd:TextCode X="0" Y="{run.size:.3f}" DeltaX="{_deltas(adv[:-1], True)}">{escape(run.text)}'
            f"</ofd:TextCode></ofd:TextObject>")


def write_ofd(path: Path, pages: list[list[Run]], *, header: str | None = None, seal_page: int | None = None,
              annotation: bool = False, path_only_pages: tuple[int, ...] = (),
              scan_pages: dict[int, Path] | None = None) -> Path:
    """Write the pages as an OFD.  ``header``: a running header on a template page; ``seal_page``: a signature whose
    stamp sits on that page (as a signed 公文 has); ``path_only_pages``: pages (1-based) drawn with paths only;
    ``scan_pages``: page number → a page image (PNG) placed over the whole page instead of its runs (a scanned OFD)."""
    files: dict[str, str | bytes] = {}
    scan_pages = scan_pages or {}
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    files["OFD.xml"] = (head + f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                        f"<ofd:DocID>policydesk-test</ofd:DocID><ofd:Creator>policydesk tests</ofd:Creator>"
                        f"</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                        + ("<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>" if seal_page else "")
                        + "</ofd:DocBody></ofd:OFD>")
    fonts = "".join(f'<ofd:Font ID="{FONT_IDS[k]}" FontName="{v}" FamilyName="{v}"/>' for k, v in FONTS.items())
    files["Doc_0/PublicRes.xml"] = (head + f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{fonts}</ofd:Fonts>'
                                    "</ofd:Res>")
    if scan_pages:
        media = "".join(f'<ofd:MultiMedia ID="{700 + n}" Type="Image"><ofd:MediaFile>scan{n}.png</ofd:MediaFile>'
                        "</ofd:MultiMedia>" for n in scan_pages)
        files["Doc_0/DocumentRes.xml"] = (head + f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{media}'
                                          "</ofd:MultiMedias></ofd:Res>")
        for n, png in scan_pages.items():
            files[f"Doc_0/Res/scan{n}.png"] = Path(png).read_bytes()
    page_refs = "".join(f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    tpl = '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml" ZOrder="Background"/>' if header else ""
    annots = "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>" if annotation else ""
    files["Doc_0/Document.xml"] = (head + f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>9999'
                                   f"</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}"
                                   f"</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                                   + ("<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if scan_pages else "")
                                   + f"{tpl}</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages>{annots}</ofd:Document>")
    if header:
        run = Run(header, LEFT, 22.0, BODY * 0.8, "fs")
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = (head + f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="3">'
                                                 + _text_object(9000, run, 0) + "</ofd:Layer></ofd:Content></ofd:Page>")
    obj = 1000
    for n, runs in enumerate(pages):
        body = []
        if n + 1 in scan_pages:
            obj += 1
            body.append(f'<ofd:ImageObject ID="{obj}" Boundary="0 0 {PAGE_W} {PAGE_H}" CTM="{PAGE_W} 0 0 {PAGE_H} 0 0" '
                        f'ResourceID="{700 + n + 1}"/>')
        elif n + 1 in path_only_pages:
            for run in runs:     # each run as a filled box where its text would be: graphics, no text
                width = sum(run.advances or [_advance(ch, run.size) for ch in run.text])
                obj += 1
                body.append(f'<ofd:PathObject ID="{obj}" Boundary="{run.x:.2f} {run.y - run.size:.2f} {width:.2f} '
                            f'{run.size:.2f}" Fill="true"><ofd:AbbreviatedData>M 0 0 L {width:.2f} 0 L {width:.2f} '
                            f"{run.size:.2f} L 0 {run.size:.2f} C</ofd:AbbreviatedData></ofd:PathObject>")
        else:
            for i, run in enumerate(runs):
                obj += 1
                body.append(_text_object(obj, run, i))
        template = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if header else ""
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            head + f'<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox>'
            f'</ofd:Area>{template}<ofd:Content><ofd:Layer ID="{obj}">' + "".join(body)
            + "</ofd:Layer></ofd:Content></ofd:Page>")
    if seal_page:
        files["Doc_0/Signs/Signatures.xml"] = (head + f'<ofd:Signatures xmlns:ofd="{NS}"><ofd:MaxSignId>1</ofd:MaxSignId>'
                                               '<ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>')
        files["Doc_0/Signs/Sign_0/Signature.xml"] = (
            head + f'<ofd:Signature xmlns:ofd="{NS}"><ofd:SignedInfo><ofd:Provider ProviderName="test"/>'
            f'<ofd:StampAnnot ID="1" PageRef="{100 + seal_page - 1}" Boundary="120 200 42 42"/></ofd:SignedInfo>'
            "<ofd:SignedValue>Sign_0/SignedValue.dat</ofd:SignedValue></ofd:Signature>")
        files["Doc_0/Signs/Sign_0/SignedValue.dat"] = "not a real signature"
    if annotation:
        files["Doc_0/Annots/Annotations.xml"] = (head + f'<ofd:Annotations xmlns:ofd="{NS}"><ofd:Page PageID="100">'
                                                 "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page>"
                                                 "</ofd:Annotations>")
        files["Doc_0/Annots/Page_0/Annotation.xml"] = (
            head + f'<ofd:PageAnnot xmlns:ofd="{NS}"><ofd:Annot ID="1" Type="Watermark"><ofd:Appearance '
            f'Boundary="30 100 150 30"><ofd:TextObject ID="9500" Boundary="0 0 150 30" Font="3" Size="12">'
            "<ofd:TextCode X=\"0\" Y=\"12\">内部资料 注意保存</ofd:TextCode></ofd:TextObject></ofd:Appearance>"
            "</ofd:Annot></ofd:PageAnnot>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))
    return path
