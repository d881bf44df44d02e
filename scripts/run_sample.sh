#!/usr/bin/env bash
# Set up (if needed) and run the main job on the bundled sample plan:
# with a display, open the desktop app on it; without one, run the same pipeline headless into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SAMPLE=samples/tongzhengfa-2021-23.pdf
PD=.venv/bin/policydesk

has_display() {
  [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] && return 0
  # QT_QPA_PLATFORM=offscreen/minimal draw nowhere: not a display a person can look at.
  case "${QT_QPA_PLATFORM:-}" in ""|offscreen*|minimal*) return 1 ;; *) return 0 ;; esac
}

has_command() { "$PD" "$1" --help >/dev/null 2>&1; }

if has_display; then
  echo "正在打开桌面程序：$SAMPLE（关闭窗口即结束）"
  exec "$PD" gui "$SAMPLE"
fi

echo "未检测到图形显示（DISPLAY / WAYLAND_DISPLAY / QT_QPA_PLATFORM 均未设置），改为在命令行运行分析流程。"
mkdir -p out
"$PD" analyze "$SAMPLE"
"$PD" analyze "$SAMPLE" --json -o out/tongzhengfa-2021-23.analysis.json --force
echo "分析结果（JSON）已写入 out/tongzhengfa-2021-23.analysis.json"
if has_command compare; then
  REFS=()   # higher-level documents to compare with, if bundled in samples/refs/ (else the library is used)
  if [ -d samples/refs ]; then for f in samples/refs/*; do [ -f "$f" ] && REFS+=("$f"); done; fi
  if "$PD" compare "$SAMPLE" ${REFS[@]+--ref "${REFS[@]}"} --json -o out/tongzhengfa-2021-23.compare.json --html out/tongzhengfa-2021-23.compare.html --force; then
    echo "对照结果已写入 out/tongzhengfa-2021-23.compare.json 和 out/tongzhengfa-2021-23.compare.html"
  else
    echo "（对照上级文件未完成，见上面的提示）"
  fi
fi
if has_command draft; then
  if "$PD" draft "$SAMPLE" --county 如东 -o out/如东县-配套方案.docx --ledger out/如东县-任务台账.xlsx --force; then
    echo "起草的配套方案已写入 out/如东县-配套方案.docx，任务台账已写入 out/如东县-任务台账.xlsx"
  else
    echo "（起草配套方案未完成，见上面的提示）"
  fi
fi
echo "全部输出在 $(pwd)/out/ 目录中。有图形显示时，本脚本会直接打开桌面程序。"
