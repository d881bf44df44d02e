"""``policydesk draft PLAN --county NAME [-o OUT.docx] [--ledger OUT.xlsx] [--note OUT.docx] [--decisions FILE]
[--write-decisions FILE] [--track-changes] [--table OUT.docx] [--wrapper] [--fonts gb2312|windows] [--force]``."""

from __future__ import annotations

import sys

from ..errors import PolicydeskError
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
    p.add_argument("--decisions", metavar="FILE.json",
                   help="按任务承接决定起草（承接/细化/合并/不承接，新增任务）/ apply the per-task decisions file")
    p.add_argument("--write-decisions", metavar="FILE.json",
                   help="写出建议的任务承接决定（供修改后用 --decisions 起草），不生成草稿 / write suggested decisions")
    p.add_argument("--track-changes", action="store_true",
                   help="以 Word 修订（插入/删除）的形式写出对市方案的每处改动 / every edit as a Word revision")
    p.add_argument("--table", metavar="OUT.docx",
                   help="同时写出对照表（市方案原文 | 本县条款 | 处理及理由）/ also write the comparison table")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件 / overwrite existing files")
    add_read_options(p)
    p.set_defaults(func=run)


class UsageError(PolicydeskError):
    """A wrong option value (exit 2, like argparse's usage errors)."""
    exit_code = 2


OUTPUT_FLAGS = {"draft": "-o", "note": "--note", "table": "--table", "ledger": "--ledger", "decisions": "--write-decisions"}


def _check_args(args) -> None:
    from ..draft.guards import LABELS, check_doc_number, check_output_suffix
    from ..gongwen.dates import written_date_problem
    problem = written_date_problem(args.date)
    if problem:
        raise UsageError(problem)
    if args.doc_number:
        msg = check_doc_number(args.doc_number)
        if msg:
            raise UsageError(msg)
    for kind, value in (("draft", args.output), ("ledger", args.ledger), ("note", args.note), ("table", args.table),
                        ("decisions", args.write_decisions)):
        if value:
            msg = check_output_suffix(kind, value, f"{LABELS[kind]}（{OUTPUT_FLAGS[kind]}）")
            if msg:
                raise UsageError(msg)


def run(args) -> int:
    from ..api import analyze_path
    from ..draft import DraftOptions, default_output_name, find_profile, make_draft, write_outputs
    from ..draft.decisions import load_decisions, save_decisions, suggest_decisions, validate_decisions
    from ..draft.guards import check_plan
    from ..errors import InputError
    from ..fileio import refuse_input_as_output
    from .common import stage
    refuse_input_as_output([args.output, args.ledger, args.note, args.table, args.write_decisions],
                           [args.plan, args.decisions])           # first: the input is never at risk, whatever else
    _check_args(args)
    profile = find_profile(args.county)
    decisions = load_decisions(args.decisions) if args.decisions else None
    analysis = analyze_path(args.plan, read_options(args))
    stage("正在生成草稿…")
    if not analysis.headings and not analysis.tasks:
        raise InputError(f"未能从 {args.plan} 中识别出方案的结构（标题层级、责任分工），无法生成草稿。"
                         "请确认这是一份实施方案类文件。", path=args.plan)
    notes = [f"注意：{w}" for w in check_plan(analysis, profile)]
    if decisions is not None:
        validate_decisions(decisions, analysis)
        if decisions.county and decisions.county != profile.name:
            notes.append(f"注意：决定文件 {args.decisions} 是为{decisions.county}写的，现用于{profile.name}。")
        number = analysis.meta.doc_number
        if decisions.plan_doc_number and number and decisions.plan_doc_number != number:
            notes.append(f"注意：决定文件 {args.decisions} 对应的市方案为 {decisions.plan_doc_number}，所选方案为 {number}。")
    if args.write_decisions:
        suggested = suggest_decisions(analysis, profile, base=decisions)
        save_decisions(suggested, args.write_decisions, force=args.force)
        dropped = [(k, d) for k, d in suggested.tasks.items() if d.action == "不承接"]
        lines = [f"已写出任务承接决定：{args.write_decisions}（{len(suggested.tasks)} 项任务，建议不承接 {len(dropped)} 项）"]
        lines += [f"  {k} {d.title}：建议不承接——{d.reason}" for k, d in dropped]
        lines.append("修改后用 --decisions 该文件 生成草稿。")
        sys.stdout.write("\n".join(lines + notes) + "\n")
        return 0
    opts = DraftOptions(wrapper=args.wrapper, fonts=args.fonts, copy_number=args.copy_number,
                        secrecy=args.secrecy, urgency=args.urgency, doc_number=args.doc_number, date=args.date,
                        ledger_attachment=not args.no_ledger_attachment, track_changes=args.track_changes)
    result = make_draft(analysis, profile, opts, decisions=decisions)
    out = args.output or default_output_name(result)
    refuse_input_as_output([out], [args.plan, args.decisions])
    written = write_outputs(result, out, ledger=args.ledger, note=args.note, force=args.force, table=args.table)
    lines = [f"已生成草稿：{written.draft}" + ("（修订模式）" if args.track_changes else "")]
    if written.ledger:
        lines.append(f"已生成任务台账：{written.ledger}")
    if written.note:
        lines.append(f"已生成起草说明：{written.note}")
    if getattr(written, "table", None):
        lines.append(f"已生成对照表：{written.table}")
    from ..draft.checker import check_docx
    n_todo = len(check_docx(written.draft).placeholders)       # the same count check-format reports
    lines.append(f"共 {len(result.ledger)} 项重点任务，{n_todo} 处待补充，"
                 f"{sum(1 for c in result.changes if c.kind == 'confirm')} 处须核实。")
    if result.decisions is not None and result.decisions.dropped:
        lines.append(f"不承接 {len(result.decisions.dropped)} 项：" + "、".join(d.id for d in result.decisions.dropped)
                     + "（理由见起草说明）。")
    for w in result.warnings:
        lines.append(f"注意：{w}")
    sys.stdout.write("\n".join(lines + notes) + "\n")
    return 0
