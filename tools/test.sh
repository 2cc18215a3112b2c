#!/usr/bin/env bash
# The one command that runs every test (`make test`, `.ci/run`).
#
#   1. find Odoo 18, start the private PostgreSQL, check Chromium, wkhtmltopdf
#      (with the Lato font) and the test deps
#   2. lint (ruff, ruff format, pylint-odoo)
#   3. fresh database $KAM_TEST_DB with Sales, Invoicing and Calendar, then
#      kam_module + demo data; the install log
#      must have no ERROR/CRITICAL line and no "no access rules" warning
#   4. repository tests (tests/, plain pytest: static checks, upgrade,
#      uninstall/reinstall, install without demo)
#   5. Odoo tests (kam_module/tests) through pytest-odoo, browser tours included
#   6. summary; fails on any failure, error, skipped test or empty collection
#
# The last line is always "<N> passed, <M> failed".
# Overrides: ODOO_PYTHON, KAM_TEST_DB, KAM_PG_PORT, KAM_STEP_TIMEOUT (seconds,
# default 1500 per step), KAM_ALLOW_ERROR_LOGS=1 (do not fail tests that log
# errors), KAM_STRICT_WARNINGS=1 (fail the install on any WARNING line).
set -euo pipefail

# shellcheck source=tools/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KAM_REPO_ROOT"

export TZ=UTC # as odoo-bin does before Odoo is imported
STEP_TIMEOUT="${KAM_STEP_TIMEOUT:-1500}"
START_TIME=$SECONDS
PASSED=0
FAILED=0
ODOO_TESTS=0
TOURS=0
CURRENT_STEP="setup"
FAILED_STEP=""

finish() {
    local rc=$?
    trap - EXIT
    if [ "$rc" != 0 ] && [ -z "$FAILED_STEP" ]; then
        FAILED_STEP="$CURRENT_STEP"
    fi
    if [ -n "$FAILED_STEP" ] && [ "$FAILED" = 0 ]; then
        FAILED=1 # a failed step that is not a test still counts as one failure
    fi
    [ "$rc" = 0 ] && [ "$FAILED" != 0 ] && rc=1
    echo >&2
    if [ "$rc" = 0 ]; then
        kam_ok "ALL GREEN in $((SECONDS - START_TIME))s: Odoo tests: $ODOO_TESTS (tours: $TOURS)"
    else
        printf '%sFAILED%s at step: %s (after %ss)\n' "$_KAM_RED" "$_KAM_RESET" \
            "${FAILED_STEP:-tests}" "$((SECONDS - START_TIME))" >&2
    fi
    echo "Odoo tests: $ODOO_TESTS, tours: $TOURS"
    echo "$PASSED passed, $FAILED failed"
    exit "$rc"
}
trap finish EXIT

step() {
    CURRENT_STEP="$1"
    kam_banner "$1"
}

mkdir -p "$KAM_STATE_DIR"
mkdir -p "$KAM_LOG_DIR"

# Reads a summary written by kam_pytest_plugin and adds it to the totals.
add_pytest_summary() {
    local json="$1" what="$2" line
    if [ ! -s "$json" ]; then
        kam_warn "$what: no summary written (pytest crashed before the end?)"
        FAILED=$((FAILED + 1))
        return
    fi
    line="$("$KAM_ODOO_PYTHON" - "$json" <<'PY'
import json
import sys

d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = d["failed"] + d["error"] + d["skipped"] + d["xfailed"] + d["xpassed"]
bad += d["collection_errors"]
print(d["passed"], bad, d["total"], d["tours"], d["tours_passed"], d["skipped"])
PY
    )"
    read -r p f total tours tours_passed skipped <<<"$line"
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    kam_info "$what: $total tests, $p passed, $f not passed ($skipped skipped), $tours tours ($tours_passed passed)"
    if [ "$what" = "Odoo tests" ]; then
        ODOO_TESTS=$total
        TOURS=$tours
    fi
}

# ---------------------------------------------------------------------------
step "1/6 Environment: Odoo, PostgreSQL, Chromium, wkhtmltopdf, test requirements"
kam_check_db_name "$KAM_TEST_DB"
find_odoo
kam_info "Odoo $KAM_ODOO_VERSION: $KAM_ODOO_PYTHON"
kam_info "addons path: $KAM_ADDONS_PATH"
ensure_postgres
kam_info "PostgreSQL: $KAM_PG_HOST:$KAM_PG_PORT ($KAM_PG_DATA)"
ensure_chromium
kam_info "browser: $KAM_CHROME"
ensure_pdf_tools
kam_info "PDF: $(command -v wkhtmltopdf) ($(wkhtmltopdf --version 2>/dev/null))"
ensure_test_deps
write_odoo_config
kam_info "Odoo config: $KAM_ODOO_CONF"
[ -f "$KAM_REPO_ROOT/$KAM_MODULE/__manifest__.py" ] \
    || kam_die "$KAM_MODULE/__manifest__.py not found"

# ---------------------------------------------------------------------------
step "2/6 Lint: ruff check, ruff format --check, pylint-odoo"
bash "$KAM_REPO_ROOT/tools/lint.sh"

# ---------------------------------------------------------------------------
step "3/6 Install $KAM_MODULE with demo data into a fresh database '$KAM_TEST_DB'"
INSTALL_LOG="$KAM_LOG_DIR/install.log"
# the test database, and copies a killed run may have left behind
for db in "$KAM_TEST_DB" $(kam_psql -c "SELECT datname FROM pg_database WHERE datname LIKE '${KAM_TEST_DB//_/\\_}\\_%'"); do
    kam_db_drop "$db"
done
t0=$SECONDS
rc=0
# The apps a company runs before it turns KAM on, installed first so that
# kam_module's demo finds them: Sales and Invoicing (measured objectives,
# whitespace, the demo's orders) and Calendar (the stakeholder map reads past
# meetings). kam_module depends on none of them; tests/ installs it alone.
timeout -k 10 "$STEP_TIMEOUT" \
    "$KAM_ODOO_PYTHON" -m odoo -c "$KAM_ODOO_CONF" -d "$KAM_TEST_DB" \
    -i "$KAM_TEST_APPS" --stop-after-init --log-level=warn >"$INSTALL_LOG" 2>&1 || rc=$?
[ "$rc" = 0 ] && { timeout -k 10 "$STEP_TIMEOUT" \
    "$KAM_ODOO_PYTHON" -m odoo -c "$KAM_ODOO_CONF" -d "$KAM_TEST_DB" \
    -i "$KAM_MODULE" --stop-after-init --log-level=warn >>"$INSTALL_LOG" 2>&1 || rc=$?; }
kam_info "install finished in $((SECONDS - t0))s (exit code $rc, log: $INSTALL_LOG)"
state="$(kam_module_state "$KAM_TEST_DB")"
bad_lines="$(kam_log_problems <"$INSTALL_LOG")"
if [ "${KAM_STRICT_WARNINGS:-0}" = 1 ]; then
    bad_lines="$(grep -nE ' (WARNING|ERROR|CRITICAL) |no access rules|^Traceback ' "$INSTALL_LOG" || true)"
fi
warnings="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$INSTALL_LOG" | grep -v 'no access rules' || true)"
if [ -n "$warnings" ]; then
    kam_warn "install log has $(printf '%s\n' "$warnings" | wc -l) WARNING line(s) (not fatal):"
    printf '%s\n' "$warnings" | cut -c1-400 | head -n 30 >&2
fi
if [ "$rc" != 0 ] || [ "$state" != installed ] || [ -n "$bad_lines" ]; then
    [ -n "$bad_lines" ] && { echo "Offending lines in $INSTALL_LOG:" >&2; printf '%s\n' "$bad_lines" | cut -c1-600 | head -n 60 >&2; }
    [ "$state" != installed ] && echo "$KAM_MODULE state in $KAM_TEST_DB: '${state:-absent}' (expected installed)" >&2
    [ "$rc" != 0 ] && { echo "---- tail of $INSTALL_LOG ----" >&2; tail -n 40 "$INSTALL_LOG" >&2; }
    kam_die "installing $KAM_MODULE failed (exit code $rc)"
fi
kam_ok "installed $KAM_MODULE in $KAM_TEST_DB"

# ---------------------------------------------------------------------------
PYTEST_COMMON=(-p no:cacheprovider -p kam_pytest_plugin -v -rfEsxX --durations=5 --color=no)
export PYTHONPATH="$KAM_REPO_ROOT/tools${PYTHONPATH:+:$PYTHONPATH}"
export KAM_TEST_DB
unset ODOO_RC OPENERP_SERVER

step "4/6 Repository tests (tests/: static checks, upgrade, uninstall, install without demo)"
REPO_JSON="$KAM_LOG_DIR/repo-tests.json"
rm -f "$REPO_JSON"
rc=0
timeout -k 10 "$STEP_TIMEOUT" "$KAM_ODOO_PYTHON" -m pytest tests -p no:odoo \
    "${PYTEST_COMMON[@]}" --kam-summary="$REPO_JSON" 2>&1 \
    | tee "$KAM_LOG_DIR/repo-tests.log" || rc=$?
add_pytest_summary "$REPO_JSON" "Repository tests"
if [ "$rc" = 5 ]; then kam_die "tests/: no tests collected"; fi
[ "$rc" = 0 ] || { FAILED_STEP="$CURRENT_STEP"; kam_die "repository tests failed (pytest exit code $rc)"; }

# ---------------------------------------------------------------------------
step "5/6 Odoo tests ($KAM_MODULE/tests via pytest-odoo, with HTTP server for tours)"
ODOO_JSON="$KAM_LOG_DIR/odoo-tests.json"
rm -f "$ODOO_JSON"
ERRLOG_OPT=(--kam-fail-on-error-log)
[ "${KAM_ALLOW_ERROR_LOGS:-0}" = 1 ] && ERRLOG_OPT=()
rc=0
timeout -k 10 "$STEP_TIMEOUT" "$KAM_ODOO_PYTHON" -m pytest "$KAM_MODULE/tests" \
    --odoo-config="$KAM_ODOO_CONF" --odoo-database="$KAM_TEST_DB" --odoo-http \
    --odoo-log-level=warn "${ERRLOG_OPT[@]}" \
    "${PYTEST_COMMON[@]}" --kam-summary="$ODOO_JSON" 2>&1 \
    | tee "$KAM_LOG_DIR/odoo-tests.log" || rc=$?
add_pytest_summary "$ODOO_JSON" "Odoo tests"
if [ "$rc" = 5 ]; then kam_die "$KAM_MODULE/tests: no tests collected"; fi
[ "$rc" = 0 ] || { FAILED_STEP="$CURRENT_STEP"; kam_die "Odoo tests failed (pytest exit code $rc)"; }
[ "$TOURS" -gt 0 ] || kam_die "no browser tour ran (no test name contains 'tour')"

# ---------------------------------------------------------------------------
step "6/6 Summary"
[ "$FAILED" = 0 ] || kam_die "$FAILED test(s) did not pass"
