#!/usr/bin/env bash
# Build the .deb from this checkout and test it unpacked (dpkg-deb -x): the frozen
# program's --version, --smoke offscreen, import, export (and PDF reports once
# they exist), plus the packaging tests (desktop-file-validate, makensis).
# CI runs it after ./scripts/test.sh. As root it installs the tools it needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

say() { printf '[smoke] %s\n' "$*" >&2; }

missing=()
command -v makensis >/dev/null 2>&1 || missing+=(nsis)
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
command -v objdump >/dev/null 2>&1 || missing+=(binutils) # PyInstaller reads ELF files with it
# PyInstaller bundles libpython; Debian's own python3 ships it in a separate package.
py_info="$("$ROOT/.venv/bin/python" -c 'import sys; print(sys.base_prefix, f"{sys.version_info[0]}.{sys.version_info[1]}")')"
if [ "${py_info% *}" = /usr ] && ! ldconfig -p 2>/dev/null | grep -qF "libpython${py_info#* }.so.1.0 "; then
    missing+=("libpython${py_info#* }")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" </dev/null >&2
    else
        say "missing: ${missing[*]} (install them, e.g. sudo apt-get install ${missing[*]})"
        exit 1
    fi
fi

started=$(date +%s)
"$ROOT/.venv/bin/python" "$ROOT/installer/build.py"
say "build took $(($(date +%s) - started)) s"

version="$("$ROOT/.venv/bin/python" -c 'import sys; sys.path.insert(0, "src"); import app; print(app.__version__)')"
deb="$(ls "$ROOT"/dist/branch-ledger_"$version"_*.deb | head -n 1)"
say "testing $deb ($(du -h "$deb" | cut -f1))"

home="$(mktemp -d "${TMPDIR:-/tmp}/branch-ledger-smoke.XXXXXX")"
trap 'rm -rf "$home"' EXIT
BRANCH_LEDGER_HOME="$home" \
    BRANCH_LEDGER_FROZEN_DEB="$deb" \
    BRANCH_LEDGER_REQUIRE_TOOLS=1 \
    QT_QPA_PLATFORM=offscreen \
    "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider tests/installer "$@"
