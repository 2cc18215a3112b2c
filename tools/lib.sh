#!/usr/bin/env bash
# Shared helpers of tools/*.sh: find Odoo 18, run a private PostgreSQL, check
# Chromium, wkhtmltopdf and the test requirements, write .state/odoo.conf.
#
# Sourced by the commands. Run as a command (`bash tools/lib.sh`, see
# _kam_usage) it serves tests/conftest.py: `print-env` sets everything up and
# prints KEY=VALUE lines; the database and log commands keep the test
# database's helpers here only.
#
# Nothing here installs or builds Odoo: it only finds an Odoo 18 that is
# already installed (official package, source checkout + venv, pip).
#
# Overrides (all optional):
#   ODOO_PYTHON     a python that can `import odoo` (Odoo 18)
#   KAM_PG_PORT     port of the private PostgreSQL cluster   (default 54329)
#   KAM_HTTP_PORT   Odoo HTTP port in .state/odoo.conf        (default 8069)
#   KAM_TEST_DB     test database                             (default kam_test)
#   KAM_DEMO_DB     demo database                             (default kam_demo)

# System tools (runuser, useradd, pg_ctl's helpers) live in sbin directories
# that a caller's PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

KAM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
KAM_STATE_DIR="$KAM_REPO_ROOT/.state"
KAM_LOG_DIR="$KAM_STATE_DIR/logs"
KAM_ODOO_CONF="$KAM_STATE_DIR/odoo.conf"
KAM_FILESTORE="$KAM_STATE_DIR/filestore"
KAM_PG_PORT="${KAM_PG_PORT:-54329}"
KAM_PG_HOST=127.0.0.1
KAM_PG_USER=odoo
KAM_HTTP_PORT="${KAM_HTTP_PORT:-8069}"
KAM_TEST_DB="${KAM_TEST_DB:-kam_test}"
KAM_DEMO_DB="${KAM_DEMO_DB:-kam_demo}"
KAM_MODULE=kam_module
# What the test and demo databases install before kam_module: the apps its
# measures, whitespace and stakeholder map read when they are there.
KAM_TEST_APPS=sale_management,calendar

# ---------------------------------------------------------------- messages --

if [ -t 2 ]; then
    _KAM_RED=$'\033[31m' _KAM_GREEN=$'\033[32m' _KAM_RESET=$'\033[0m'
else
    _KAM_RED='' _KAM_GREEN='' _KAM_RESET=''
fi
kam_info() { printf '%s\n' "$*" >&2; }
kam_ok() { printf '%s%s%s\n' "$_KAM_GREEN" "$*" "$_KAM_RESET" >&2; }
kam_warn() { printf 'WARNING: %s\n' "$*" >&2; }
kam_die() {
    printf '%sERROR: %s%s\n' "$_KAM_RED" "$*" "$_KAM_RESET" >&2
    exit 1
}
kam_banner() { printf '\n== %s\n' "$*" >&2; }
kam_is_root() { [ "$(id -u)" = 0 ]; }

kam_apt_install() {
    kam_is_root && command -v apt-get >/dev/null 2>&1 || return 1
    kam_info "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "$@" >&2
}

# --------------------------------------------------------------- Odoo 18 --
# Sets KAM_ODOO_PYTHON, KAM_ODOO_VERSION and KAM_ADDONS_PATH (Odoo's addons
# directories, then this repository).

# Prints "version<TAB>addons dirs" when the python imports Odoo 18.
_kam_probe_python() {
    [ -x "$1" ] && [ ! -d "$1" ] || return 1
    (cd / && TZ=UTC "$1" - 2>/dev/null <<'PY'
import os
import sys

import odoo
import odoo.addons
import odoo.release

if odoo.release.version_info[0] != 18:
    sys.exit(1)


def holds_addons(path):
    return os.path.isdir(path) and any(
        os.path.isfile(os.path.join(path, name, "__manifest__.py"))
        for name in os.listdir(path)
    )


# base's directory, the addons namespace, a source checkout's addons/
candidates = [os.path.join(path, "addons") for path in odoo.__path__]
candidates += list(odoo.addons.__path__)
candidates += [os.path.join(os.path.dirname(p), "addons") for p in odoo.__path__]
dirs = []
for path in map(os.path.realpath, candidates):
    if path not in dirs and holds_addons(path):
        dirs.append(path)
print(odoo.release.version + "\t" + ",".join(dirs))
PY
    )
}

_kam_try_python() {
    local out
    out="$(_kam_probe_python "$1")" || {
        _kam_tried+=("$1")
        return 1
    }
    KAM_ODOO_PYTHON="$1"
    KAM_ODOO_VERSION="${out%%$'\t'*}"
    KAM_ADDONS_PATH="${out#*$'\t'},$KAM_REPO_ROOT"
}

# The interpreter of an executable's shebang (`odoo` on PATH).
_kam_shebang_python() {
    local line
    IFS= read -r line <"$(readlink -f "$1")" 2>/dev/null || return 1
    line="${line#\#!}"
    set -- $line
    if [ "$(basename "$1")" = env ]; then command -v "$2"; else printf '%s\n' "$1"; fi
}

find_odoo() {
    [ -n "${KAM_ODOO_PYTHON:-}" ] && [ -n "${KAM_ADDONS_PATH:-}" ] && return 0
    _kam_tried=()
    if [ -n "${ODOO_PYTHON:-}" ]; then
        _kam_try_python "$ODOO_PYTHON" \
            || kam_die "ODOO_PYTHON=$ODOO_PYTHON does not import Odoo 18"
    else
        local candidates=() script py
        for script in odoo odoo-bin; do
            script="$(command -v "$script")" && py="$(_kam_shebang_python "$script")" \
                && candidates+=("$py")
        done
        candidates+=("$(command -v python3 || true)" /opt/odoo*/venv/bin/python3 \
            /opt/odoo*/.venv/bin/python3 /usr/bin/python3)
        for py in "${candidates[@]}"; do
            [ -n "$py" ] && _kam_try_python "$py" && break
        done
        [ -n "${KAM_ODOO_PYTHON:-}" ] || kam_die "Odoo 18 not found (tried: ${_kam_tried[*]:-nothing}). Install Odoo 18 (official package, Docker image or source checkout with its requirements) or set ODOO_PYTHON=/path/to/python-with-odoo"
    fi
    export KAM_ODOO_PYTHON KAM_ODOO_VERSION KAM_ADDONS_PATH KAM_REPO_ROOT
}

odoo_run() {
    (cd "$KAM_REPO_ROOT" && TZ=UTC exec "$KAM_ODOO_PYTHON" -m odoo "$@")
}

# ------------------------------------------------------------ PostgreSQL --
# A private cluster in .state/pg (or /tmp when the postgres user cannot reach
# the checkout), started by the commands: sessions' servers are gone by CI.

_kam_pg_bindir() {
    local initdb
    initdb="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null \
        | sort -V | tail -n 1)"
    [ -n "$initdb" ] || initdb="$(command -v initdb)" || return 1
    dirname "$initdb"
}

# Run as the cluster's owner: postgres when we are root.
_kam_pg_as_owner() {
    if kam_is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

_kam_pg_paths() {
    local base="$KAM_STATE_DIR"
    mkdir -p "$KAM_STATE_DIR"
    # The socket path must fit in 107 bytes; root's postgres must reach it.
    if [ "${#base}" -gt 70 ] || { kam_is_root && ! runuser -u postgres -- test -x "$base"; }; then
        base="/tmp/kam-pg-$(printf '%s' "$KAM_REPO_ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$base" && chmod 755 "$base"
        # .state was wiped: so is the cluster that belonged to it.
        [ -L "$KAM_STATE_DIR/pg" ] || {
            [ -f "$base/pg/postmaster.pid" ] && _kam_pg_as_owner \
                "$(_kam_pg_bindir)/pg_ctl" -D "$base/pg" -m immediate stop >/dev/null 2>&1
            rm -rf "${base:?}/pg" && ln -sfn "$base/pg" "$KAM_STATE_DIR/pg"
        }
    fi
    KAM_PG_DATA="$base/pg"
    KAM_PG_RUN="$base/pg-run"
    KAM_PG_LOG="$base/pg.log"
}

kam_psql() {
    # kam_psql [DB] -c SQL: tuples only, unaligned, stops on error
    local db=postgres
    if [ $# -gt 0 ] && [ "${1:0:1}" != - ]; then db="$1" && shift; fi
    PGCONNECT_TIMEOUT=10 "$KAM_PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
        -h "$KAM_PG_HOST" -p "$KAM_PG_PORT" -U "${KAM_PSQL_USER:-$KAM_PG_USER}" \
        -d "$db" "$@"
}

ensure_postgres() {
    KAM_PG_BIN="$(_kam_pg_bindir)" || {
        kam_warn "PostgreSQL server not found: installing Debian's postgresql"
        kam_apt_install postgresql || kam_die "PostgreSQL server (initdb, pg_ctl) not found: install it (Debian: apt-get install postgresql)"
        KAM_PG_BIN="$(_kam_pg_bindir)" || kam_die "initdb still not found"
    }
    if kam_is_root && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
            || kam_die "cannot create the postgres user (PostgreSQL refuses root)"
    fi
    _kam_pg_paths
    local version
    version="$("$KAM_PG_BIN/pg_ctl" --version | grep -oE '[0-9]+' | head -n 1)"
    if [ -f "$KAM_PG_DATA/PG_VERSION" ] && [ "$(cat "$KAM_PG_DATA/PG_VERSION")" != "$version" ]; then
        kam_warn "cluster $KAM_PG_DATA is of another PostgreSQL version: recreating it"
        rm -rf "${KAM_PG_DATA:?}"
    fi
    mkdir -p "$KAM_PG_RUN"
    kam_is_root && chown postgres: "$KAM_PG_RUN"
    if [ ! -f "$KAM_PG_DATA/PG_VERSION" ]; then
        kam_info "initdb $KAM_PG_DATA"
        mkdir -p "$KAM_PG_DATA" && chmod 700 "$KAM_PG_DATA"
        kam_is_root && chown postgres: "$KAM_PG_DATA"
        _kam_pg_as_owner "$KAM_PG_BIN/initdb" -D "$KAM_PG_DATA" -U postgres \
            --auth=trust --encoding=UTF8 --locale=C >"$KAM_PG_RUN/initdb.log" 2>&1 \
            || kam_die "initdb failed: $(tail -n 5 "$KAM_PG_RUN/initdb.log")"
        # A throw-away cluster for tests: speed, not durability.
        printf '%s\n' "fsync = off" "synchronous_commit = off" \
            "full_page_writes = off" "max_connections = 200" \
            >>"$KAM_PG_DATA/postgresql.conf"
    fi
    if ! _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" status >/dev/null 2>&1; then
        kam_info "starting PostgreSQL on $KAM_PG_HOST:$KAM_PG_PORT ($KAM_PG_DATA)"
        touch "$KAM_PG_LOG" && { kam_is_root && chown postgres: "$KAM_PG_LOG"; true; }
        # shared_buffers: the benchmark database (~300 MB) stays in
        # PostgreSQL's memory; some VMs reclaim the page cache proactively.
        _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" -l "$KAM_PG_LOG" \
            -w -t 60 -o "-c listen_addresses=$KAM_PG_HOST -p $KAM_PG_PORT -c unix_socket_directories=$KAM_PG_RUN -c shared_buffers=1GB" \
            start >/dev/null 2>&1 \
            || kam_die "PostgreSQL did not start (port $KAM_PG_PORT busy? set KAM_PG_PORT): $(tail -n 5 "$KAM_PG_LOG")"
    fi
    # Odoo refuses to connect as postgres: a superuser role of its own.
    if [ "$(KAM_PSQL_USER=postgres kam_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")" != 1 ]; then
        KAM_PSQL_USER=postgres kam_psql -c "CREATE ROLE odoo LOGIN SUPERUSER" \
            || kam_die "cannot create the odoo role"
    fi
    export KAM_PG_BIN KAM_PG_PORT KAM_PG_HOST KAM_PG_DATA
    export PGHOST="$KAM_PG_HOST" PGPORT="$KAM_PG_PORT" PGUSER="$KAM_PG_USER"
}

kam_check_db_name() {
    [[ "$1" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || kam_die "invalid database name: '$1'"
}

kam_db_exists() {
    [ "$(kam_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

kam_module_state() {
    kam_psql "$1" -c "SELECT state FROM ir_module_module WHERE name = '$KAM_MODULE'" \
        2>/dev/null || true
}

kam_db_drop() {
    kam_check_db_name "$1"
    kam_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "${KAM_FILESTORE:?}/filestore/$1"
}

# kam_db_copy SOURCE TARGET: a cheap copy of an installed database (template
# copy, filestore included), replacing TARGET.
kam_db_copy() {
    kam_check_db_name "$1"
    kam_db_drop "$2"
    kam_psql -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" >/dev/null
    if [ -d "$KAM_FILESTORE/filestore/$1" ]; then
        cp -a "$KAM_FILESTORE/filestore/$1" "$KAM_FILESTORE/filestore/$2"
    fi
}

# The lines of an Odoo log (stdin), numbered, that make it unclean: ERROR or
# CRITICAL, a traceback, a model without access rules.
kam_log_problems() {
    grep -nE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |no access rules|^Traceback ' || true
}

# -------------------------------------------------------------- Chromium --

ensure_chromium() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        KAM_CHROME="$(command -v "$name")" && export KAM_CHROME && return 0
    done
    kam_warn "Chromium not found (the browser tours need it): installing Debian's chromium"
    kam_apt_install chromium && KAM_CHROME="$(command -v chromium)" && export KAM_CHROME \
        && return 0
    kam_die "Chromium not found (chromium, chromium-browser, google-chrome): Odoo would skip the browser tours silently. Install it (Debian: apt-get install chromium)."
}

# ------------------------------------------------------------ PDF printing --
# Odoo prints reports with wkhtmltopdf. Debian's (Qt without Odoo's patches)
# draws web fonts as shapes: with Lato, the reports' font, installed as a
# system font the printed plan keeps its text (the report tests read it).

ensure_pdf_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    fc-list -q Lato 2>/dev/null || missing+=(fonts-lato)
    [ ${#missing[@]} = 0 ] && return 0
    kam_warn "PDF printing needs ${missing[*]}: installing Debian's packages"
    kam_apt_install "${missing[@]}" && command -v wkhtmltopdf >/dev/null 2>&1 \
        && fc-list -q Lato && return 0
    kam_die "wkhtmltopdf or the Lato font not found: the plan's PDF cannot be printed and tested. Install them (Debian: apt-get install wkhtmltopdf fonts-lato)."
}

# ---------------------------------------------------- test requirements --

# The lines of requirements-test.txt that are missing or at another version.
_kam_missing_test_deps() {
    "$KAM_ODOO_PYTHON" - "$KAM_REPO_ROOT/requirements-test.txt" <<'PY'
import re
import sys
from importlib import metadata

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, wanted = line.partition("==")
    name = re.split(r"[\[<>!~;\s]", name, maxsplit=1)[0]
    try:
        if wanted and metadata.version(name) != wanted.strip():
            print(line)
    except metadata.PackageNotFoundError:
        print(line)
PY
}

ensure_test_deps() {
    local missing flags=()
    missing="$(_kam_missing_test_deps)" || kam_die "cannot read requirements-test.txt"
    [ -z "$missing" ] && return 0
    kam_info "installing test requirements into $KAM_ODOO_PYTHON: ${missing//$'\n'/ }"
    # A system python (Debian's package) needs leave to take PyPI packages.
    "$KAM_ODOO_PYTHON" -c 'import os, sys, sysconfig
managed = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(sys.prefix != sys.base_prefix or not os.path.exists(managed))' \
        && flags+=(--break-system-packages)
    "$KAM_ODOO_PYTHON" -m pip install -q --disable-pip-version-check "${flags[@]}" \
        -r "$KAM_REPO_ROOT/requirements-test.txt" >&2 \
        || kam_die "pip install -r requirements-test.txt failed"
    [ -z "$(_kam_missing_test_deps)" ] || kam_die "test requirements still missing"
}

# ---------------------------------------------------------- odoo.conf --

write_odoo_config() {
    mkdir -p "$KAM_FILESTORE" "$KAM_LOG_DIR"
    cat >"$KAM_ODOO_CONF" <<EOF
; written by tools/lib.sh on every run
[options]
addons_path = $KAM_ADDONS_PATH
data_dir = $KAM_FILESTORE
db_host = $KAM_PG_HOST
db_port = $KAM_PG_PORT
db_user = $KAM_PG_USER
db_password = False
db_sslmode = disable
admin_passwd = admin
without_demo = False
http_port = $KAM_HTTP_PORT
http_interface = 127.0.0.1
log_level = warn
max_cron_threads = 0
workers = 0
EOF
    export KAM_ODOO_CONF KAM_FILESTORE KAM_LOG_DIR KAM_TEST_DB KAM_DEMO_DB
}

kam_setup_runtime() {
    find_odoo
    ensure_postgres
    write_odoo_config
}

# The database commands use the cluster that print-env started.
_kam_usage() {
    cat >&2 <<'EOF'
usage: bash tools/lib.sh COMMAND
  print-env                  set everything up, print KEY=VALUE lines
  psql [DB] PSQL-ARGS...     run psql (tuples only, unaligned) on DB
  module-state DB            kam_module's state in DB (nothing: no such database)
  db-drop DB                 drop DB and its filestore
  db-copy SOURCE TARGET      replace TARGET by a copy of SOURCE
  log-problems               the lines of an Odoo log (stdin) that make it unclean
EOF
    exit 2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    command="${1:-}"
    shift || true
    case "$command" in
        print-env)
            kam_setup_runtime
            for var in KAM_ODOO_PYTHON KAM_ODOO_CONF KAM_ADDONS_PATH KAM_FILESTORE \
                KAM_TEST_DB KAM_PG_BIN KAM_PG_HOST KAM_PG_PORT; do
                printf '%s=%s\n' "$var" "${!var}"
            done
            ;;
        psql | module-state | db-drop | db-copy)
            KAM_PG_BIN="${KAM_PG_BIN:-$(_kam_pg_bindir)}"
            case "$command" in
                psql) kam_psql "$@" ;;
                module-state) [ $# = 1 ] || _kam_usage; kam_module_state "$1" ;;
                db-drop) [ $# = 1 ] || _kam_usage; kam_db_drop "$1" ;;
                db-copy) [ $# = 2 ] || _kam_usage; kam_db_copy "$1" "$2" ;;
            esac
            ;;
        log-problems) kam_log_problems ;;
        *) _kam_usage ;;
    esac
fi
