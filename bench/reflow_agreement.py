"""Check (not a test): does PDF paragraph reflow generalise beyond the four fixtures?

Every corpus text (one paragraph per line) is typeset as a DOCX in GB/T 9704-like layouts and rendered to
PDF with LibreOffice; the PDF reader must give back the same paragraphs.  Prints per-layout agreement
(paragraphs recovered exactly / total) and the documents that differ.  Needs ``soffice`` and CJK fonts
(fonts-arphic-uming, fonts-noto-cjk); takes about a minute.

Layouts:  indent   – 2-character first-line indent, exact 29 pt line pitch (GB/T 9704)
          block    – no indent, 8 pt space after each paragraph
          single   – first-line indent, single line spacing (line pitch follows the fonts)
          spaced   – first-line indent, 1 pt extra character spacing (letter-spaced)

    .venv/bin/python bench/reflow_agreement.py [--layouts indent,block] [--keep DIR] [-v]
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
LAYOUTS = ("indent", "block", "single", "spaced")
BODY_FONT, HEADING_FONT, TITLE_FONT = "AR PL UMing CN", "Noto Sans CJK SC", "Noto Serif CJK SC"


def corpus_files() -> list[Path]:
    return [p for p in sorted(CORPUS.rglob("*.txt")) if "pdf-extract" not in p.name]


def _font(run, name: str, size: float, bold: bool = False, spacing: float = 0.0) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.size = Pt(size)
    run.font.name = name
    run.bold = bold
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if spacing:
        sp = OxmlElement("w:spacing")
        sp.set(qn("w:val"), str(int(spacing * 20)))
        rpr.append(sp)


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    par = section.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(par.add_run("— "), BODY_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = par.add_run()
        _font(run, BODY_FONT, 14)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            run._r.append(it)
        else:
            run.text = text
    _font(par.add_run(" —"), BODY_FONT, 14)


def build_docx(lines: list[str], layout: str, out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _page_number_footer(sec)
    for i, text in enumerate(lines):
        p = d.add_paragraph()
        pf = p.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(8 if layout == "block" else 0)
        if layout != "single":
            pf.line_spacing = Pt(29)
        if i == 0:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(text), TITLE_FONT, 22, bold=True)
            continue
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Pt(0 if layout == "block" else 32)
        heading = bool(re.match(r"^[一二三四五六七八九十]+、", text))
        _font(p.add_run(text), HEADING_FONT if heading else BODY_FONT, 16,
              spacing=1.0 if layout == "spaced" else 0.0)
    d.save(out)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    ap.add_argument("--keep", metavar="DIR", help="keep the generated DOCX/PDF files here")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not shutil.which("soffice"):
        print("soffice (LibreOffice) not found: nothing measured")
        return 1
    from policydesk.readers import ReadOptions, read_document
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pd-reflow-"))
    files = corpus_files()
    for layout in args.layouts.split(","):
        ddir, pdir = work / layout / "docx", work / layout / "pdf"
        ddir.mkdir(parents=True, exist_ok=True)
        for f in files:
            # TABs (flattened table rows in two corpus files) would jump to tab stops: typeset them as spaces
            lines = [ln.strip().replace("\t", "\u3000") for ln in f.read_text(encoding="utf-8").splitlines()
                     if ln.strip()]
            build_docx(lines, layout, ddir / (f.stem + ".docx"))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(pdir),
                        *map(str, sorted(ddir.glob("*.docx")))], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        total = matched = 0
        differing = []
        for f in files:
            expected = [squash(ln) for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
            got = [squash(p.text) for p in read_document(pdir / (f.stem + ".pdf"), ReadOptions(ocr=False)).paragraphs]
            sm = difflib.SequenceMatcher(None, expected, got, autojunk=False)
            ok = sum(b.size for b in sm.get_matching_blocks())
            total += len(expected)
            matched += ok
            if ok < len(expected) or len(got) != len(expected):
                differing.append((f.name, len(expected), len(got), ok))
                if args.verbose:
                    for tag, i1, i2, j1, j2 in sm.get_opcodes():
                        if tag != "equal":
                            print(f"  {f.name} {tag}")
                            for e in expected[i1:i2][:2]:
                                print(f"     expected {e[:40]}…{e[-12:]}")
                            for g in got[j1:j2][:3]:
                                print(f"     got      {g[:40]}…{g[-12:]}")
        print(f"{layout:7s}: {matched}/{total} paragraphs recovered exactly ({100 * matched / total:.2f}%), "
              f"{len(files) - len(differing)}/{len(files)} documents identical")
        for name, n_exp, n_got, ok in differing:
            print(f"    {name}: expected {n_exp}, got {n_got}, identical {ok}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
