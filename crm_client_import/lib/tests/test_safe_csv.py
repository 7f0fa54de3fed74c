import pytest

from lib.safe_csv import neutralize


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x","y")', "+32471625368", "-1", "@SUM(A1)", "\tx", "\rx"],
)
def test_cells_that_could_start_a_formula_are_prefixed(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Jan", "0471 23 45 67", "a=b", "", "'quoted"])
def test_other_cells_are_unchanged(cell):
    assert neutralize(cell) == cell


def test_none_is_an_empty_cell():
    assert neutralize(None) == ""
