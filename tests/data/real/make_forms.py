"""Lay out each real plan's ``source.txt`` as a DOCX (python-docx) and a PDF (LibreOffice).

    python tests/data/real/make_forms.py [SLUG ...] [--force]

For every ``tests/data/real/<slug>/`` with a ``source.txt`` and a ``truth.json`` this writes
``<slug>.docx`` and ``<slug>.pdf`` beside them (kept if present, unless ``--force``).  The files are
committed, so the tests never need LibreOffice.

Layout (GB/T 9704-2012 in spirit, fonts substituted by LibreOffice): A4, margins 37/35/28/26 mm;
the notice title, the plan title and the 文号 centred; the title in 方正小标宋简体 22 pt; ``一、`` headings
in 黑体, ``（一）`` headings in 楷体_GB2312 (the heading run only); body in 仿宋_GB2312 16 pt with a
two-character first-line indent; the issuer and the date of the notice right-aligned; TAB-separated
lines become one Word table (a 分工 table); a line holding only ``附件N`` stays a line of its own.
Which lines are titles, issuers and dates is read from ``truth.json`` (``meta``), never guessed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (A4 portrait is set by size)
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
FONTS_CONF = Path("/work/shared/tools/fonts-gbt9704.conf")

BODY_FONT, TITLE_FONT, H1_FONT, H2_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
CN_DATE = re.compile(r"^\s*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日\s*$")


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, *, align=None, indent: bool = True, font: str = BODY_FONT, size: float = 16,
          bold: bool = False, head: tuple[str, str] | None = None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)
    if align is not None:
        p.alignment = align
    elif indent:
        fmt.first_line_indent = Pt(size * 2)
    if head:                                   # heading number + title in the heading font, the rest in body font
        _font(p.add_run(head[0]), head[1], size)
        rest = text[len(head[0]):]
        if rest:
            _font(p.add_run(rest), BODY_FONT, size)
    else:
        _font(p.add_run(text), font, size, bold)
    return p


def _heading_split(line: str) -> tuple[str, str] | None:
    m = H1.match(line)
    if m:
        end = _title_end(line, m.end())
        return line[:end], H1_FONT
    m = H2.match(line)
    if m:
        end = _title_end(line, m.end())
        return line[:end], H2_FONT
    return None


def _title_end(line: str, start: int) -> int:
    """End of a run-in heading title: the first 。 (included), else the whole line."""
    k = line.find("。", start)
    return len(line) if k < 0 or k > start + 40 else k + 1


def _table(doc, rows: list[list[str]]) -> None:
    ncol = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=ncol)
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j in range(ncol):
            cell = t.cell(i, j)
            cell.text = ""
            par = cell.paragraphs[0]
            _font(par.add_run(r[j] if j < len(r) else ""), BODY_FONT, 12)


def build_docx(source: Path, meta: dict, out: Path) -> None:
    lines = [ln.rstrip("\r") for ln in source.read_text(encoding="utf-8").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    styles = doc.styles["Normal"]
    styles.font.name = BODY_FONT
    styles.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)

    centred = {s for s in (meta.get("title"), meta.get("plan_title"), meta.get("doc_number")) if s}
    centred |= set(meta.get("layout_center") or [])
    right = set(meta.get("layout_right") or [])
    issuers = set(meta.get("issuers") or ([meta["issuer"]] if meta.get("issuer") else []))
    doc_number = meta.get("doc_number")
    recipients_done = False
    k = 0
    while k < len(lines):
        line = lines[k]
        if "\t" in line:                                   # a run of TAB lines is one table
            rows = []
            while k < len(lines) and "\t" in lines[k]:
                rows.append(lines[k].split("\t"))
                k += 1
            _table(doc, rows)
            continue
        k += 1
        s = line.strip()
        if not s:
            _para(doc, "", indent=False)
            continue
        is_signature = s in right or (s in issuers and len(s) < 40) or (CN_DATE.match(s) and len(s) < 20)
        if recipients_done and is_signature:              # the signature repeats an issuer named in the title block
            _para(doc, s, align=WD_ALIGN_PARAGRAPH.RIGHT)
            continue
        if s in centred or line in centred:
            if doc_number and s == doc_number:
                _para(doc, s, align=WD_ALIGN_PARAGRAPH.CENTER)
            else:                                          # a title line (notice or plan, one of several lines)
                _para(doc, s, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=22)
            continue
        if not recipients_done and k <= 8 and s[-1:] in (":", "：") and not _heading_split(s):
            recipients_done = True                         # 主送机关: flush left
            _para(doc, s, indent=False)
            continue
        if is_signature:
            _para(doc, s, align=WD_ALIGN_PARAGRAPH.RIGHT)
            continue
        head = _heading_split(s)
        _para(doc, line.lstrip() if head is None else s, head=head)
    tmp = out.with_suffix(".tmp.docx")
    doc.save(tmp)
    os.replace(tmp, out)


def build_pdf(docx_path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk")
    env = dict(os.environ)
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", outdir, str(docx_path)],
                       check=True, capture_output=True, env=env, timeout=300)
        produced = Path(outdir) / (docx_path.stem + ".pdf")
        if not produced.exists() or produced.stat().st_size == 0:
            raise SystemExit(f"no PDF produced for {docx_path}")
        shutil.move(str(produced), out)


def main(argv: list[str]) -> int:
    force = "--force" in argv
    slugs = [a for a in argv if not a.startswith("--")]
    dirs = [HERE / s for s in slugs] if slugs else sorted(p for p in HERE.iterdir() if (p / "truth.json").exists())
    for d in dirs:
        src, truth = d / "source.txt", d / "truth.json"
        if not src.exists() or not truth.exists():
            print(f"skip {d.name}: source.txt or truth.json missing")
            continue
        meta = json.loads(truth.read_text(encoding="utf-8")).get("meta", {})
        dx, pdf = d / f"{d.name}.docx", d / f"{d.name}.pdf"
        if force or not dx.exists() or dx.stat().st_mtime < src.stat().st_mtime:
            build_docx(src, meta, dx)
            force_pdf = True
        else:
            force_pdf = force
        if force_pdf or not pdf.exists() or pdf.stat().st_mtime < dx.stat().st_mtime:
            build_pdf(dx, pdf)
        print(f"{d.name}: {dx.stat().st_size // 1024} KB docx, {pdf.stat().st_size // 1024} KB pdf")
    write_index()
    return 0


INDEX_COLUMNS = ("slug", "province", "level", "issuer", "doc_number", "title", "source", "n_headings", "n_tasks", "complete")


def write_index() -> None:
    """INDEX.tsv: one row a plan, from the truth files (so it never disagrees with them)."""
    rows = ["\t".join(INDEX_COLUMNS)]
    for d in sorted(p for p in HERE.iterdir() if (p / "truth.json").exists()):
        t = json.loads((d / "truth.json").read_text(encoding="utf-8"))
        m = t.get("meta", {})
        issuer = m.get("issuer") or "、".join(m.get("issuers") or []) or ""
        title = m.get("title") or m.get("plan_title") or ""
        row = (d.name, t.get("province", ""), t.get("level", ""), issuer, m.get("doc_number") or "", title,
               t.get("source", {}).get("where", ""), str(len(t.get("headings", []))), str(len(t.get("tasks", []))),
               "yes" if t.get("source", {}).get("complete") else "opening")
        rows.append("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row))
    (HERE / "INDEX.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
