"""Fixtures for the repository-level tests (plain pytest, no Odoo test class).

Configuration comes from the environment exported by tools/test.sh
(KAM_ODOO_PYTHON, KAM_ODOO_CONF, KAM_ADDONS_PATH, KAM_TEST_DB, KAM_PG_*).
When those are absent (``pytest tests`` run by hand) we ask tools/lib.sh for
them. Discovery, the databases' helpers and what makes an Odoo log unclean live
in tools/lib.sh only: the fixtures run its commands.
"""

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
MODULE = "kam_module"
MODULE_DIR = REPO_ROOT / MODULE
LIB_SH = REPO_ROOT / "tools" / "lib.sh"

ENV_KEYS = (
    "KAM_ODOO_PYTHON",
    "KAM_ODOO_CONF",
    "KAM_ADDONS_PATH",
    "KAM_FILESTORE",
    "KAM_TEST_DB",
    "KAM_PG_BIN",
    "KAM_PG_HOST",
    "KAM_PG_PORT",
)


class OdooRunError(AssertionError):
    pass


def _discover():
    env = {key: os.environ.get(key, "") for key in ENV_KEYS}
    if all(env.values()):
        return env
    proc = subprocess.run(
        ["bash", str(LIB_SH), "print-env"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode:
        pytest.fail(
            f"tools/lib.sh print-env failed:\n{proc.stderr[-3000:]}", pytrace=False
        )
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in env and not env[key]:
            env[key] = value
    missing = [key for key, value in env.items() if not value]
    if missing:
        pytest.fail(f"tools/lib.sh print-env did not give {missing}", pytrace=False)
    return env


class KamEnv:
    """Odoo + private PostgreSQL cluster used by the tests."""

    module = MODULE

    def __init__(self, values):
        self.values = values
        self.python = values["KAM_ODOO_PYTHON"]
        self.config = values["KAM_ODOO_CONF"]
        self.addons_path = values["KAM_ADDONS_PATH"]
        self.test_db = values["KAM_TEST_DB"]

    # -- PostgreSQL (tools/lib.sh holds the helpers) --------------------------

    def lib(self, *args, stdin=None, timeout=300):
        """Run ``bash tools/lib.sh ARGS`` in this environment; its stdout."""
        proc = subprocess.run(
            ["bash", str(LIB_SH), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=dict(os.environ, **self.values),
        )
        if proc.returncode:
            raise AssertionError(f"tools/lib.sh {' '.join(args)}:\n{proc.stderr}")
        return proc.stdout

    def psql(self, sql, db="postgres", timeout=60):
        """Run one SQL statement, return rows as lists of strings."""
        out = self.lib("psql", db, "-F", "\t", "-c", sql, timeout=timeout)
        return [line.split("\t") for line in out.splitlines() if line]

    def scalar(self, sql, db="postgres"):
        rows = self.psql(sql, db=db)
        return rows[0][0] if rows else None

    def module_state(self, db):
        """kam_module's state in ``db``; None without such a database."""
        return self.lib("module-state", db).strip() or None

    def drop_db(self, name):
        self.lib("db-drop", name)

    def clone_db(self, source, target):
        """Cheap copy of an installed database: template copy + filestore."""
        self.lib("db-copy", source, target)
        return target

    # -- Odoo -----------------------------------------------------------------

    def odoo_cmd(self, *args):
        return [self.python, "-m", "odoo", *args]

    def run_odoo(self, *args, db=None, timeout=600, stdin=None, check=True):
        """Run the Odoo command line (``odoo ARGS -c <conf> [-d db]``).

        Returns the completed process; its ``output`` is stdout+stderr (the
        log).  ``check``: raise OdooRunError on a non-zero exit code.
        """
        command = list(args)
        if command and command[0] in ("shell", "server"):
            subcommand = [command.pop(0)]
        else:
            subcommand = []
        full = self.odoo_cmd(*subcommand, "-c", self.config, *command)
        if db:
            full += ["-d", db]
        proc = subprocess.run(
            full,
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
            cwd=REPO_ROOT,
            env=_odoo_env(),
        )
        proc.output = proc.stdout
        if check and proc.returncode:
            raise OdooRunError(
                f"{' '.join(full)} exited with {proc.returncode}\n{_tail(proc.output)}"
            )
        return proc

    def start_odoo(self, *args, db=None, log_path=None):
        """Start the Odoo command line in the background (Popen, log to file)."""
        full = self.odoo_cmd("-c", self.config, *args)
        if db:
            full += ["-d", db]
        log = open(log_path, "w", encoding="utf-8")  # closed by the caller
        proc = subprocess.Popen(
            full,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO_ROOT,
            env=_odoo_env(),
        )
        proc.log_file = log
        proc.log_path = log_path
        return proc

    def assert_clean_log(self, output, what="Odoo"):
        """No ERROR/CRITICAL line, no traceback, no 'has no access rules'
        warning."""
        bad = self.lib("log-problems", stdin=output).splitlines()
        assert not bad, f"{what} log has errors:\n" + "\n".join(bad[:40])

    def odoo_shell(self, db, code, timeout=600):
        """Run Python code in ``odoo shell`` (env, odoo available). No commit
        is done for you: call env.cr.commit()."""
        return self.run_odoo(
            "shell", "--no-http", db=db, stdin=code, timeout=timeout, check=True
        )


def _odoo_env():
    env = dict(os.environ, TZ="UTC")
    for key in ("ODOO_RC", "OPENERP_SERVER"):
        env.pop(key, None)
    return env


def _tail(text, lines=60):
    return "\n".join(text.splitlines()[-lines:])


# ------------------------------------------------------------------ fixtures --


@pytest.fixture(scope="session")
def kam_env():
    return KamEnv(_discover())


@pytest.fixture(scope="session")
def installed_test_db(kam_env):
    """The database tools/test.sh built: kam_module + demo data installed."""
    db = kam_env.test_db
    if kam_env.module_state(db) != "installed":
        pytest.fail(
            f"database {db!r} with {MODULE} installed is missing: run `make test` "
            "(tools/test.sh installs it before running these tests)",
            pytrace=False,
        )
    return db


@pytest.fixture
def clone_db(kam_env, installed_test_db):
    """Factory: clone_db() -> name of a fresh copy of the test database,
    dropped (with its filestore) after the test."""
    created = []

    def _clone(source=None):
        name = f"{installed_test_db}_copy_{uuid.uuid4().hex[:8]}"
        kam_env.clone_db(source or installed_test_db, name)
        created.append(name)
        return name

    yield _clone
    for name in created:
        kam_env.drop_db(name)


@pytest.fixture
def run_with_sales(kam_env, clone_db):
    """run_with_sales(script, what) -> the JSON the script printed on its
    ``KAM_RESULT `` line, run in ``odoo shell`` on a copy of the test database
    with Sales (and so Invoicing) installed; both logs must be clean."""

    def _run(script, what):
        db = clone_db()
        result = kam_env.run_odoo(
            "-i", "sale_management", "--stop-after-init", db=db, timeout=480
        )
        kam_env.assert_clean_log(result.output, "sale_management install")
        output = kam_env.odoo_shell(db, script, timeout=300).output
        kam_env.assert_clean_log(output, what)
        line = next(row for row in output.splitlines() if row.startswith("KAM_RESULT "))
        return json.loads(line.removeprefix("KAM_RESULT "))

    return _run
