import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

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


def test_children_keep_no_copy_of_the_parents_connections():
    # A database connection is a socket: a child's copy would keep the session of a
    # dead parent open on the server, with its transaction and its locks.
    ours, server_side = socket.socketpair()
    with server_side:
        batches = planned_batches(lambda: numbered_rows(10_000), UpperPlanner(), 10, workers=2)
        next(batches)  # both children run, blocked on sending their next batch
        ours.close()
        server_side.settimeout(5)
        assert server_side.recv(1) == b"", "the connection is closed in every process"
        batches.close()


# A parent that starts two planning children, says their process ids, then stops
# reading (as a parent busy writing a batch, or killed, would). Arguments: seconds
# and characters per planned row, rows in the file.
PARENT_SCRIPT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from lib.pipeline import planned_batches

seconds, size, rows = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

class Planner:
    def plan(self, row):
        time.sleep(seconds)
        return (os.getpid(), "x" * size)

batches = planned_batches(lambda: iter(range(rows)), Planner(), 5, workers=2)
print(*{next(batches)[0][0], next(batches)[0][0]}, flush=True)
time.sleep(600)
"""


def running(pid):
    """Whether ``pid`` is a live process (a zombie has exited)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.parametrize(
    ("doing", "row_seconds", "row_size", "rows"),
    [
        ("blocked sending a batch", 0, 10, 10**9),
        ("planning a batch", 0.3, 10, 10**9),
        # The whole file is planned; what is left to send fills the pipe.
        ("done planning, sending the last batches", 0, 100_000, 30),
    ],
)
def test_children_die_with_a_killed_parent(doing, row_seconds, row_size, rows):
    library = str(Path(__file__).resolve().parents[2])
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_SCRIPT, library, str(row_seconds), str(row_size), str(rows)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2 and parent.pid not in children
        time.sleep(0.5)  # the children fill their pipes, or plan their next batch
        assert all(running(pid) for pid in children)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(running, children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(running, children)), f"a child outlived its parent while {doing}"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
