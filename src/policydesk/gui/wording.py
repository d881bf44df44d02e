"""How the window words the remedy a core error or warning carries as data (``policydesk.errors.OPTIONS``: the same
keys; the CLI has its own in ``cli/common.py``).  Show errors and warnings with ``worded(item, WORDING)``."""

from __future__ import annotations

from ..errors import worded

WORDING: dict[str, str] = {
    "force": "如需覆盖，请在保存对话框中确认替换，或换一个文件名。",
    "password": "请在密码框中输入打开密码。",
    "wrong_password": "请重新输入正确的打开密码。",
    "ocr": "请勾选“工具 → 导入时自动文字识别”后重新打开。",
    "library": "请从备份恢复文档库文件，或把它移到别处后重新启动程序（将新建一个空文档库）。",
    "library_add": "请在“工具 → 文档库”中用“添加文件…”导入文件。",
    "library_list": "请在“工具 → 文档库”中查看文件编号。",
    "open_library": "请先打开“工具 → 文档库”。",
    "ref": "请用“从文件添加…”选择对照文件，或先在“工具 → 文档库”中添加上级文件。",
    "reindex": "请在“工具 → 文档库”中删除并重新添加这些文件。",
}

__all__ = ["WORDING", "worded"]
