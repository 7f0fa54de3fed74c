import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.readers import open_sheet
from lib.safe_csv import FORMULA_STARTS, neutralize, restore


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x","y")', "+32471625368", "-1", "@SUM(A1)", "\tx", "\rx"],
)
def test_cells_that_could_start_a_formula_are_prefixed(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Jan", "0471 23 45 67", "a=b", "", "'quoted", "'"])
def test_other_cells_are_unchanged(cell):
    assert neutralize(cell) == cell


def test_none_is_an_empty_cell():
    assert neutralize(None) == ""


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [
        ("- betaalt laat", "'- betaalt laat"),
        ("'=x", "''=x"),  # typed with an apostrophe: one more, so it reads back
        ("'quoted", "'quoted"),
        ("''", "''"),
    ],
)
def test_restore_takes_off_what_neutralize_added_and_nothing_else(cell, guarded):
    assert neutralize(cell) == guarded
    assert restore(guarded) == cell


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "1"])))
def test_restore_undoes_neutralize_and_the_guard_holds(text):
    guarded = neutralize(text)
    assert restore(guarded) == text
    assert not guarded.startswith(FORMULA_STARTS)


def _skipped_file(header, rows, delimiter=";"):
    """A skipped-rows file as the import writes it: neutralized cells, UTF-8 with BOM."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow([*map(neutralize, header), "Row", "Reason"])
    for number, cells, reason in rows:
        writer.writerow([*map(neutralize, cells), number, neutralize(reason)])
    return output.getvalue().encode("utf-8-sig")


def test_the_readers_read_a_guarded_cell_back_as_it_was():
    header = ["Klant", "Opmerking", "Telefoon", "'Code"]
    cells = ["Bakkerij Peeters", "- betaalt laat", "+32 9 223 45 67", "'=A1"]
    data = _skipped_file(header, [(3, cells, "-: not valid")])
    sheet = open_sheet(data)
    assert sheet.header == [*header, "Row", "Reason"]
    (row,) = sheet.rows()
    assert row.cells == [*cells, "3", "-: not valid"]
