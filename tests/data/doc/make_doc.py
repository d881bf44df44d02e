"""Make the legacy Word test files: DOCX versions of real plans (python-docx, set as a 公文: centred title, 黑体
headings, indented body, right-aligned signature and date; one plan with a 分工 table), then Word 97-2003 .doc
versions of them with LibreOffice (``soffice --headless --convert-to doc``), and one password-protected .doc.

Run from the repository root (needs LibreOffice; the tests do not):  .venv/bin/python tests/data/doc/make_doc.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
PLANS = {
    "guofa-2018-38": "corpus/guofa-2018-38_zhichiziyoumaoyishiyanqushenhuagaigechua.txt",
    "guofa-2019-3": "corpus/guofa-2019-3_cujinzonghebaoshuiqugaoshuipingkaifangga.txt",
    "guobanfa-2018-121": "corpus/library/guobanfa-2018-121_jiakuaifazhantiyujingsaibiaoyanchanyedez.txt",
    "guofa-2018-42": "corpus/library/guofa-2018-42_jiakuaituijinnongyejixiehuahenongjizhuan.txt",
    "guobanfa-2018-129": "corpus/library/guobanfa-2018-129_shenrukaizhanxiaofeifupinzhulidayingtuop.txt",
}
TABLE_PLAN = "guofa-2019-3"
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")


def make_docx(paragraphs: list[str], out: Path, table: list[list[str]] | None = None) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for i, text in enumerate(paragraphs):
        p = d.add_paragraph()
        run = p.add_run(text)
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if i == 0:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
        elif _DATE.match(text) or (len(text) <= 16 and _DATE.match(nxt)):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p.paragraph_format.first_line_indent = Pt(32)
            if _HEADING1.match(text):
                run.bold = True
                run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    if table:
        d.add_paragraph("附件：重点任务分工表")
        t = d.add_table(rows=0, cols=len(table[0]))
        t.style = "Table Grid"
        for row in table:
            cells = t.add_row().cells
            for c, text in zip(cells, row):
                c.text = text
    d.save(out)


def to_doc(docx_path: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True, timeout=180)
    return out_dir / (docx_path.stem + ".doc")


def main() -> None:
    for name, rel in PLANS.items():
        paragraphs = [ln.strip() for ln in (DATA / rel).read_text(encoding="utf-8").splitlines() if ln.strip()]
        table = None
        if name == TABLE_PLAN:
            table = [["序号", "重点任务", "责任单位"],
                     ["1", "拓展两个市场", "税务总局、财政部、海关总署"],
                     ["2", "推动创新创业", "海关总署、科技部"],
                     ["3", "发展租赁业态", "财政部、海关总署、税务总局"]]
        docx_path = HERE / f"{name}.docx"
        make_docx(paragraphs, docx_path, table)
        to_doc(docx_path, HERE)
    # the sample plan's own DOCX
    sample = DATA / "docx" / "tongzhengfa-2021-23.docx"
    shutil.copy(sample, HERE / "tongzhengfa-2021-23.docx")
    to_doc(HERE / "tongzhengfa-2021-23.docx", HERE)
    (HERE / "tongzhengfa-2021-23.docx").unlink()
    subprocess.run(["/usr/bin/python3", str(HERE / "encrypt_doc_uno.py"), str(HERE / f"{TABLE_PLAN}.docx"),
                    str(HERE / "password-secret.doc"), "secret"], check=True, capture_output=True, timeout=300)
    print("made", sorted(p.name for p in HERE.glob("*.doc")))


if __name__ == "__main__":
    main()
