"""Install, upgrade, uninstall and reinstall kam_module through the Odoo CLI.

The database built by tools/test.sh (kam_module + demo data) is cloned with
``CREATE DATABASE ... TEMPLATE`` (seconds) instead of installing again.
Only the install without demo data needs a fresh database: it starts in the
background when this module's first test starts and runs while the clone-based
tests run (two cores: about twice faster); the last test waits for it.
"""

import ast
import io
import subprocess
import tarfile
import time

import pytest
from conftest import REPO_ROOT

MODULE = "kam_module"
TIMEOUT = 420
# The first release, 18.0.1.1.0: an upgrade from it runs every migration.
FIRST_RELEASE = "bf922b6"


def _module_xmlids(kam_env, db):
    rows = kam_env.psql(
        "SELECT model, count(*) FROM ir_model_data "
        f"WHERE module = '{MODULE}' GROUP BY model ORDER BY model",
        db=db,
    )
    return {model: int(count) for model, count in rows}


@pytest.fixture(scope="module", autouse=True)
def install_without_demo(kam_env, installed_test_db, tmp_path_factory):
    """Background: fresh database, kam_module installed without demo data."""
    db = f"{installed_test_db}_nodemo"
    kam_env.drop_db(db)
    log_path = tmp_path_factory.mktemp("nodemo") / "install.log"
    proc = kam_env.start_odoo(
        "-i",
        MODULE,
        "--without-demo=all",
        "--stop-after-init",
        db=db,
        log_path=log_path,
    )
    proc.db = db
    proc.started = time.monotonic()
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    proc.log_file.close()
    kam_env.drop_db(db)


def test_upgrade_on_copy(kam_env, clone_db):
    db = clone_db()
    before = _module_xmlids(kam_env, db)
    result = kam_env.run_odoo(
        "-u", MODULE, "--stop-after-init", db=db, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.output[-5000:]
    kam_env.assert_clean_log(result.output, "upgrade")
    assert kam_env.module_state(db) == "installed"
    after = _module_xmlids(kam_env, db)
    assert after == before, "records with an xml id changed on upgrade"


def test_upgrade_from_first_release(kam_env, installed_test_db, tmp_path):
    """The first release, with its demo data, upgraded to this one: every
    migration script runs on the data of an older schema."""
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", FIRST_RELEASE, MODULE],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert archive.returncode == 0, (
        f"the first release ({FIRST_RELEASE}) is read from the repository's "
        f"history, which this clone lacks: {archive.stderr.decode()[-500:]}"
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as release:
        release.extractall(tmp_path, filter="data")
    db = f"{installed_test_db}_release"
    kam_env.drop_db(db)
    try:
        kam_env.run_odoo(
            "--addons-path",
            ",".join(
                [
                    *(p for p in kam_env.addons_path.split(",") if p != str(REPO_ROOT)),
                    str(tmp_path),
                ]
            ),
            "-i",
            MODULE,
            "--stop-after-init",
            db=db,
            timeout=TIMEOUT,
        )
        assert (
            kam_env.scalar(
                f"SELECT latest_version FROM ir_module_module WHERE name = '{MODULE}'",
                db=db,
            )
            == "18.0.1.1.0"
        )
        result = kam_env.run_odoo(
            "-u", MODULE, "--stop-after-init", db=db, timeout=TIMEOUT, check=False
        )
        assert result.returncode == 0, result.output[-5000:]
        kam_env.assert_clean_log(result.output, "upgrade from the first release")
        manifest = ast.literal_eval(
            (REPO_ROOT / MODULE / "__manifest__.py").read_text()
        )
        assert (
            kam_env.scalar(
                f"SELECT latest_version FROM ir_module_module WHERE name = '{MODULE}'",
                db=db,
            )
            == manifest["version"]
        )
    finally:
        kam_env.drop_db(db)


def test_uninstall_then_reinstall_on_copy(kam_env, clone_db):
    db = clone_db()
    result = kam_env.odoo_shell(
        db,
        "module = env['ir.module.module'].search([('name', '=', 'kam_module')])\n"
        "module.button_immediate_uninstall()\n"
        "env.cr.commit()\n",
        timeout=TIMEOUT,
    )
    kam_env.assert_clean_log(result.output, "uninstall")
    assert kam_env.module_state(db) == "uninstalled"

    leftovers = {
        "tables": kam_env.psql(
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename LIKE 'kam\\_%'",
            db=db,
        ),
        "res_partner columns": kam_env.psql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name LIKE 'kam\\_%'",
            db=db,
        ),
        "ir.model rows": kam_env.psql(
            "SELECT model FROM ir_model WHERE model LIKE 'kam.%'", db=db
        ),
        "ir.model.fields rows": kam_env.psql(
            "SELECT model || '.' || name FROM ir_model_fields "
            "WHERE name LIKE 'kam\\_%' OR model LIKE 'kam.%'",
            db=db,
        ),
        "xml ids": kam_env.psql(
            f"SELECT model, name FROM ir_model_data WHERE module = '{MODULE}'",
            db=db,
        ),
    }
    leftovers = {key: rows for key, rows in leftovers.items() if rows}
    assert not leftovers, f"left behind by the uninstall: {leftovers}"

    result = kam_env.run_odoo(
        "-i", MODULE, "--stop-after-init", db=db, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.output[-5000:]
    kam_env.assert_clean_log(result.output, "reinstall")
    assert kam_env.module_state(db) == "installed"
    assert (
        kam_env.scalar(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = 'kam_state'",
            db=db,
        )
        == "1"
    )


# A plan's ready-made objective wizard on a database without Sales or Invoicing.
ALONE_SCRIPT = """
account = env.ref("base.main_partner")
plan = env["kam.plan"].create({"name": "P", "partner_id": account.id})
Wizard = env["kam.plan.objective.preset"]
wizard = Wizard.create({"plan_id": plan.id, "target_value": 1})
print("KAM_RESULT", wizard.available, env["kam.data.source"]._kam_ready_made())
try:
    wizard.action_confirm()
except Exception as error:
    print("KAM_ERROR", error)
"""


def test_install_without_demo(kam_env, install_without_demo):
    proc = install_without_demo
    remaining = max(TIMEOUT - (time.monotonic() - proc.started), 1)
    returncode = proc.wait(timeout=remaining)
    proc.log_file.flush()
    output = proc.log_path.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, output[-5000:]
    kam_env.assert_clean_log(output, "install without demo")
    db = proc.db
    assert kam_env.module_state(db) == "installed"
    demo = kam_env.scalar(
        f"SELECT demo FROM ir_module_module WHERE name = '{MODULE}'", db=db
    )
    assert demo == "f", "demo data was loaded despite --without-demo=all"
    # Installed alone, on contacts: no ready-made measure, the wizard says why.
    output = kam_env.odoo_shell(db, ALONE_SCRIPT).output
    assert "KAM_RESULT False {}" in output, output[-3000:]
    assert (
        "KAM_ERROR Ready-made measures need the Sales, Invoicing or CRM app" in output
    )
