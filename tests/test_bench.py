"""Smoke run of `make bench` (tools/kam_bench.py) on a copy of the test
database, at a size of seconds: every row runs and the bench ends with its
targets. The figures of so small a run mean nothing and are not asserted:
speed is measured by `make bench`, never tested.
"""

import subprocess

from conftest import REPO_ROOT, _odoo_env, _tail

ROWS = (
    "raw SQL floor (GROUP BY + UPDATE FROM)",
    "raw SQL, the module's writes, 3 criteria",
    "kam_module, 3 criteria, next night",
    "measure one plan",
    "kam_module, measure, first night",
    "cadence cron, first run",
    "health recompute",
)
# Four scoring nights, two measure nights (floor and naive each), the
# Measure button, the cadence's first run and the peak memory.
TARGETS = 4 + 2 * 2 + 1 + 1 + 1


def _bench(kam_env, db, *args):
    proc = subprocess.run(
        [
            kam_env.python,
            "tools/kam_bench.py",
            "-c",
            kam_env.config,
            "-d",
            db,
            "-n",
            "300",
            "--repeat",
            "1",
            "--naive-sample",
            "100",
            *args,
        ],
        cwd=REPO_ROOT,
        env=_odoo_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, _tail(proc.stdout + proc.stderr)
    lines = proc.stdout.splitlines()
    return lines, lines[lines.index("Targets:") + 1 :]


def test_bench_runs_every_row_and_ends_with_its_targets(kam_env, clone_db):
    lines, targets = _bench(kam_env, clone_db(), "--interactive-repeat", "1")
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), row
    verdicts = [line for line in targets if line.endswith(("met", "NOT met"))]
    assert len(verdicts) == TARGETS, "\n".join(targets)
    assert any(line.startswith("peak memory") for line in verdicts)


def test_bench_without_clicks(kam_env, clone_db):
    lines, targets = _bench(kam_env, clone_db(), "--no-clicks")
    assert not any(line.startswith("measure one plan") for line in lines)
    assert any(line.startswith("cadence cron, first run") for line in lines)
    verdicts = [line for line in targets if line.endswith(("met", "NOT met"))]
    assert len(verdicts) == TARGETS - 1, "\n".join(targets)
