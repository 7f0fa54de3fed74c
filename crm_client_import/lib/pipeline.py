"""Plan the next batches while the current one is written.

Reading and cleaning cells is pure Python and costs about as much as writing
the partners. On a machine with several cores, a forked child process reads and
plans batches into a small queue while the parent writes to the database, so the
two overlap. The child never touches the database; it stops when the parent
stops reading or dies.
"""

import itertools
import multiprocessing
import os
import queue

from .errors import ClientImportError

QUEUE_DEPTH = 3  # batches planned ahead: memory stays bounded
POLL_SECONDS = 1.0


def planned_batches(open_rows, planner, batch_size, in_child=True):
    """Lists of ``RowPlan``, ``batch_size`` rows each, from ``open_rows()``'s rows.

    ``open_rows`` is called where the planning runs (in the child when
    ``in_child``); a ``ClientImportError`` raised there is raised here."""
    if not in_child or not hasattr(os, "fork"):
        yield from _plan(open_rows(), planner, batch_size)
        return
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=QUEUE_DEPTH)
    child = context.Process(
        target=_child_main,
        args=(open_rows, planner, batch_size, channel, os.getpid()),
        daemon=True,
    )
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError("the planning process stopped unexpectedly") from None
                continue
            if kind == "plans":
                yield payload
            elif kind == "end":
                return
            elif kind == "error":
                message, params = payload
                raise ClientImportError(message, **params)
            else:
                raise RuntimeError(payload)
    finally:
        child.terminate()
        child.join()


def _plan(rows, planner, batch_size):
    while batch := list(itertools.islice(rows, batch_size)):
        yield [planner.plan(row) for row in batch]


def _child_main(open_rows, planner, batch_size, channel, parent_pid):
    def send(item):
        while True:
            try:
                channel.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                if os.getppid() != parent_pid:  # the parent died: nobody reads
                    os._exit(0)

    try:
        for plans in _plan(open_rows(), planner, batch_size):
            send(("plans", plans))
        send(("end", None))
    except ClientImportError as error:
        send(("error", (error.message, error.params)))
    except Exception as error:  # reported by the parent, which fails the job
        send(("crash", repr(error)))
