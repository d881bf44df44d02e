#!/usr/bin/env bash
# Screenshots of every view of the desktop app on a virtual screen of a given size (Xvfb, like
# /work/shared/tools/xvfb_shot.sh, which has a fixed 1440x900 screen), cropped to the window and reduced to 128 colours.
#   usage: scripts/gui_screenshots.sh WIDTHxHEIGHT SCALE OUTDIR
#   e.g.   scripts/gui_screenshots.sh 1366x768 1 docs/screenshots/1366x768
#          scripts/gui_screenshots.sh 1920x1080 1.5 docs/screenshots/1920x1080@150
# Needs: xvfb x11-apps netpbm x11-utils and a CJK font (fonts-noto-cjk).
set -euo pipefail
size="${1:?WIDTHxHEIGHT}"; scale="${2:?SCALE}"; outdir="${3:?OUTDIR}"
W="${size%x*}"; H="${size#*x}"
root="$(cd "$(dirname "$0")/.." && pwd)"
py="$root/.venv/bin/python"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$outdir" "$work/home"
export POLICYDESK_HOME="$work/home" POLICYDESK_LIBRARY="$work/library.sqlite3"
city="$root/samples/tongzhengfa-2021-23.pdf"
county="$work/如东县关于推进全县经济开发区创新提升打造改革开放新高地的实施方案.docx"
"$root/.venv/bin/policydesk" draft "$root/tests/data/corpus/nantong/tongzhengfa-2021-23.txt" --county 如东 -o "$county" >/dev/null
"$root/.venv/bin/policydesk" library add "$root"/tests/data/corpus/partial/jiangsu-suzhengfa-2020-79.opening.txt \
  "$root"/tests/data/corpus/law_pairs/law_*.txt "$root"/tests/data/corpus/guofa-2019-3_*.txt >/dev/null
# the window: min(1280×800, 90 % of the screen) in logical pixels, centred (no window manager under Xvfb)
read -r X Y CW CH < <("$py" - "$W" "$H" "$scale" <<'PY'
import sys
W, H, s = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
lw, lh = int(W / s), int(H / s)
w, h = min(1280, int(lw * 0.9)), min(800, int(lh * 0.9))
x, y = (lw - w) // 2, (lh - h) // 2
print(round(x * s), round(y * s), round(w * s), round(h * s))
PY
)

shot() {   # name seconds env... -- args   (ONLY="a b": just those shots)
  local name="$1" secs="$2"; shift 2
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi
  local envs=(); while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  printf '[General]\nrecent_files=%s, %s\n' "$city" "$county" > "$work/home/gui.ini"
  local disp=":$((100 + RANDOM % 400))"
  Xvfb "$disp" -screen 0 "${W}x${H}x24" -nolisten tcp >/dev/null 2>&1 & local xpid=$!
  for _ in $(seq 50); do DISPLAY=$disp xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  env "${envs[@]}" DISPLAY="$disp" QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR="$scale" "$root/.venv/bin/policydesk" gui "$@" &
  local apid=$!
  sleep "$secs"
  DISPLAY=$disp xwd -root -silent | xwdtopnm 2>/dev/null | pamcut -left "$X" -top "$Y" -width "$CW" -height "$CH" \
    | pnmquant 128 2>/dev/null | pnmtopng -compression 9 > "$outdir/$name.png"
  kill "$apid" 2>/dev/null || true; wait "$apid" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true
  echo "$outdir/$name.png"
}

shot welcome 8 X=1 --
shot structure 16 POLICYDESK_GUI_VIEW=结构 POLICYDESK_GUI_SELECT='三（三）' -- "$city"
shot text 18 POLICYDESK_GUI_VIEW=正文 POLICYDESK_GUI_SELECT='二（一）' -- "$city"
shot responsibilities 16 POLICYDESK_GUI_VIEW=责任分工 POLICYDESK_GUI_SELECT=市发改委 -- "$city"
shot compare 35 POLICYDESK_GUI_VIEW=对照 POLICYDESK_GUI_RUN=1 POLICYDESK_GUI_SELECT="二（一）" -- "$city" "$county"
shot draft 22 POLICYDESK_GUI_VIEW=起草 POLICYDESK_GUI_SELECT=如东县 -- "$city"
shot library 14 POLICYDESK_GUI_VIEW=文档库 --
warned="$root/tests/data/gui_warnings_plan.txt"     # two unparsed brackets, a unit the rules do not know
shot text-warnings 10 POLICYDESK_GUI_VIEW=正文 -- "$warned"
shot responsibilities-warnings 10 POLICYDESK_GUI_VIEW=责任分工 -- "$warned"
