#!/usr/bin/env bash
# Set up (if needed) and run the main job on the bundled sample plan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/policydesk analyze samples/tongzhengfa-2021-23.pdf
.venv/bin/policydesk analyze samples/tongzhengfa-2021-23.pdf --json -o out/tongzhengfa-2021-23.analysis.json
echo "分析结果已写入 out/tongzhengfa-2021-23.analysis.json"
