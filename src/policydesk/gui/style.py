"""Fonts, sizes and the few colours the app uses (a CJK font on every platform)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Preferred UI families, best first.  The first one installed wins; the rest stay as fallbacks.
UI_FAMILIES = {
    "win32": ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Segoe UI"],
    "darwin": ["PingFang SC", "Hiragino Sans GB", "Heiti SC"],
    "linux": ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
              "Droid Sans Fallback"],
}
# Font files tried when no CJK family is known to Qt (e.g. a bare offscreen test run).
FONT_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
# Body text of the 正文 view: a serif (宋体-like) face reads like the printed 公文.
TEXT_FAMILIES = ["SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"]

UI_POINT_SIZE = 10
TEXT_POINT_SIZE = 12

# Highlight colours of the 正文 view (light backgrounds that print well in greyscale).
COLOR_ANNOTATION = QColor("#dcebfa")   # 〔责任单位：…〕
COLOR_TARGET = QColor("#fff0b3")       # targets: 数字目标
COLOR_DEADLINE = QColor("#fadcdc")     # deadlines: 时限
COLOR_HEADING = QColor("#1f3b63")
COLOR_LEAD = QColor("#b22222")
COLOR_SUPPORT = QColor("#2f5d8a")
COLOR_UNRECOGNISED = QColor("#b35c00")          # a unit name the rules do not know (column head)
COLOR_UNRECOGNISED_BG = QColor("#ffe2bf")       # …its cells and the task's 编号 / 牵头单位
COLOR_WARNING_BG = QColor("#ffd8a8")            # 正文: text an analysis warning is about (待确认)
COLOR_WARNING_LINE = QColor("#e07000")          # …its wavy underline


def _platform_key() -> str:
    if sys.platform.startswith("win"):
        return "win32"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def ensure_cjk_font() -> list[str]:
    """Return the installed CJK UI families (best first), registering a font file if Qt knows none."""
    wanted = UI_FAMILIES[_platform_key()]
    known = set(QFontDatabase.families())
    found = [f for f in wanted if f in known]
    if not found:
        extra = os.environ.get("POLICYDESK_FONT_FILE")
        for path in ([extra] if extra else []) + FONT_FILES:
            if path and Path(path).is_file():
                fid = QFontDatabase.addApplicationFont(path)
                if fid >= 0:
                    fams = QFontDatabase.applicationFontFamilies(fid)
                    found = [f for f in wanted if f in fams] or list(fams)
                    break
    return found


def apply_app_font(app: QApplication) -> QFont:
    families = ensure_cjk_font()
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
    return font


def text_font() -> QFont:
    known = set(QFontDatabase.families())
    fams = [f for f in TEXT_FAMILIES if f in known] + ensure_cjk_font()
    font = QFont()
    if fams:
        font.setFamilies(fams)
    font.setPointSize(TEXT_POINT_SIZE)
    return font
