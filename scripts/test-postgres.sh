#!/usr/bin/env bash
# Run the database-facing tests against a real PostgreSQL server on this machine,
# so "any SQLAlchemy URL, PostgreSQL included" stays true. As root it installs
# and starts Debian's postgresql if needed, creates a throwaway role and
# database, installs the driver (the project's `postgres` extra) into .venv and
# runs pytest with BRANCH_LEDGER_TEST_DB_URL set. Extra arguments go to pytest.
# Without root and without BRANCH_LEDGER_TEST_DB_URL already set it says so and
# exits 0 (nothing to test against); with the URL set it uses that server.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

if [ -z "${BRANCH_LEDGER_TEST_DB_URL:-}" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "[postgres] not root and BRANCH_LEDGER_TEST_DB_URL not set: skipping the PostgreSQL run"
        exit 0
    fi
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        echo "[postgres] installing Debian's postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
    fi
    cluster="$(pg_lsclusters --no-header | head -n 1)"
    if [ -z "$cluster" ]; then
        echo "[postgres] no cluster found after installing postgresql" >&2
        exit 1
    fi
    version="$(echo "$cluster" | awk '{print $1}')"
    name="$(echo "$cluster" | awk '{print $2}')"
    port="$(echo "$cluster" | awk '{print $3}')"
    pg_ctlcluster "$version" "$name" start 2>/dev/null || true
    for _ in $(seq 1 30); do
        su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    su postgres -c "psql -p $port -qtAc \"select 1 from pg_roles where rolname='ledger_ci'\"" | grep -q 1 \
        || su postgres -c "psql -p $port -qc \"create role ledger_ci login password 'ledger_ci'\""
    su postgres -c "dropdb -p $port --if-exists ledger_ci" >/dev/null
    su postgres -c "createdb -p $port -O ledger_ci ledger_ci"
    export BRANCH_LEDGER_TEST_DB_URL="postgresql+psycopg://ledger_ci:ledger_ci@localhost:$port/ledger_ci"
fi

"$ROOT/.venv/bin/python" -c "import psycopg" 2>/dev/null \
    || "$ROOT/.venv/bin/pip" install -q -e '.[postgres]'

export QT_QPA_PLATFORM=offscreen
if [ -z "${BRANCH_LEDGER_HOME:-}" ]; then
    BRANCH_LEDGER_HOME="$(mktemp -d "${TMPDIR:-/tmp}/branch-ledger-pg.XXXXXX")"
    export BRANCH_LEDGER_HOME
    trap 'rm -rf "$BRANCH_LEDGER_HOME"' EXIT
fi
echo "[postgres] running the tests against ${BRANCH_LEDGER_TEST_DB_URL%%:*}://… (password hidden)"
"$ROOT/.venv/bin/python" -m pytest -q tests/unit tests/e2e tests/gui "$@"
