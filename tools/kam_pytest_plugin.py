"""Strict outcome accounting for tools/test.sh (loaded with ``-p kam_pytest_plugin``).

* Every test ends in exactly one bucket: passed, failed, error, skipped, xfailed
  or xpassed.  Anything but "passed" makes the session fail: a skipped browser
  tour (no Chromium, no websocket-client...) is not a pass.
* ``--kam-fail-on-error-log``: an ERROR/CRITICAL log record emitted while a test
  runs fails that test, as Odoo's runbot and OCA's CI do.  Records muted with
  ``odoo.tools.mute_logger`` or captured by ``assertLogs`` never reach it.
* ``--kam-summary=PATH`` writes the counts as JSON for the final summary line.
* pytest's durations (``--durations``) stay true for tests that freeze the clock.
"""

import json
import logging
import os
import re
import sys

import pytest

try:
    import freezegun
except ImportError:  # then nothing freezes the clock
    freezegun = None
else:
    # pytest times each test with its own references to time.perf_counter and
    # time.time, which freezegun replaces in every module it does not ignore:
    # a test that starts or ends frozen then lasted 1.7e9 s, or 0 s.
    freezegun.configure(extend_ignore_list=["_pytest.timing"])

BAD_OUTCOMES = ("failed", "error", "skipped", "xfailed", "xpassed")


class _SpuriousImportErrorFilter(logging.Filter):
    """pytest-odoo imports odoo.tests before it turns test mode on, so Odoo logs
    "Importing test framework, avoid importing from business modules" as an
    ERROR with a stack trace.  Under pytest-odoo that import is expected."""

    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_SpuriousImportErrorFilter())

_RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 1, "failed": 2, "error": 3}


def pytest_addoption(parser):
    group = parser.getgroup("kam", "kam_module strict test accounting")
    group.addoption(
        "--kam-summary",
        metavar="PATH",
        help="write the outcome counts of the session as JSON to PATH",
    )
    group.addoption(
        "--kam-fail-on-error-log",
        action="store_true",
        help="fail a test when an ERROR or CRITICAL log record is emitted during it",
    )
    group.addoption(
        "--kam-allow-skips",
        action="store_true",
        help="do not turn skipped/xfailed tests into a failed session",
    )


def pytest_configure(config):
    config.pluginmanager.register(KamAccounting(config), "kam-accounting")


def pytest_collection_finish(session):
    """Read every addon's manifest once, here, in the main thread.

    Odoo's HTTP server reads them all on its first static file request, and
    wkhtmltopdf or a tour's browser asks for several at once: Python 3.11's
    AST constructor is not thread-safe (CPython issue 106905), and two
    threads parsing manifests together fail with "SystemError: AST
    constructor recursion depth mismatch". Once read, they are cached.
    """
    http = sys.modules.get("odoo.http")
    if http is not None and getattr(http, "root", None) is not None:
        http.root.statics  # noqa: B018 (a lazy property: reading it fills it)


class _ErrorLogCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def take(self):
        records, self.records = self.records, []
        return records


def _test_name(nodeid):
    name = nodeid.rsplit("::", 1)[-1]
    return re.sub(r"\[.*\]$", "", name)


class KamAccounting:
    def __init__(self, config):
        self.config = config
        self.outcomes = {}
        self.collection_errors = []
        self.error_logs = None
        if config.getoption("--kam-fail-on-error-log"):
            self.error_logs = _ErrorLogCollector()
            logging.getLogger().addHandler(self.error_logs)

    # -- error logs -------------------------------------------------------

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if self.error_logs is None:
            return
        records = self.error_logs.take()
        report = outcome.get_result()
        if not records or report.failed:
            return
        lines = [
            f"{len(records)} ERROR/CRITICAL log record(s) during {call.when} "
            f"(mute expected ones with odoo.tools.mute_logger):"
        ]
        for record in records[:20]:
            try:
                message = record.getMessage()
            except Exception:  # never let a bad log record break the report
                message = str(record.msg)
            lines.append(f"  {record.levelname} {record.name}: {message}")
        report.outcome = "failed"
        report.longrepr = "\n".join(lines)
        if hasattr(report, "wasxfail"):
            del report.wasxfail

    # -- accounting -------------------------------------------------------

    def _set(self, nodeid, outcome):
        previous = self.outcomes.get(nodeid)
        if previous is None or _RANK[outcome] > _RANK[previous]:
            self.outcomes[nodeid] = outcome

    def pytest_runtest_logreport(self, report):
        xfail = hasattr(report, "wasxfail")
        if report.failed:
            self._set(report.nodeid, "failed" if report.when == "call" else "error")
        elif report.skipped:
            self._set(report.nodeid, "xfailed" if xfail else "skipped")
        elif report.passed and report.when == "call":
            self._set(report.nodeid, "xpassed" if xfail else "passed")
        else:
            self.outcomes.setdefault(report.nodeid, "passed")

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(report.nodeid or "<collection>")

    def _counts(self):
        counts = dict.fromkeys(("passed",) + BAD_OUTCOMES, 0)
        for outcome in self.outcomes.values():
            counts[outcome] += 1
        tours = [n for n in self.outcomes if "tour" in _test_name(n).lower()]
        counts["total"] = len(self.outcomes)
        counts["collection_errors"] = len(self.collection_errors)
        counts["tours"] = len(tours)
        counts["tours_passed"] = sum(self.outcomes[n] == "passed" for n in tours)
        return counts

    def _bad(self):
        return sorted(
            (nodeid, outcome)
            for nodeid, outcome in self.outcomes.items()
            if outcome != "passed"
        )

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        counts = self._counts()
        allow_skips = self.config.getoption("--kam-allow-skips")
        not_passing = [
            outcome
            for _nodeid, outcome in self._bad()
            if not (allow_skips and outcome in ("skipped", "xfailed"))
        ]
        if session.exitstatus == 0 and (not_passing or counts["collection_errors"]):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        path = self.config.getoption("--kam-summary")
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            data = dict(
                counts,
                exitstatus=int(session.exitstatus),
                not_passed=[{"test": n, "outcome": o} for n, o in self._bad()],
                collection_error_nodes=self.collection_errors,
            )
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2)

    def pytest_terminal_summary(self, terminalreporter):
        counts = self._counts()
        bad = self._bad()
        terminalreporter.section("kam strict summary")
        terminalreporter.line(
            "tests: {total}  passed: {passed}  failed: {failed}  errors: {error}  "
            "skipped: {skipped}  xfailed: {xfailed}  xpassed: {xpassed}  "
            "collection errors: {collection_errors}  tours: {tours}".format(**counts)
        )
        for nodeid, outcome in bad:
            terminalreporter.line(f"NOT PASSED ({outcome}): {nodeid}", red=True)
        if any(o in ("skipped", "xfailed", "xpassed") for _n, o in bad):
            terminalreporter.line(
                "Skipped/xfail tests count as failures here: a skipped test "
                "(e.g. a browser tour without Chromium) proves nothing.",
                red=True,
            )
