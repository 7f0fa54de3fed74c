"""How many rows of the project's client lists an import skips, and why.

Reads every client list of ``static/sample/`` and ``tests/data/`` (not the
hostile or broken files of the reader tests), maps it as an import does with
no mapping given (preset detection, then ``suggest_mapping`` with the first
rows as samples), plans each row with the default settings (a bad optional
cell is a warning; the firm is Belgian: its country is BE, Dutch and French
are installed), and decides who is who with the file alone, as an import into
an empty database does. Prints per file the rows, the share skipped, the rows
kept with warnings, and the reasons of the skipped rows.

A row may be skipped when nothing names its client or its identity is in
doubt; never for a bad optional cell (``lib/tests/test_client_lists.py``
checks it on the same files).

    python3 bench/bench_skipped_rows.py [--strict]
"""

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "crm_client_import"
sys.path.insert(0, str(ADDON))
from lib import catalogue, identity  # noqa: E402 (the addon's library, by path)
from lib.errors import ERROR, WARNING  # noqa: E402
from lib.mapping import suggest_mapping  # noqa: E402
from lib.normalize import LENIENT, STRICT, NormalizeContext  # noqa: E402
from lib.plan import PlanOptions, RowPlanner  # noqa: E402
from lib.presets import match_preset, read_preset_file, shape  # noqa: E402
from lib.readers import open_sheet  # noqa: E402

DATA = ADDON / "tests" / "data"
# Files of tests/data that are no client list to import: refused on purpose.
NOT_CLIENT_LISTS = {
    "billion_laughs.xlsx",
    "clients_libreoffice.ods",
    "corrupt.xlsx",
    "empty.csv",
    "encrypted.xls",
    "encrypted.xlsx",
    "header_only.csv",
    "header_only.xlsx",
    "image_renamed.csv",
    "zip_bomb.xlsx",
}
SPREADSHEETS = (".csv", ".txt", ".xlsx", ".xls", ".htm")
CLIENT_LISTS = sorted(
    [ADDON / "static" / "sample" / "sample_clients.csv"]
    + [
        path
        for path in DATA.rglob("*")
        if path.suffix in SPREADSHEETS and path.name not in NOT_CLIENT_LISTS
    ]
)
COMPANY_COUNTRY = "BE"
LANGUAGES = ("en_US", "nl_BE", "fr_BE")
SAMPLE_ROWS = 20  # as many as the import's preview
NAME_PARTS = ("name", "first_name", "last_name")
PRESET_SHAPES = [
    shape(preset, preset.lines)
    for preset in read_preset_file((ADDON / "data" / "import_presets.xml").read_text("utf-8"))
]


@dataclass
class Outcome:
    """What an import of one file into an empty database does with its rows."""

    rows: int = 0
    skipped: dict = field(default_factory=dict)  # row number -> its ERROR problems
    warned: int = 0


def for_an_optional_cell(problem):
    """Is this error about a value that neither names the client nor says who it
    is (identity problems carry a code)?"""
    part = problem.target.rpartition(".")[2]
    return problem.severity == ERROR and not problem.code and part not in NAME_PARTS


def import_outcome(path, strictness=LENIENT):
    """The rows of the client list at ``path``, those skipped and why, those kept
    with warnings."""
    sheet = open_sheet(Path(path).read_bytes())
    samples = [row.cells for row in sheet.preview(SAMPLE_ROWS)]
    preset = match_preset(sheet.header, PRESET_SHAPES)
    mapping = suggest_mapping(
        sheet.header, sample_rows=samples, learned=preset.key.lines if preset else None
    )
    context = NormalizeContext(
        default_country=COMPANY_COUNTRY, installed_languages=LANGUAGES, strictness=strictness
    )
    planner = RowPlanner(mapping, catalogue.default_targets(), context, PlanOptions())
    plans = [plan for plan in map(planner.plan, sheet.rows()) if any(plan.cells)]
    outcome = Outcome(rows=len(plans))
    file_identity = identity.FileIdentity()
    for plan in plans:
        if plan.skipped:
            outcome.skipped[plan.number] = plan.errors
        else:
            file_identity.add(plan)
    kept = [plan for plan in plans if not plan.skipped]
    resolver = identity.Resolver(identity.ResolveOptions(), file_identity)
    for plan, row in zip(kept, resolver.resolve(kept), strict=True):
        if row.skipped:
            outcome.skipped[plan.number] = [p for p in row.problems if p.severity == ERROR]
        elif any(p.severity == WARNING for p in [*plan.problems, *row.problems]):
            outcome.warned += 1
    return outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="the strict mode instead")
    args = parser.parse_args()
    strictness = STRICT if args.strict else LENIENT
    totals = Counter()
    print(f"{'client list':46} {'rows':>5} {'skipped':>8} {'share':>6} {'warned':>7}")
    for path in CLIENT_LISTS:
        outcome = import_outcome(path, strictness)
        share = len(outcome.skipped) / outcome.rows if outcome.rows else 0
        print(
            f"{os.path.relpath(path, ADDON):46} {outcome.rows:>5} {len(outcome.skipped):>8} "
            f"{share:>6.1%} {outcome.warned:>7}"
        )
        reasons = Counter(
            problem.message for problems in outcome.skipped.values() for problem in problems
        )
        for message, count in reasons.most_common():
            print(f"{'':6}{count:>3} × {message}")
        totals.update(rows=outcome.rows, skipped=len(outcome.skipped), warned=outcome.warned)
        totals["for an optional cell"] += sum(
            any(map(for_an_optional_cell, problems)) for problems in outcome.skipped.values()
        )
    share = totals["skipped"] / totals["rows"] if totals["rows"] else 0
    print(
        f"{'total':46} {totals['rows']:>5} {totals['skipped']:>8} {share:>6.1%} "
        f"{totals['warned']:>7}"
    )
    print(f"rows skipped for a bad optional cell: {totals['for an optional cell']}")


if __name__ == "__main__":
    main()
