"""``policydesk library add|list|search|remove|set-level|reindex`` (the reference library)."""

from __future__ import annotations

import argparse

from .common import add_read_options, emit_json, emit_text


def _level(value: str) -> str:
    from ..levels import parse_level
    try:
        return parse_level(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def register(sub, common) -> None:
    p = sub.add_parser("library", parents=[common], help="上级文档库：导入、列出、检索、删除 / reference library",
                       description="管理上级文档库（SQLite） / manage the reference library")
    lsub = p.add_subparsers(dest="library_command", metavar="ACTION", parser_class=type(p))
    lsub.required = True

    a = lsub.add_parser("add", parents=[common], help="导入文件或文件夹 / import files and folders",
                        description="导入文件或文件夹（含子文件夹）；内容相同的文件只存一次；Ctrl+C 可随时取消，已导入的保留 / "
                                    "import files and folders recursively (stored once by content)")
    a.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER", help="PDF、DOCX、TXT 文件或文件夹 / files or folders")
    a.add_argument("--workers", type=int, default=2, metavar="N",
                   help="并行读取的进程数（默认 2） / worker processes (default 2)")
    a.add_argument("--level", type=_level, metavar="L",
                   help="级别 national/provincial/city/county/other 或 国家/省/市/县/其他；不给则自动判断 / level")
    a.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    add_read_options(a)
    a.set_defaults(func=run_add)

    ls = lsub.add_parser("list", parents=[common], help="列出文件 / list documents", description="列出文档库中的文件 / list")
    ls.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    ls.set_defaults(func=run_list)

    s = lsub.add_parser("search", parents=[common], help="检索标题和正文 / search titles and text",
                        description="检索标题和正文（两个字以上的任意片段） / search any substring of two or more characters")
    s.add_argument("text", metavar="TEXT", help="检索词 / text to find")
    s.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    s.set_defaults(func=run_search)

    r = lsub.add_parser("remove", parents=[common], help="删除文件 / remove a document",
                        description="从文档库删除一个文件 / remove a document")
    r.add_argument("id", type=int, metavar="ID", help="编号 / id")
    r.set_defaults(func=run_remove)

    ri = lsub.add_parser("reindex", parents=[common], help="按当前词典重建分词数据 / rebuild tokens and features",
                         description="修改词典（jieba_userdict.txt）后，按已存的分析结果重建分词和特征，不重新读取文件 / "
                                     "rebuild tokens after a dictionary change")
    ri.set_defaults(func=run_reindex)

    lv = lsub.add_parser("set-level", parents=[common], help="修改级别 / set the level",
                         description="修改文件的级别 / set a document's level")
    lv.add_argument("id", type=int, metavar="ID", help="编号 / id")
    lv.add_argument("level", type=_level, metavar="L", help="national/provincial/city/county/other 或 国家/省/市/县/其他")
    lv.set_defaults(func=run_set_level)


def _open(args):
    from ..library import Library
    from ..paths import library_path
    return Library(library_path(args.library))


def _line(info: dict) -> str:
    from ..levels import level_name
    docno = info.get("doc_number") or "—"
    return f"#{info['id']}\t{level_name(info['level'])}\t{docno}\t{info.get('title') or info.get('path')}"


class _ProgressLine:
    """A progress line on stderr when it is a terminal and the run takes more than a second."""

    def __init__(self) -> None:
        import sys
        import time
        self.tty = sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        import os
        import sys
        import time
        if not self.tty or time.monotonic() - self.start < 1.0:
            return
        name = os.path.basename(path).replace("\n", " ").replace("\r", " ")[:40]
        sys.stderr.write(f"\r\x1b[K导入 {done}/{total}　{name}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        import sys
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run_add(args) -> int:
    import sys
    from ..levels import level_name
    from ..library.bulk import import_paths, raise_if_failed
    line = _ProgressLine()
    with _open(args) as lib:
        try:
            summary = import_paths(lib, args.files, level=args.level, password=getattr(args, "password", None),
                                   ocr=not getattr(args, "no_ocr", False), workers=max(1, args.workers),
                                   progress=line)
        finally:
            line.close()
    if summary.cancelled:
        print(summary.line() + "已导入的文件完整保存在文档库中。", file=sys.stderr)
        return 130
    raise_if_failed(summary)
    if args.json:
        emit_json([r.to_json() for r in summary.results], None)
    else:
        lines = []
        for r in summary.results:
            verb = "已导入" if r.status == "added" else "已在库中"
            lines.append(f"{verb}\t#{r.id}\t{level_name(r.level or 'other')}\t{r.title or r.path}")
        if len(summary.results) > 1 or summary.skipped:
            lines.append(summary.line())
        emit_text("\n".join(lines), None)
    return 0


def run_list(args) -> int:
    with _open(args) as lib:
        docs = [d.to_json() for d in lib.list()]
    if args.json:
        emit_json(docs, None)
    elif not docs:
        emit_text("文档库是空的。用“policydesk library add 文件”导入上级文件。", None)
    else:
        emit_text("编号\t级别\t文号\t标题\n" + "\n".join(_line(d) for d in docs), None)
    return 0


def run_search(args) -> int:
    with _open(args) as lib:
        hits = lib.search(args.text)
    if args.json:
        emit_json(hits, None)
    elif not hits:
        emit_text(f"没有找到包含“{args.text}”的文件。", None)
    else:
        emit_text("\n".join(_line(h) + (f"\n\t{h['snippet']}" if h.get("snippet") else "") for h in hits), None)
    return 0


def run_remove(args) -> int:
    with _open(args) as lib:
        info = lib.remove(args.id)
    emit_text(f"已删除 #{info.id} {info.title or info.path}", None)
    return 0


def run_set_level(args) -> int:
    from ..levels import level_name
    with _open(args) as lib:
        info = lib.set_level(args.id, args.level)
    emit_text(f"#{info.id} 的级别已改为“{level_name(info.level)}”：{info.title or info.path}", None)
    return 0


def run_reindex(args) -> int:
    with _open(args) as lib:
        n = lib.reindex()
    emit_text(f"已重建 {n} 个文件的分词和特征数据。", None)
    return 0
