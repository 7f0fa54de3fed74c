"""One end, whatever the path, with real processes, real kills and real databases.

The same client list is imported into three copies of one fresh database: by the
command line, by the queue runner, and by processes killed with SIGKILL at random
points, each followed by a resume through ``--resume`` or the queue runner, until
20 kills have hit it. After every kill no process of the import is left, its
database session is gone and its locks are free, so a resume never waits on a
lock (the resuming processes run with a lock timeout to prove it). The three
databases must then hold the same partners, users, followers, folders and counters.
"""

import base64
import logging
import os
import random
import time

from odoo.tests import TransactionCase, get_db_name, tagged

from ..models.import_run import COMPANY_LOCK, JOB_LOCK
from .common import csv_bytes
from .process_common import (
    HEADER,
    PORTAL_LOGINS_ON,
    QUEUE_RUNNER,
    Worker,
    copy_database,
    drop_database,
    lock_is_free,
    odoo_command,
    query,
    run_cli,
    run_odoo,
    run_shell,
    wait_for,
    write_csv,
)

_logger = logging.getLogger(__name__)

ROWS = 1200  # enough batches that 20 kills land before the end, however fast the import
BATCH_SIZE = 20
PORTAL_BATCH_SIZE = 10
KILLS = 20
# A resume that waited on a lock held by a dead worker's session would fail.
RESUME_ENV = dict(os.environ, PGOPTIONS="-c lock_timeout=10s")

SETTINGS = f"""
env["ir.config_parameter"].set_param("crm_client_import.batch_size", "{BATCH_SIZE}")
env["ir.config_parameter"].set_param("crm_client_import.portal_batch_size", "{PORTAL_BATCH_SIZE}")
env.cr.commit()
"""
# What the screens do: the importer starts the job; the queue runner does the rest.
START_FOR_THE_RUNNER = """
import base64
admin = env.ref("base.user_admin")
Job = env["crm.client.import.job"].with_user(admin).with_context(lang=admin.lang)
Job.create_from_file(base64.b64decode({data!r}), "clients.csv")._prepare_start()
env.cr.commit()
"""
RUN_QUEUE_TO_THE_END = """
Job = env["crm.client.import.job"]
while Job.search_count(Job._pending_domain()):
    Job._cron_run_queue()
    env.cr.commit()
"""
JOB_PROGRESS = """SELECT id, state, COALESCE(next_row_index, 0) + COALESCE(portal_users_created, 0)
                    FROM crm_client_import_job"""


def client_rows():
    """Accounts of two people; every 4th person with an e-mail (a portal login),
    every 10th met again on the next account, every 50th with a broken e-mail, two
    people sharing one address."""
    rows = []
    for n in range(ROWS):
        email = f"end{n}@same-end.example.com" if n % 4 == 0 else ""
        first = f"Person{n}"
        if n % 10 == 1:
            first, email = f"Person{n - 1}", "end" + f"{n - 1}@same-end.example.com"
        if n % 50 == 8:
            email = f"end{n}@"
        if n == 12:
            email = "end4@same-end.example.com"  # Person12 shares Person4's address
        rows.append([f"Same End Account {n // 2}", first, "End", email])
    return rows


def snapshot(database):
    """What an import leaves, without ids (the copies' sequences may differ)."""

    def rows(sql):
        return sorted(query(sql, database=database), key=repr)

    return {
        "partners": rows(
            """SELECT p.name, p.email, p.is_company, p.type, parent.name, p.active, p.lang,
                      p.client_account_type, p.client_portal_login, p.client_portal_notify,
                      p.client_email_sync, p.client_portal_invited_at IS NULL, salesperson.login,
                      ARRAY(SELECT c.name->>'en_US'
                              FROM res_partner_res_partner_category_rel r
                              JOIN res_partner_category c ON c.id = r.category_id
                             WHERE r.partner_id = p.id ORDER BY 1),
                      ARRAY(SELECT a.name FROM crm_client_partner_also_contact_rel r
                              JOIN res_partner a ON a.id = r.account_id
                             WHERE r.contact_id = p.id ORDER BY 1)
                 FROM res_partner p
                 LEFT JOIN res_partner parent ON parent.id = p.parent_id
                 LEFT JOIN res_users salesperson ON salesperson.id = p.user_id"""
        ),
        "users": rows(
            """SELECT u.login, u.active, u.share, p.name,
                      ARRAY(SELECT gid FROM res_groups_users_rel WHERE uid = u.id ORDER BY 1)
                 FROM res_users u JOIN res_partner p ON p.id = u.partner_id"""
        ),
        "followers": rows(
            """SELECT f.res_model, followed.name, follower.name, follower.email
                 FROM mail_followers f
                 JOIN res_partner follower ON follower.id = f.partner_id
                 LEFT JOIN res_partner followed
                        ON f.res_model = 'res.partner' AND followed.id = f.res_id"""
        ),
        "folders": rows(
            """SELECT p.name, f.name, parent.name, f.sequence
                 FROM crm_client_folder f
                 JOIN res_partner p ON p.id = f.partner_id
                 LEFT JOIN crm_client_folder parent ON parent.id = f.parent_id"""
        ),
        "counters": rows(
            """SELECT name, state, rows_total, rows_read, rows_created, rows_updated,
                      rows_linked, rows_unchanged, rows_skipped, rows_empty,
                      accounts_created, accounts_updated, contacts_created,
                      contacts_updated, portal_state, portal_users_created,
                      portal_invitations_sent,
                      ARRAY(SELECT row_number || ' ' || outcome || ': ' || COALESCE(reason, '')
                              FROM crm_client_import_row s
                             WHERE s.job_id = j.id ORDER BY row_number),
                      ARRAY(SELECT kind || ' ' || action || ' ' || count(*)
                              FROM crm_client_import_record r
                             WHERE r.job_id = j.id GROUP BY kind, action ORDER BY 1),
                      (SELECT count(*) FROM jsonb_array_elements(j.portal_report))
                 FROM crm_client_import_job j"""
        ),
    }


@tagged("post_install", "-at_install")
class TestSameEnd(TransactionCase):
    def make_databases(self, *names):
        """Copies of one fresh database with the addon: ``{name: database}``."""
        template = f"{get_db_name()}_end"
        databases = {name: f"{template}_{name}" for name in names}
        for database in (template, *databases.values()):
            self.addCleanup(drop_database, database)
        started = time.monotonic()
        run_odoo(
            "-i", "crm_client_import", "--stop-after-init", "--without-demo=all", "--no-http",
            "--max-cron-threads=0", database=template, timeout=900,
        )  # fmt: skip
        run_shell(SETTINGS + PORTAL_LOGINS_ON, database=template)
        for database in databases.values():
            copy_database(template, database)
        _logger.info("same end: databases ready in %.0f s", time.monotonic() - started)
        return databases

    def test_command_line_queue_runner_and_killed_runs_end_alike(self):
        databases = self.make_databases("cli", "runner", "killed")
        data = csv_bytes(HEADER, client_rows())
        path = write_csv(self, client_rows())

        started = time.monotonic()
        result = run_cli(path, "--json", database=databases["cli"])
        self.assertEqual(result.returncode, 0, result.stderr)
        cli_seconds = time.monotonic() - started

        started = time.monotonic()
        start = START_FOR_THE_RUNNER.format(data=base64.b64encode(data).decode())
        run_shell(start, database=databases["runner"])
        run_shell(RUN_QUEUE_TO_THE_END, database=databases["runner"])
        runner_seconds = time.monotonic() - started

        started = time.monotonic()
        self.kill_and_resume(path, databases["killed"])
        killed_seconds = time.monotonic() - started
        _logger.info(
            "same end: command line %.0f s, queue runner %.0f s, %s kills and resumes %.0f s",
            cli_seconds,
            runner_seconds,
            KILLS,
            killed_seconds,
        )

        expected = snapshot(databases["cli"])
        [job] = expected["counters"]
        self.assertEqual((job[1], job[3]), ("done", ROWS))
        self.assertGreater(len(expected["users"]), ROWS // 5, "portal logins were given")
        self.assertTrue(expected["folders"] and expected["followers"])
        for path_name in ("runner", "killed"):
            found = snapshot(databases[path_name])
            for part, values in expected.items():
                self.assertEqual(found[part], values, f"{part} differ after the {path_name} path")

    def kill_and_resume(self, path, database):
        seed = random.randrange(10**6)
        _logger.info("same end: kill seed %s", seed)
        chance = random.Random(seed)
        hits = []
        for trial in range(2 * KILLS):
            if len(hits) == KILLS:
                break
            if hit := self.kill_once(chance, trial, path, database):
                hits.append(hit)
        _logger.info("same end: %s kills, at (state, progress) %s", len(hits), hits)
        self.assertEqual(len(hits), KILLS, f"the import ended before its kills (seed {seed})")
        # Whatever is left, one last uninterrupted resume finishes.
        ended = "SELECT id, state, portal_state FROM crm_client_import_job"
        jobs = query(ended, database=database)
        if not jobs:
            result = run_cli(path, database=database)
            self.assertEqual(result.returncode, 0, result.stderr)
        elif jobs[0][1:] != ("done", "done"):
            result = run_cli("--resume", str(jobs[0][0]), database=database)
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([job[1:] for job in query(ended, database=database)], [("done", "done")])

    def kill_once(self, chance, trial, path, database):
        """Start the import or resume it, SIGKILL it at a random point and check what
        is left; returns the job's (state, progress) at the kill, None if it ended first."""
        jobs = query(JOB_PROGRESS, database=database)
        self.assertLessEqual(len(jobs), 1, "a second job for one file")
        job_id, state, done = jobs[0] if jobs else (None, "no job yet", 0)
        self.assertNotEqual(state, "draft", "a job that nobody resumes")
        if job_id is None:
            worker = Worker(odoo_command("client-import", path, database=database))
        elif trial % 2:
            command = odoo_command("client-import", "--resume", str(job_id), database=database)
            worker = Worker(command, env=RESUME_ENV)
        else:
            command = odoo_command("shell", "--no-http", database=database)
            worker = Worker(command, script=QUEUE_RUNNER, env=RESUME_ENV)

        def progressed(target):
            jobs = query(JOB_PROGRESS, database=database)
            return not worker.running() or any(job[2] >= target for job in jobs)

        if chance.random() < 0.3:
            time.sleep(chance.uniform(0.5, 3.5))  # starting, taking its turn, first batch
        else:
            target = done + BATCH_SIZE * chance.randint(1, 2)
            wait_for(lambda: progressed(target), what="the worker's progress")
            time.sleep(chance.uniform(0, 0.3))
        if not worker.running():
            code, output = worker.wait()
            self.assertIn(code, (0, 1), output)  # 1: a --resume of a finished job
            return None
        [hit] = query(JOB_PROGRESS, database=database) or [(None, "no job yet", 0)]
        worker.kill()
        # Its planning children go too, and its database session with its locks.
        wait_for(lambda: not worker.group_alive(), timeout=10, what="the children's end")
        wait_for(lambda: worker.backend_gone(database), timeout=10, what="its session's end")
        worker.wait()
        for job_id, _state, _done in query(JOB_PROGRESS, database=database):
            self.assertTrue(lock_is_free(JOB_LOCK, job_id, database), "job lock held")
        for (company_id,) in query("SELECT id FROM res_company", database=database):
            self.assertTrue(lock_is_free(COMPANY_LOCK, company_id, database), "company lock")
        return hit[1:]
