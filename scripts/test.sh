#!/usr/bin/env bash
# Set up (first time, or when pyproject.toml changed) and run the whole test
# suite with pytest, without a display. Every argument goes to pytest, e.g.:
#   ./scripts/test.sh                        everything
#   ./scripts/test.sh -x -q tests/unit       stop at the first failure, unit tests only
#   ./scripts/test.sh -m "not slow"          skip the slow tests
#   BRANCH_LEDGER_TEST_DB_URL=postgresql+psycopg://... ./scripts/test.sh   (see README)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"

export QT_QPA_PLATFORM=offscreen
# Never touch the real user folder, even in code that runs before the fixtures.
if [ -z "${BRANCH_LEDGER_HOME:-}" ]; then
    BRANCH_LEDGER_HOME="$(mktemp -d "${TMPDIR:-/tmp}/branch-ledger-test.XXXXXX")"
    export BRANCH_LEDGER_HOME
    trap 'rm -rf "$BRANCH_LEDGER_HOME"' EXIT
fi

cd "$ROOT"
"$ROOT/.venv/bin/python" -m pytest "$@"
