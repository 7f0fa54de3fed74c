"""Who runs what, with real processes: one import per company at a time, and a
queue runner that never takes over a live import (see ``process_common``)."""

import base64
import json
import logging
import signal
import time

from odoo.tests import TransactionCase, tagged

from .common import csv_bytes
from .process_common import (
    HEADER,
    QUEUE_RUNNER,
    TALLY_QUERY,
    Worker,
    company_turn_held,
    job_named,
    odoo_command,
    query,
    run_shell,
    set_batch_size,
    wait_for,
    write_csv,
)

_logger = logging.getLogger(__name__)

# Jobs started as the screens start them, then one pass of the queue runner.
START_AND_RUN_QUEUE = """
import base64, json
admin = env.ref("base.user_admin")
other = env["res.company"].create({{"name": "Workers Other Firm"}})
admin.company_ids |= other
Job = env["crm.client.import.job"].with_user(admin)
same = Job.create_from_file(base64.b64decode({same!r}), "workers_same.csv")
elsewhere = Job.with_company(other).create_from_file(
    base64.b64decode({elsewhere!r}), "workers_elsewhere.csv"
)
for job in same | elsewhere:
    job._prepare_start()
env.cr.commit()
Job._cron_run_queue()
env.cr.commit()
print("JOBS", json.dumps({{"same": same.id, "elsewhere": elsewhere.id}}))
"""


@tagged("post_install", "-at_install")
class TestWorkers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_id = cls.env.ref("base.main_company").id

    def tally(self, job_id):
        return query(TALLY_QUERY, [job_id])[0][:3]

    def test_two_imports_of_one_company_started_together_run_one_after_the_other(self):
        set_batch_size(self, 20)
        names = ["workers_together_a.csv", "workers_together_b.csv"]
        paths = [
            write_csv(self, [[f"Together {tag} {n}", f"T{n}", tag, ""] for n in range(200)], name)
            for tag, name in zip("AB", names, strict=True)
        ]
        # Both start behind the same gate, then race for the company's turn.
        with company_turn_held(self.company_id):
            workers = [Worker(odoo_command("client-import", path, "--json")) for path in paths]
            jobs = [wait_for(lambda name=name: job_named(name), what=name) for name in names]
            self.assertEqual([job[1] for job in jobs], ["queued", "queued"])
        for worker in workers:
            code, output = worker.wait()
            self.assertEqual(code, 0, output)
        spans = []
        for job_id, _state, _done in jobs:
            self.assertEqual(self.tally(job_id), ("done", 200, 200))
            spans.append(
                query(
                    "SELECT min(create_date), max(create_date) FROM crm_client_import_record "
                    "WHERE job_id = %s",
                    [job_id],
                )[0]
            )
        first, second = sorted(spans)
        self.assertLess(first[1], second[0], "the second import wrote while the first ran")

    def test_the_queue_runner_leaves_a_live_import_alone_and_runs_the_others(self):
        set_batch_size(self, 20)
        rows = [[f"Live Import {n}", f"L{n}", "Live", ""] for n in range(300)]
        live = Worker(odoo_command("client-import", write_csv(self, rows, "workers_live.csv")))
        live_id, *_rest = wait_for(
            lambda: (job := job_named("workers_live.csv")) and job[2] >= 40 and job,
            what="the live import's first batches",
        )
        # Frozen mid-import: alive, holding its turn and its open transaction.
        live.signal_group(signal.SIGSTOP)
        try:
            frozen_at = job_named("workers_live.csv")
            started = time.monotonic()
            output = run_shell(
                START_AND_RUN_QUEUE.format(
                    same=encoded([["Waiting Turn BV", "W", "T", ""]]),
                    elsewhere=encoded([["Other Firm BV", "O", "F", ""]]),
                )
            ).stdout
            _logger.info("queue runner beside a live import: %.1f s", time.monotonic() - started)
            self.assertEqual(job_named("workers_live.csv"), frozen_at, "the live import untouched")
        finally:
            live.signal_group(signal.SIGCONT)
        jobs = json.loads(output.split("JOBS")[1])
        self.assertEqual(self.tally(jobs["elsewhere"]), ("done", 1, 1), "another company's ran")
        self.assertEqual(self.tally(jobs["same"])[0], "queued", "its company's import runs")
        code, text = live.wait()
        self.assertEqual(code, 0, text)
        self.assertEqual(self.tally(live_id), ("done", 300, 300))
        # Its company's import over, the waiting one runs on the runner's next pass.
        run_shell(QUEUE_RUNNER)
        self.assertEqual(self.tally(jobs["same"]), ("done", 1, 1))


def encoded(rows):
    return base64.b64encode(csv_bytes(HEADER, rows)).decode()
