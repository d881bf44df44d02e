"""Command-line interface: ``policydesk COMMAND ...`` (contract in docs/cli.md).

Each command lives in its own module in this package exposing ``register(subparsers)``,
which adds a sub-parser whose ``func(args) -> int`` runs it.  Errors derived from
:class:`policydesk.errors.PolicydeskError` become one Chinese line on stderr and their
exit code; anything unexpected is logged with its traceback and reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import PolicydeskError

COMMANDS = ["analyze", "library", "compare", "draft", "check_format", "gui"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage error -> exit 2, bilingual
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误 / usage error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="PATH", default=argparse.SUPPRESS,
                        help="文档库 SQLite 文件 / library file (else $POLICYDESK_LIBRARY, else user data dir)")
    parser = _Parser(prog="policydesk", parents=[common],
                     description="政策文件分析与起草助手 / policy document analysis and drafting assistant")
    parser.add_argument("--version", action="version", version=f"policydesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub, common)
    return parser


def _configure_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if not hasattr(args, "library"):
        args.library = None
    from ..log import escape_line
    from . import progress
    bar = progress.restart()
    previous = _handle_sigterm()
    try:
        from ..log import log_command
        with log_command(args.command, sys.argv[1:] if argv is None else argv):
            code = int(args.func(args) or 0)
        bar.finish()
        return code
    except PolicydeskError as e:
        bar.finish()
        print(escape_line(str(e)), file=sys.stderr)     # one line, even with a newline in a file name
        return e.exit_code
    except KeyboardInterrupt:
        bar.finish()
        print("操作已取消。", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - last line of defence: no traceback reaches the user
        bar.finish()
        print(f"发生内部错误：{type(e).__name__}。详细信息已写入日志，请将日志文件发给技术支持。", file=sys.stderr)
        return 1
    finally:
        _restore_sigterm(previous)


def _on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt      # unwinds like Ctrl-C: temporary files and partial output sets are removed


def _handle_sigterm():
    import signal
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):    # not the main thread, or no SIGTERM on this platform
        return None


def _restore_sigterm(previous) -> None:
    import signal
    if previous is None:
        return
    try:
        signal.signal(signal.SIGTERM, previous)
    except (ValueError, OSError):
        pass


if __name__ == "__main__":
    sys.exit(main())
