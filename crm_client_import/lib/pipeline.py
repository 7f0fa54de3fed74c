"""Plan the next batches while the current one is written or reviewed.

Reading and cleaning cells is pure Python and costs about as much as writing
the partners. On a machine with several cores, forked child processes read and
plan batches while the parent writes to the database, so the two overlap. With
several workers, worker k plans batches k, k + W, k + 2W... (it reads past the
rows of the other workers' batches without planning them) and the parent takes
the batches in file order, so callers see the same sequence whatever the number
of workers.

Each child sends its batches through a pipe of its own, one batch ahead of the
parent. The children never touch the database and die with their parent:

* right after the fork a child closes every socket and pipe it inherited but its
  own pipe's writing end: it holds none of the parent's database connections
  (which would keep a dead parent's session and its locks alive) and no reading
  end of any pipe, so writing to a parent that died fails at once;
* it checks that its parent is alive before each batch it plans;
* it always leaves with ``os._exit``: nothing is flushed or cleaned up on the way
  out, so nothing can block it there;
* it ignores Ctrl-C, which the terminal sends to the whole process group: the
  parent decides what an interruption means, and stops its children itself.
"""

import gc
import itertools
import multiprocessing
import os
import signal
import stat

from .errors import ClientImportError

POLL_SECONDS = 1.0
FD_DIRECTORIES = ("/proc/self/fd", "/dev/fd")


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
    pipes = [context.Pipe(duplex=False) for _worker in range(workers)]  # (reader, writer)
    children = [
        context.Process(
            target=_child_main,
            args=(open_rows, planner, batch_size, (worker, workers), writer, os.getpid()),
            daemon=True,
        )
        for worker, (_reader, writer) in enumerate(pipes)
    ]
    started = []
    try:
        for child in children:
            child.start()
            started.append(child)
        # Only the children write: once a child is gone, reading its pipe ends.
        for _reader, writer in pipes:
            writer.close()
        # Batch n comes from worker n % workers: taking them in turn keeps file order.
        for child, (reader, _writer) in itertools.cycle(zip(children, pipes, strict=True)):
            kind, payload = _receive(child, reader)
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
        for child in started:
            child.terminate()
        for child in started:
            child.join()
        for reader, writer in pipes:
            reader.close()
            writer.close()


def _receive(child, reader):
    """The child's next message; fails when the child stopped without sending one."""
    while not reader.poll(POLL_SECONDS):
        # Checked again after the child is seen gone: what it sent is in the pipe by then.
        if not child.is_alive() and not reader.poll(0):
            break
    else:
        try:
            return _unpickled(reader.recv)
        except EOFError:
            pass
    raise RuntimeError("the planning process stopped unexpectedly")


def _unpickled(receive):
    """``receive()`` with the garbage collector paused: a batch unpickles into many
    objects at once, all of them kept, and each collection they would trigger walks
    the parent's heap, which grows with the file (a 20k-row review spent 7 s there)."""
    if not gc.isenabled():
        return receive()
    gc.disable()
    try:
        return receive()
    finally:
        gc.enable()


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
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is not ours
        _close_inherited_links(keep=channel.fileno())
        # The garbage collector then leaves alone the objects inherited from the parent
        # (the whole Odoo registry): less work per collection, and their memory pages
        # stay shared with the parent instead of being copied.
        gc.freeze()
        for message in _messages(open_rows, planner, batch_size, share, parent_pid):
            channel.send(message)  # BrokenPipeError once the parent is gone
    finally:
        os._exit(0)


def _messages(open_rows, planner, batch_size, share, parent_pid):
    """What a child sends: its planned batches then "end", or the error that stopped
    it; nothing more once its parent is dead."""
    try:
        for plans in _plan(open_rows(), planner, batch_size, share):
            if os.getppid() != parent_pid:
                return
            yield ("plans", plans)
        yield ("end", None)
    except ClientImportError as error:
        yield ("error", (error.message, error.params))
    except Exception as error:  # reported by the parent, which fails the job
        yield ("crash", repr(error))


def _close_inherited_links(keep):
    """Close the sockets and pipes this process inherited, except ``keep`` and the
    standard streams. Only the descriptors are closed: the parent's connections
    stay open on its side, and no goodbye is sent on them."""
    for fd in _open_fds():
        if fd <= 2 or fd == keep:
            continue
        try:
            mode = os.fstat(fd).st_mode
        except OSError:  # the directory listing's own descriptor, already closed
            continue
        if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
            os.close(fd)


def _open_fds():
    for directory in FD_DIRECTORIES:
        if os.path.isdir(directory):
            return [int(name) for name in os.listdir(directory)]
    return range(3, os.sysconf("SC_OPEN_MAX"))
