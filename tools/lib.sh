#!/usr/bin/env bash
# Shared helpers for tools/*.sh and tests/conftest.py.
#
# Source it from bash (`. tools/lib.sh`) to get the functions, or run it:
#   bash tools/lib.sh print-env   find Odoo, start the private PostgreSQL, write
#                                 .state/odoo.conf and print KEY=VALUE lines
#   bash tools/lib.sh find-odoo   only print what Odoo discovery found
#
# Nothing here installs or builds Odoo: we only FIND an Odoo 18 that is already
# installed (official package, Docker image, source checkout + venv, pip).
#
# Environment overrides (all optional):
#   ODOO_PYTHON     python interpreter that can `import odoo` (Odoo 18)
#   KAM_PG_PORT     port of the private PostgreSQL cluster      (default 54329)
#   KAM_PG_BIN      directory holding initdb/pg_ctl/psql       (auto-detected)
#   KAM_HTTP_PORT   Odoo HTTP port written in .state/odoo.conf (default 8069)
#   KAM_TEST_DB     test database                               (default kam_test)
#   KAM_DEMO_DB     demo database                               (default kam_demo)

if [ -z "${BASH_VERSION:-}" ]; then
    echo "tools/lib.sh needs bash" >&2
    exit 1
fi

KAM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
KAM_STATE_DIR="$KAM_REPO_ROOT/.state"
KAM_LOG_DIR="$KAM_STATE_DIR/logs"
KAM_ODOO_CONF="$KAM_STATE_DIR/odoo.conf"
KAM_FILESTORE="$KAM_STATE_DIR/filestore"
KAM_PG_PORT="${KAM_PG_PORT:-54329}"
KAM_PG_BIN_FORCED="${KAM_PG_BIN_FORCED:-${KAM_PG_BIN:-}}"
KAM_PG_HOST=127.0.0.1
KAM_PG_USER=odoo
KAM_HTTP_PORT="${KAM_HTTP_PORT:-8069}"
KAM_TEST_DB="${KAM_TEST_DB:-kam_test}"
KAM_DEMO_DB="${KAM_DEMO_DB:-kam_demo}"
KAM_MODULE=kam_module

# ---------------------------------------------------------------- messages --

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    _KAM_BOLD=$'\033[1m' _KAM_RED=$'\033[31m' _KAM_GREEN=$'\033[32m'
    _KAM_YELLOW=$'\033[33m' _KAM_RESET=$'\033[0m'
else
    _KAM_BOLD='' _KAM_RED='' _KAM_GREEN='' _KAM_YELLOW='' _KAM_RESET=''
fi

kam_info() { printf '%s\n' "$*" >&2; }
kam_ok() { printf '%s%s%s\n' "$_KAM_GREEN" "$*" "$_KAM_RESET" >&2; }
kam_warn() { printf '%sWARNING: %s%s\n' "$_KAM_YELLOW" "$*" "$_KAM_RESET" >&2; }
kam_die() {
    printf '%sERROR: %s%s\n' "$_KAM_RED" "$*" "$_KAM_RESET" >&2
    exit 1
}
kam_banner() {
    local line='=========================================================================='
    printf '\n%s%s\n== %s\n%s%s\n' "$_KAM_BOLD" "$line" "$*" "$line" "$_KAM_RESET" >&2
}

kam_is_root() { [ "$(id -u)" = 0 ]; }

_kam_apt_updated=0
kam_apt_install() {
    # kam_apt_install PACKAGE...  (root + Debian/Ubuntu only)
    kam_is_root || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    export DEBIAN_FRONTEND=noninteractive
    if [ "$_kam_apt_updated" = 0 ]; then
        kam_info "apt-get update"
        apt-get update -qq >&2 || return 1
        _kam_apt_updated=1
    fi
    kam_info "apt-get install -y $*"
    apt-get install -y -qq --no-install-recommends "$@" >&2
}

# -------------------------------------------------------------- find_odoo --
#
# Sets KAM_ODOO_PYTHON (interpreter that imports Odoo 18), KAM_ODOO_VERSION,
# KAM_ODOO_ADDONS (Odoo's own addons directories, comma separated) and
# KAM_ADDONS_PATH (= KAM_ODOO_ADDONS,<repo root>).

# Prints "version<TAB>addons dirs" for a python that imports Odoo 18.
# Returns 3 when it imports another Odoo version (message on stdout), 1 otherwise.
_kam_probe_python() {
    local py="$1"
    [ -n "$py" ] && [ -x "$py" ] && [ ! -d "$py" ] || return 1
    (cd / && TZ=UTC "$py" - 2>/dev/null <<'PY'
import os
import sys

import odoo
import odoo.release

if odoo.release.version_info[0] != 18:
    print(odoo.release.version)
    sys.exit(3)

import odoo.addons

dirs = []


def add(path):
    path = os.path.realpath(path)
    if path in dirs or not os.path.isdir(path):
        return
    # keep only directories that really hold addons
    for name in os.listdir(path):
        if os.path.isfile(os.path.join(path, name, "__manifest__.py")):
            dirs.append(path)
            return


for package_dir in odoo.__path__:
    add(os.path.join(package_dir, "addons"))  # base, the server-wide addons
for addons_dir in odoo.addons.__path__:
    add(addons_dir)
for package_dir in odoo.__path__:
    # source checkout: <checkout>/odoo + <checkout>/addons
    add(os.path.join(os.path.dirname(package_dir), "addons"))
if not dirs:
    sys.exit(1)
print(odoo.release.version + "\t" + ",".join(dirs))
PY
    )
}

# Interpreter named in the shebang of an executable script (symlinks resolved).
_kam_shebang_python() {
    local script line interp arg
    script="$(readlink -f "$1" 2>/dev/null)" || return 1
    [ -f "$script" ] || return 1
    IFS= read -r line <"$script" || return 1
    case "$line" in
        '#!'*) line="${line#\#!}" ;;
        *) return 1 ;;
    esac
    read -r interp arg _ <<<"$line"
    if [ "$(basename "$interp")" = env ]; then
        [ "$arg" = -S ] && return 1
        interp="$(command -v "$arg" 2>/dev/null)" || return 1
    fi
    [ -n "$interp" ] && printf '%s\n' "$interp"
}

_kam_use_python() {
    local py="$1" out rc
    if [ -z "$py" ] || [ -d "$py" ] || [ ! -x "$py" ]; then
        _kam_odoo_tried+=("$py (no such executable)")
        return 1
    fi
    out="$(_kam_probe_python "$py")" && rc=0 || rc=$?
    if [ "$rc" = 0 ]; then
        KAM_ODOO_PYTHON="$py"
        KAM_ODOO_VERSION="${out%%$'\t'*}"
        KAM_ODOO_ADDONS="${out#*$'\t'}"
        return 0
    fi
    if [ "$rc" = 3 ]; then
        _kam_odoo_tried+=("$py (Odoo $out, not 18)")
    else
        _kam_odoo_tried+=("$py (cannot import odoo)")
    fi
    return 1
}

_kam_odoo_not_found() {
    local t
    {
        echo "Odoo 18 not found: install Odoo 18 (official package, Docker image or source checkout) or set ODOO_PYTHON=/path/to/python-with-odoo"
        if [ "${#_kam_odoo_tried[@]}" -gt 0 ]; then
            echo "Tried:"
            for t in "${_kam_odoo_tried[@]}"; do echo "  - $t"; done
        fi
    } >&2
    exit 1
}

find_odoo() {
    _kam_odoo_tried=()
    local candidate odoo_script py
    if [ "${KAM_ODOO_FOUND:-}" = 1 ] && [ -n "${KAM_ODOO_PYTHON:-}" ] \
        && [ -n "${KAM_ODOO_ADDONS:-}" ] && [ -x "$KAM_ODOO_PYTHON" ]; then
        : # already discovered by a parent script (exported below)
    elif [ -n "${ODOO_PYTHON:-}" ]; then
        # explicit choice: no silent fallback to something else
        _kam_use_python "$ODOO_PYTHON" || {
            _kam_odoo_tried=("ODOO_PYTHON=${_kam_odoo_tried[0]:-$ODOO_PYTHON}")
            _kam_odoo_not_found
        }
    else
        local found=0
        # 1. the interpreter of `odoo` (or `odoo-bin`) on PATH
        for odoo_script in odoo odoo-bin; do
            candidate="$(command -v "$odoo_script" 2>/dev/null)" || continue
            py="$(_kam_shebang_python "$candidate")" || {
                _kam_odoo_tried+=("$candidate (no usable shebang)")
                continue
            }
            if _kam_use_python "$py"; then found=1 && break; fi
        done
        # 2. python3 on PATH (pip install, PYTHONPATH, Debian package)
        if [ "$found" = 0 ] && py="$(command -v python3 2>/dev/null)"; then
            _kam_use_python "$py" && found=1
        fi
        # 3. well-known locations
        if [ "$found" = 0 ]; then
            for py in /opt/odoo/venv/bin/python3 /opt/odoo*/venv/bin/python3 \
                /opt/odoo*/.venv/bin/python3; do
                [ -x "$py" ] || continue
                if _kam_use_python "$py"; then found=1 && break; fi
            done
        fi
        if [ "$found" = 0 ] && [ -d /usr/lib/python3/dist-packages/odoo ] \
            && [ -x /usr/bin/python3 ]; then
            _kam_use_python /usr/bin/python3 && found=1
        fi
        [ "$found" = 1 ] || _kam_odoo_not_found
    fi
    KAM_ADDONS_PATH="$KAM_ODOO_ADDONS,$KAM_REPO_ROOT"
    KAM_ODOO_FOUND=1
    export KAM_ODOO_FOUND KAM_ODOO_PYTHON KAM_ODOO_VERSION KAM_ODOO_ADDONS \
        KAM_ADDONS_PATH KAM_REPO_ROOT
}

# Run Odoo's command line with the discovered interpreter: odoo_run ARGS...
odoo_run() {
    (cd "$KAM_REPO_ROOT" && TZ=UTC exec "$KAM_ODOO_PYTHON" -m odoo "$@")
}

# --------------------------------------------------------- ensure_postgres --

_kam_pg_bindir() {
    local d
    if [ -n "${KAM_PG_BIN_FORCED:-}" ]; then
        if [ ! -x "$KAM_PG_BIN_FORCED/initdb" ] || [ ! -x "$KAM_PG_BIN_FORCED/pg_ctl" ]; then
            kam_die "KAM_PG_BIN=$KAM_PG_BIN_FORCED has no initdb/pg_ctl"
        fi
        printf '%s\n' "$KAM_PG_BIN_FORCED"
        return 0
    fi
    d="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null \
        | sort -V | tail -n 1)"
    if [ -n "$d" ]; then
        dirname "$d"
        return 0
    fi
    for d in /usr/pgsql-*/bin /usr/local/pgsql/bin; do
        [ -x "$d/initdb" ] && printf '%s\n' "$d" && return 0
    done
    d="$(command -v initdb 2>/dev/null)" && [ -x "$(dirname "$d")/pg_ctl" ] \
        && dirname "$d" && return 0
    return 1
}

# Run a command as the owner of the cluster (postgres when we are root).
_kam_pg_as_owner() {
    if kam_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

_kam_pg_paths() {
    # Cluster lives in .state/pg; falls back to /tmp when the postgres user
    # cannot reach the repository (e.g. checkout under /root) or the socket
    # path would be too long for a unix socket.
    local base="$KAM_STATE_DIR"
    mkdir -p "$KAM_STATE_DIR"
    local too_long=0
    [ "$(printf '%s' "$base/pg-run/.s.PGSQL.$KAM_PG_PORT" | wc -c)" -lt 100 ] || too_long=1
    if [ "$too_long" = 1 ] || { kam_is_root && ! runuser -u postgres -- test -x "$base"; }; then
        base="/tmp/kam-pg-$(printf '%s' "$KAM_REPO_ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$base"
        chmod 755 "$base"
        if [ ! -L "$KAM_STATE_DIR/pg" ]; then
            # .state was wiped: wipe the cluster that belonged to it too
            if [ -f "$base/pg/PG_VERSION" ]; then
                local bin
                bin="/usr/lib/postgresql/$(cat "$base/pg/PG_VERSION")/bin"
                [ -x "$bin/pg_ctl" ] || bin="$(_kam_pg_bindir)" || true
                if [ -n "$bin" ]; then
                    _kam_pg_as_owner "$bin/pg_ctl" -D "$base/pg" -m immediate -w stop \
                        >/dev/null 2>&1 || true
                fi
            fi
            rm -rf "${base:?}/pg" "$base/pg-run" "$base/pg.log"
            rm -rf "${KAM_STATE_DIR:?}/pg"
            ln -s "$base/pg" "$KAM_STATE_DIR/pg"
        fi
    fi
    KAM_PG_DATA="$base/pg"
    KAM_PG_RUN="$base/pg-run"
    KAM_PG_LOG="$base/pg.log"
}

kam_psql() {
    # kam_psql [DB] -c SQL ... -> tuples only, unaligned, stops on error
    local db=postgres
    if [ $# -gt 0 ] && [ "${1:0:1}" != - ]; then db="$1" && shift; fi
    PGCONNECT_TIMEOUT=10 PGOPTIONS="-c client_min_messages=warning" "$KAM_PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
        -h "$KAM_PG_HOST" -p "$KAM_PG_PORT" -U "${KAM_PSQL_USER:-$KAM_PG_USER}" -d "$db" "$@"
}

_kam_pg_start() {
    local opts="-c listen_addresses=$KAM_PG_HOST -p $KAM_PG_PORT"
    opts="$opts -c unix_socket_directories=$KAM_PG_RUN"
    # The benchmark database (~300 MB) stays in PostgreSQL's own memory:
    # some VMs reclaim the kernel's page cache proactively (DAMON), and a
    # run should not re-read its tables from disk.
    opts="$opts -c shared_buffers=1GB"
    _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" -l "$KAM_PG_LOG" \
        -w -t 60 -o "$opts" start >/dev/null 2>&1
}

# A server whose data directory was deleted (`rm -rf .state` while it ran)
# still holds the port and cannot serve anything: stop it.  It is found by its
# working directory, "<our data dir> (deleted)", so only ours is ever touched.
_kam_pg_reap_orphan() {
    local proc pid ppid found=""
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/cwd" 2>/dev/null)" = "$KAM_PG_DATA (deleted)" ] || continue
        pid="${proc#/proc/}"
        ppid="$(awk '/^PPid:/ {print $2}' "$proc/status" 2>/dev/null)"
        # the postmaster: its parent is not in that directory
        [ "$(readlink "/proc/$ppid/cwd" 2>/dev/null)" = "$KAM_PG_DATA (deleted)" ] && continue
        found="$found $pid"
    done
    [ -n "$found" ] || return 0
    kam_warn "stopping PostgreSQL (pid$found) of the deleted cluster $KAM_PG_DATA"
    # shellcheck disable=SC2086
    kill -INT $found 2>/dev/null || true
    local _
    for _ in $(seq 1 60); do
        # shellcheck disable=SC2086
        kill -0 $found 2>/dev/null || return 0
        sleep 0.5
    done
    # shellcheck disable=SC2086
    kill -KILL $found 2>/dev/null || true
    sleep 1
}

ensure_postgres() {
    if [ -n "${KAM_PG_BIN_FORCED:-}" ] && [ ! -x "$KAM_PG_BIN_FORCED/pg_ctl" ]; then
        kam_die "KAM_PG_BIN=$KAM_PG_BIN_FORCED has no initdb/pg_ctl"
    fi
    if ! KAM_PG_BIN="$(_kam_pg_bindir)"; then
        if kam_is_root && command -v apt-get >/dev/null 2>&1; then
            kam_warn "PostgreSQL server binaries not found; installing Debian's postgresql"
            kam_apt_install postgresql || kam_die "apt-get install postgresql failed"
        else
            kam_die "PostgreSQL server (initdb, pg_ctl) not found. Install it (Debian: apt-get install postgresql, as root) or set KAM_PG_BIN=/path/to/postgresql/bin"
        fi
        KAM_PG_BIN="$(_kam_pg_bindir)" \
            || kam_die "PostgreSQL installed but initdb still not found"
    fi
    if kam_is_root && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
            || kam_die "cannot create the postgres system user (PostgreSQL refuses to run as root)"
    fi
    _kam_pg_paths
    _kam_pg_reap_orphan # before initdb: a dying orphan must not touch a new cluster
    if [ -f "$KAM_PG_DATA/PG_VERSION" ]; then
        local cluster_version bin_version
        cluster_version="$(cat "$KAM_PG_DATA/PG_VERSION")"
        bin_version="$("$KAM_PG_BIN/pg_ctl" --version | grep -oE '[0-9]+' | head -n 1)"
        if [ "$cluster_version" != "$bin_version" ]; then
            if [ -z "${KAM_PG_BIN_FORCED:-}" ] \
                && [ -x "/usr/lib/postgresql/$cluster_version/bin/pg_ctl" ]; then
                KAM_PG_BIN="/usr/lib/postgresql/$cluster_version/bin"
            else
                kam_warn "cluster $KAM_PG_DATA is PostgreSQL $cluster_version, server is $bin_version: recreating it"
                _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
                rm -rf "${KAM_PG_DATA:?}"
            fi
        fi
    fi
    export KAM_PG_BIN KAM_PG_PORT KAM_PG_HOST KAM_PG_DATA

    mkdir -p "$KAM_PG_RUN"
    if kam_is_root; then
        chown postgres: "$KAM_PG_RUN"
        touch "$KAM_PG_LOG" && chown postgres: "$KAM_PG_LOG"
    fi

    # already running?  (ours, on the wanted port)
    if [ -f "$KAM_PG_DATA/postmaster.pid" ] \
        && _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" status >/dev/null 2>&1; then
        local running_port
        running_port="$(sed -n 4p "$KAM_PG_DATA/postmaster.pid")"
        if [ "$running_port" != "$KAM_PG_PORT" ]; then
            kam_info "PostgreSQL runs on port $running_port, restarting on $KAM_PG_PORT"
            _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" -m fast -w stop >/dev/null
        fi
    fi

    if [ ! -f "$KAM_PG_DATA/PG_VERSION" ]; then
        kam_info "initdb $KAM_PG_DATA"
        rm -rf "${KAM_PG_DATA:?}"
        mkdir -p "$KAM_PG_DATA"
        chmod 700 "$KAM_PG_DATA"
        kam_is_root && chown postgres: "$KAM_PG_DATA"
        _kam_pg_as_owner "$KAM_PG_BIN/initdb" -D "$KAM_PG_DATA" -U postgres \
            --auth=trust --encoding=UTF8 --locale=C >"$KAM_PG_RUN/initdb.log" 2>&1 || {
            tail -n 20 "$KAM_PG_RUN/initdb.log" >&2
            kam_die "initdb failed for $KAM_PG_DATA"
        }
        # a throw-away cluster for tests: durability is not needed, speed is
        cat >>"$KAM_PG_DATA/postgresql.conf" <<'EOF'

# --- kam_module test cluster (tools/lib.sh) ---
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
EOF
    fi

    if ! _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" status >/dev/null 2>&1; then
        kam_info "starting PostgreSQL ($KAM_PG_BIN) on $KAM_PG_HOST:$KAM_PG_PORT, data in $KAM_PG_DATA"
        if ! _kam_pg_start; then
            echo "---- tail of $KAM_PG_LOG ----" >&2
            tail -n 30 "$KAM_PG_LOG" >&2 || true
            kam_die "PostgreSQL did not start (port $KAM_PG_PORT busy? set KAM_PG_PORT=<free port>)"
        fi
    fi
    if ! "$KAM_PG_BIN/pg_isready" -q -U postgres -h "$KAM_PG_HOST" -p "$KAM_PG_PORT" -t 30; then
        tail -n 30 "$KAM_PG_LOG" >&2 || true
        kam_die "PostgreSQL on $KAM_PG_HOST:$KAM_PG_PORT does not accept connections"
    fi
    # Odoo refuses to connect as `postgres`: use a dedicated superuser role
    if [ "$(KAM_PSQL_USER=postgres kam_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")" != 1 ]; then
        KAM_PSQL_USER=postgres kam_psql -c "CREATE ROLE odoo LOGIN SUPERUSER" \
            || kam_die "cannot create the odoo role"
    fi
    export PGHOST="$KAM_PG_HOST" PGPORT="$KAM_PG_PORT" PGUSER="$KAM_PG_USER"
}

kam_pg_stop() {
    _kam_pg_paths
    local version
    version="$(cat "$KAM_PG_DATA/PG_VERSION" 2>/dev/null)" || return 0
    KAM_PG_BIN="/usr/lib/postgresql/$version/bin"
    [ -x "$KAM_PG_BIN/pg_ctl" ] || KAM_PG_BIN="$(_kam_pg_bindir)" || return 0
    _kam_pg_as_owner "$KAM_PG_BIN/pg_ctl" -D "$KAM_PG_DATA" -m fast -w stop
}

# ------------------------------------------------------------ db helpers --

kam_check_db_name() {
    [[ "$1" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || kam_die "invalid database name: '$1'"
}

kam_db_exists() {
    [ "$(kam_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

kam_module_state() {
    # kam_module_state DB [MODULE] -> state in ir_module_module (empty if none)
    kam_psql "$1" -c "SELECT state FROM ir_module_module WHERE name = '${2:-$KAM_MODULE}'" 2>/dev/null || true
}

kam_db_drop() {
    kam_check_db_name "$1"
    kam_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "${KAM_FILESTORE:?}/filestore/$1"
}

# ---------------------------------------------------------- ensure_chromium --

ensure_chromium() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if KAM_CHROME="$(command -v "$name" 2>/dev/null)"; then
            export KAM_CHROME
            return 0
        fi
    done
    if kam_is_root && command -v apt-get >/dev/null 2>&1; then
        kam_warn "Chromium not found (browser tours need it); installing Debian's chromium"
        kam_apt_install chromium || kam_die "apt-get install chromium failed"
        for name in chromium chromium-browser; do
            if KAM_CHROME="$(command -v "$name" 2>/dev/null)"; then
                export KAM_CHROME
                return 0
            fi
        done
    fi
    kam_die "Chromium/Chrome not found on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable). Odoo's browser tours need it and would be skipped silently: install it (Debian: apt-get install chromium)."
}

# -------------------------------------------------------- ensure_test_deps --

# Prints the requirements that are missing or at another version.
_kam_missing_test_deps() {
    "$KAM_ODOO_PYTHON" - "$KAM_REPO_ROOT/requirements-test.txt" <<'PY'
import re
import sys
from importlib import metadata

with open(sys.argv[1], encoding="utf-8") as requirements:
    for line in requirements:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name = re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0]
        wanted = line.split("==", 1)[1].strip() if "==" in line else None
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            print(line)
            continue
        if wanted and installed != wanted:
            print(line)
PY
}

ensure_test_deps() {
    local missing
    missing="$(_kam_missing_test_deps)" || kam_die "cannot read requirements-test.txt"
    [ -z "$missing" ] && return 0
    kam_info "installing test requirements into $KAM_ODOO_PYTHON: ${missing//$'\n'/ }"
    if ! "$KAM_ODOO_PYTHON" -m pip --version >/dev/null 2>&1; then
        if [ "$KAM_ODOO_PYTHON" = /usr/bin/python3 ]; then
            kam_apt_install python3-pip || true
        fi
        "$KAM_ODOO_PYTHON" -m pip --version >/dev/null 2>&1 \
            || "$KAM_ODOO_PYTHON" -m ensurepip >/dev/null 2>&1 \
            || kam_die "pip is not available for $KAM_ODOO_PYTHON; install: ${missing//$'\n'/ }"
    fi
    local -a pip_args=(install --disable-pip-version-check -q -r "$KAM_REPO_ROOT/requirements-test.txt")
    local flags
    flags="$("$KAM_ODOO_PYTHON" - <<'PY'
import os
import site
import sys
import sysconfig

in_venv = sys.prefix != sys.base_prefix
managed = os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))
writable = os.access(sysconfig.get_path("purelib"), os.W_OK)
flags = []
if managed and not in_venv:
    flags.append("--break-system-packages")
if not writable and not in_venv and site.ENABLE_USER_SITE:
    flags.append("--user")
print(" ".join(flags))
PY
    )"
    # shellcheck disable=SC2206
    [ -n "$flags" ] && pip_args+=($flags)
    "$KAM_ODOO_PYTHON" -m pip "${pip_args[@]}" >&2 \
        || kam_die "pip install -r requirements-test.txt failed"
    missing="$(_kam_missing_test_deps)"
    [ -z "$missing" ] || kam_die "still missing after pip install: ${missing//$'\n'/ }"
}

# ---------------------------------------------------------- write_config --

write_odoo_config() {
    mkdir -p "$KAM_FILESTORE" "$KAM_LOG_DIR"
    local tmp="$KAM_ODOO_CONF.tmp.$$"
    cat >"$tmp" <<EOF
; generated by tools/lib.sh -- do not edit, it is rewritten on every run
[options]
addons_path = $KAM_ADDONS_PATH
data_dir = $KAM_FILESTORE
db_host = $KAM_PG_HOST
db_port = $KAM_PG_PORT
db_user = $KAM_PG_USER
db_password = False
db_sslmode = disable
admin_passwd = admin
http_port = $KAM_HTTP_PORT
http_interface = 127.0.0.1
without_demo = False
log_level = warn
max_cron_threads = 0
workers = 0
list_db = True
EOF
    mv "$tmp" "$KAM_ODOO_CONF"
    export KAM_ODOO_CONF KAM_FILESTORE KAM_LOG_DIR KAM_TEST_DB KAM_DEMO_DB
}

# Everything a script needs before talking to Odoo and its database.
kam_setup_runtime() {
    find_odoo
    ensure_postgres
    write_odoo_config
}

kam_print_env() {
    local var
    for var in KAM_REPO_ROOT KAM_ODOO_PYTHON KAM_ODOO_VERSION KAM_ODOO_ADDONS \
        KAM_ADDONS_PATH KAM_ODOO_CONF KAM_FILESTORE KAM_LOG_DIR KAM_TEST_DB \
        KAM_DEMO_DB KAM_PG_BIN KAM_PG_HOST KAM_PG_PORT KAM_PG_USER KAM_PG_DATA; do
        printf '%s=%s\n' "$var" "${!var:-}"
    done
}

# ------------------------------------------------------------- entrypoint --

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        print-env)
            kam_setup_runtime
            kam_print_env
            ;;
        find-odoo)
            find_odoo
            printf 'KAM_ODOO_PYTHON=%s\nKAM_ODOO_VERSION=%s\nKAM_ADDONS_PATH=%s\n' \
                "$KAM_ODOO_PYTHON" "$KAM_ODOO_VERSION" "$KAM_ADDONS_PATH"
            ;;
        pg-start)
            ensure_postgres
            kam_ok "PostgreSQL ready on $KAM_PG_HOST:$KAM_PG_PORT ($KAM_PG_DATA)"
            ;;
        pg-stop)
            kam_pg_stop
            ;;
        *)
            echo "usage: bash tools/lib.sh {print-env|find-odoo|pg-start|pg-stop}" >&2
            exit 2
            ;;
    esac
fi
