import pytest

from lib.row_ranges import format_row_ranges, parse_row_ranges


def test_row_ranges_read_as_typed():
    assert parse_row_ranges("4, 9-11; 4") == [4, 9, 10, 11]
    assert parse_row_ranges(" ") == []


@pytest.mark.parametrize("text", ["0", "5-3", "x", "2-"])
def test_row_ranges_refuse_what_is_not_a_row(text):
    with pytest.raises(ValueError):
        parse_row_ranges(text)


def test_row_ranges_written_shortest():
    assert format_row_ranges([11, 4, 9, 10]) == "4, 9-11"
    assert format_row_ranges([2]) == "2"
