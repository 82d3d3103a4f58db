#!/usr/bin/env bash
# Prepare a checkout of 支部台账 (Branch Ledger) to run and test:
#   1. the system libraries Qt 6 needs (installed with apt-get when run as root),
#   2. a Python >= 3.11 with the venv module,
#   3. .venv with the project installed editable with its test extras.
# Safe to run again: each step is skipped when already done, and the pip step
# runs only when pyproject.toml changed since the last successful install.
# start.sh and test.sh run it first; you may run it alone too.
#
# Environment:
#   BRANCH_LEDGER_PYTHON=/path/to/python   use this interpreter to create .venv
#   BRANCH_LEDGER_SKIP_SYSTEM_LIBS=1       do not check or install system libraries
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.branch-ledger-installed"
MIN_MINOR=11 # Python 3.11

say() { printf '[setup] %s\n' "$*" >&2; }
die() {
    printf '[setup] ERROR: %s\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

APT_UPDATED=0
apt_update() {
    # Once per run: a fresh machine often has no package lists at all.
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
        APT_UPDATED=1
    fi
}

apt_install() {
    # apt_install PKG...: install Debian packages without any question asked.
    apt_update
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null >&2
}

apt_name() {
    # Ubuntu 24.04 and Debian 13 renamed some libraries with a t64 suffix (the old
    # name survives only as a virtual package there): prefer the real package.
    local pkg="$1"
    if apt-cache show "${pkg}t64" >/dev/null 2>&1; then
        echo "${pkg}t64"
    else
        echo "$pkg"
    fi
}

# Only one setup at a time per checkout (start.sh and test.sh may run together).
if have flock; then
    LOCK="${TMPDIR:-/tmp}/branch-ledger-setup-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
    exec 9>"$LOCK"
    flock 9
fi

# --- 1. System libraries for Qt 6 (PySide6 wheels bundle Qt, not these) -------
# soname -> Debian package. Found with ldd on PySide6's QtCore/QtGui/QtWidgets/
# QtDBus/XcbQpa libraries and the xcb, offscreen and minimal platform plugins.
QT_SYSTEM_LIBS=(
    "libglib-2.0.so.0 libglib2.0-0"
    "libEGL.so.1 libegl1"
    "libGL.so.1 libgl1"
    "libfontconfig.so.1 libfontconfig1"
    "libfreetype.so.6 libfreetype6"
    "libpng16.so.16 libpng16-16"
    "libdbus-1.so.3 libdbus-1-3"
    "libxkbcommon.so.0 libxkbcommon0"
    "libxkbcommon-x11.so.0 libxkbcommon-x11-0"
    "libX11.so.6 libx11-6"
    "libX11-xcb.so.1 libx11-xcb1"
    "libxcb.so.1 libxcb1"
    "libxcb-cursor.so.0 libxcb-cursor0"
    "libxcb-glx.so.0 libxcb-glx0"
    "libxcb-icccm.so.4 libxcb-icccm4"
    "libxcb-image.so.0 libxcb-image0"
    "libxcb-keysyms.so.1 libxcb-keysyms1"
    "libxcb-randr.so.0 libxcb-randr0"
    "libxcb-render-util.so.0 libxcb-render-util0"
    "libxcb-render.so.0 libxcb-render0"
    "libxcb-shape.so.0 libxcb-shape0"
    "libxcb-shm.so.0 libxcb-shm0"
    "libxcb-sync.so.1 libxcb-sync1"
    "libxcb-util.so.1 libxcb-util1"
    "libxcb-xfixes.so.0 libxcb-xfixes0"
    "libxcb-xkb.so.1 libxcb-xkb1"
)

ldconfig_cmd() {
    if have ldconfig; then
        ldconfig "$@"
    elif [ -x /sbin/ldconfig ]; then
        /sbin/ldconfig "$@"
    else
        return 1
    fi
}

missing_system_packages() {
    # Print the Debian packages whose library is not in the loader's cache.
    local cache entry soname pkg
    cache="$(ldconfig_cmd -p 2>/dev/null || true)"
    for entry in "${QT_SYSTEM_LIBS[@]}"; do
        soname="${entry%% *}"
        pkg="${entry##* }"
        if [ -n "$cache" ]; then
            grep -qF "$soname " <<<"$cache" || echo "$pkg"
        elif have dpkg; then
            dpkg -s "$pkg" >/dev/null 2>&1 || dpkg -s "${pkg}t64" >/dev/null 2>&1 || echo "$pkg"
        fi
    done
}

ensure_system_libraries() {
    [ "${BRANCH_LEDGER_SKIP_SYSTEM_LIBS:-0}" = "1" ] && return 0
    [ "$(uname -s)" = "Linux" ] || return 0
    local missing=() pkg
    while read -r pkg; do
        [ -n "$pkg" ] && missing+=("$pkg")
    done < <(missing_system_packages)
    [ "${#missing[@]}" -eq 0 ] && return 0
    if is_root && have apt-get; then
        say "Qt needs system libraries that are missing: ${missing[*]}"
        local names=()
        apt_update
        for pkg in "${missing[@]}"; do names+=("$(apt_name "$pkg")"); done
        apt_install "${names[@]}"
    else
        say "Qt needs system libraries that are missing on this machine:"
        say "    ${missing[*]}"
        if have apt-get; then
            say "Install them with:"
            say "    sudo apt-get install ${missing[*]}"
        else
            say "Install them with your system's package manager (names above are Debian's)."
        fi
        say "(or set BRANCH_LEDGER_SKIP_SYSTEM_LIBS=1 to go on without them)"
        exit 1
    fi
}

# --- 2. A Python >= 3.11 that can create a venv -------------------------------
python_ok() {
    "$1" -c "import sys; sys.exit(0 if sys.version_info >= (3, $MIN_MINOR) else 1)" \
        >/dev/null 2>&1
}

find_python() {
    local candidate
    if [ -n "${BRANCH_LEDGER_PYTHON:-}" ]; then
        python_ok "$BRANCH_LEDGER_PYTHON" || die "BRANCH_LEDGER_PYTHON=$BRANCH_LEDGER_PYTHON is not Python >= 3.$MIN_MINOR"
        echo "$BRANCH_LEDGER_PYTHON"
        return 0
    fi
    for candidate in python3 python3.11 python3.12 python3.13 python3.14 /usr/bin/python3 python; do
        if have "$candidate" && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_python() {
    if PYTHON="$(find_python)"; then
        return 0
    fi
    if is_root && have apt-get; then
        say "No Python >= 3.$MIN_MINOR found; installing python3.11 with apt-get"
        apt_install python3.11 python3.11-venv || true
        PYTHON="$(find_python)" && return 0
    fi
    die "Python 3.$MIN_MINOR or newer is needed (tried python3, python3.11 ... python3.14). Install it, e.g. 'sudo apt-get install python3 python3-venv', or point BRANCH_LEDGER_PYTHON at one."
}

ensure_venv_module() {
    # Debian ships venv's pip bootstrap (ensurepip) in a separate package.
    if "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1; then
        return 0
    fi
    local ver
    ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    if is_root && have apt-get; then
        say "$PYTHON lacks the venv module; installing python$ver-venv"
        apt_install "python$ver-venv"
    else
        die "$PYTHON cannot create virtual environments. Run: sudo apt-get install python$ver-venv"
    fi
    "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1 ||
        die "$PYTHON still cannot create virtual environments after installing python$ver-venv"
}

# --- 3. .venv and the project's packages ---------------------------------------
venv_ok() {
    [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" &&
        "$VENV/bin/python" -c "import pip" >/dev/null 2>&1
}

ensure_venv() {
    if venv_ok; then
        return 0
    fi
    if [ -e "$VENV" ]; then
        say ".venv is broken (its Python is gone or too old); making a new one"
        rm -rf "$VENV"
    fi
    ensure_python
    ensure_venv_module
    say "Creating .venv with $PYTHON ($("$PYTHON" --version 2>&1))"
    if ! "$PYTHON" -m venv "$VENV" >&2; then
        rm -rf "$VENV"
        die "could not create $VENV"
    fi
}

install_fingerprint() {
    # What the installed packages depend on: the dependency list and the interpreter.
    {
        cat "$ROOT/pyproject.toml"
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
    } | cksum | cut -d' ' -f1
}

packages_present() {
    "$VENV/bin/python" - <<'EOF' >/dev/null 2>&1
import importlib.util, sys
mods = ("app", "PySide6.QtWidgets", "sqlalchemy", "alembic", "openpyxl", "pypinyin", "pypdfium2",
        "platformdirs", "reportlab", "pytest", "pytestqt", "hypothesis", "sqlcipher3")
sys.exit(0 if all(importlib.util.find_spec(m) for m in mods) else 1)
EOF
}

ensure_packages() {
    local want
    want="$(install_fingerprint)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && packages_present; then
        return 0
    fi
    say "Installing the app and its test tools into .venv (the first time downloads PySide6 and the rest: about 360 MB installed)"
    rm -f "$STAMP"
    (cd "$ROOT" && "$VENV/bin/python" -m pip install --disable-pip-version-check \
        --progress-bar off -q -e ".[test]" >&2) ||
        die "pip install failed (see above). Is PyPI reachable?"
    echo "$want" >"$STAMP"
}

check_qt_loads() {
    # After pip: report any library Qt's platform plugins still cannot find.
    [ "${BRANCH_LEDGER_SKIP_SYSTEM_LIBS:-0}" = "1" ] && return 0
    [ "$(uname -s)" = "Linux" ] && have ldd || return 0
    local qt missing
    qt="$("$VENV/bin/python" -c 'import PySide6, os; print(os.path.dirname(PySide6.__file__))' 2>/dev/null)" || return 0
    missing="$(ldd "$qt"/Qt/lib/libQt6{Core,Gui,Widgets,DBus,XcbQpa}.so.6 \
        "$qt"/Qt/plugins/platforms/lib{qxcb,qoffscreen}.so 2>/dev/null |
        awk '/not found/ && $1 !~ /^libQt6/ {print $1}' | sort -u | tr '\n' ' ')"
    if [ -n "$missing" ]; then
        say "WARNING: Qt still cannot find these system libraries: $missing"
        say "The app may not start; please install the packages that provide them."
    fi
}

compile_translations() {
    # resources/translations/*.ts -> .qm (build products, not in git): Qt's file
    # dialog strings that PySide6's own Chinese catalogue lacks. Quick when current.
    "$VENV/bin/python" -m app.ui.translation_files ||
        say "WARNING: could not compile the translations; some of Qt's dialogs may show English"
}

ensure_system_libraries
ensure_venv
ensure_packages
check_qt_loads
compile_translations
