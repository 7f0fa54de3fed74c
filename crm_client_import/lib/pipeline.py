"""Plan the next batches while the current one is written or reviewed.

Reading and cleaning cells is pure Python and costs about as much as writing
the partners. On a machine with several cores, forked child processes read and
plan batches into small queues while the parent writes to the database, so the
two overlap. With several workers, worker k plans batches k, k + W, k + 2W...
(it reads past the rows of the other workers' batches without planning them)
and the parent takes the batches in file order, so callers see the same
sequence whatever the number of workers. The children never touch the
database; they stop when the parent stops reading or dies.
"""

import gc
import itertools
import multiprocessing
import os
import queue

from .errors import ClientImportError

QUEUE_DEPTH = 3  # batches planned ahead per worker: memory stays bounded
POLL_SECONDS = 1.0


def planned_batches(open_rows, planner, batch_size, in_child=True, workers=1):
    """Lists of ``RowPlan``, ``batch_size`` rows each, from ``open_rows()``'s rows,
    in file order.

    ``open_rows`` is called where the planning runs (in each of the ``workers``
    children when ``in_child``); a ``ClientImportError`` raised there is raised
    here."""
    if not in_child or not hasattr(os, "fork"):
        yield from _plan(open_rows(), planner, batch_size)
        return
    context = multiprocessing.get_context("fork")
    workers = max(1, workers)
    channels = [context.Queue(maxsize=QUEUE_DEPTH) for _worker in range(workers)]
    children = [
        context.Process(
            target=_child_main,
            args=(open_rows, planner, batch_size, (worker, workers), channel, os.getpid()),
            daemon=True,
        )
        for worker, channel in enumerate(channels)
    ]
    for child in children:
        child.start()
    try:
        # Batch n comes from worker n % workers: taking them in turn keeps file order.
        for child, channel in itertools.cycle(zip(children, channels, strict=True)):
            kind, payload = _receive(child, channel)
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
        for child in children:
            child.terminate()
        for child in children:
            child.join()


def _receive(child, channel):
    """The child's next message; fails when the child stopped without sending one."""
    while True:
        # Checked before waiting: whatever a stopped child sent is in the pipe by then.
        alive = child.is_alive()
        try:
            return channel.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not alive:
                raise RuntimeError("the planning process stopped unexpectedly") from None


def _plan(rows, planner, batch_size, share=(0, 1)):
    """The planned batches of ``share`` = ``(worker, workers)``: batches worker,
    worker + workers... of ``rows``; the rows of the other batches are only read."""
    worker, workers = share
    rows = iter(rows)
    _skip(rows, worker * batch_size)
    while batch := list(itertools.islice(rows, batch_size)):
        yield [planner.plan(row) for row in batch]
        _skip(rows, (workers - 1) * batch_size)


def _skip(rows, count):
    next(itertools.islice(rows, count, count), None)


def _child_main(open_rows, planner, batch_size, share, channel, parent_pid):
    # The garbage collector then leaves alone the objects inherited from the parent
    # (the whole Odoo registry): less work per collection, and their memory pages
    # stay shared with the parent instead of being copied.
    gc.freeze()

    def send(item):
        while True:
            try:
                channel.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                if os.getppid() != parent_pid:  # the parent died: nobody reads
                    os._exit(0)

    try:
        for plans in _plan(open_rows(), planner, batch_size, share):
            send(("plans", plans))
        send(("end", None))
    except ClientImportError as error:
        send(("error", (error.message, error.params)))
    except Exception as error:  # reported by the parent, which fails the job
        send(("crash", repr(error)))
