#!/usr/bin/env bash
# `make bench`: the scoring benchmark (a measurement, not a test).
#
# Prepares a database with sale_management and kam_module (no demo data) on the
# private PostgreSQL, generates the companies and their sale orders once, then
# prints seconds, queries and partners per second for the raw-SQL floor, a
# naive per-partner loop and the module's rescoring (tools/kam_bench.py), the
# clicks, the measured plans and the operating rhythm, and ends with the
# measured plans' targets, met or not.
# Overrides:
#   KAM_BENCH_N=50000          companies to generate (about 10 orders each;
#                              2000 for a smoke run of a few minutes)
#   KAM_BENCH_DB=kam_bench     database
#   KAM_BENCH_NAIVE_SAMPLE=0   time the naive loop on a sample and extrapolate
#   KAM_BENCH_REPEAT=5         runs of each nightly row to take the median of
#   KAM_BENCH_CLICKS=1         0: skip the rows of what a person clicks (for
#                              KAM_BENCH_N=1000000 with KAM_BENCH_NAIVE_SAMPLE
#                              and KAM_BENCH_REPEAT=1)
#   ODOO_PYTHON, KAM_PG_PORT   see tools/lib.sh
set -euo pipefail

# shellcheck source=tools/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KAM_REPO_ROOT"

DB="${KAM_BENCH_DB:-kam_bench}"
kam_check_db_name "$DB"
kam_banner "kam_module scoring benchmark: database '$DB'"
kam_setup_runtime

log="$KAM_LOG_DIR/bench-install.log"
if kam_db_exists "$DB" && [ "$(kam_module_state "$DB")" = installed ]; then
    kam_info "upgrading $KAM_MODULE in $DB (log: $log) ..."
    args=(-u "$KAM_MODULE")
else
    kam_info "installing sale_management and $KAM_MODULE into $DB (log: $log) ..."
    args=(-i "sale_management,$KAM_MODULE" --without-demo=all)
fi
odoo_run -c "$KAM_ODOO_CONF" -d "$DB" "${args[@]}" --stop-after-init \
    --log-level=warn >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    kam_die "preparing $DB failed (see $log)"
}

args=(-n "${KAM_BENCH_N:-50000}" --naive-sample "${KAM_BENCH_NAIVE_SAMPLE:-0}"
    --repeat "${KAM_BENCH_REPEAT:-5}")
if [ "${KAM_BENCH_CLICKS:-1}" = 0 ]; then args+=(--no-clicks); fi
"$KAM_ODOO_PYTHON" tools/kam_bench.py -c "$KAM_ODOO_CONF" -d "$DB" "${args[@]}"
