import multiprocessing

import pytest

from lib.errors import ClientImportError, _lt
from lib.pipeline import planned_batches
from lib.readers import Row


class UpperPlanner:
    """Stands in for RowPlanner: one plan per row."""

    def plan(self, row):
        return (row.number, [cell.upper() for cell in row.cells])


def numbered_rows(count):
    return (Row(number, [f"cell {number}"]) for number in range(2, count + 2))


@pytest.mark.parametrize("in_child", [False, True])
def test_batches_hold_every_row_once_in_order(in_child):
    batches = list(planned_batches(lambda: numbered_rows(25), UpperPlanner(), 10, in_child))
    assert [len(batch) for batch in batches] == [10, 10, 5]
    plans = [plan for batch in batches for plan in batch]
    assert plans == [(number, [f"CELL {number}"]) for number in range(2, 27)]


def test_a_reading_error_in_the_child_is_raised_in_the_parent():
    def broken_rows():
        yield Row(2, ["ok"])
        raise ClientImportError(_lt("Row %(row)s is damaged"), row=3)

    batches = planned_batches(broken_rows, UpperPlanner(), 1, in_child=True)
    assert next(batches) == [(2, ["OK"])]
    with pytest.raises(ClientImportError) as caught:
        next(batches)
    assert caught.value.message == "Row %(row)s is damaged"
    assert caught.value.params == {"row": 3}


def test_stopping_early_stops_the_child():
    batches = planned_batches(lambda: numbered_rows(10_000), UpperPlanner(), 10, in_child=True)
    next(batches)
    batches.close()
    assert multiprocessing.active_children() == []
