"""One batch of an import: decide who each row is, write it, log it.

The rows of a batch are decided first (``lib.identity``, against the candidates
looked up in bulk), then written together: accounts, then contact persons, then
"also contact of" links and bank accounts. Every write is logged with what it
replaced (``crm.client.import.change``), so that undo can put it back; every row
gets one outcome (``crm.client.import.row``). A row the rules skip writes
nothing.
"""

import contextlib
import hashlib
import json
import os
from collections import Counter, defaultdict

from odoo import fields, models
from odoo.tools import SQL

from ..lib import identity
from ..lib.errors import ERROR, WARNING
from ..lib.masking import mask_text
from ..lib.plan import DEFAULT_NEW_ACCOUNT_TYPE, INDIVIDUAL
from .bulk_insert import insert_rows, update_rows
from .import_candidates import CandidateFinder
from .import_writer import SIDE_OF_ROLE, notes_html
from .translate import translate_message

# Bulk writes skip mail tracking and chatter logging.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "active_test": False,
}
# Fields an import may change on a partner, directly or through Odoo's syncs,
# that are not logged field by field: links have their own log lines.
UNLOGGED_FIELDS = {"client_also_contact_of_ids", "client_other_contact_ids"}
UNLOGGED_TYPES = {"one2many", "binary", "properties", "properties_definition"}
# Each planning process reads the whole file: more than a few cost more than they give.
MAX_PLANNING_WORKERS = 4


def planning_workers():
    """Planning processes for a pass over the whole file: the usable cores, up to a few."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PLANNING_WORKERS))


def logged_fields(partner_model):
    """Stored fields of res.partner whose value a write may change and undo may put back."""
    names = []
    for name, field in partner_model._fields.items():
        if (
            field.store
            and name not in models.MAGIC_COLUMNS
            and name not in UNLOGGED_FIELDS
            and field.type not in UNLOGGED_TYPES
            and (field.column_type or field.type == "many2many")
            and not (field.compute and field.readonly)
        ):
            names.append(name)
    return names


def loggable(record, name):
    """A field's value as the logs store it (JSON), and as undo compares it."""
    field = record._fields[name]
    value = record[name]
    if field.type == "many2one":
        return value.id or False
    if field.type == "many2many":
        return sorted(value.ids)
    if field.type == "date":
        return fields.Date.to_string(value) if value else False
    if field.type == "datetime":
        return fields.Datetime.to_string(value) if value else False
    if field.type == "html":
        return str(value) if value else False
    return value


def snapshot(partners, names):
    """``{partner id: {field: loggable value}}``, read in one go. Read as superuser:
    the log holds every field a write changed, whoever may read it."""
    partners = partners.sudo()
    partners.fetch([name for name in names if name in partners._fields])
    return {partner.id: {name: loggable(partner, name) for name in names} for partner in partners}


def changed_fields(before, after):
    """``[(partner id, previous values, written values)]`` of the partners whose
    logged fields differ between two snapshots."""
    changes = []
    for partner_id, values in after.items():
        previous = before[partner_id]
        changed = [name for name, value in values.items() if value != previous[name]]
        if changed:
            changes.append(
                (
                    partner_id,
                    {name: previous[name] for name in changed},
                    {name: values[name] for name in changed},
                )
            )
    return changes


def loggable_vals(vals):
    """Create values as the logs store them: x2many commands become the ids they set."""
    logged = {}
    for name, value in vals.items():
        if isinstance(value, list):
            ids = set()
            for command in value:
                if command[0] == fields.Command.SET:
                    ids = set(command[2])
                elif command[0] == fields.Command.LINK:
                    ids.add(command[1])
            value = sorted(ids)
        elif isinstance(value, models.BaseModel):
            value = value.id
        elif hasattr(value, "isoformat"):
            value = value.isoformat(" ") if hasattr(value, "hour") else value.isoformat()
        logged[name] = str(value) if hasattr(value, "__html__") else value
    return logged


class BatchLog:
    """What one batch did, saved together at its end."""

    def __init__(self):
        self.rows = {}  # row number -> values of crm.client.import.row
        self.changes = []  # values of crm.client.import.change, in order
        self.new_records = []  # values of crm.client.import.record
        self.record_updates = {}  # record id -> values
        self.counts = Counter()
        self.written_ids = set()  # partners this transaction wrote (for the stamps)

    def set(self, plan, outcome, **values):
        if plan.number in self.rows:
            raise RuntimeError(f"Row {plan.number} was given two outcomes")
        self.rows[plan.number] = dict(values, row_number=plan.number, outcome=outcome)
        self.counts[f"rows_{outcome}"] += 1


class ClientImportJobBatch(models.Model):
    _inherit = "crm.client.import.job"

    identity_index = fields.Json(
        readonly=True, copy=False, help="What the whole file says of who is who (lib.identity)."
    )

    def _file_identity(self):
        """What the whole file says of who is who, found by a quick pass over it
        before the first row is decided; kept while the file and choices stay."""
        fingerprint = self._identity_fingerprint()
        if (self.identity_index or {}).get("fingerprint") != fingerprint:
            found = identity.FileIdentity()
            excluded = set(self.excluded_rows or [])
            planner = self._planner(narrow=identity.identity_mapping)
            batches = self._planned_batches(planner, start=0, workers=planning_workers())
            with contextlib.closing(batches):
                for batch in batches:
                    for plan in batch:
                        if plan.number not in excluded and not plan.skipped:
                            found.add(plan)
            self.identity_index = dict(found.to_dict(), fingerprint=fingerprint)
        return identity.FileIdentity.from_dict(self.identity_index)

    def _identity_fingerprint(self):
        choices = [
            self.attachment_id.checksum,
            self.reader_options,
            self.mapping,
            sorted(self.excluded_rows or []),
            self.import_kind,
            self.account_type_mode,
            self.account_type,
            self.account_type_overrides,
        ]
        text = json.dumps(choices, sort_keys=True, default=str)
        return hashlib.sha1(text.encode()).hexdigest()

    def _resolve_options(self):
        return identity.ResolveOptions(
            policy=self.duplicate_policy, restore_archived=self.restore_archived
        )

    def _records_of(self, partner_ids):
        """What this import logged of ``partner_ids``: ``{partner id: record values}``."""
        if not partner_ids or not self.id:
            return {}
        rows = self.env.execute_query(
            SQL(
                """SELECT partner_id, id, kind, action, file_values, file_rows, portal_role
                     FROM crm_client_import_record
                    WHERE job_id = %s AND partner_id = ANY(%s)""",
                self.id,
                list(partner_ids),
            )
        )
        names = ("id", "kind", "action", "file_values", "file_rows", "role")
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}

    def _problem_texts(self, problems):
        """Problems as the user reads them: translated, with their column."""
        texts = []
        for problem in problems:
            text = translate_message(self.env, problem.message, problem.params)
            texts.append(f"{problem.column}: {text}" if problem.column else text)
        return texts

    def _apply_batch(self, row_plans, writer, excluded, file_identity):
        """Decide, write and log one batch of planned rows; returns its counts (see
        ``_save_batch``)."""
        job = self.with_context(**QUIET)
        log = BatchLog()
        plans = []
        for plan in row_plans:
            if not any(str(cell).strip() for cell in plan.cells):
                log.set(plan, "empty")
            elif plan.number in excluded:
                job._skip_row(log, plan, [self.env._("Left out on the review step")])
            elif plan.skipped:
                job._skip_row(log, plan, job._problem_texts(plan.errors))
            else:
                plans.append(plan)
        resolver = identity.Resolver(job._resolve_options(), file_identity)
        CandidateFinder(job).add_candidates(resolver, plans)
        kept = []
        for plan, row in zip(plans, resolver.resolve(plans), strict=True):
            if row.skipped:
                errors = [problem for problem in row.problems if problem.severity == ERROR]
                job._skip_row(log, plan, job._problem_texts(errors))
            else:
                kept.append((plan, row))
        BatchWriter(job, writer, resolver, log).write(kept)
        return job._save_batch(row_plans, log)

    @contextlib.contextmanager
    def _logged_partner_writes(self, partners):
        """Log what the writes made inside this block change on ``partners`` (their
        fields, the followers of them and of their accounts), as undo needs it."""
        names = logged_fields(self.env["res.partner"])
        before = snapshot(partners, names)
        scope = (partners | partners.parent_id | partners.client_also_contact_of_ids).ids
        followers_before = self._follower_ids(scope)
        yield
        self.env.flush_all()
        changes = [
            {
                "job_id": self.id,
                "kind": "partner_updated",
                "partner_id": partner_id,
                "previous_values": previous,
                "written_values": written,
            }
            for partner_id, previous, written in changed_fields(before, snapshot(partners, names))
        ]
        if followers := sorted(self._follower_ids(scope) - followers_before):
            changes.append(
                {
                    "job_id": self.id,
                    "kind": "records_created",
                    "res_model": "mail.followers",
                    "res_ids": followers,
                }
            )
        insert_rows(self.env["crm.client.import.change"], changes)
        self._stamp_created({change["partner_id"] for change in changes if "partner_id" in change})

    def _follower_ids(self, partner_ids):
        """Ids of the followers of ``partner_ids``."""
        if not partner_ids:
            return set()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM mail_followers "
                "WHERE res_model = 'res.partner' AND res_id = ANY(%s)",
                list(partner_ids),
            )
        )
        return {row[0] for row in rows}

    def _skip_row(self, log, plan, reasons):
        log.set(plan, "skipped", reason="; ".join(reasons), cells=list(plan.cells))

    def _row_warnings(self, plan, row):
        """The warnings of a kept row, as the screens and the report show them:
        ``[{"column", "value", "reason"}]``, value and reason masked; or False."""
        warnings = [
            {
                "column": problem.column,
                "value": mask_text(str(problem.params.get("value", ""))),
                "reason": mask_text(translate_message(self.env, problem.message, problem.params)),
            }
            for problem in [*plan.problems, *row.problems]
            if problem.severity == WARNING
        ]
        return warnings or False

    # --- saving -----------------------------------------------------------------

    def _save_batch(self, row_plans, log):
        """Save what the batch logged; returns its counts (``rows_read`` and the
        counters it adds to), for ``_add_counts``."""
        numbers = {plan.number for plan in row_plans}
        if missing := sorted(numbers - set(log.rows)):
            raise RuntimeError(f"Row {missing[0]} was given no outcome")
        cells = {plan.number: list(plan.cells) for plan in row_plans}
        rows = []
        for number, values in sorted(log.rows.items()):
            if warnings := values.get("warnings"):
                # the report gives the cells of rows with warnings back, to re-import
                values = dict(values, warning_count=len(warnings), cells=cells[number])
                log.counts["rows_with_warnings"] += 1
            rows.append(dict(values, job_id=self.id))
        insert_rows(self.env["crm.client.import.row"], rows)
        for values in log.changes:
            values["job_id"] = self.id
        insert_rows(self.env["crm.client.import.change"], log.changes)
        for values in log.new_records:
            values["job_id"] = self.id
        insert_rows(self.env["crm.client.import.record"], log.new_records)
        update_rows(self.env["crm.client.import.record"], log.record_updates)
        self._stamp_created(log.written_ids)
        counts = log.counts
        counts["rows_read"] = len(row_plans)
        return counts

    def _add_counts(self, counts):
        """Add a batch's counts to the job's counters and move its resume point past
        the batch's rows."""
        self.write(
            {
                "next_row_index": self.next_row_index + counts["rows_read"],
                **{name: self[name] + count for name, count in counts.items()},
            }
        )

    def _stamp_created(self, partner_ids):
        """Partners this import made and wrote again in this transaction: their
        creation's stamp moves, so that undo tells the import's own writes from
        later edits by someone else."""
        if not partner_ids:
            return
        self.env.flush_all()
        now = self.env.cr.now()
        self.env.execute_query(
            SQL(
                """UPDATE crm_client_import_change c SET written_at = %(now)s
                     FROM res_partner p
                    WHERE c.job_id = %(job)s AND c.kind = 'partner_created'
                      AND c.partner_id = p.id AND p.write_date = %(now)s
                      AND (p.id = ANY(%(ids)s) OR p.parent_id = ANY(%(ids)s))""",
                now=now,
                job=self.id,
                ids=sorted(partner_ids),
            )
        )
        self.env["crm.client.import.change"].invalidate_model(["written_at"])

    # --- values of new partners -----------------------------------------------------

    def _new_account_vals(self, partner_values, writer):
        vals = dict(partner_values.vals)
        vals.setdefault("client_account_type", DEFAULT_NEW_ACCOUNT_TYPE)
        vals.setdefault("is_company", vals["client_account_type"] != INDIVIDUAL)
        vals.setdefault("user_id", self.user_id.id)
        if lang := self._new_partner_lang():
            vals.setdefault("lang", lang)
        tag_ids = self.tag_ids.ids + writer.resolve_tags(partner_values.tag_names)
        if tag_ids:
            vals["category_id"] = [fields.Command.set(tag_ids)]
        if partner_values.notes:
            vals["comment"] = notes_html(partner_values.notes)
        vals.update(self._rank_values())
        return vals

    def _rank_values(self):
        Partner = self.env["res.partner"]
        if "customer_rank" not in Partner._fields or self.partner_rank in (False, "none"):
            return {}
        return {
            "customer_rank": 1 if self.partner_rank in ("customer", "both") else 0,
            "supplier_rank": 1 if self.partner_rank in ("supplier", "both") else 0,
        }

    def _contact_tag_ids(self, writer, partner_values):
        own = self.tag_ids.ids if self.tags_on_contacts else []
        return own + writer.resolve_tags(partner_values.tag_names)

    def _new_person_values(self, person_role, vals):
        """More values of a new contact person (the portal part adds its toggles)."""
        return {}

    def _account_sync_values(self, accounts):
        """``{account id: values}``: what Odoo's parent-to-contact sync would write on
        a new contact of each account. New contacts are created with them, so that
        the sync, one write per contact, has nothing left to do and is skipped."""
        Partner = self.env["res.partner"]
        commercial_fields = Partner._commercial_fields()
        address_fields = Partner._address_fields()
        accounts = Partner.union(*accounts)
        # In one query: Odoo computes commercial_partner_id record by record, so each
        # commercial entity read through it would be fetched on its own.
        accounts.commercial_partner_id.fetch(commercial_fields)
        result = {}
        for account in accounts:
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

    def _create_partners(self, vals_list, first_contact_sync=None):
        """``create()`` in bulk without Odoo's per-partner sync from parent to contact,
        as Odoo's own data loading does: a contact's values already hold what it would
        copy (``_account_sync_values``). What else that sync does is done here."""
        Partner = self.env["res.partner"]
        created = Partner.with_context(_partners_skip_fields_sync=True).create(vals_list)
        created = Partner.browse(created.ids)  # later writes on them sync as usual
        contacts = created.filtered("parent_id")
        # A first contact with an address gives it to an account that has none.
        for contact in contacts.filtered(lambda partner: partner.type != "contact"):
            if first_contact_sync is None or first_contact_sync(contact):
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

    def _changed_values(self, partner, vals, fill_only):
        """The values of ``vals`` that change ``partner``. Fill blanks only fills
        what is empty: a boolean always has a value, and an account type is only
        given when it agrees with the partner's company flag."""
        changes = {}
        for field, value in vals.items():
            field_type = partner._fields[field].type
            current = partner[field]
            if field_type == "many2one":
                current = current.id
            if fill_only and (current or field_type == "boolean"):
                continue
            if (current or False) != (value or False):
                changes[field] = value
        account_type = changes.get("client_account_type")
        if fill_only and account_type and (account_type == INDIVIDUAL) == partner.is_company:
            del changes["client_account_type"]
        return changes

    def _apply_account_settings(self, accounts, new):
        """Followers and folders, in bulk; returns the folders made."""
        Folder = self.env["crm.client.folder"]
        if not accounts:
            return Folder
        follower_ids = (self.assignee_ids - self.user_id).partner_id.ids
        if follower_ids:
            self.env["mail.followers"]._insert_followers("res.partner", accounts.ids, follower_ids)
        if not self.folder_template_id or not (new or self.folders_on_existing):
            return Folder
        without_folders = accounts
        if not new:
            without_folders = accounts.filtered(
                lambda partner: self.folder_template_id not in partner.client_folder_ids.template_id
            )
        return self.folder_template_id.sudo()._create_folders(without_folders)


class BatchWriter:
    """Writes what the rules decided for one batch, and logs it."""

    def __init__(self, job, writer, resolver, log):
        self.job = job
        self.env = job.env
        self.writer = writer
        self.log = log
        self.Partner = job.env["res.partner"]
        self.policy = job.duplicate_policy
        self.entities = [entity for entity in resolver.entities.values() if entity.rows]
        self.by_handle = {entity.handle: entity for entity in resolver.entities.values()}
        self.partners = {}  # handle -> res.partner
        self.updated_rows = set()
        self.linked_rows = set()
        self.updated_handles = set()  # entities whose partner a logged write changed
        self.pending_banks = []  # (partner, {"iban", "bic"}, entity)
        self.created_records = defaultdict(list)  # model -> ids, for the log

    def write(self, kept):
        links = [link for _plan, row in kept for link in row.links]
        existing = [entity for entity in self.entities if entity.origin != identity.NEW]
        linked = {link.person for link in links} | {link.account for link in links}
        handles = sorted({entity.handle for entity in existing} | linked)
        for partner in self.Partner.browse([h for h in handles if h > 0]):
            self.partners[partner.id] = partner
        to_log = self.Partner.browse(
            [e.handle for e in existing if self._writes(e)]
            + [link.person for link in links if link.person > 0]
        )
        names = logged_fields(self.Partner)
        before = snapshot(to_log, names)
        followers_before = self.job._follower_ids(list(self.partners))

        new = [entity for entity in self.entities if entity.origin == identity.NEW]
        self._create_accounts([entity for entity in new if entity.met_as == identity.ACCOUNT])
        self._update([entity for entity in existing if entity.met_as == identity.ACCOUNT])
        self._create_people([entity for entity in new if entity.met_as != identity.ACCOUNT])
        self._update([entity for entity in existing if entity.met_as != identity.ACCOUNT])
        self._link(links)
        self._bank_accounts()

        self.env.flush_all()
        self._log_updates(to_log, before, names)
        self._log_created_records(followers_before)
        self._log_records()
        self._log_rows(kept)

    # --- deciding what is written

    def _writes(self, entity):
        """Whether an existing partner gets written by this batch."""
        if entity.restore:
            return True
        if entity.origin == identity.OWN:
            return bool(entity.batch_values)
        return self.policy in (identity.UPDATE, identity.FILL) and (
            bool(entity.batch_values) or entity.first_met
        )

    def _side(self, entity):
        if entity.met_as == identity.ACCOUNT:
            return "account"
        return SIDE_OF_ROLE.get(entity.role, "contact")

    # --- accounts

    def _create_accounts(self, entities):
        if not entities:
            return
        job, writer = self.job, self.writer
        partner_values = [writer.values("account", entity.batch_values) for entity in entities]
        writer.resolve_titles(partner_values)
        vals_list = [job._new_account_vals(pv, writer) for pv in partner_values]
        created = job._create_partners(vals_list)
        for entity, pv, vals, partner in zip(
            entities, partner_values, vals_list, created, strict=True
        ):
            self._created(entity, partner, vals, pv)
            self.log.counts["accounts_created"] += 1
        folders = job._apply_account_settings(created, new=True)
        self.created_records["crm.client.folder"] += folders.ids

    def _created(self, entity, partner, vals, partner_values):
        self.partners[entity.handle] = partner
        self.log.changes.append(
            {
                "kind": "partner_created",
                "partner_id": partner.id,
                "written_values": loggable_vals(vals),
                "written_at": self.env.cr.now(),
                "row_number": entity.created_by,
            }
        )
        self.log.written_ids.add(partner.id)
        self.pending_banks.append((partner, partner_values.bank, entity))

    # --- existing partners

    def _update(self, entities):
        """Apply the duplicate policy (or, for partners of this import, the file's
        later rows) to existing partners."""
        job, writer = self.job, self.writer
        first_met_accounts = self.Partner
        for entity in entities:
            if not self._writes(entity):
                continue
            partner = self.partners[entity.handle]
            side = self._side(entity)
            changes = {"active": True} if entity.restore else {}
            values = (
                entity.batch_values
                if entity.origin == identity.OWN or (self.policy != identity.SKIP)
                else {}
            )
            pv = writer.values(side, values)
            writer.resolve_titles([pv])
            vals = dict(pv.vals)
            if entity.origin == identity.EXISTING:
                if "name" in vals:
                    vals["name"] = identity.written_name(partner.name, vals["name"])
                if job.account_type_mode == "skip" or entity.met_as != identity.ACCOUNT:
                    vals.pop("client_account_type", None)
                    vals.pop("is_company", None)
                if self.policy == identity.UPDATE and job.empty_clears and entity.first_met:
                    for field in writer.mapped_plain_fields(side):
                        vals.setdefault(field, False)
            fill_only = entity.origin == identity.EXISTING and self.policy == identity.FILL
            changes.update(job._changed_values(partner, vals, fill_only))
            tag_ids = set(writer.resolve_tags(pv.tag_names))
            if entity.first_met and entity.origin == identity.EXISTING:
                if entity.met_as == identity.ACCOUNT:
                    tag_ids |= set(job.tag_ids.ids)
                    first_met_accounts |= partner
                elif job.tags_on_contacts:
                    tag_ids |= set(job.tag_ids.ids)
            if new_tags := tag_ids - set(partner.category_id.ids):
                changes["category_id"] = [fields.Command.link(tag_id) for tag_id in new_tags]
            if pv.notes:
                changes["comment"] = notes_html(pv.notes, partner.comment)
            if changes:
                partner.write(changes)
                self.log.written_ids.add(partner.id)
            self.pending_banks.append((partner, pv.bank, entity))
        if first_met_accounts:
            folders = job._apply_account_settings(first_met_accounts, new=False)
            self.created_records["crm.client.folder"] += folders.ids

    # --- people

    def _create_people(self, entities):
        if not entities:
            return
        job, writer = self.job, self.writer
        accounts = {self.partners[e.parent] for e in entities if e.parent is not None}
        synced = job._account_sync_values(accounts)
        address_fields = self.Partner._address_fields()
        default_lang = job._new_partner_lang()
        partner_values, vals_list = [], []
        for entity in entities:
            pv = writer.values(self._side(entity), entity.batch_values)
            partner_values.append(pv)
            vals = dict(pv.vals)
            vals["is_company"] = False
            vals.pop("client_account_type", None)
            if job.lang:
                vals.setdefault("lang", job.lang)
            if entity.parent is not None:
                account = self.partners[entity.parent]
                account_values = synced[account.id]
                own_address = any(vals.get(field) for field in address_fields)
                vals["parent_id"] = account.id
                vals["type"] = "other" if own_address else "contact"
                vals.update(account_values["commercial"])
                if not own_address:
                    vals.update(account_values["address"])
                vals.setdefault("lang", account_values["lang"])
                vals.setdefault("user_id", account_values["user_id"])
            if default_lang:
                vals.setdefault("lang", default_lang)
            if tag_ids := job._contact_tag_ids(writer, pv):
                vals["category_id"] = [fields.Command.set(tag_ids)]
            if pv.notes:
                vals["comment"] = notes_html(pv.notes)
            vals.update(job._new_person_values(entity.role, vals))
            vals_list.append(vals)
        writer.resolve_titles(partner_values)
        created = job._create_partners(vals_list, first_contact_sync=self._may_give_address)
        for entity, pv, vals, partner in zip(
            entities, partner_values, vals_list, created, strict=True
        ):
            self._created(entity, partner, vals, pv)
            self.log.counts["contacts_created"] += 1

    def _may_give_address(self, contact):
        """Odoo gives a first contact's address to an account that has none; not to an
        existing account that the duplicate policy leaves alone."""
        account = self.by_handle.get(contact.parent_id.id)
        return not (account and account.origin == identity.EXISTING and self._untouchable(account))

    def _untouchable(self, entity):
        return entity.origin == identity.EXISTING and self.policy in (
            identity.SKIP,
            identity.CREATE_ALWAYS,
        )

    def _link(self, links):
        """A person on another account's row: its contact too. A person without an
        account of its own joins it; anyone else is linked as "Also contact of"."""
        for link in links:
            person = self.partners[link.person]
            account = self.partners[link.account]
            if (
                account in (person, person.parent_id)
                or account in person.client_also_contact_of_ids
            ):
                continue
            person_entity = self.by_handle[link.person]
            loose = not (
                person.parent_id
                or person.is_company
                or person.client_account_type
                or person.child_ids
            )
            if loose and not self._untouchable(person_entity):
                person.parent_id = account
                self.log.written_ids.add(person.id)
            elif not self._untouchable(self.by_handle[link.account]):
                account.client_other_contact_ids = [fields.Command.link(person.id)]
                self.log.changes.append(
                    {
                        "kind": "link_added",
                        "partner_id": person.id,
                        "account_id": account.id,
                        "row_number": link.row,
                    }
                )
                self.log.written_ids.add(account.id)
            else:
                continue
            self.linked_rows.add(link.row)
            self.log.counts["links_added"] += 1

    def _bank_accounts(self):
        Bank = self.env["res.partner.bank"]
        vals_list, owners = [], []
        for partner, bank, entity in self.pending_banks:
            if not bank.get("iban"):
                continue
            sanitized = bank["iban"].replace(" ", "").upper()
            if sanitized in partner.bank_ids.mapped("sanitized_acc_number"):
                continue
            if entity.origin == identity.EXISTING and self.policy == identity.SKIP:
                continue
            vals_list.append(self.writer.bank_account_values(partner.id, bank))
            owners.append(entity)
        if vals_list:
            banks = Bank.create(vals_list)
            self.created_records["res.partner.bank"] += banks.ids
            for entity in owners:
                for number, names in entity.contributions.items():
                    if "iban" in names and number != entity.created_by:
                        self.updated_rows.add(number)

    # --- logging

    def _log_updates(self, partners, before, names):
        for partner_id, previous, written in changed_fields(before, snapshot(partners, names)):
            entity = self.by_handle.get(partner_id)
            self.log.changes.append(
                {
                    "kind": "partner_updated",
                    "partner_id": partner_id,
                    "previous_values": previous,
                    "written_values": written,
                    "row_number": entity.rows[0] if entity and entity.rows else False,
                }
            )
            if entity:
                self._attribute(entity, set(written))

    def _attribute(self, entity, changed):
        """The rows whose values made these changes count as updated; the first row
        of a client met for the first time carries the bulk settings (tags, restore)."""
        side = self._side(entity)
        for number, names in entity.contributions.items():
            subset = {name: entity.batch_values[name] for name in names}
            pv = self.writer.values(side, subset)
            row_fields = set(pv.vals)
            if pv.tag_names:
                row_fields.add("category_id")
            if pv.notes:
                row_fields.add("comment")
            if row_fields & changed:
                self.updated_rows.add(number)
        if entity.rows and (changed & {"active", "category_id"}):
            self.updated_rows.add(entity.rows[0])
        self.updated_handles.add(entity.handle)

    def _log_created_records(self, followers_before):
        partner_ids = sorted({partner.id for partner in self.partners.values()})
        new_followers = self.job._follower_ids(partner_ids) - followers_before
        self.created_records["mail.followers"] += sorted(new_followers)
        for model, ids in self.created_records.items():
            if ids:
                self.log.changes.append(
                    {"kind": "records_created", "res_model": model, "res_ids": sorted(ids)}
                )

    def _log_records(self):
        log = self.log
        for entity in self.entities:
            partner = self.partners[entity.handle]
            kind = "account" if entity.met_as == identity.ACCOUNT else "contact"
            values = {
                "file_values": entity.file_values,
                "file_rows": dict(entity.sources),
            }
            updated = entity.handle in self.updated_handles or entity.restore
            if entity.origin == identity.NEW:
                log.new_records.append(
                    dict(
                        values,
                        partner_id=partner.id,
                        kind=kind,
                        action="created",
                        row_number=entity.created_by,
                        portal_role=entity.role or False,
                        portal_invite=_invite_choice(entity.file_values),
                    )
                )
                continue
            if entity.first_met:
                log.counts[f"{kind}s_matched"] += 1
            if entity.record_id is None:
                log.new_records.append(
                    dict(
                        values,
                        partner_id=partner.id,
                        kind=kind,
                        action="updated" if updated else "unchanged",
                        row_number=entity.rows[0],
                        portal_role=entity.role or False,
                        portal_invite=_invite_choice(entity.file_values),
                    )
                )
                if updated and entity.origin == identity.EXISTING:
                    log.counts[f"{kind}s_updated"] += 1
                continue
            if entity.batch_values or updated:
                if updated:
                    values["action"] = "updated"
                    if entity.origin == identity.EXISTING and entity.record_action != "updated":
                        log.counts[f"{kind}s_updated"] += 1
                values["portal_invite"] = _invite_choice(entity.file_values)
                log.record_updates[entity.record_id] = values

    def _log_rows(self, kept):
        job, log = self.job, self.log
        for plan, row in kept:
            handles = ([row.account] if row.account is not None else []) + row.people
            entities = [self.by_handle[handle] for handle in handles]
            created = [e for e in entities if e.created_by == plan.number]
            if created:
                outcome, partner = "created", self.partners[created[0].handle]
            elif plan.number in self.updated_rows or any(
                e.origin == identity.NEW and plan.number in e.contributions for e in entities
            ):
                outcome = "updated"
                partner = next(
                    (
                        self.partners[e.handle]
                        for e in entities
                        if plan.number in e.contributions or e.handle in self.updated_handles
                    ),
                    self.partners[entities[0].handle],
                )
            elif plan.number in self.linked_rows:
                outcome = "linked"
                partner = self.partners[next(link.person for link in row.links)]
            else:
                outcome = "unchanged"
                partner = self.partners[entities[0].handle] if entities else self.Partner
            log.set(
                plan,
                outcome,
                partner_id=partner.id or False,
                warnings=job._row_warnings(plan, row),
            )


def _invite_choice(values):
    value = values.get("send_invitation")
    if value is None or value == "":
        return False
    return "yes" if value else "no"
