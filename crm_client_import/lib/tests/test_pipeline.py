import multiprocessing
import os

import pytest

from lib import catalogue, readers
from lib.errors import ClientImportError, _lt
from lib.mapping import suggest_mapping
from lib.pipeline import planned_batches
from lib.plan import RowPlanner
from lib.readers import Row


class UpperPlanner:
    """Stands in for RowPlanner: one plan per row."""

    def plan(self, row):
        return (row.number, [cell.upper() for cell in row.cells])


class PidPlanner:
    """Says which process planned each row."""

    def plan(self, row):
        return os.getpid()


class DyingPlanner:
    """Kills its process at one row, as the kernel's out-of-memory killer would."""

    def __init__(self, number):
        self.number = number

    def plan(self, row):
        if row.number == self.number:
            os._exit(9)
        return row.number


def numbered_rows(count):
    return (Row(number, [f"cell {number}"]) for number in range(2, count + 2))


def numbers(batches):
    return [plan[0] for batch in batches for plan in batch]


@pytest.mark.parametrize(("in_child", "workers"), [(False, 1), (True, 1), (True, 3)])
def test_batches_hold_every_row_once_in_order(in_child, workers):
    batches = list(
        planned_batches(lambda: numbered_rows(25), UpperPlanner(), 10, in_child, workers)
    )
    assert [len(batch) for batch in batches] == [10, 10, 5]
    plans = [plan for batch in batches for plan in batch]
    assert plans == [(number, [f"CELL {number}"]) for number in range(2, 27)]


@pytest.mark.parametrize("count", [0, 1, 12, 13, 35, 36, 37])
def test_several_workers_give_the_batches_in_file_order(count):
    batches = list(planned_batches(lambda: numbered_rows(count), UpperPlanner(), 3, workers=4))
    assert [len(batch) for batch in batches] == [3] * (count // 3) + [count % 3] * bool(count % 3)
    assert numbers(batches) == list(range(2, count + 2))


def test_without_a_child_the_rows_are_planned_here():
    batches = planned_batches(lambda: numbered_rows(10), PidPlanner(), 3, in_child=False, workers=3)
    assert {pid for batch in batches for pid in batch} == {os.getpid()}


def test_each_worker_plans_its_own_batches():
    batches = list(planned_batches(lambda: numbered_rows(12), PidPlanner(), 2, workers=3))
    planners = [batch[0] for batch in batches]
    assert os.getpid() not in planners
    assert len(set(planners)) == 3
    assert planners[:3] == planners[3:]  # batch n comes from worker n % 3


@pytest.mark.parametrize("workers", [1, 3])
def test_a_reading_error_in_a_child_is_raised_in_the_parent(workers):
    def broken_rows():
        yield from numbered_rows(5)  # rows 2-6
        raise ClientImportError(_lt("Row %(row)s is damaged"), row=7)

    batches = planned_batches(broken_rows, UpperPlanner(), 2, workers=workers)
    assert numbers([next(batches), next(batches)]) == [2, 3, 4, 5]
    # The batch of row 6 is never given: the error comes in its place.
    with pytest.raises(ClientImportError) as caught:
        next(batches)
    assert caught.value.message == "Row %(row)s is damaged"
    assert caught.value.params == {"row": 7}
    assert multiprocessing.active_children() == []


def test_an_unexpected_error_in_a_child_fails_loudly():
    def broken_rows():
        yield from numbered_rows(3)
        raise ValueError("bad cell")

    with pytest.raises(RuntimeError, match="bad cell"):
        list(planned_batches(broken_rows, UpperPlanner(), 2, workers=2))


def test_a_child_that_dies_fails_loudly():
    batches = planned_batches(lambda: numbered_rows(20), DyingPlanner(number=9), 2, workers=2)
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        list(batches)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 3])
def test_stopping_early_stops_the_children(workers):
    batches = planned_batches(lambda: numbered_rows(10_000), UpperPlanner(), 10, workers=workers)
    next(batches)
    batches.close()
    assert multiprocessing.active_children() == []


def test_several_workers_plan_a_client_list_as_one_does(data_dir):
    data = (data_dir / "clients_utf8_bom.csv").read_bytes()
    sheet = readers.open_sheet(data, readers.ReaderOptions())
    planner = RowPlanner(suggest_mapping(sheet.header), catalogue.default_targets())

    def open_rows():
        return readers.open_sheet(data, readers.ReaderOptions()).rows()

    alone = list(planned_batches(open_rows, planner, 2, workers=1))
    shared = list(planned_batches(open_rows, planner, 2, workers=3))
    assert len(alone) == 8
    assert shared == alone
    assert any(plan.problems for batch in alone for plan in batch)
