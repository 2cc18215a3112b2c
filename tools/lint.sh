#!/usr/bin/env bash
# Lint (`make lint`, step 2 of tools/test.sh). Exit code != 0 on any finding.
#   ruff check + ruff format --check   kam_module/ tests/ tools/  (pyproject.toml)
#   pylint + pylint-odoo               kam_module                 (.pylintrc)
# The linters run with the Odoo Python, where requirements-test.txt pins them.
set -euo pipefail

# shellcheck source=tools/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KAM_REPO_ROOT"

find_odoo
ensure_test_deps

PY="$KAM_ODOO_PYTHON"
TARGETS=("$KAM_MODULE" tests tools)
failed=()

kam_info "--- ruff check ${TARGETS[*]}"
"$PY" -m ruff check --no-cache "${TARGETS[@]}" || failed+=("ruff check")

kam_info "--- ruff format --check ${TARGETS[*]}"
"$PY" -m ruff format --no-cache --check --diff "${TARGETS[@]}" || failed+=("ruff format")

kam_info "--- pylint --rcfile=.pylintrc $KAM_MODULE"
"$PY" -m pylint --rcfile="$KAM_REPO_ROOT/.pylintrc" "$KAM_MODULE" || failed+=("pylint-odoo")

if [ "${#failed[@]}" -gt 0 ]; then
    kam_die "lint failed: ${failed[*]} (autofix what can be: $PY -m ruff format ${TARGETS[*]} && $PY -m ruff check --fix ${TARGETS[*]})"
fi
kam_ok "lint clean"
