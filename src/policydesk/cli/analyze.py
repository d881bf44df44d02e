"""``policydesk analyze FILE [--json] [-o OUT] [--xlsx TABLE.xlsx] [--password PW] [--no-ocr]``."""

from __future__ import annotations

from .common import add_output_options, add_read_options, emit_json, emit_text, read_options


def register(sub, common) -> None:
    p = sub.add_parser("analyze", parents=[common],
                       help="分析一份文件：元数据、结构、责任分工 / analyse a document",
                       description="分析公文：元数据、标题层级、责任分工 / analyse a plan: metadata, outline, responsibilities")
    p.add_argument("file", metavar="FILE", help="PDF、DOCX、TXT 文件 / input file")
    p.add_argument("--json", action="store_true", help="输出 analysis/1 JSON / print JSON")
    p.add_argument("--xlsx", metavar="TABLE", help="另存责任分工表（.xlsx）/ also write the responsibility table")
    add_output_options(p)
    add_read_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..api import analyze_path
    from ..fileio import refuse_input_as_output
    refuse_input_as_output([args.output], [args.file])
    result = analyze_path(args.file, read_options(args))
    if getattr(args, "xlsx", None):
        from ..export import export_responsibilities
        export_responsibilities(result, args.xlsx, force=args.force)
    if args.json:
        emit_json(result.to_json(), args.output, force=args.force)
    else:
        from ..analysis.summary import format_summary
        emit_text(format_summary(result), args.output, force=args.force)
    return 0
