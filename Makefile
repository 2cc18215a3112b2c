# kam_module developer commands. The logic lives in tools/*.sh.
#   make test   lint + fresh install + every test (what CI runs: .ci/run)
#   make demo   Odoo with a demo database on http://localhost:8069 (admin/admin)
#   make lint   ruff + pylint-odoo only
#   make bench  scoring benchmark on generated data (a measurement, not a test)

SHELL := /bin/bash

.PHONY: test demo lint bench

test:
	bash tools/test.sh

demo:
	bash tools/demo.sh

lint:
	bash tools/lint.sh

bench:
	bash tools/bench.sh
