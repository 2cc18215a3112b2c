#!/usr/bin/env bash
# `make demo`: Odoo 18 with kam_module and demo data on http://localhost:8069
# (login admin / admin), in the foreground (Ctrl-C stops it).
#
# The database (default kam_demo) is created on first run and reused after.
# Overrides:
#   KAM_DEMO_DB=name          database to serve
#   KAM_HTTP_PORT=8069        HTTP port
#   KAM_HTTP_INTERFACE=...    listen address (default 127.0.0.1; 0.0.0.0 to
#                             reach it from other machines)
#   KAM_DEMO_RESET=1          drop and recreate the database first
#   KAM_DEMO_UPDATE=1         upgrade kam_module (-u) before serving
#   ODOO_PYTHON, KAM_PG_PORT  see tools/lib.sh
set -euo pipefail

# shellcheck source=tools/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KAM_REPO_ROOT"

DB="$KAM_DEMO_DB"
kam_check_db_name "$DB"
HTTP_INTERFACE="${KAM_HTTP_INTERFACE:-127.0.0.1}"

kam_banner "kam_module demo: database '$DB'"
kam_setup_runtime
kam_info "Odoo $KAM_ODOO_VERSION: $KAM_ODOO_PYTHON"

if [ "${KAM_DEMO_RESET:-0}" = 1 ]; then
    kam_info "dropping $DB (KAM_DEMO_RESET=1)"
    kam_db_drop "$DB"
fi

state=""
kam_db_exists "$DB" && state="$(kam_module_state "$DB")"
if [ "$state" != installed ]; then
    log="$KAM_LOG_DIR/demo-install.log"
    kam_info "installing $KAM_TEST_APPS, then $KAM_MODULE, with demo data into $DB (log: $log) ..."
    # Sales and Invoicing first: the demo then has client A's orders.
    if ! odoo_run -c "$KAM_ODOO_CONF" -d "$DB" -i "$KAM_TEST_APPS" --stop-after-init \
        --log-level=warn >"$log" 2>&1 \
        || ! odoo_run -c "$KAM_ODOO_CONF" -d "$DB" -i "$KAM_MODULE" --stop-after-init \
            --log-level=warn >>"$log" 2>&1 \
        || [ "$(kam_module_state "$DB")" != installed ]; then
        tail -n 40 "$log" >&2
        kam_die "installing $KAM_MODULE into $DB failed (see $log)"
    fi
    # the demo login is admin/admin (Odoo's default; make sure of it)
    printf '%s\n' \
        "env.ref('base.user_admin').write({'login': 'admin', 'password': 'admin'})" \
        "env.cr.commit()" \
        | odoo_run shell -c "$KAM_ODOO_CONF" -d "$DB" --no-http --log-level=warn \
            >>"$log" 2>&1 || kam_die "could not set the admin password (see $log)"
    kam_ok "database $DB ready"
elif [ "${KAM_DEMO_UPDATE:-0}" = 1 ]; then
    log="$KAM_LOG_DIR/demo-update.log"
    kam_info "upgrading $KAM_MODULE in $DB (log: $log) ..."
    odoo_run -c "$KAM_ODOO_CONF" -d "$DB" -u "$KAM_MODULE" --stop-after-init \
        --log-level=warn >"$log" 2>&1 || {
        tail -n 40 "$log" >&2
        kam_die "upgrading $KAM_MODULE in $DB failed (see $log)"
    }
fi

host="$HTTP_INTERFACE"
[ "$host" = 0.0.0.0 ] && host=localhost
kam_ok "Odoo on http://$host:$KAM_HTTP_PORT  (login admin / password admin; Ctrl-C to stop)"
cd "$KAM_REPO_ROOT"
TZ=UTC exec "$KAM_ODOO_PYTHON" -m odoo -c "$KAM_ODOO_CONF" -d "$DB" \
    --db-filter="^${DB}\$" --http-port="$KAM_HTTP_PORT" \
    --http-interface="$HTTP_INTERFACE" --max-cron-threads=1 --log-level=info
