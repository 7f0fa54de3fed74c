"""An import run by the job queue, its jobs trapped and run by queue_job's test helpers."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_client_import.models.import_batch import BatchWriter
from odoo.addons.crm_client_import.tests.common import ClientImportJobMixin, csv_bytes
from odoo.addons.crm_client_import.tests.process_common import company_turn_held
from odoo.addons.crm_client_import.tests.test_warnings import (
    BELGIAN_FIRM,
    WARNED_ROWS,
    read_fixture,
    report_files,
)
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

HEADER = ["Account name", "First name", "Last name", "Email", "VAT number"]


def client_rows(accounts=12):
    """Accounts of two people each; Piet Peeters sits on every third account, one
    address is shared by a household, and a few rows are broken."""
    rows = []
    for n in range(accounts):
        rows.append([f"Queue Account {n}", f"Person{n}", "Queue", f"p{n}@queue.example", ""])
        if n % 3 == 0:
            rows.append([f"Queue Account {n}", "Piet", "Peeters", "piet@queue.example", ""])
        else:
            rows.append([f"Queue Account {n}", f"Other{n}", "Queue", "", ""])
    rows.append(["Queue Account 1", "Els", "Queue", "p1@queue.example", ""])  # a household
    rows.append(["", "", "", "", ""])  # an empty line
    rows.append(["", "", "", "nobody@queue.example", ""])  # no name: skipped
    return rows


@tagged("post_install", "-at_install")
class TestQueueImport(ClientImportJobMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The jobs commit batch by batch (allow_commit): they run in a cursor of their
        # own, which must see this test's transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env.company.country_id = cls.env.ref("base.be")
        parameters = cls.env["ir.config_parameter"]
        parameters.set_param("crm_client_import.sync_row_limit", "0")  # all in the background
        parameters.set_param("crm_client_import.batch_size", "3")
        parameters.set_param("crm_client_import.chunk_size", "4")
        cls.Job = cls.env["crm.client.import.job"]

    def start(self, rows, trap, data=None, **settings):
        """A started import of ``rows`` (or of the file ``data``) and its first queue
        job, run: the parts are queued."""
        job = self.Job.create_from_file(data or csv_bytes(HEADER, rows), "queue.csv", **settings)
        job.action_start()
        self.assertEqual(job.state, "queued")
        trap.assert_jobs_count(1, only=job._queue_start)
        self.perform(trap.perform_enqueued_jobs)
        return job

    def perform(self, run):
        """Run queue jobs as a worker would: they see what was written before (the
        jobs have a cursor of their own), and this test sees what they wrote."""
        self.env.flush_all()
        run()
        self.env.invalidate_all()

    def run_all(self, trap):
        """Run what the queue holds, and what those jobs queue, until it is empty."""
        while trap.enqueued_jobs:
            self.perform(trap.perform_enqueued_jobs)

    def parts(self, job):
        return self.env["crm.client.import.chunk"].search([("job_id", "=", job.id)])

    def trapped(self, trap, method):
        return [queued for queued in trap.enqueued_jobs if queued.func.__name__ == method]

    # --- splitting ---------------------------------------------------------------------

    def test_parts_hold_whole_clusters_and_share_no_partner(self):
        with trap_jobs() as trap:
            job = self.start(client_rows(), trap)
            parts = self.parts(job)
            self.assertGreater(len(parts), 3)
            self.assertTrue(job.queue_chunked)
            numbers = [number for part in parts for number, _cells in part.rows]
            self.assertEqual(sorted(numbers), list(range(2, 2 + job.rows_total)), "each row once")
            part_of = {number: part.sequence for part in parts for number, _cells in part.rows}
            cells = {number: cells for part in parts for number, cells in part.rows}
            piet = {part_of[number] for number in cells if cells[number][1] == "Piet"}
            self.assertEqual(len(piet), 1, "Piet's accounts are in one part")
            self.run_all(trap)
        self.assertTally(job)
        writers = {}  # partner -> parts whose rows made, updated or linked it
        for row in job.row_ids.filtered("partner_id"):
            writers.setdefault(row.partner_id, set()).add(part_of[row.row_number])
        self.assertTrue(all(len(parts_) == 1 for parts_ in writers.values()), writers)
        self.assertEqual(len(self.partners(email="piet@queue.example")), 1)
        self.assertFalse(any(part.rows for part in parts), "no copy of the rows is kept")

    def test_the_end_runs_after_every_part(self):
        with trap_jobs() as trap:
            job = self.start(client_rows(), trap)
            part_jobs = self.trapped(trap, "_queue_run_part")
            [end] = self.trapped(trap, "_queue_end")
            self.assertEqual(len(part_jobs), len(self.parts(job)))
            self.assertEqual(set(end.depends_on), set(part_jobs))
            trap.assert_enqueued_job(job._queue_run_part, args=(self.parts(job)[0].id,))
            for part_job in part_jobs[:-1]:
                self.perform(part_job.perform)
            self.assertEqual(job.state, "running")
            self.assertEqual(job.rows_read, 0, "the counters wait for the end")
            done = sum(self.parts(job).mapped("next_position"))
            self.assertEqual(job.rows_done, done)
            self.assertAlmostEqual(job.progress, 100.0 * done / job.rows_total)
            self.run_all(trap)
        self.assertTally(job)
        self.assertEqual(job.rows_read, job.rows_total)

    def test_the_parts_decide_every_row_as_one_worker_does(self):
        # "Create new" matches only what each import made: two imports of one file
        # decide alike, whoever runs them.
        with trap_jobs() as trap:
            queued = self.start(client_rows(), trap, duplicate_policy="create")
            self.run_all(trap)
        alone = self.Job.create_from_file(csv_bytes(HEADER, client_rows()), "alone.csv")
        alone.duplicate_policy = "create"
        alone._prepare_start()
        self.Job._cron_run_queue()
        self.assertFalse(alone.queue_chunked)
        for job in (queued, alone):
            self.assertTally(job)

        def decisions(job):
            return [(r.row_number, r.outcome, r.reason, r.warnings) for r in job.row_ids]

        self.assertEqual(decisions(queued), decisions(alone))
        counters = ["rows_created", "rows_updated", "rows_linked", "rows_skipped", "rows_empty",
                    "accounts_created", "contacts_created", "links_added"]  # fmt: skip
        self.assertEqual(queued.read(counters)[0] | {"id": 0}, alone.read(counters)[0] | {"id": 0})

    def test_the_parts_carry_the_warnings_and_their_report(self):
        data = read_fixture(BELGIAN_FIRM)
        with trap_jobs() as trap:
            queued = self.start(None, trap, data=data, duplicate_policy="create")
            self.assertGreater(len(self.parts(queued)), 1)
            self.run_all(trap)
        alone = self.Job.create_from_file(data, "queue.csv", duplicate_policy="create")
        alone._prepare_start()
        self.Job._cron_run_queue()
        self.assertFalse(alone.queue_chunked)
        for job in (queued, alone):
            self.assertTally(job)
        warned = [(row.row_number, row.warnings) for row in queued.warning_row_ids]
        self.assertEqual([number for number, _warnings in warned], WARNED_ROWS)
        self.assertEqual(queued.rows_with_warnings, len(WARNED_ROWS))
        self.assertEqual(alone.rows_with_warnings, len(WARNED_ROWS))
        self.assertEqual(warned, [(row.row_number, row.warnings) for row in alone.warning_row_ids])
        self.assertEqual(report_files(queued), report_files(alone))

    # --- failure and cancel ----------------------------------------------------------------

    def test_a_failed_part_fails_the_import_with_its_reason(self):
        write = BatchWriter.write

        def failing_write(writer, kept):
            if any(plan.cells[0] == "Queue Account 5" for plan, _row in kept):
                raise UserError("The partner Queue Account 5 was refused")
            return write(writer, kept)

        with trap_jobs() as trap, patch.object(BatchWriter, "write", failing_write):
            job = self.start(client_rows(), trap)
            self.run_all(trap)
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.error_message, "The partner Queue Account 5 was refused")
        self.assertFalse(self.partners(name="Queue Account 5"))
        unfinished = self.parts(job).filtered(lambda part: not part.done)
        self.assertTrue(unfinished, "the parts after the failure stopped")
        self.assertEqual(job.rows_read, len(job.row_ids), "the counters add up what was done")

    def test_cancel_stops_every_part_after_its_batch(self):
        with trap_jobs() as trap:
            job = self.start(client_rows(), trap)
            [first, *_others] = self.trapped(trap, "_queue_run_part")
            self.perform(first.perform)
            job.action_cancel()
            self.assertEqual((job.state, job.cancel_requested), ("running", True))
            self.run_all(trap)
        self.assertEqual(job.state, "cancelled")
        [done] = self.parts(job).filtered("done")
        self.assertEqual(job.rows_read, done.row_count)
        self.assertEqual(len(job.row_ids), done.row_count, "only the first part's rows")
        imported = self.partners(name="Queue Account 11") | self.partners(name="Queue Account 10")
        self.assertFalse(imported, "the last rows' part never ran")

    # --- who runs what ---------------------------------------------------------------------

    def test_a_part_waits_while_another_worker_holds_the_company(self):
        with trap_jobs() as trap:
            job = self.start(client_rows(), trap)
            [first, *_others] = self.trapped(trap, "_queue_run_part")
            with company_turn_held(job.company_id.id), self.assertRaises(RetryableJobError):
                self.perform(first.perform)
            self.assertFalse(self.parts(job)[0].next_position, "nothing written meanwhile")
            self.run_all(trap)
        self.assertTally(job)

    def test_the_cron_runner_leaves_an_import_in_parts_alone(self):
        with trap_jobs() as trap:
            job = self.start(client_rows(), trap)
            self.Job._cron_run_queue()
            self.assertEqual((job.state, job.rows_read), ("running", 0))
            with self.assertRaisesRegex(UserError, "runs in the job queue"):
                job.run_now()
            self.run_all(trap)
        self.assertTally(job)

    def test_an_import_the_cron_runner_took_first_stays_in_one_piece(self):
        with trap_jobs() as trap:
            job = self.Job.create_from_file(csv_bytes(HEADER, client_rows()), "queue.csv")
            job.action_start()
            self.Job._cron_run_queue()
            self.assertTally(job)
            self.perform(trap.perform_enqueued_jobs)
        self.assertFalse(job.queue_chunked or self.parts(job))

    def test_a_small_import_still_runs_at_once(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", "500")
        with trap_jobs() as trap:
            job = self.run_import(HEADER, client_rows(3))
            trap.assert_jobs_count(0)
        self.assertFalse(job.queue_chunked)
