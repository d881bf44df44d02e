"""``policydesk draft PLAN --county NAME [-o OUT.docx] [--ledger OUT.xlsx] [--note OUT.docx] [--wrapper]
[--fonts gb2312|windows] [--force]``."""

from __future__ import annotations

import sys

from .common import add_read_options, read_options


def register(sub, common) -> None:
    p = sub.add_parser("draft", parents=[common],
                       help="按市方案生成县（市、区）配套实施方案草稿 / draft a county plan from a city plan",
                       description="生成符合 GB/T 9704-2012 的县（市、区）配套实施方案 Word 草稿，可附分工表和起草说明 / "
                                   "write a GB/T 9704 county draft (.docx), task ledger (.xlsx) and drafting note")
    p.add_argument("plan", metavar="PLAN", help="市方案文件（PDF、DOCX、TXT）/ the city plan")
    p.add_argument("--county", required=True, metavar="NAME",
                   help="县（市、区）全称、简称或配置文件名，如 如东县、如东、rudong / county profile")
    p.add_argument("-o", "--output", metavar="OUT.docx",
                   help="草稿文件，默认 ./<县名>-<方案标题>.docx / draft file")
    p.add_argument("--ledger", metavar="OUT.xlsx", help="同时写出重点任务分工表（Excel）/ also write the task ledger")
    p.add_argument("--note", metavar="OUT.docx", help="同时写出起草说明（Word）/ also write the drafting note")
    p.add_argument("--wrapper", action="store_true", help="加印发通知及版头 / add the 印发通知 with its 版头")
    p.add_argument("--fonts", choices=("gb2312", "windows"), default="gb2312",
                   help="字体方案：gb2312（仿宋_GB2312 等）或 windows（仿宋/楷体/黑体）/ font preset")
    p.add_argument("--doc-number", metavar="文号", help="印发通知的发文字号 / document number of the wrapper")
    p.add_argument("--date", metavar="YYYY年M月D日", help="成文日期，如 2021年6月3日 / date of the document")
    p.add_argument("--copy-number", nargs="?", const="", default=None, metavar="NNNNNN",
                   help="版头加份号（不带值则留占位）/ add the copy-number slot")
    p.add_argument("--secrecy", nargs="?", const="", default=None, metavar="密级",
                   help="版头加密级和保密期限 / add the secrecy slot")
    p.add_argument("--urgency", nargs="?", const="", default=None, metavar="紧急程度",
                   help="版头加紧急程度 / add the urgency slot")
    p.add_argument("--no-ledger-attachment", action="store_true",
                   help="草稿中不附分工表附件 / leave the ledger out of the draft")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件 / overwrite existing files")
    add_read_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import re

    from ..api import analyze_path
    from ..draft import DraftOptions, default_output_name, find_profile, make_draft, write_outputs
    from ..errors import InputError
    if args.date and not re.fullmatch(r"\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日", args.date):
        raise InputError(f"成文日期“{args.date}”格式不对：应写作 2021年6月3日（阿拉伯数字，不加 0）。")
    from ..fileio import refuse_input_as_output
    from .common import stage
    refuse_input_as_output([args.output, args.ledger, args.note], [args.plan])
    profile = find_profile(args.county)
    analysis = analyze_path(args.plan, read_options(args))
    stage("正在生成草稿…")
    if not analysis.headings and not analysis.tasks:
        raise InputError(f"未能从 {args.plan} 中识别出方案的结构（标题层级、责任分工），无法生成草稿。"
                         "请确认这是一份实施方案类文件。", path=args.plan)
    opts = DraftOptions(wrapper=args.wrapper, fonts=args.fonts, copy_number=args.copy_number,
                        secrecy=args.secrecy, urgency=args.urgency, doc_number=args.doc_number, date=args.date,
                        ledger_attachment=not args.no_ledger_attachment)
    result = make_draft(analysis, profile, opts)
    out = args.output or default_output_name(result)
    refuse_input_as_output([out], [args.plan])
    written = write_outputs(result, out, ledger=args.ledger, note=args.note, force=args.force)
    lines = [f"已生成草稿：{written.draft}"]
    if written.ledger:
        lines.append(f"已生成分工表：{written.ledger}")
    if written.note:
        lines.append(f"已生成起草说明：{written.note}")
    lines.append(f"共 {len(result.ledger)} 项重点任务，{len(result.placeholders)} 处待补充，"
                 f"{sum(1 for c in result.changes if c.kind == 'confirm')} 处须核实。")
    for w in result.warnings:
        lines.append(f"注意：{w}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
