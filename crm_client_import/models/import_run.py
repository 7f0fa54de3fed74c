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
from collections import defaultdict

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
from ..lib.plan import DEFAULT_NEW_ACCOUNT_TYPE, INDIVIDUAL
from .bulk_insert import insert_rows
from .import_matcher import ACCOUNT_KEYS, ACCOUNT_SCOPE, PERSON_KEYS, PERSON_SCOPE, PartnerMatcher
from .import_writer import SIDE_OF_ROLE, PartnerWriter, notes_html

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
# Bulk writes skip mail tracking and chatter logging.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "active_test": False,
}


def testing():
    """Whether this runs inside a test, which must not commit. Mail tests switch
    ``current_test`` off to send for real; the thread flag stays."""
    return module.current_test or getattr(threading.current_thread(), "testing", False)


class RowOutcome:
    """What one batch did to each of its rows."""

    def __init__(self):
        self.imported = set()
        self.skipped = {}  # row number -> reason
        self.records = []  # values of crm.client.import.record
        self.counts = defaultdict(int)

    def skip(self, plan, reason):
        self.skipped.setdefault(plan.number, (plan, reason))


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
            self._trigger_queue_runner()
        return True

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
            planner = self._planner()
            mapped_keys = planner.mapping.headers_by_target()
            writer = PartnerWriter(self.env, planner.targets, mapped_keys)
            excluded = set(self.excluded_rows or [])
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
        self.write({"state": state, "finished_at": fields.Datetime.now()})
        if state == "done":
            self._check_tally()
            self._on_import_done()
        self._build_skipped_file()
        self._notify_end()

    def _on_import_done(self):
        """Work that waits for the whole import (portal invitations); extended by modules."""

    def _check_tally(self):
        """Every row read ends up imported, unchanged or skipped: a mismatch fails loudly."""
        accounted = self.rows_imported + self.rows_unchanged + self.rows_skipped
        if self.rows_read != accounted or self.rows_read != self.next_row_index:
            raise UserError(
                self.env._(
                    "The import does not add up: %(read)s rows read, but %(imported)s imported, "
                    "%(unchanged)s unchanged and %(skipped)s skipped.",
                    read=self.rows_read,
                    imported=self.rows_imported,
                    unchanged=self.rows_unchanged,
                    skipped=self.rows_skipped,
                )
            )

    # ------------------------------------------------------------------
    # One batch
    # ------------------------------------------------------------------

    def _apply_batch(self, row_plans, writer, excluded):
        job = self.with_context(**QUIET)
        outcome = RowOutcome()
        plans = []
        for plan in row_plans:
            if plan.number in excluded:
                outcome.skip(plan, self.env._("Left out on the review step"))
            elif plan.skipped:
                outcome.skip(plan, job._translated_reason(plan))
            else:
                plans.append(plan)
        accounts = job._resolve_accounts(plans, writer, outcome)
        job._resolve_people(plans, accounts, writer, outcome)
        job._save_outcome(len(row_plans), outcome)

    def _translated_reason(self, plan):
        texts = []
        for problem in plan.errors:
            text = self.env._(problem.message, **problem.params)
            texts.append(f"{problem.column}: {text}" if problem.column else text)
        return "; ".join(texts)

    def _match_batch(self, pending, keys, scope, known_records, also_read=()):
        """Database matches of ``pending`` (none under "create"), and ``{id: partner}``
        of every partner the batch reads, browsed together so that reading one reads
        them all."""
        matches = {}
        if self.duplicate_policy != "create":
            matches = PartnerMatcher(self.env).match(pending, keys, scope)
        partner_ids = [record.partner_id.id for record in known_records.values()]
        partner_ids += [ids[0] for _key_name, ids in matches.values() if len(ids) == 1]
        partners = self.env["res.partner"].browse([*partner_ids, *also_read])
        return matches, {partner.id: partner for partner in partners}

    def _known_records(self, kind, keys):
        """Partners this job already gave for ``keys`` (earlier batches): ``{key: record}``."""
        if not keys:
            return {}
        keys = list(keys)
        records = self.env["crm.client.import.record"].search(
            [
                ("job_id", "=", self.id),
                ("kind", "=", kind),
                "|",
                ("key", "in", keys),
                ("alt_key", "in", keys),
            ]
        )
        known = {}
        for record in records:
            known.update(dict.fromkeys(filter(None, (record.key, record.alt_key)), record))
        return known

    def _ambiguous_reason(self, partner_ids, key_name):
        partners = self.env["res.partner"].browse(partner_ids[:5])
        names = ", ".join(f"{partner.display_name} (#{partner.id})" for partner in partners)
        return self.env._(
            "ambiguous: matches %(partners)s on %(key)s", partners=names, key=key_name
        )

    def _resolve_accounts(self, plans, writer, outcome):
        """Create or match the accounts of a batch; returns ``{account key: partner}``."""
        groups = defaultdict(list)
        for plan in plans:
            if plan.account:
                groups[plan.account_key].append(plan)
        group_values = {}
        for key, group_plans in groups.items():
            merged = dict(group_plans[0].account)
            for plan in group_plans[1:]:
                for field, value in plan.account.items():
                    merged.setdefault(field, value)
            group_values[key] = merged

        known = self._known_records("account", set(groups))
        pending = {key: values for key, values in group_values.items() if key not in known}
        matches, existing = self._match_batch(pending, ACCOUNT_KEYS, ACCOUNT_SCOPE, known)
        accounts = {key: existing[record.partner_id.id] for key, record in known.items()}

        to_create = []
        for key, values in pending.items():
            if key in matches:
                key_name, partner_ids = matches[key]
                if len(partner_ids) > 1:
                    reason = self._ambiguous_reason(partner_ids, key_name)
                    for plan in groups[key]:
                        outcome.skip(plan, reason)
                    continue
                partner = existing[partner_ids[0]]
                accounts[key] = partner
                self._update_partner(partner, "account", values, writer, outcome, key, groups[key])
            else:
                to_create.append((key, writer.values("account", values)))

        if to_create:
            partner_values = [pv for _key, pv in to_create]
            writer.resolve_titles(partner_values)
            vals_list = [self._new_account_vals(pv, writer) for pv in partner_values]
            created = self._create_partners(vals_list)
            for (key, pv), partner in zip(to_create, created, strict=True):
                accounts[key] = partner
                self._after_write(partner, pv, writer)
                first_row = groups[key][0].number
                outcome.imported.add(first_row)
                outcome.counts["accounts_created"] += 1
                outcome.records.append(
                    {
                        "partner_id": partner.id,
                        "kind": "account",
                        "key": key,
                        "action": "created",
                        "row_number": first_row,
                    }
                )
            self._apply_account_settings(created, new=True)
        return accounts

    def _new_account_vals(self, partner_values, writer):
        vals = dict(partner_values.vals)
        vals.setdefault("client_account_type", DEFAULT_NEW_ACCOUNT_TYPE)
        vals.setdefault("is_company", vals["client_account_type"] != INDIVIDUAL)
        vals.setdefault("user_id", self.user_id.id)
        if self.lang:
            vals.setdefault("lang", self.lang)
        tag_ids = self.tag_ids.ids + writer.resolve_tags(partner_values.tag_names)
        if tag_ids:
            vals["category_id"] = [fields.Command.set(tag_ids)]
        if partner_values.notes:
            vals["comment"] = notes_html(partner_values.notes)
        for field, rank in self._rank_values().items():
            vals[field] = rank
        return vals

    def _rank_values(self):
        Partner = self.env["res.partner"]
        if "customer_rank" not in Partner._fields or self.partner_rank in (False, "none"):
            return {}
        return {
            "customer_rank": 1 if self.partner_rank in ("customer", "both") else 0,
            "supplier_rank": 1 if self.partner_rank in ("supplier", "both") else 0,
        }

    def _apply_account_settings(self, accounts, new):
        """Followers and folders, in bulk."""
        if not accounts:
            return
        follower_ids = (self.assignee_ids - self.user_id).partner_id.ids
        if follower_ids:
            self.env["mail.followers"]._insert_followers("res.partner", accounts.ids, follower_ids)
        if self.folder_template_id and (new or self.folders_on_existing):
            without_folders = accounts
            if not new:
                without_folders = accounts.filtered(
                    lambda partner: (
                        self.folder_template_id not in partner.client_folder_ids.template_id
                    )
                )
            self.folder_template_id.sudo()._create_folders(without_folders)

    def _after_write(self, partner, partner_values, writer):
        """Bank account of a created or updated partner."""
        if partner_values.bank.get("iban"):
            sanitized = partner_values.bank["iban"].replace(" ", "").upper()
            if sanitized not in partner.bank_ids.mapped("sanitized_acc_number"):
                self.env["res.partner.bank"].create(
                    writer.bank_account_values(partner.id, partner_values.bank)
                )

    # --- updating an existing partner -----------------------------------

    def _update_partner(self, partner, kind, values, writer, outcome, key, plans, side=None):
        """Apply the duplicate policy to a matched partner and log it."""
        first_row = plans[0].number
        record = {"partner_id": partner.id, "kind": kind, "key": key, "row_number": first_row}
        policy = self.duplicate_policy
        if policy == "skip":
            outcome.records.append(dict(record, action="unchanged"))
            return False
        pv = writer.values(side or kind, values)
        writer.resolve_titles([pv])
        vals = dict(pv.vals)
        if kind == "account":
            tag_ids = self.tag_ids.ids + writer.resolve_tags(pv.tag_names)
        else:
            tag_ids = (self.tag_ids.ids if self.tags_on_contacts else []) + writer.resolve_tags(
                pv.tag_names
            )
        if self.account_type_mode == "skip":
            vals.pop("client_account_type", None)
            vals.pop("is_company", None)
        if policy == "update" and self.empty_clears:
            for field in writer.mapped_plain_fields(side or kind):
                vals.setdefault(field, False)
        changes = self._changed_values(partner, vals, fill_only=(policy == "fill"))
        new_tags = set(tag_ids) - set(partner.category_id.ids)
        if new_tags:
            changes["category_id"] = [fields.Command.link(tag_id) for tag_id in new_tags]
        if pv.notes:
            changes["comment"] = notes_html(pv.notes, partner.comment)
        if not changes and not pv.bank:
            outcome.records.append(dict(record, action="unchanged"))
            return False
        previous = self._previous_values(partner, changes)
        partner.write(changes)
        self._after_write(partner, pv, writer)
        if kind == "account":
            self._apply_account_settings(partner, new=False)
        outcome.imported.add(first_row)
        outcome.counts[f"{kind}s_updated"] += 1
        outcome.records.append(dict(record, action="updated", previous_values=previous))
        return True

    def _changed_values(self, partner, vals, fill_only):
        changes = {}
        for field, value in vals.items():
            current = partner[field]
            if partner._fields[field].type == "many2one":
                current = current.id
            if fill_only and current:
                continue
            if (current or False) != (value or False):
                changes[field] = value
        return changes

    def _previous_values(self, partner, changes):
        previous = {}
        for field in changes:
            value = partner[field]
            field_type = partner._fields[field].type
            if field_type == "many2one":
                value = value.id
            elif field_type in ("many2many", "one2many"):
                value = value.ids
            elif field_type in ("date", "datetime"):
                value = fields.Datetime.to_string(value) if value else False
            elif field_type == "html":
                value = str(value or "")
            previous[field] = value
        return previous

    # --- people -----------------------------------------------------------

    def _resolve_people(self, plans, accounts, writer, outcome):
        """Create, match or link the contact persons of a batch."""
        occurrences = []  # (plan, person, account partner or empty)
        Partner = self.env["res.partner"]
        skipped_rows = set(outcome.skipped)
        for plan in plans:
            if plan.number in skipped_rows:
                continue
            account = accounts.get(plan.account_key, Partner) if plan.account else Partner
            occurrences.extend((plan, person, account) for person in plan.people)

        person_keys = {key for _plan, person, _account in occurrences for key in person.keys}
        known_records = self._known_records("contact", person_keys)
        pending = {}
        for _plan, person, _account in occurrences:
            if person.key and not first_of(known_records, person.keys):
                pending.setdefault(person.key, person.values)
        matches, existing = self._match_batch(
            pending,
            PERSON_KEYS,
            PERSON_SCOPE,
            known_records,
            also_read=[account.id for *_rest, account in occurrences if account],
        )
        known = {key: existing[record.partner_id.id] for key, record in known_records.items()}
        occurrences = [
            (plan, person, existing[account.id] if account else account)
            for plan, person, account in occurrences
        ]

        accounts_data = self._account_sync_values({account for *_x, account in occurrences})
        to_create = []  # (plan, person, account)
        given = set()  # keys of the people created by this batch
        for plan, person, account in occurrences:
            if partner := first_of(known, person.keys):
                self._link_person(partner, account, plan, person, outcome)
                continue
            if person.key in matches:
                key_name, partner_ids = matches[person.key]
                if len(partner_ids) > 1:
                    outcome.skip(plan, self._ambiguous_reason(partner_ids, key_name))
                    continue
                partner = existing[partner_ids[0]]
                known.update(dict.fromkeys(person.keys, partner))
                side = SIDE_OF_ROLE[person.role]
                self._update_partner(
                    partner, "contact", person.values, writer, outcome, person.key, [plan], side
                )
                self._link_person(partner, account, plan, person, outcome, log=False)
                continue
            if given.intersection(person.keys):
                continue  # the same person twice in this batch: created once below
            given.update(person.keys)
            to_create.append((plan, person, account))

        if to_create:
            created = self._create_people(to_create, writer, accounts_data, outcome)
            for (_plan, person, _account), partner in zip(to_create, created, strict=True):
                known.update(dict.fromkeys(person.keys, partner))
            # Later rows of a person created in this batch: link them.
            seen = set()
            for plan, person, account in occurrences:
                keys = set(person.keys)
                if keys & given:
                    if keys & seen:
                        partner = first_of(known, person.keys)
                        self._link_person(partner, account, plan, person, outcome)
                    seen |= keys

    def _account_sync_values(self, accounts):
        """``{account id: values}``: what Odoo's parent-to-contact sync would write on
        a new contact of each account. New contacts are created with them, so that
        the sync, one write per contact, has nothing left to do and is skipped."""
        Partner = self.env["res.partner"]
        commercial_fields = Partner._commercial_fields()
        address_fields = Partner._address_fields()
        result = {}
        for account in accounts:
            if not account:
                continue
            address = account._update_fields_values(address_fields)
            result[account.id] = {
                "commercial": account.commercial_partner_id._update_fields_values(
                    commercial_fields
                ),
                # An account without an address leaves its contacts' own.
                "address": address if any(address.values()) else {},
                "lang": account.lang or self.env.context.get("default_lang") or self.env.lang,
                # Odoo computes a person's salesperson from its account before the INSERT,
                # through a draft record per contact: given here, it need not.
                "user_id": account.user_id.id,
            }
        return result

    def _create_people(self, to_create, writer, accounts_data, outcome):
        partner_values = []
        vals_list = []
        address_fields = self.env["res.partner"]._address_fields()
        for _plan, person, account in to_create:
            pv = writer.values(SIDE_OF_ROLE[person.role], person.values)
            partner_values.append(pv)
            vals = dict(pv.vals)
            vals["is_company"] = False
            vals.pop("client_account_type", None)
            if self.lang:
                vals.setdefault("lang", self.lang)
            if account:
                synced = accounts_data[account.id]
                own_address = any(vals.get(field) for field in address_fields)
                vals["parent_id"] = account.id
                vals["type"] = "other" if own_address else "contact"
                vals.update(synced["commercial"])
                if not own_address:
                    vals.update(synced["address"])
                vals.setdefault("lang", synced["lang"])
                vals.setdefault("user_id", synced["user_id"])
            tag_ids = (self.tag_ids.ids if self.tags_on_contacts else []) + writer.resolve_tags(
                pv.tag_names
            )
            if tag_ids:
                vals["category_id"] = [fields.Command.set(tag_ids)]
            if pv.notes:
                vals["comment"] = notes_html(pv.notes)
            vals.update(self._new_person_values(person, vals))
            vals_list.append(vals)
        writer.resolve_titles(partner_values)
        created = self._create_partners(vals_list)
        for (plan, person, _account), pv, partner in zip(
            to_create, partner_values, created, strict=True
        ):
            self._after_write(partner, pv, writer)
            outcome.imported.add(plan.number)
            outcome.counts["contacts_created"] += 1
            outcome.records.append(
                dict(
                    person_record_keys(person),
                    partner_id=partner.id,
                    kind="contact",
                    action="created",
                    row_number=plan.number,
                )
            )
        return created

    def _new_person_values(self, person, vals):
        """More values of a new contact person (the portal part adds its toggles)."""
        return {}

    def _create_partners(self, vals_list):
        """``create()`` in bulk without Odoo's per-partner sync from parent to contact,
        as Odoo's own data loading does: a contact's values already hold what it would
        copy (``_account_sync_values``). What else that sync does is done here."""
        Partner = self.env["res.partner"]
        created = Partner.with_context(_partners_skip_fields_sync=True).create(vals_list)
        created = Partner.browse(created.ids)  # later writes on them sync as usual
        contacts = created.filtered("parent_id")
        # A first contact with an address gives it to an account that has none.
        for contact in contacts.filtered(lambda partner: partner.type != "contact"):
            contact._handle_first_contact_creation()
        # Commercial values kept per company (e.g. fiscal positions): the other companies.
        if (
            contacts
            and Partner._company_dependent_commercial_fields()
            and self.env["res.company"].sudo().search_count([]) > 1
        ):
            by_commercial = defaultdict(list)
            for contact in contacts:
                by_commercial[contact.commercial_partner_id].append(contact.id)
            for contact_ids in by_commercial.values():
                Partner.browse(contact_ids)._company_dependent_commercial_sync()
        return created

    def _link_person(self, partner, account, plan, person, outcome, log=True):
        """The same person on another account's row: link, never a second partner."""
        record = dict(
            person_record_keys(person), partner_id=partner.id, kind="contact",
            row_number=plan.number,
        )  # fmt: skip
        if (
            not account
            or account in (partner, partner.parent_id)
            or account in partner.client_also_contact_of_ids
        ):
            if log:
                outcome.records.append(dict(record, action="unchanged"))
            return
        if not partner.parent_id and not partner.is_company and self.duplicate_policy != "skip":
            partner.parent_id = account
        else:
            partner.client_also_contact_of_ids = [fields.Command.link(account.id)]
        outcome.imported.add(plan.number)
        outcome.records.append(dict(record, action="linked", linked_account_id=account.id))

    # --- saving the batch's outcome --------------------------------------

    def _save_outcome(self, row_count, outcome):
        skipped = outcome.skipped
        # The job's own log: its importer may read it, only the import writes it.
        insert_rows(
            self.env["crm.client.import.skipped.row"],
            [
                {"job_id": self.id, "row_number": number, "reason": reason, "cells": plan.cells}
                for number, (plan, reason) in sorted(skipped.items())
            ],
        )
        for record in outcome.records:
            record["job_id"] = self.id
        insert_rows(self.env["crm.client.import.record"], outcome.records)
        self.invalidate_recordset(["record_ids", "skipped_row_ids"])
        self._stamp_written(
            {record["partner_id"] for record in outcome.records if record["action"] != "unchanged"}
        )
        imported = outcome.imported - set(skipped)
        counts = outcome.counts
        self.write(
            {
                "next_row_index": self.next_row_index + row_count,
                "rows_read": self.rows_read + row_count,
                "rows_skipped": self.rows_skipped + len(skipped),
                "rows_imported": self.rows_imported + len(imported),
                "rows_unchanged": self.rows_unchanged + row_count - len(skipped) - len(imported),
                "accounts_created": self.accounts_created + counts["accounts_created"],
                "accounts_updated": self.accounts_updated + counts["accounts_updated"],
                "contacts_created": self.contacts_created + counts["contacts_created"],
                "contacts_updated": self.contacts_updated + counts["contacts_updated"],
            }
        )

    def _stamp_written(self, partner_ids):
        """This import wrote these partners in this transaction: their records say so,
        so that undo does not take the import's own writes for later edits."""
        if not partner_ids:
            return
        self.env.execute_query(
            SQL(
                "UPDATE crm_client_import_record SET written_at = %s "
                "WHERE job_id = %s AND partner_id = ANY(%s)",
                self.env.cr.now(),
                self.id,
                list(partner_ids),
            )
        )
        self.env["crm.client.import.record"].invalidate_model(["written_at"])


def first_of(by_key, keys):
    """The value of the first of ``keys`` found in ``by_key``, else None."""
    return next((by_key[key] for key in keys if key in by_key), None)


def person_record_keys(person):
    """A person's keys as a record of the job's log stores them."""
    keys = person.keys
    return {"key": keys[0] if keys else False, "alt_key": keys[1] if len(keys) > 1 else False}
