"""Sum up the test command: pytest's JUnit file and Odoo's test log.

Prints why the run failed, if it did, then one last line "N passed, N failed"
(", N skipped" when tests were skipped: a skipped test is never a pass, and
skipped tours fail the run). Exits non-zero when anything failed.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

ODOO_RESULT = re.compile(
    r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of "
    r"(?P<run>\d+) tests when loading database"
)
ODOO_SKIPPED = re.compile(r" odoo\.addons\.\S+: skipped ")
# One line per addon whose tests ran: "odoo.tests.stats: crm_client_import: 412 tests ..."
ODOO_ADDON_STATS = re.compile(r" odoo\.tests\.stats: (?P<addon>\w+): (?P<tests>\d+) tests ")
ADDON_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) .*crm_client_import")


def pytest_counts(junit_path):
    try:
        root = ET.parse(junit_path).getroot()
    except (OSError, ET.ParseError):
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    return passed, failed, totals["skipped"]


def odoo_counts(log_text):
    results = list(ODOO_RESULT.finditer(log_text))
    if not results:
        return None
    last = results[-1]
    failed = int(last["failed"]) + int(last["errors"])
    skipped = len(ODOO_SKIPPED.findall(log_text))
    passed = int(last["run"]) - failed - skipped
    return passed, failed, skipped


def addons_without_tests(log_text, test_tags):
    """Addons of ``--test-tags`` (``/addon[:Class]``, comma-separated) none of whose
    tests ran: one that could not be installed would otherwise go unnoticed."""
    wanted = {tag.strip().lstrip("/").split(":")[0].split(".")[0] for tag in test_tags.split(",")}
    ran = {m["addon"] for m in ODOO_ADDON_STATS.finditer(log_text) if int(m["tests"])}
    return sorted(addon for addon in wanted - ran if addon)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pytest-junit", required=True)
    parser.add_argument("--odoo-log", required=True)
    parser.add_argument("--odoo-status", type=int, required=True)
    parser.add_argument("--lint-status", type=int, required=True)
    parser.add_argument("--test-tags", default="")
    args = parser.parse_args()

    reasons = []
    if args.lint_status:
        reasons.append("lint failed (ruff)")

    pytest = pytest_counts(args.pytest_junit)
    if pytest is None:
        reasons.append("pytest produced no report")
        pytest = (0, 1, 0)
    elif sum(pytest) == 0:
        reasons.append("pytest ran no test")

    try:
        with open(args.odoo_log, encoding="utf-8", errors="replace") as log_file:
            log_text = log_file.read()
    except OSError:
        log_text = ""
    odoo = odoo_counts(log_text)
    if odoo is None:
        reasons.append("Odoo reported no test result (did the addon install?)")
        odoo = (0, 1, 0)
    elif sum(odoo) == 0:
        reasons.append("Odoo ran no test")
    if missing := addons_without_tests(log_text, args.test_tags):
        reasons.append(f"no test of {', '.join(missing)} ran (not installed?)")
    if args.odoo_status:
        reasons.append(f"Odoo exited with status {args.odoo_status}")

    addon_problems = [line for line in log_text.splitlines() if ADDON_PROBLEM.match(line)]
    if addon_problems:
        reasons.append(f"{len(addon_problems)} WARNING/ERROR log lines concern crm_client_import:")
        reasons.extend(f"    {line[:300]}" for line in addon_problems[:20])

    passed = pytest[0] + odoo[0]
    failed = pytest[1] + odoo[1]
    skipped = pytest[2] + odoo[2]
    if failed:
        reasons.append(f"{failed} tests failed")
    if skipped:
        reasons.append(f"{skipped} tests were skipped (no Chromium? no websocket-client?)")

    print(f"pytest: {pytest[0]} passed, {pytest[1]} failed, {pytest[2]} skipped")
    print(f"odoo:   {odoo[0]} passed, {odoo[1]} failed, {odoo[2]} skipped")
    for reason in reasons:
        print(f"FAILED: {reason}" if not reason.startswith("    ") else reason)
    line = f"{passed} passed, {failed} failed"
    print(f"{line}, {skipped} skipped" if skipped else line)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
