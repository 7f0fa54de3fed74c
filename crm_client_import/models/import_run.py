"""Running an import: batches, matching, writing, resume, cancel, results and undo.

Each batch is one transaction that also moves the job's resume point
(``next_row_index``) and writes its record log and skipped rows. Outside tests
it is committed, so a process killed at any moment loses at most the batch in
progress, which a restart does again from its first row: no row is lost and none
is imported twice.
"""

import contextlib
import itertools
import logging
import time
import traceback

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.modules import module
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
            self._run()
        else:
            self.env.ref("crm_client_import.ir_cron_run_client_imports").sudo()._trigger()
        return True

    def run_now(self, on_batch=None):
        """Start the import and run all of it in this process (command line, scripts).

        ``on_batch(job)`` is called after each committed batch, e.g. to show progress.
        Returns the job's final state."""
        self._prepare_start()
        if not self._take_turn():
            raise UserError(
                self.env._("Another import of this company is running: try again when it ends.")
            )
        self._run(on_batch=on_batch)
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
        """Cancel: a queued import at once, a running one after its current batch."""
        self._check_import_rights()
        for job in self:
            job._check_state("draft", "ready", "queued", "running")
            if job.state == "running":
                job.cancel_requested = True
            else:
                job.state = "cancelled"
        return True

    @api.model
    def _cron_run_queue(self):
        """Run queued imports, and resume those a dead worker left running."""
        deadline = time.monotonic() + CRON_TIME_BUDGET
        for job in self.search([("state", "in", ("queued", "running"))], order="id"):
            if time.monotonic() > deadline:
                break
            if job._take_turn():
                job.with_user(job.user_id).with_company(job.company_id)._run(deadline)
        remaining = self.search_count([("state", "in", ("queued", "running"))])
        self.env["ir.cron"]._notify_progress(done=0, remaining=remaining)

    def _take_turn(self):
        """Whether this job may run now: one job of a company at a time."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, %s)", 7_402_118, self.company_id.id)
        )
        others = self.search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "running"),
                ("id", "!=", self.id),
            ]
        )
        if others:
            return False
        self.state = "running"
        return True

    # ------------------------------------------------------------------
    # The batch loop
    # ------------------------------------------------------------------

    def _batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_client_import.batch_size", DEFAULT_BATCH_SIZE)
        )

    def _run(self, deadline=None, on_batch=None):
        """Process batches from the resume point until done, cancelled or out of time."""
        self.ensure_one()
        try:
            planner = self._planner()
            mapped_keys = planner.mapping.headers_by_target()
            writer = PartnerWriter(self.env, planner.targets, mapped_keys)
            excluded = set(self.excluded_rows or [])
            with contextlib.closing(self._planned_batches(planner)) as batches:
                while True:
                    if not self._lock_for_batch():
                        return  # another worker has this job
                    if self.cancel_requested:
                        self._finish("cancelled")
                        return
                    plans = next(batches, None)
                    if plans is None:
                        self._finish("done")
                        return
                    self._apply_batch(plans, writer, excluded)
                    self._commit_batch()
                    if on_batch:
                        on_batch(self)
                    if deadline and time.monotonic() > deadline:
                        return
        except UserError as error:
            self._fail(str(error))
        except ClientImportError as error:
            self._fail(self._user_error(error).args[0])
        except Exception as error:
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
        """Lock the job row for this batch's transaction; False when another worker has it
        or has moved it on."""
        expected = self.next_row_index
        self.flush_recordset()
        rows = self.env.execute_query(
            SQL(
                "SELECT COALESCE(next_row_index, 0), state FROM crm_client_import_job "
                "WHERE id = %s FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        self.invalidate_recordset(["next_row_index", "cancel_requested", "state"])
        return bool(rows) and rows[0] == (expected, "running")

    def _commit_batch(self):
        if module.current_test:
            self.env.flush_all()
            return
        self.env.cr.commit()
        # Memory must not grow with the rows: forget the records of finished batches.
        self.env.invalidate_all()
        done = self.next_row_index
        self.env["ir.cron"]._notify_progress(done=done, remaining=self.rows_total - done)
        self._notify_progress_bus()

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
        if module.current_test:
            # A test may not roll its transaction back: the failed batch's writes stay.
            self.env.invalidate_all()
        else:
            self.env.cr.rollback()
        self.write(
            {
                "state": "failed",
                "error_message": mask_text(message),
                "finished_at": fields.Datetime.now(),
            }
        )
        self._notify_end()
        if not module.current_test:
            self.env.cr.commit()

    def _finish(self, state):
        self.write({"state": state, "finished_at": fields.Datetime.now()})
        if state == "done":
            self._check_tally()
            self._on_import_done()
        self._build_skipped_file()
        self._notify_end()

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
