"""``policydesk gui [FILE...]``: open the desktop window with the files given."""

from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("gui", parents=[common],
                       help="打开桌面程序 / open the desktop window",
                       description="打开桌面程序，可同时打开给出的文件 / open the desktop app with the files given")
    p.add_argument("files", metavar="FILE", nargs="*", help="要打开的 PDF、DOCX、TXT 文件 / files to open")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        from ..gui.app import run as run_gui
    except ImportError as e:  # PySide6 or a system library (libEGL, xcb) missing
        from ..errors import PolicydeskError
        raise PolicydeskError(f"无法启动桌面程序：缺少图形界面组件（{e}）。请重新运行安装脚本 scripts/setup.sh。") from e
    return run_gui(args.files)
