"""The job queue for real: an Odoo server with two workers and queue_job's runner on
loopback imports a client list in parts; a worker is killed with SIGKILL in the
middle of a part; queue_job requeues the part, which goes on from its resume point.
Checked through fresh connections (see crm_client_import's ``process_common``)."""

import base64
import contextlib
import logging
import os
import signal
import socket
import time
import uuid
from pathlib import Path

import odoo
from odoo.tests import TransactionCase, get_db_name, tagged

from odoo.addons.crm_client_import.tests.common import csv_bytes
from odoo.addons.crm_client_import.tests.process_common import (
    TALLY_QUERY,
    Worker,
    odoo_command,
    query,
    run_shell,
    wait_for,
)

_logger = logging.getLogger(__name__)

HEADER = ["Account name", "First name", "Last name", "Email", "National number"]
ROWS = 3000
# What the screens do: the importer starts a large import, which goes to the queue.
START = """
import base64
env["ir.config_parameter"].set_param("crm_client_import.batch_size", "50")
env["ir.config_parameter"].set_param("crm_client_import.chunk_size", "300")
admin = env.ref("base.user_admin")
job = env["crm.client.import.job"].with_user(admin).create_from_file(
    base64.b64decode({data!r}), "queue_processes.csv",
    portal_login=False, portal_notify=False, portal_email_sync=False,
)
job.action_start()
env.cr.commit()
print("JOB", job.id)
"""
SETTINGS_BACK = """
for key in ("batch_size", "chunk_size"):
    env["ir.config_parameter"].set_param("crm_client_import." + key, False)
env.cr.commit()
"""
# The part each part job runs: its one argument (queue_job keeps the arguments as
# JSON text in a jsonb column).
PART_JOBS = """
    SELECT q.worker_pid, q.state, q.retry, c.id, COALESCE(c.next_position, 0), c.row_count,
           c.done
      FROM queue_job q
      JOIN crm_client_import_chunk c ON c.id = ((q.args #>> '{}')::jsonb ->> 0)::int
     WHERE q.method_name = '_queue_run_part' AND c.job_id = %s"""


def client_rows(run):
    """Accounts of about two people; an adviser sits on every 25th account, every
    tenth person on the next account too: clusters large and small. ``run`` makes
    the names this run's own (the server commits)."""
    rows = []
    for n in range(ROWS):
        account = f"Proc Queue {run} Account {n // 2}"
        if n % 50 == 7:
            rows.append([account, "Ada", "Adviser", f"ada@{run}.proc-queue.example", ""])
        elif n % 10 == 3:
            email = f"p{n - 2}@{run}.proc-queue.example"
            rows.append([account, f"Person{n - 2}", "Proc", email, ""])
        else:
            rows.append([account, f"Person{n}", "Proc", f"p{n}@{run}.proc-queue.example", ""])
    return rows


def free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@tagged("post_install", "-at_install")
class TestQueueProcesses(TransactionCase):
    def start_server(self):
        """Odoo with two HTTP workers and queue_job's runner, on loopback only."""
        port = free_port()
        # odoo-bin, not "python -m odoo": the server starts its websocket process again
        # with its own first argument.
        odoo_bin = Path(odoo.__file__).parent.parent / "odoo-bin"
        self.assertTrue(odoo_bin.exists(), f"the server is started with {odoo_bin}")
        command = odoo_command(
            f"--http-port={port}", f"--gevent-port={free_port()}", "--http-interface=127.0.0.1",
            "--workers=2", "--max-cron-threads=0", "--load=base,web,queue_job",
            f"--db-filter=^{get_db_name()}$", "--log-handler=odoo.addons.queue_job:INFO",
        )  # fmt: skip
        command[1:3] = [str(odoo_bin)]
        env = dict(os.environ, ODOO_QUEUE_JOB_MAX_CAPACITY="2")
        server = Worker(command, env=env)
        self.addCleanup(self.stop_server, server)
        return server

    def stop_server(self, server):
        if server.running():
            server.signal_group(signal.SIGTERM)
        code, output = server.wait(timeout=60)
        _logger.info("queue server exited %s; its log ends:\n%s", code, output[-3000:])

    def test_a_worker_killed_in_the_middle_of_a_part_loses_and_repeats_nothing(self):
        self.addCleanup(run_shell, SETTINGS_BACK)
        run = uuid.uuid4().hex[:8]
        data = base64.b64encode(csv_bytes(HEADER, client_rows(run))).decode()
        job_id = int(run_shell(START.format(data=data)).stdout.split("JOB")[1])
        started = time.monotonic()
        server = self.start_server()

        def part_in_progress():
            for pid, state, _retry, part_id, position, size, _done in query(PART_JOBS, [job_id]):
                if state == "started" and 0 < position < size:
                    return pid, part_id, position, size
            return None

        pid, part_id, position, size = wait_for(
            part_in_progress, timeout=180, what="a part in the middle of its rows"
        )
        self.assertIn(pid, server.group_alive(), "a worker of this server runs the part")
        os.kill(pid, signal.SIGKILL)
        _logger.info("killed worker %s at row %s of %s of part %s", pid, position, size, part_id)
        self.assertLess(position, size)
        wait_for(
            lambda: (
                query("SELECT state FROM crm_client_import_job WHERE id = %s", [job_id])[0][0]
                in ("done", "failed", "cancelled")
            ),
            timeout=300,
            what="the end of the import",
        )
        _logger.info("queue import of %s rows: %.0f s", ROWS, time.monotonic() - started)

        state, read, accounted, accounts = query(TALLY_QUERY, [job_id])[0]
        error = query("SELECT error_message FROM crm_client_import_job WHERE id = %s", [job_id])
        self.assertEqual(state, "done", error)
        self.assertEqual((read, accounted, accounts), (ROWS, ROWS, ROWS // 2))
        numbers = query(
            "SELECT row_number, count(*) FROM crm_client_import_row WHERE job_id = %s "
            "GROUP BY row_number ORDER BY row_number",
            [job_id],
        )
        self.assertEqual(numbers, [(number, 1) for number in range(2, ROWS + 2)], "each row once")
        twice = query(
            """SELECT name, email, count(*) FROM res_partner
                WHERE name LIKE %s OR email LIKE %s
                GROUP BY name, email HAVING count(*) > 1""",
            [f"Proc Queue {run} %", f"%@{run}.proc-queue.example"],
        )
        self.assertEqual(twice, [], "no partner made twice")
        people = query(
            "SELECT count(*) FROM res_partner WHERE email LIKE %s", [f"%@{run}.proc-queue.example"]
        )
        self.assertEqual(people, [(ROWS - ROWS // 10 - ROWS // 50 + 1,)])
        [(part_state, retries)] = [
            job[1:3] for job in query(PART_JOBS, [job_id]) if job[3] == part_id
        ]
        self.assertEqual(part_state, "done")
        self.assertGreaterEqual(retries, 2, "the killed part ran again")
        parts = query(
            "SELECT count(*), bool_and(done), sum(next_position) FROM crm_client_import_chunk "
            "WHERE job_id = %s",
            [job_id],
        )
        self.assertEqual(parts[0][1:], (True, ROWS))
        self.assertGreater(parts[0][0], 2)
