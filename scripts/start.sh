#!/usr/bin/env bash
# Set up (first time, or when pyproject.toml changed) and start 支部台账.
# Every argument goes to main.py, e.g.:
#   ./scripts/start.sh                     open the app on the database in your data folder
#   ./scripts/start.sh --db ~/台账.sqlite3  open the app on another database file
#   ./scripts/start.sh import 名册.xlsx     command line, no window (see README)
#   ./scripts/start.sh --smoke             open, paint the window once, exit 0
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"

# Does this command open a window? Subcommands, --version and --help do not.
opens_window=1
smoke=0
skip_next=0
for arg in "$@"; do
    if [ "$skip_next" -eq 1 ]; then
        skip_next=0
        continue
    fi
    case "$arg" in
    --db) skip_next=1 ;;
    --smoke) smoke=1 ;;
    --version | -h | --help | import | export | backup | check | report | settings) opens_window=0 ;;
    esac
done

if [ "$opens_window" -eq 1 ] && [ -z "${QT_QPA_PLATFORM:-}" ] &&
    [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    if [ "$smoke" -eq 1 ]; then
        echo "[start] No display found (DISPLAY/WAYLAND_DISPLAY unset): running the smoke test offscreen." >&2
        export QT_QPA_PLATFORM=offscreen
    else
        cat >&2 <<'MSG'
[start] No display found: neither DISPLAY nor WAYLAND_DISPLAY is set, so the window
        cannot open. Run this from a desktop session (or `ssh -X`), or try:
          ./scripts/start.sh --smoke       start offscreen, paint once, exit
          ./scripts/start.sh --help        the command line (import, export, backup, check)
MSG
        exit 2
    fi
fi

# Stay in the caller's folder: relative paths (--db, import FILE) are theirs.
exec "$ROOT/.venv/bin/python" "$ROOT/main.py" "$@"
