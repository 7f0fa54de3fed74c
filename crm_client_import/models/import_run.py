"""Running an import: batches, matching, writing, resume, cancel, results and undo.

Each batch is one transaction that also moves the job's resume point
(``next_row_index``) and writes its record log and skipped rows. Outside tests
it is committed, so a process killed at any moment loses at most the batch in
progress, which a restart does again from its first row: no row is lost and none
is imported twice.

Who works on a job is decided by PostgreSQL, not by the job's state. A worker
takes the job's turn (``_take_turn``): two session-level advisory locks, one on the
job and one on its company, held across its transactions until it ends the turn,
and released by PostgreSQL when its process dies. So one import per company runs
at a time, a job whose lock is held is never taken over, and a "running" job is
abandoned exactly when its lock can be taken. Every worker (the screens, the
command line, the queue runner) then ends an import through the same ``_finish``.
"""

import contextlib
import itertools
import logging
import threading
import time
import traceback

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.modules import module
from odoo.osv import expression
from odoo.tools import SQL

from ..lib import readers
from ..lib.errors import ClientImportError
from ..lib.masking import mask_text
from ..lib.pipeline import planned_batches
from .import_writer import PartnerWriter

_logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500
DEFAULT_SYNC_ROW_LIMIT = 500
# A cron call stops after this long and lets the cron call again (it commits between).
CRON_TIME_BUDGET = 60
# Advisory lock keys (class, object id): a worker's turn on a job holds both.
JOB_LOCK = 7_402_119
COMPANY_LOCK = 7_402_118
# How often a command-line import that waits for its company's other import looks again.
TURN_WAIT_SECONDS = 2
# A batch whose job row a screen changed meanwhile starts again this often at most.
LOCK_ATTEMPTS = 5


def testing():
    """Whether this runs inside a test, which must not commit. Mail tests switch
    ``current_test`` off to send for real; the thread flag stays."""
    return module.current_test or getattr(threading.current_thread(), "testing", False)


class ClientImportJobRun(models.Model):
    _inherit = "crm.client.import.job"

    cancel_requested = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Start, cancel, cron
    # ------------------------------------------------------------------

    def action_start(self):
        """Start the import: at once for a small file, in the background otherwise."""
        self._prepare_start()
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_client_import.sync_row_limit", DEFAULT_SYNC_ROW_LIMIT)
        )
        if self.rows_total <= limit and self._take_turn():
            # What the import leaves for later (portal logins) is the queue runner's:
            # the screen waits for the import only.
            self._work_turn(followups=False)
        else:
            self._start_in_background()
        return True

    def _start_in_background(self):
        """Leave the started import to a background worker: the queue runner (a job
        queue addon may take it instead)."""
        self._trigger_queue_runner()

    def run_now(self, on_batch=None, stop=None):
        """Run the whole import in this process (command line, scripts): a draft job
        is started, a job a dead or stopped worker left is resumed. When another
        import of the company runs, this waits for it to end.

        ``on_batch(job)`` is called after each committed batch, e.g. to show progress.
        ``stop()`` is asked before each batch and while waiting: once it returns True,
        the import is cancelled (after the batch in progress). Returns the job's
        final state."""
        self.ensure_one()
        if self.state in ("draft", "ready"):
            self._prepare_start()
        elif self._has_work():
            self._check_import_rights()
        else:
            self._check_state("queued", "running")  # says it is over, and how
        stopped = stop or (lambda: False)
        if not self._take_turn(waiting=stopped):
            if stopped():
                self.action_cancel()
            elif self._has_work():
                raise UserError(
                    self.env._("Another process is running the import “%(job)s”.", job=self.name)
                )
            return self.state
        self._work_turn(on_batch=on_batch, stop=stopped)
        return self.state

    def _prepare_start(self):
        self._check_import_rights()
        self.ensure_one()
        self._check_state("draft", "ready")
        self._check_mapping()
        if self.archive_before != "none":
            self._check_import_rights(manager=True)
            if not self.archive_confirmed:
                raise UserError(
                    self.env._("Confirm that the existing clients are to be archived first.")
                )
        if not self.rows_total:
            self.rows_total = sum(1 for _row in self._rows())
        self.write(
            {
                "state": "queued",
                "started_at": fields.Datetime.now(),
                "cancel_requested": False,
                "error_message": False,
            }
        )
        self.custom_fields_created = self._create_custom_fields()
        if self.archive_before != "none":
            self._archive_before_import()

    def _create_custom_fields(self):
        """New ``x_`` fields of the mapping; the custom-fields module overrides this."""
        return 0

    def action_cancel(self):
        """Cancel: a job no worker holds at once; one a worker holds, or a dead
        worker left running, after its current batch (the end runs as usual)."""
        self._check_import_rights()
        for job in self:
            job._check_state("draft", "ready", "queued", "running")
            # The transaction-level lock keeps workers off the job until this commits.
            if job.state == "running" or (
                job.state == "queued" and not job._try_advisory_lock(JOB_LOCK, job.id, False)
            ):
                job.cancel_requested = True
                self._trigger_queue_runner()
            else:
                job.state = "cancelled"
        return True

    @api.model
    def _cron_run_queue(self):
        """Work on every job with work left that no live worker holds: queued imports,
        imports a dead worker left, what finished imports left. A job whose company
        has an import running elsewhere waits for a later call."""
        deadline = time.monotonic() + CRON_TIME_BUDGET
        for job in self.search(self._pending_domain(), order="id"):
            if time.monotonic() > deadline:
                break
            if job._take_turn():
                # As the importer, as the screens and the command line run it.
                importer = job.user_id
                job = job.with_user(importer).with_company(job.company_id)
                job.with_context(lang=importer.lang)._work_turn(deadline)
        remaining = self.search_count(self._pending_domain())
        self.env["ir.cron"]._notify_progress(done=0, remaining=remaining)

    @api.model
    def _pending_domain(self):
        """Jobs with work left for a worker; extended by the parts that leave work
        after the import (portal)."""
        return [("state", "in", ("queued", "running"))]

    def _has_work(self):
        return bool(self.filtered_domain(self._pending_domain()))

    def _trigger_queue_runner(self):
        self.env.ref("crm_client_import.ir_cron_run_client_imports").sudo()._trigger()

    # ------------------------------------------------------------------
    # A worker's turn on a job
    # ------------------------------------------------------------------

    def _take_turn(self, waiting=None):
        """Whether this worker now holds the job's turn: the job's and its company's
        advisory locks, until ``_work_turn`` ends it.

        False when a live worker holds the job, when the job has no work left, or
        when another import of its company runs; with ``waiting``, a callable, this
        waits for that import instead, as long as ``waiting()`` returns False."""
        self.ensure_one()
        if not self._try_advisory_lock(JOB_LOCK, self.id):
            return False
        told = False
        while not self._try_advisory_lock(COMPANY_LOCK, self.company_id.id):
            if waiting is None or waiting():
                self._advisory_unlock(JOB_LOCK, self.id)
                return False
            if not told:
                _logger.info("Client import %s waits for its company's running import.", self.id)
                told = True
            # The job waits committed: seen as queued, holding no row lock meanwhile.
            self._commit()
            time.sleep(TURN_WAIT_SECONDS)
        # A new snapshot, taken after the locks: it holds all the previous holder did.
        self._commit()
        self.invalidate_recordset()
        if not self._has_work():
            self._release_turn()
            return False
        return True

    def _work_turn(self, deadline=None, on_batch=None, stop=None, followups=True):
        """Work on the job in the turn this worker holds, then end the turn: the
        import's batches and its end, then (``followups``) what the end left for
        the queue runner, such as portal logins."""
        try:
            self._run(deadline=deadline, on_batch=on_batch, stop=stop)
            self._commit()
            if followups and not (deadline and time.monotonic() > deadline):
                self._run_followups(deadline=deadline, stop=stop)
            # Whatever waited for this turn (this job's leftovers, the company's other
            # imports) is the queue runner's next.
            pending = expression.AND(
                [self._pending_domain(), [("company_id", "=", self.company_id.id)]]
            )
            if self.sudo().search_count(pending, limit=1):
                self._trigger_queue_runner()
            self._commit()
        except BaseException:
            if not testing():
                self.env.cr.rollback()
            raise
        finally:
            self._release_turn()

    def _run_followups(self, deadline=None, stop=None):
        """Work an import's end left for the queue runner; done by the worker that
        ended it, except on the screens. Extended by the portal part."""

    def _release_turn(self):
        self._advisory_unlock(COMPANY_LOCK, self.company_id.id)
        self._advisory_unlock(JOB_LOCK, self.id)

    def _try_advisory_lock(self, key, object_id, session=True):
        """Take the advisory lock ``(key, object_id)`` unless a session holds it, this
        one included (PostgreSQL would give it again to the session that holds it).
        A session-level lock lasts until unlocked or the connection ends, a
        transaction-level one until the transaction ends."""
        take = (
            SQL("pg_try_advisory_lock(%s, %s)", key, object_id)
            if session
            else SQL("pg_try_advisory_xact_lock(%s, %s)", key, object_id)
        )
        [(taken,)] = self.env.execute_query(
            SQL(
                """SELECT CASE WHEN EXISTS (
                              SELECT FROM pg_locks
                               WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                                 AND classid = %s AND objid = %s AND objsubid = 2)
                          THEN FALSE ELSE %s END""",
                key,
                object_id,
                take,
            )
        )
        return taken

    def _advisory_unlock(self, key, object_id):
        self.env.execute_query(SQL("SELECT pg_advisory_unlock(%s, %s)", key, object_id))

    def _commit(self):
        if not testing():
            self.env.cr.commit()

    # ------------------------------------------------------------------
    # The batch loop
    # ------------------------------------------------------------------

    def _batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_client_import.batch_size", DEFAULT_BATCH_SIZE)
        )

    def _run(self, deadline=None, on_batch=None, stop=None):
        """Process batches from the resume point until done, cancelled, stopped or out
        of time. The worker holds the job's turn."""
        self.ensure_one()
        if self.state not in ("queued", "running"):
            return  # the import is over: the turn is for what it left
        try:
            planner, writer, excluded, file_identity = self._batch_context()
            with contextlib.closing(self._planned_batches(planner)) as batches:
                while True:
                    self._lock_for_batch()
                    if self.cancel_requested or (stop and stop()):
                        self._finish("cancelled")
                        return
                    plans = next(batches, None)
                    if plans is None:
                        self._finish("done")
                        return
                    self._add_counts(self._apply_batch(plans, writer, excluded, file_identity))
                    self._commit_batch()
                    if on_batch:
                        on_batch(self)
                    if deadline and time.monotonic() > deadline:
                        return
        except Exception as error:
            self._fail_with(error)

    def _batch_context(self):
        """What every batch of the import needs: ``(planner, partner writer, rows left
        out on review, the file's identity)``."""
        planner = self._planner()
        writer = PartnerWriter(self.env, planner.targets, planner.mapping.headers_by_target())
        # Before the batches' planning processes start: it has its own.
        return planner, writer, set(self.excluded_rows or []), self._file_identity()

    def _fail_with(self, error):
        """End the import as failed by ``error``, with a message the importer can read."""
        if isinstance(error, UserError):
            self._fail(str(error))
        elif isinstance(error, ClientImportError):
            self._fail(self._user_error(error).args[0])
        else:
            # The traceback may quote a cell (a national number, an IBAN): masked.
            _logger.error(
                "Client import %s failed:\n%s", self.id, mask_text(traceback.format_exc())
            )
            self._fail(self.env._("Unexpected error: %(error)s", error=repr(error)))

    def _planned_batches(self, planner, start=None, workers=1):
        """The planned batches from ``start`` (default: the resume point); planned in
        ``workers`` child processes, alongside the writing, when more than one batch
        is left."""
        data = self._file_data()
        options = readers.ReaderOptions(**(self.reader_options or {}))
        start = self.next_row_index if start is None else start
        batch_size = self._batch_size()

        def open_rows():
            return itertools.islice(readers.open_sheet(data, options).rows(), start, None)

        # The review runs before the row count is known: then plan alongside too.
        in_child = not self.rows_total or self.rows_total - start > batch_size
        return planned_batches(open_rows, planner, batch_size, in_child=in_child, workers=workers)

    def _lock_for_batch(self):
        """Begin the batch's transaction: lock the job row, read it afresh, and mark a
        queued job running. A screen's write to the row (a cancel) then waits for the
        batch's end instead of failing it."""
        self._lock_job_row()
        if self.state == "queued":
            self.state = "running"

    def _lock_job_row(self):
        self.flush_recordset()
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            try:
                self.env.execute_query(
                    SQL("SELECT id FROM crm_client_import_job WHERE id = %s FOR UPDATE", self.id)
                )
                break
            except SerializationFailure:
                # Written by a screen after this transaction's snapshot: start a new one.
                if testing() or attempt == LOCK_ATTEMPTS:
                    raise
                self.env.cr.rollback()
        self.invalidate_recordset()

    def _commit_batch(self):
        if testing():
            self.env.flush_all()
            return
        done = self.next_row_index
        # Sent with the batch's commit: what they announce is committed.
        self.env["ir.cron"]._notify_progress(done=done, remaining=self.rows_total - done)
        self._notify_progress_bus()
        self.env.cr.commit()
        # Memory must not grow with the rows: forget the records of finished batches.
        self.env.invalidate_all()

    def _notify_progress_bus(self):
        self.user_id._bus_send(
            "crm_client_import/progress",
            {
                "job_id": self.id,
                "state": self.state,
                "progress": self.progress,
                "rows_read": self.rows_read,
                "rows_skipped": self.rows_skipped,
            },
        )

    def _fail(self, message):
        """End the job as failed. The message goes to the chatter, the mail and the
        notification, so national numbers and IBANs in it are masked."""
        if testing():
            # A test may not roll its transaction back: the failed batch's writes stay.
            self.env.invalidate_all()
        else:
            self.env.cr.rollback()
            self._lock_job_row()
        self._gather_counts()
        self.write(
            {
                "state": "failed",
                "error_message": mask_text(message),
                "finished_at": fields.Datetime.now(),
            }
        )
        self._notify_end()
        self._commit()

    def _finish(self, state):
        """The end of an import, the same for every worker: state, tally, what waits
        for the whole import, the skipped-rows file, the notifications."""
        self._gather_counts()
        self.write({"state": state, "finished_at": fields.Datetime.now()})
        if state == "done":
            self._check_tally()
            self._on_import_done()
        self._build_skipped_file()
        self._notify_end()

    def _gather_counts(self):
        """Bring the counters up to date before the import ends; a job queue addon
        adds up those of the import's parts here."""

    def _on_import_done(self):
        """Work that waits for the whole import (portal invitations); extended by modules."""

    def _check_tally(self):
        """Every row read has exactly one outcome in the row log, and the counters are
        the counts of those outcomes: a row that fell through fails the import loudly."""
        rows = self.env.execute_query(
            SQL(
                """SELECT row_number, count(*) FROM crm_client_import_row
                    WHERE job_id = %s GROUP BY row_number HAVING count(*) > 1
                    ORDER BY row_number LIMIT 1""",
                self.id,
            )
        )
        if rows:
            raise UserError(
                self.env._("Row %(row)s of the file has several outcomes.", row=rows[0][0])
            )
        counts = dict(
            self.env.execute_query(
                SQL(
                    "SELECT outcome, count(*) FROM crm_client_import_row "
                    "WHERE job_id = %s GROUP BY outcome",
                    self.id,
                )
            )
        )
        outcomes = ("created", "updated", "linked", "unchanged", "skipped", "empty")
        logged = sum(counts.values())
        mismatch = [name for name in outcomes if counts.get(name, 0) != self[f"rows_{name}"]]
        if logged != self.rows_read or self.rows_read != self.next_row_index or mismatch:
            raise UserError(
                self.env._(
                    "The import does not add up: %(read)s rows read, %(logged)s rows with an "
                    "outcome; counters that differ from the row log: %(names)s.",
                    read=self.rows_read,
                    logged=logged,
                    names=", ".join(mismatch) or "-",
                )
            )
