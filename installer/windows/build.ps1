# Build the Windows setup program of 支部台账 on a Windows machine:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs Python 3.11 (py launcher or python on PATH) and NSIS 3 (choco install nsis).
# Writes dist\branch-ledger-setup-<version>.exe.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

$Venv = Join-Path $Root ".venv"
$Python = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Python)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { py -3.11 -m venv $Venv }
    else { python -m venv $Venv }
}
& $Python -m pip install --upgrade pip
& $Python -m pip install -e .
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

if (-not (Get-Command makensis -ErrorAction SilentlyContinue)) {
    $Nsis = Join-Path ${env:ProgramFiles(x86)} "NSIS"
    if (Test-Path (Join-Path $Nsis "makensis.exe")) { $env:PATH = "$Nsis;$env:PATH" }
    else { throw "makensis not found: install NSIS 3 (choco install nsis -y)" }
}

# build.py installs the pinned PyInstaller, runs it, then makensis.
& $Python installer\build.py
if ($LASTEXITCODE -ne 0) { throw "build failed" }
Get-ChildItem dist\branch-ledger-setup-*.exe
