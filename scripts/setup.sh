#!/usr/bin/env bash
# Sets up everything the portal needs on a Debian machine; safe to run again (it only does
# what is missing or out of date). Used by `make serve` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP_DIR=var/setup
mkdir -p "$STAMP_DIR"

# --- System packages: CJK fonts for the PDF (the Fandol fonts: scripts/setup.d/40-fandol-fonts.sh), Chromium for browser tests, Java for the
# Nu Html Checker; poppler, MuPDF and Ghostscript to check the PDF in three readers' engines;
# the PostgreSQL client tools for backups.
missing=()
# Captured first: with pipefail, `fc-list | grep -q` fails when grep stops reading early.
font_families=$(fc-list : family 2>/dev/null || true)
grep -q "Noto Serif CJK SC" <<<"$font_families" || missing+=(fonts-noto-cjk)
grep -q "Noto Sans CJK SC" <<<"$font_families" || missing+=(fonts-noto-cjk)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v mutool >/dev/null 2>&1 || missing+=(mupdf-tools)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# cairo for CairoSVG (the PNG of the indicator charts).
shared_libraries=$(ldconfig -p 2>/dev/null || true)
grep -q "libcairo.so.2 " <<<"$shared_libraries" || missing+=(libcairo2)
# pg_dump / pg_restore for `manage.py backup` and `restore` on PostgreSQL.
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# Serving: Redis for the tests that stop a Redis of their own, nginx and wrk for the shipped
# proxy configuration's test and benchmark (deploy/).
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    echo "setup: installing system packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fc-cache -f >/dev/null 2>&1 || true
fi

# --- Python environment, reinstalled when pyproject.toml changes.
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP_DIR/pip" ] || [ pyproject.toml -nt "$STAMP_DIR/pip" ]; then
    echo "setup: installing Python packages"
    "$VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$VENV/bin/pip" install -q -e ".[test]"
    touch "$STAMP_DIR/pip"
fi

# --- Front-end test tools (axe-core, vnu-jar) from the npm registry.
if [ -f package.json ]; then
    if [ ! -d node_modules ] || [ package.json -nt "$STAMP_DIR/npm" ] || [ ! -f "$STAMP_DIR/npm" ]; then
        echo "setup: installing npm packages"
        if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi
        touch "$STAMP_DIR/npm"
    fi
fi

# --- Project steps that need the Python environment (PDF fonts and the like).
for step in scripts/setup.d/*.sh; do
    [ -e "$step" ] || continue
    bash "$step"
done
