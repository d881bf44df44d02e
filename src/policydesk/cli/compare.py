"""``policydesk compare PLAN [--ref FILE_OR_ID ...] [--json] [-o OUT] [--html OUT.html] [--docx OUT.docx] [--force]``."""

from __future__ import annotations

import os

from .common import add_read_options, emit_json, emit_text, read_options


def register(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common], help="与上级文件逐条对照 / compare a plan with higher-level documents",
                       description="将方案与上级文件逐条对照：承接、细化、新增、未承接 / clause-by-clause comparison")
    p.add_argument("plan", metavar="PLAN", help="方案文件 / the plan (PDF, DOCX, TXT)")
    p.add_argument("--ref", action="extend", nargs="+", metavar="FILE_OR_ID", default=[],
                   help="对照文件：文档库编号或文件路径（不给则用方案引用且已入库的文件，否则按相似度从文档库选） / references")
    p.add_argument("--json", action="store_true", help="输出 compare/1 JSON / print JSON")
    p.add_argument("-o", "--output", metavar="OUT", help="JSON 或摘要写入文件 / write JSON or summary to OUT")
    p.add_argument("--html", metavar="OUT.html", help="写出对照报告（网页） / write the HTML report")
    p.add_argument("--docx", metavar="OUT.docx", help="写出 Word 对照表 / write the Word comparison table")
    p.add_argument("--force", action="store_true", help="覆盖已有输出文件 / overwrite outputs")
    add_read_options(p)
    p.set_defaults(func=run)


def _resolve_refs(specs: list[str], lib, opts) -> list:
    from ..api import analyze_path
    from ..errors import InputError
    from ..fileio import sha256_file
    refs: list = []
    for spec in specs:
        if os.path.exists(spec):
            if lib is not None and os.path.isfile(spec):
                found = lib.find_sha256(sha256_file(spec))
                if found is not None:
                    refs.append(found)
                    continue
            refs.append(analyze_path(spec, opts))
        elif spec.strip().isdigit():
            if lib is None:
                from ..errors import LibraryError
                raise LibraryError(f"文档库不存在，无法按编号 {spec} 取得对照文件。请先导入文件或用文件路径。")
            lib.get(int(spec))          # unknown id -> LibraryError
            refs.append(int(spec))
        else:
            raise InputError(f"找不到对照文件：{spec}。请给出文件路径或文档库编号（见 policydesk library list）。",
                             path=spec)
    return refs


def run(args) -> int:
    import sys
    from ..api import analyze_path
    from ..compare import compare_documents
    from ..fileio import check_target
    from ..library import Library
    from ..paths import library_path

    from ..errors import LibraryError
    from ..fileio import output_set, refuse_input_as_output
    from .common import stage
    outputs = [args.html, args.docx, args.output]
    refuse_input_as_output(outputs, [args.plan] + [r for r in args.ref if os.path.exists(r)])
    for target in outputs:
        if target:
            check_target(target, force=args.force)
    opts = read_options(args)
    plan = analyze_path(args.plan, opts)
    path = library_path(args.library)
    lib = None
    if path.exists():
        try:
            lib = Library(path)
        except LibraryError as e:
            # references given as files do not need the library: compare without it, and say so
            if not args.ref or any(not os.path.exists(r) for r in args.ref):
                raise
            print(f"注意：文档库无法打开，本次对照未使用文档库（{e}）", file=sys.stderr)
    stage("正在逐条对照…")
    try:
        refs = _resolve_refs(args.ref, lib, opts)
        result = compare_documents(plan, refs, library=lib)
    finally:
        if lib is not None:
            lib.close()
    with output_set(outputs):           # all the reports or none
        if args.html:
            from ..compare.report_html import write_html
            write_html(result, args.html, force=args.force)
        if args.docx:
            from ..compare.report_docx import write_docx
            write_docx(result, args.docx, force=args.force)
        for w in result.get("warnings", []):
            print(w, file=sys.stderr)
        if args.json:
            emit_json(result, args.output, force=args.force)
        else:
            from ..compare.summary import format_summary
            emit_text(format_summary(result), args.output, force=args.force)
    return 0
