"""Real processes against real databases: the command line, queue runners, kills.

These processes commit, so tests check what they did through fresh database
connections, and use names no other test uses.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from odoo import sql_db
from odoo.tests import get_db_name
from odoo.tools import SQL, config

from ..models.import_run import COMPANY_LOCK

HEADER = ["Account name", "First name", "Last name", "Email"]
# A job's state, rows read, the rows its counters give an outcome, and accounts made.
TALLY_QUERY = """
    SELECT state, rows_read,
           COALESCE(rows_created, 0) + COALESCE(rows_updated, 0) + COALESCE(rows_linked, 0)
           + COALESCE(rows_unchanged, 0) + COALESCE(rows_skipped, 0) + COALESCE(rows_empty, 0),
           accounts_created
      FROM crm_client_import_job WHERE id = %s"""
QUEUE_RUNNER = """
env["crm.client.import.job"]._cron_run_queue()
env.cr.commit()
"""


def odoo_command(*args, database=None):
    """``python3 -m odoo`` on the test database (or ``database``); ``--addons-path``
    first so that Odoo finds the addon's command."""
    connection = [
        f"--{option}={config[option]}"
        for option in ("db_host", "db_port", "db_user", "db_password")
        if config.get(option)
    ]
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={config['addons_path']}",
        *args,
        "-d",
        database or get_db_name(),
        *connection,
        f"--data-dir={config['data_dir']}",
        "--log-level=warn",
    ]


def run_odoo(*args, script=None, timeout=300, database=None):
    return subprocess.run(
        odoo_command(*args, database=database),
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def run_shell(script, timeout=300, database=None):
    return run_odoo("shell", "--no-http", script=script, timeout=timeout, database=database)


def run_cli(*args, database=None, timeout=300):
    return subprocess.run(
        odoo_command("client-import", *args, database=database),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def set_batch_size(test, size):
    """The import's batch size in the test database, put back after ``test``."""
    run_shell(
        "env['ir.config_parameter'].set_param('crm_client_import.batch_size', "
        f"{size!r})\nenv.cr.commit()\n"
    )
    if size:
        test.addCleanup(set_batch_size, test, False)


# Portal logins are off unless asked; the command line asks through the default.
PORTAL_LOGINS_ON = """
env["ir.default"].set("crm.client.import.job", "portal_login", True)
env.cr.commit()
"""


def portal_logins_on(test):
    """New imports give portal logins in the test database, put back after ``test``."""
    run_shell(PORTAL_LOGINS_ON)
    test.addCleanup(
        run_shell,
        "env['ir.default'].set('crm.client.import.job', 'portal_login', False)\nenv.cr.commit()\n",
    )


def job_named(name):
    """``(id, state, next row)`` of the job ``name``, once it is committed."""
    rows = query(
        "SELECT id, state, COALESCE(next_row_index, 0) FROM crm_client_import_job WHERE name = %s",
        [name],
    )
    return rows[0] if rows else None


def query(sql, params=(), database=None):
    """Read committed data, outside the test's own transaction."""
    with sql_db.db_connect(database or get_db_name()).cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def copy_database(template, name):
    """A copy of ``template`` (no session may be connected to it), with its filestore."""
    sql_db.close_db(template)
    with contextlib.closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(
            SQL("CREATE DATABASE %s TEMPLATE %s", SQL.identifier(name), SQL.identifier(template))
        )
    if os.path.isdir(config.filestore(template)):
        shutil.copytree(config.filestore(template), config.filestore(name))


def drop_database(name):
    """Drop a database the test made, with its filestore, whoever is connected."""
    sql_db.close_db(name)
    with contextlib.closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def wait_for(condition, timeout=120, what="the condition"):
    """``condition()``'s first true value, asked every 50 ms."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
    return value


@contextlib.contextmanager
def company_turn_held(company_id, database=None):
    """Hold the company's import lock, as a worker running one of its imports does."""
    with sql_db.db_connect(database or get_db_name()).cursor() as cr:
        cr.execute("SELECT pg_advisory_lock(%s, %s)", [COMPANY_LOCK, company_id])
        try:
            yield
        finally:
            cr.execute("SELECT pg_advisory_unlock(%s, %s)", [COMPANY_LOCK, company_id])


def lock_is_free(key, object_id, database=None):
    """Whether no live session holds the advisory lock (takes and releases it)."""
    with sql_db.db_connect(database or get_db_name()).cursor() as cr:
        cr.execute("SELECT pg_try_advisory_lock(%s, %s)", [key, object_id])
        [(taken,)] = cr.fetchall()
        if taken:
            cr.execute("SELECT pg_advisory_unlock(%s, %s)", [key, object_id])
        return taken


def write_csv(test, rows, name="clients.csv"):
    """A client list on disk, removed after the test."""
    from .common import csv_bytes

    directory = tempfile.mkdtemp()
    path = Path(directory, name)
    path.write_bytes(csv_bytes(HEADER, rows))
    test.addCleanup(os.rmdir, directory)
    test.addCleanup(path.unlink)
    return str(path)


class Worker:
    """A process of the import in a process group of its own, which its planning
    children share; its output goes to a temporary file."""

    def __init__(self, command, script=None, env=None):
        self.output = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by wait)
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if script else subprocess.DEVNULL,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=env,
        )
        if script:
            self.process.stdin.write(script)
            self.process.stdin.close()

    @property
    def pid(self):
        return self.process.pid

    def running(self):
        return self.process.poll() is None

    def signal(self, number):
        self.process.send_signal(number)

    def signal_group(self, number):
        """Signal this process and its children."""
        os.killpg(self.pid, number)

    def kill(self):
        """SIGKILL this process alone: its children are left to notice."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def wait(self, timeout=300):
        """Exit code and output."""
        try:
            code = self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
        self.output.seek(0)
        text = self.output.read()
        self.output.close()
        return code, text

    def group_alive(self):
        """Processes of this worker's group still alive (zombies have exited)."""
        alive = []
        for status_file in Path("/proc").glob("[0-9]*/stat"):
            try:
                status = status_file.read_text()
            except OSError:  # gone meanwhile
                continue
            state, _ppid, group = status.rpartition(")")[2].split()[:3]
            if int(group) == self.pid and state != "Z":
                alive.append(int(status_file.parent.name))
        return alive

    def backend_gone(self, database=None):
        """Whether the database has no session of this process any more."""
        return not query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = %s",
            [f"odoo-{self.pid}"],
            database,
        )
