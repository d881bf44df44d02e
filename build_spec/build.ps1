# Build the one-folder bundle on Windows (PowerShell, from the checkout): dist\policydesk\ and a zip.
# Needs Python 3.11 64-bit from python.org.  Not run in the Linux session that wrote it: see docs/packaging.md.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -e ".[build]"
.venv\Scripts\python -m PyInstaller --noconfirm --clean --log-level WARN `
    --workpath build\pyinstaller --distpath dist build_spec\policydesk.spec
$version = (& dist\policydesk\policydesk.exe --version).Split(" ")[1]
Compress-Archive -Force -Path dist\policydesk -DestinationPath "dist\policydesk-$version-windows-x64.zip"
Write-Host "built dist\policydesk and dist\policydesk-$version-windows-x64.zip"
