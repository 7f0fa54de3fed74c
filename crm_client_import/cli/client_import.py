"""``odoo client-import``: import a client list from the command line.

    python3 -m odoo --addons-path=ADDONS client-import -c odoo.conf -d DB clients.xlsx \\
        --duplicates update --tags "Imported 2026" --json

    python3 -m odoo --addons-path=ADDONS client-import -c odoo.conf -d DB --resume 42

``--addons-path`` must come first when the addon is not in Odoo's default addons
path: Odoo finds the command in the addon before it reads the config file. The
import runs in this process, one committed batch at a time, with the same job
code as the screens; the job is created and started in one transaction, so a
process killed at any moment leaves either nothing or a job that ``--resume`` (or
the server's queue runner) continues. Ctrl-C (SIGINT) or SIGTERM cancels the
import after its current batch. Exit code 0 when the import ran (rows may have
been skipped: see the summary), 1 on a fatal error, 128 + the signal's number
when interrupted.
"""

import argparse
import json
import os
import signal
import sys

import odoo
from odoo.cli import Command
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command as X2many

from ..lib.plan import ACCOUNT_TYPES

DUPLICATE_POLICIES = ("skip", "update", "fill", "create")
KIND_CHOICES = ("accounts_contacts", "accounts", "contacts")
COUNTERS = (
    "rows_read",
    "rows_imported",
    "rows_created",
    "rows_updated",
    "rows_linked",
    "rows_unchanged",
    "rows_skipped",
    "rows_with_warnings",
    "rows_empty",
    "accounts_created",
    "accounts_matched",
    "accounts_updated",
    "contacts_created",
    "contacts_matched",
    "contacts_updated",
    "links_added",
    "custom_fields_created",
)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="odoo client-import",
        description="Import a client list (CSV, XLSX or XLS) into an Odoo database.",
    )
    parser.add_argument("file", nargs="?", help="the client list (not with --resume or --undo)")
    parser.add_argument("-c", "--config", help="the Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--user", default="admin", help="login of the importer (default: admin)")
    parser.add_argument(
        "--resume",
        type=int,
        metavar="JOB_ID",
        help="continue the import JOB_ID: a draft, or one that a killed or stopped "
        "process left unfinished; its file and settings are the job's own",
    )
    parser.add_argument(
        "--undo",
        type=int,
        metavar="JOB_ID",
        help="undo the finished import JOB_ID (a Client Import manager's right): what "
        "it wrote is put back, except what someone changed since",
    )
    parser.add_argument("--preset", help="name of a saved mapping preset")
    parser.add_argument(
        "--mapping", help="a mapping as JSON, or @file.json (see the job's mapping field)"
    )
    parser.add_argument(
        "--kind", choices=KIND_CHOICES, help="what the rows hold (default: accounts_contacts)"
    )
    parser.add_argument(
        "--account-type",
        help=f"one type for every account ({', '.join(ACCOUNT_TYPES)}), 'column' to read it "
        "from the mapped column, or 'skip' to leave it alone on updates",
    )
    parser.add_argument(
        "--duplicates", choices=DUPLICATE_POLICIES, help="duplicate policy (default: skip)"
    )
    parser.add_argument("--tags", help="comma-separated tags for every imported account")
    parser.add_argument(
        "--assignee",
        action="append",
        default=[],
        help="team member (login or e-mail) following every imported account; repeatable",
    )
    parser.add_argument("--sheet", help="the sheet to read (default: the first visible one)")
    parser.add_argument("--header-row", type=int, help="the header row, 1-based")
    parser.add_argument("--dry-run", action="store_true", help="review only, write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON summary")
    return parser


# Options that describe a new job: a resumed job keeps its own.
NEW_JOB_OPTIONS = (
    "preset",
    "mapping",
    "kind",
    "account_type",
    "duplicates",
    "tags",
    "assignee",
    "sheet",
    "header_row",
    "dry_run",
)


def check_options(parser, options):
    if options.resume is not None and options.undo is not None:
        parser.error("--resume and --undo go alone")
    if options.resume is None and options.undo is None and not options.file:
        parser.error("give the client list's file, or --resume JOB_ID, or --undo JOB_ID")
    for option in ("resume", "undo"):
        if getattr(options, option) is None:
            continue
        given = [name for name in NEW_JOB_OPTIONS if getattr(options, name)]
        if options.file or given:
            names = ", ".join(f"--{name.replace('_', '-')}" for name in given) or "a file"
            parser.error(f"--{option} works on a job with its own file and settings: no {names}")


class StopRequest:
    """SIGINT (Ctrl-C) and SIGTERM: the import is cancelled after its current batch.
    Called, says whether one came."""

    def __init__(self):
        self.signal = None
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._receive)

    def _receive(self, number, _frame):
        if self.signal is None:
            sys.stderr.write(
                f"\nclient-import: {signal.Signals(number).name}: the import stops after "
                "its current batch and is cancelled.\n"
            )
            sys.stderr.flush()
        self.signal = number

    def __call__(self):
        return self.signal is not None


class ClientImport(Command):
    """Import a client list (accounts and contacts) from CSV, XLSX or XLS"""

    name = "client-import"

    def run(self, args):
        # Options this command does not know (--db_host, --db_user...) go to Odoo.
        parser = build_parser()
        options, odoo_options = parser.parse_known_args(args)
        check_options(parser, options)
        odoo_args = ["-d", options.database, "--no-http", "--max-cron-threads=0", *odoo_options]
        if options.config:
            odoo_args = ["-c", options.config, *odoo_args]
        odoo.tools.config.parse_config(odoo_args, setup_logging=not options.json)
        data = None
        if options.file:
            try:
                with open(options.file, "rb") as source:
                    data = source.read()
            except OSError as error:
                fail(options, f"Cannot read {options.file}: {error.strerror}")
        registry = odoo.modules.registry.Registry(options.database)
        stop = StopRequest()
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            user = env["res.users"].search([("login", "=", options.user)], limit=1)
            if not user:
                fail(options, f"No user with login {options.user!r}.")
            env = env(user=user.id, context=dict(env.context, lang=user.lang))
            try:
                if options.undo is not None:
                    summary = undo_job(env, options)
                elif options.resume is None:
                    summary = import_file(env, data, options, stop)
                else:
                    summary = resume_job(env, options, stop)
            except (UserError, AccessError) as error:
                cr.rollback()
                fail(options, str(error))
            if options.dry_run:
                cr.rollback()
        print_summary(options, summary)
        if stop.signal:
            sys.stderr.write(f"client-import: {stopped_message(summary)}\n")
            sys.exit(128 + stop.signal)
        sys.exit(0 if summary["state"] in ("done", "review", "undone") else 1)


def import_file(env, data, options, stop):
    """Create the job, apply the options, then review (dry run) or run the import.
    The job is committed for the first time once started: a process killed before
    leaves nothing behind."""
    Job = env["crm.client.import.job"]
    job = Job.create_from_file(data, os.path.basename(options.file), **job_values(env, options))
    if options.sheet or options.header_row:
        job.reader_options = {"sheet": options.sheet, "header_row": options.header_row}
        job.action_read_file()
    if options.mapping:
        text = options.mapping
        if text.startswith("@"):
            with open(text[1:], encoding="utf-8") as mapping_file:
                text = mapping_file.read()
        try:
            job.mapping = json.loads(text)
        except ValueError as error:
            raise UserError(f"--mapping is not valid JSON: {error}") from None
    elif options.preset:
        preset = env["crm.client.import.preset"].search([("name", "=", options.preset)], limit=1)
        if not preset:
            raise UserError(f"No preset named {options.preset!r}.")
        job.preset_id = preset
        job.action_apply_preset()
    if options.dry_run:
        job.action_review()
        return dict(job.review, state="review", job_id=job.id)
    job.run_now(on_batch=progress_printer(options), stop=stop)
    return summary_of(job)


def resume_job(env, options, stop):
    job = env["crm.client.import.job"].browse(options.resume).exists()
    if not job:
        raise UserError(f"No import with id {options.resume}.")
    job.run_now(on_batch=progress_printer(options), stop=stop)
    return summary_of(job)


def undo_job(env, options):
    job = env["crm.client.import.job"].browse(options.undo).exists()
    if not job:
        raise UserError(f"No import with id {options.undo}.")
    job.action_undo()
    return {"job_id": job.id, "state": "undone", **job.undo_summary, "report": job.undo_report}


def summary_of(job):
    return {
        "job_id": job.id,
        "state": job.state,
        "error": job.error_message or None,
        **{counter: job[counter] for counter in COUNTERS},
        "skipped": [{"row": row.row_number, "reason": row.reason} for row in job.skipped_row_ids],
        "warnings": [
            {"row": row.row_number, "column": warning["column"], "reason": warning["reason"]}
            for row in job.warning_row_ids
            for warning in row.warnings
        ],
    }


def job_values(env, options):
    values = {}
    if options.kind:
        values["import_kind"] = options.kind
    if options.duplicates:
        values["duplicate_policy"] = options.duplicates
    if options.account_type in ("column", "skip"):
        values["account_type_mode"] = options.account_type
    elif options.account_type:
        if options.account_type not in ACCOUNT_TYPES:
            raise UserError(f"--account-type must be one of {', '.join(ACCOUNT_TYPES)}.")
        values.update(account_type_mode="bulk", account_type=options.account_type)
    if options.tags:
        names = [name.strip() for name in options.tags.split(",") if name.strip()]
        Tag = env["res.partner.category"]
        tags = Tag.browse()
        for name in names:
            tags |= Tag.search([("name", "=ilike", name)], limit=1) or Tag.create({"name": name})
        values["tag_ids"] = [X2many.set(tags.ids)]
    if options.assignee:
        Users = env["res.users"]
        users = Users.browse()
        for login in options.assignee:
            user = Users.search(["|", ("login", "=", login), ("email", "=ilike", login)], limit=1)
            if not user:
                raise UserError(f"No user with login or e-mail {login!r}.")
            users |= user
        values["assignee_ids"] = [X2many.set(users.ids)]
    return values


def progress_printer(options):
    """A progress bar on a terminal; nothing when piped or with --json."""
    if options.json or not sys.stderr.isatty():
        return None

    def show(job):
        width = 30
        done = int(width * job.progress / 100)
        bar = "#" * done + "-" * (width - done)
        sys.stderr.write(
            f"\r[{bar}] {job.progress:5.1f}%  {job.rows_read}/{job.rows_total} rows, "
            f"{job.rows_skipped} skipped"
        )
        if job.progress >= 100:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def stopped_message(summary):
    if summary["state"] == "cancelled":
        return (
            f"import {summary['job_id']} was cancelled after {summary['rows_read']} rows; "
            "the rows imported so far stay (Undo, on the import's form, removes them)."
        )
    if summary["state"] == "done":
        return (
            f"import {summary['job_id']} had finished; the portal logins and invitations "
            "it may have left are for the server's queue runner."
        )
    return f"import {summary['job_id']} stopped: {summary['state']}."


def print_summary(options, summary):
    if options.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
        return
    for key, value in summary.items():
        if key not in ("skipped", "invalid") and not isinstance(value, (dict, list)):
            print(f"{key}: {value}")
    for row in summary.get("skipped") or summary.get("invalid") or []:
        print(f"  row {row['row']}: {row['reason']}")


def fail(options, message):
    if options.json:
        print(json.dumps({"state": "error", "error": message}, ensure_ascii=False))
    else:
        sys.stderr.write(f"client-import: {message}\n")
    sys.exit(1)
