"""The test tooling of tools/ itself. No Odoo and no database needed."""

import os
import re
import subprocess
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent / "tools"

FROZEN = """
import pytest
from freezegun import freeze_time


@pytest.fixture
def frozen():
    with freeze_time("2026-03-02"):
        yield


def test_frozen(frozen):
    pass
"""


def test_durations_of_a_test_with_a_frozen_clock(tmp_path):
    """The clock freezes during the setup and thaws during the teardown: with
    kam_pytest_plugin, pytest's durations stay those of the real clock."""
    (tmp_path / "test_frozen.py").write_text(FROZEN, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "kam_pytest_plugin", "-p", "no:odoo"]
        + ["-p", "no:cacheprovider", "--durations=0", "-vv", "test_frozen.py"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(TOOLS)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    durations = re.findall(r"^(-?[\d.e+]+)s (setup|call|teardown) ", proc.stdout, re.M)
    # a negative duration is not listed
    assert {when for _seconds, when in durations} == {"setup", "call", "teardown"}, (
        proc.stdout
    )
    assert all(float(seconds) < 60 for seconds, _when in durations), proc.stdout
