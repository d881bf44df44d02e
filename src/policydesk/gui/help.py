"""帮助 texts: the short guide and the 关于 box."""

from __future__ import annotations

from .. import __version__

APP_TITLE = "政策文件助手"

GUIDE_HTML = f"""
<h3>{APP_TITLE} 使用说明</h3>
<p><b>打开文件</b>：菜单“文件 → 打开”（Ctrl+O），或把 PDF、Word（.docx）、文本文件拖到窗口里。
可以同时打开多份文件，每份一个标签页；“文件 → 最近打开的文件”可快速重新打开。</p>
<p><b>结构</b>：文件的标题层级（一、（一）、1.、（1））。单击标题，正文随之定位；双击转到正文。
右侧显示文号、发文机关、成文日期等文件信息和所选章节的内容。</p>
<p><b>正文</b>：识别出的全文。标题加粗，<span style="background:#dcebfa">责任单位</span>、
<span style="background:#fff0b3">目标</span>、<span style="background:#fadcdc">时限</span>用底色标出；
右侧是原文页面，随光标所在段落翻页，便于核对识别是否准确。查找：Ctrl+F，下一个：F3。</p>
<p><b>责任分工</b>：任务 × 单位表，● 表示牵头，○ 表示配合。可按单位筛选或搜索；
单击某一单位的列，右侧列出该单位的全部任务；双击任务转到正文。“导出 Excel”把表格保存为 .xlsx 文件。</p>
<p><b>打印</b>：Ctrl+P 打印正文；也可“文件 → 导出正文为 PDF”。</p>
<p><b>扫描件</b>：没有文字层的 PDF 页面会自动做文字识别（OCR），识别结果请对照原文页面核对。
如不需要，可在“工具”菜单中关闭文字识别。</p>
<p>较慢的操作（导入、识别、导出）在后台进行，状态栏显示进度，可随时点“取消”。</p>
"""


def about_html() -> str:
    return (f"<h3>{APP_TITLE}</h3><p>版本 {__version__}</p>"
            "<p>面向县级政策起草人员的政策文件分析与起草助手：读取实施方案，识别标题层级与责任分工，"
            "对照上级文件，起草配套方案。</p><p>所有处理均在本机完成，不联网。</p>")
