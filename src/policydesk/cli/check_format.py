"""``policydesk check-format FILE.docx [--json] [--preset NAME]``: exit 1 if a finding is against GB/T 9704."""

from __future__ import annotations

from .common import add_output_options, emit_json, emit_text


def register(sub, common) -> None:
    presets = "house-28pt、house-30pt、house-bold-h3、house-centred-page-number…（见 resources/gbt9704.json）"
    p = sub.add_parser("check-format", parents=[common],
                       help="检查 Word 文件是否符合 GB/T 9704-2012 / check a .docx against GB/T 9704-2012",
                       description="静态检查 .docx 的格式（纸张、页边距、字体字号、行距、页码、发文字号、日期…），"
                                   "每条结果注明条款；待补充的占位符单独列出 / static format check citing clauses")
    p.add_argument("file", metavar="FILE.docx", help="要检查的 Word 文件 / the .docx to check")
    p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    p.add_argument("--preset", metavar="NAME", help=f"同时检查单位惯例（{presets}）/ also check a house style")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..draft.checker import check_docx
    from ..fileio import refuse_input_as_output
    refuse_input_as_output([args.output], [args.file])
    report = check_docx(args.file, preset=args.preset)
    if args.json:
        emit_json(report.to_json(), args.output, force=args.force)
    else:
        emit_text(report.format_text(), args.output, force=args.force)
    return report.exit_code
