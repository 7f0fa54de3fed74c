"""A client import run by the job queue (OCA ``queue_job``), in parallel parts.

An import started in the background becomes a graph of queue jobs:

1. ``_queue_start`` reads the file once (the quick identity pass) and groups its
   rows into independent parts, whole identity clusters each (``lib.chunks``):
   rows that could touch one partner, through the file or through a partner of
   the database, are in one part. It makes the records the parts share (tags,
   legal forms, banks), then queues one job per part and a last one after them.
2. ``_queue_run_part`` imports a part in batches, as the cron runner imports a
   file: the same planner, file identity, lookups and writes (``_apply_batch``).
   Each batch is committed with the part's own resume point and counters, so a
   worker killed at any moment loses its batch only: queue_job requeues the part,
   which goes on from there.
3. ``_queue_end`` adds up the parts' counters and ends the import with the same
   ``_finish`` and ``_run_followups`` as every other worker: tally, portal step,
   files, notifications.

Who works when is decided by PostgreSQL's advisory locks, as for the other
workers (``import_run``): a queue job holds its import's lock and its company's
lock in *shared* mode, so that the parts of one import run side by side while the
command line and the cron runner, which take them exclusively, wait; a job whose
company another import is writing into is postponed. A queue job works for
``TIME_BUDGET`` seconds at most, then lets the queue run it again: long parts
stay within Odoo's limits on a request.
"""

import contextlib
import math
import time

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL

from odoo.addons.crm_client_import.lib.chunks import (
    RowClusters,
    chunking_mapping,
    partner_keys,
    row_keys,
    split_rows,
)
from odoo.addons.crm_client_import.lib.identity import Resolver
from odoo.addons.crm_client_import.lib.pipeline import planned_batches
from odoo.addons.crm_client_import.models.import_batch import planning_workers
from odoo.addons.crm_client_import.models.import_candidates import CandidateFinder
from odoo.addons.crm_client_import.models.import_run import COMPANY_LOCK, JOB_LOCK, testing
from odoo.addons.crm_client_import.models.import_writer import SIDE_OF_ROLE, PartnerWriter
from odoo.addons.queue_job.delay import group
from odoo.addons.queue_job.exception import RetryableJobError

# Taken for a moment while a queue job takes its locks: see _queue_turn.
COMPANY_GATE = 7_402_117
# Seconds a queue job works before the queue runs it again, where it stopped: below
# Odoo's default limits on a request (limit_time_cpu 60, limit_time_real 120).
TIME_BUDGET = 40
# Seconds a queue job waits when another import writes into its company.
WAIT_SECONDS = 10
# Rows of a part, unless crm_client_import.chunk_size says otherwise: enough parts for a
# few workers to share the file evenly, few enough that each costs little to start.
CHUNKS_PER_IMPORT = 8
MAX_CHUNK_ROWS = 5000


class ClientImportJobQueue(models.Model):
    _inherit = "crm.client.import.job"

    queue_chunked = fields.Boolean(
        string="Run by the job queue",
        readonly=True,
        copy=False,
        help="The import was split into parts that the job queue runs side by side.",
    )
    rows_done = fields.Integer(compute="_compute_progress", string="Rows done")

    @api.depends("rows_total", "next_row_index", "queue_chunked")
    def _compute_progress(self):
        super()._compute_progress()
        for job in self:
            job.rows_done = job.next_row_index
            if job.queue_chunked and job.state in ("queued", "running"):
                job.rows_done = sum(job._parts().mapped("next_position"))
                job.progress = 100.0 * job.rows_done / job.rows_total if job.rows_total else 0.0

    def _parts(self):
        return self.env["crm.client.import.chunk"].sudo().search([("job_id", "=", self.id)])

    # ------------------------------------------------------------------
    # Hooks of the import
    # ------------------------------------------------------------------

    def _start_in_background(self):
        description = self.env._("Client import %(job)s: split into parts", job=self.name)
        self.with_delay(description=description)._queue_start()

    @api.model
    def _pending_domain(self):
        # An import split into parts is the job queue's: the cron runner leaves it alone.
        return expression.AND(
            [
                super()._pending_domain(),
                ["|", ("queue_chunked", "=", False), ("state", "not in", ("queued", "running"))],
            ]
        )

    def run_now(self, on_batch=None, stop=None):
        if self.queue_chunked and self.state in ("queued", "running"):
            raise UserError(
                self.env._(
                    "The import “%(job)s” runs in the job queue: follow it on its form.",
                    job=self.name,
                )
            )
        return super().run_now(on_batch=on_batch, stop=stop)

    def _gather_counts(self):
        super()._gather_counts()
        if not self.queue_chunked:
            return
        parts = self._parts()
        totals = {}
        for part in parts:
            for name, count in (part.counts or {}).items():
                totals[name] = totals.get(name, 0) + count
        self.write({**totals, "next_row_index": sum(parts.mapped("next_position"))})

    # ------------------------------------------------------------------
    # The queue jobs
    # ------------------------------------------------------------------

    def _queue_start(self):
        """Split the import into parts, then queue a job per part and one after them.
        Nothing to do for an import the cron runner or the command line began: it
        goes on in file order, there."""
        with self._queue_turn():
            self._lock_job_row()
            if self.state not in ("queued", "running") or self.queue_chunked or self.next_row_index:
                return
            try:
                parts = self._plan_parts()
            except Exception as error:
                self._fail_with(error)
                return
            self.write({"queue_chunked": True, "state": "running"})
            ends = self.delayable(
                description=self.env._("Client import %(job)s: end", job=self.name)
            )._queue_end()
            jobs = [
                self.delayable(
                    description=self.env._(
                        "Client import %(job)s: part %(part)s of %(parts)s, from row %(row)s",
                        job=self.name,
                        part=part.sequence,
                        parts=len(parts),
                        row=part.first_row,
                    )
                )._queue_run_part(part.id)
                for part in parts
            ]
            (group(*jobs).on_done(ends) if jobs else ends).delay()
            self._commit()

    def _queue_run_part(self, part_id):
        """Import one part in batches, from its resume point."""
        part = self.env["crm.client.import.chunk"].sudo().browse(part_id)
        with self._queue_turn():
            try:
                self._run_part(part, time.monotonic() + TIME_BUDGET)
            except RetryableJobError:
                raise
            except OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    self._fail_with(error)
                    return
                # Another transaction wrote what this batch read: the batch runs again.
                raise RetryableJobError(str(error), seconds=WAIT_SECONDS) from error
            except Exception as error:
                self._fail_with(error)

    def _queue_end(self):
        """After every part: the end of the import, as every worker ends one, then
        what it leaves for later (portal logins)."""
        with self._queue_turn():
            self._lock_job_row()
            if self.state in ("queued", "running"):
                try:
                    self._finish(self._parts_outcome())
                except Exception as error:
                    self._fail_with(error)
                    return
                self._commit()
            elif self.state == "failed":
                self._gather_counts()  # the other parts ended their batches meanwhile
            self._run_followups(deadline=time.monotonic() + TIME_BUDGET)
            self._commit()
            if self._has_work():
                raise RetryableJobError(self._goes_on(), seconds=1, ignore_retry=True)

    def _queue_part_failed(self, exc_info=None, exc_name=None, exc_message=None):
        """A queue job of the import failed for good (queue_job calls this): the
        import fails with its reason."""
        if self.state in ("queued", "running"):
            self._fail(self.env._("A part of the import failed: %(error)s", error=exc_message))

    def _parts_outcome(self):
        """How the import ends once its parts' jobs are over: done when every part is."""
        if self.cancel_requested:
            return "cancelled"
        unfinished = self._parts().filtered(lambda part: not part.done)
        if unfinished:
            raise UserError(
                self.env._(
                    "Part %(part)s of the import stopped before its end.",
                    part=unfinished[0].sequence,
                )
            )
        return "done"

    def _goes_on(self):
        return self.env._("The import goes on where this run stopped.")

    # ------------------------------------------------------------------
    # Splitting into parts
    # ------------------------------------------------------------------

    def _plan_parts(self):
        """Group the rows into parts that share no partner and store each part's rows;
        make the records the parts share. Returns the parts, in file order."""
        file_identity = self._file_identity()
        planner = self._planner(narrow=chunking_mapping)
        writer = PartnerWriter(self.env, planner.targets)
        finder = CandidateFinder(self)
        options = self._resolve_options()
        clusters = RowClusters()
        shared = SharedRecords(writer)
        index = 0
        batches = self._planned_batches(planner, start=0, workers=planning_workers())
        with contextlib.closing(batches):
            for batch in batches:
                for plan in batch:
                    clusters.add_row(index, row_keys(plan))
                    shared.add(plan)
                    index += 1
                # The partners of the database these rows may be: rows that may find
                # one go together.
                resolver = Resolver(options, file_identity)
                finder.add_candidates(resolver, batch)
                for entity in resolver.entities.values():
                    clusters.join(partner_keys(entity))
        shared.create()
        Part = self.env["crm.client.import.chunk"].sudo()
        parts = Part
        for number, rows in split_rows(self._rows(), clusters.chunks(self._chunk_size())):
            parts |= Part.create(
                {
                    "job_id": self.id,
                    "sequence": number + 1,
                    "first_row": rows[0].number,
                    "row_count": len(rows),
                    "rows": [[row.number, row.cells] for row in rows],
                    "counts": {},
                }
            )
        return parts

    def _chunk_size(self):
        size = self.env["ir.config_parameter"].sudo().get_param("crm_client_import.chunk_size")
        if size:
            return int(size)
        rows = math.ceil((self.rows_total or 0) / CHUNKS_PER_IMPORT)
        return min(max(rows, self._batch_size()), MAX_CHUNK_ROWS)

    # ------------------------------------------------------------------
    # A part's batches
    # ------------------------------------------------------------------

    def _run_part(self, part, deadline):
        if part.done:
            return
        planner, writer, excluded, file_identity = self._batch_context()
        rows = part._rows_from(part.next_position)
        batch_size = self._batch_size()
        batches = planned_batches(
            lambda: iter(rows), planner, batch_size, in_child=len(rows) > batch_size
        )
        with contextlib.closing(batches):
            while True:
                # A new transaction: what a screen or another part wrote is seen.
                self.invalidate_recordset(["state", "cancel_requested"])
                if self.state != "running" or self.cancel_requested:
                    return  # the end job says how the import ended
                plans = next(batches, None)
                if plans is None:
                    part._finish()
                    self._commit()
                    return
                part._add_counts(self._apply_batch(plans, writer, excluded, file_identity))
                self._commit_batch()
                if time.monotonic() > deadline:
                    raise RetryableJobError(self._goes_on(), seconds=1, ignore_retry=True)

    # ------------------------------------------------------------------
    # Locks
    # ------------------------------------------------------------------

    @contextlib.contextmanager
    def _queue_turn(self):
        """Hold the import's and its company's advisory locks in shared mode while a
        queue job works on the import. The parts of one import share them; the
        command line and the cron runner take them exclusively, so they wait for the
        parts, and the parts wait for them. Another import of the company holds its
        own import lock: while it does, this job is postponed. The company's gate
        makes "look at the other imports, then take the locks" one step."""
        company = self.company_id.id
        self.env.execute_query(SQL("SELECT pg_advisory_lock(%s, %s)", COMPANY_GATE, company))
        try:
            taken = self._try_shared_lock(COMPANY_LOCK, company)
            if taken and (self._company_busy() or not self._try_shared_lock(JOB_LOCK, self.id)):
                self._shared_unlock(COMPANY_LOCK, company)
                taken = False
        finally:
            self.env.execute_query(SQL("SELECT pg_advisory_unlock(%s, %s)", COMPANY_GATE, company))
        if not taken:
            raise RetryableJobError(
                self.env._("Another import of the company is running: this one waits."),
                seconds=WAIT_SECONDS,
                ignore_retry=True,
            )
        try:
            # A snapshot taken after the locks: it holds all the previous holder did.
            self._commit()
            self.invalidate_recordset()
            yield
        except BaseException:
            # The locks are released in a transaction that works (they outlive it).
            if not testing():
                self.env.cr.rollback()
            raise
        finally:
            self._shared_unlock(JOB_LOCK, self.id)
            self._shared_unlock(COMPANY_LOCK, company)

    def _try_shared_lock(self, key, object_id):
        [(taken,)] = self.env.execute_query(
            SQL("SELECT pg_try_advisory_lock_shared(%s, %s)", key, object_id)
        )
        return taken

    def _shared_unlock(self, key, object_id):
        self.env.execute_query(SQL("SELECT pg_advisory_unlock_shared(%s, %s)", key, object_id))

    def _company_busy(self):
        """Whether a live worker holds the lock of another import of this company."""
        return bool(
            self.env.execute_query(
                SQL(
                    """SELECT 1 FROM pg_locks l
                         JOIN crm_client_import_job j ON j.id = l.objid::bigint
                        WHERE l.locktype = 'advisory' AND l.classid = %s AND l.objsubid = 2
                          AND l.granted AND j.id != %s AND j.company_id = %s
                        LIMIT 1""",
                    JOB_LOCK,
                    self.id,
                    self.company_id.id,
                )
            )
        )


class SharedRecords:
    """Tags, legal forms and banks the file names: made once, before the parts run
    side by side (two parts making one would make it twice)."""

    def __init__(self, writer):
        self.writer = writer
        self.tags = set()
        self.titles = {}  # name -> planned values naming it
        self.bics = set()

    def add(self, plan):
        sides = [("account", plan.account)] if plan.account else []
        sides += [
            (SIDE_OF_ROLE.get(person.role, "contact"), person.values) for person in plan.people
        ]
        for side, planned in sides:
            values = self.writer.values(side, planned)
            self.tags.update(values.tag_names)
            if title := values.vals.get("title"):
                self.titles.setdefault(title, values)
            if bic := values.bank.get("bic"):
                self.bics.add(bic)

    def create(self):
        self.writer.resolve_tags(sorted(self.tags))
        self.writer.resolve_titles(list(self.titles.values()))
        for bic in sorted(self.bics):
            self.writer.resolve_bank(bic)
