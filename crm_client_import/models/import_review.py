"""The review step: what the import will do, decided by the import's own planner
and identity rules, batch by batch (one lookup per key per batch), without
writing anything. The rules see the file's own clients as they go, as the import
would have written them by then: a dry run and the import report the same
numbers on the same database."""

import contextlib
from collections import Counter

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import identity
from ..lib.errors import ERROR
from ..lib.masking import mask_text
from ..lib.row_ranges import format_row_ranges
from .bulk_insert import insert_rows, invalidate_inverses
from .import_batch import planning_workers
from .import_candidates import CandidateFinder
from .import_record import warning_line
from .import_results import protected_ids
from .import_writer import PartnerWriter

LISTED_ROWS = 200  # per bucket
LISTED_ONLY_IN_ODOO = 10
# Buckets of rows by the code of their problems (lib.identity): (count, list)
ROW_BUCKETS = {
    identity.CONFLICT: ("conflicts", "conflict_rows"),
    identity.ARCHIVED: ("archived", "archived_rows"),
    identity.SHARED_EMAIL: ("shared_emails", "shared_email_rows"),
}


def _first_person_name(plan):
    return plan.people[0].values.get("name") or "" if plan.people else ""


class AccountSeen:
    """What the rows of one account tell the review: its rows, its people, the type
    its first row gives it (and why) and the warnings of its rows."""

    def __init__(self, plan):
        self.rows = []
        self.people = {}  # handles, in the file's order
        self.account_type = (plan.account or {}).get("type") or False
        self.type_reason = plan.account_type_reason if self.account_type else False
        self.warnings = []

    def add(self, row, warnings):
        self.rows.append(row.number)
        self.people.update(dict.fromkeys(handle for handle in row.people if handle != row.account))
        self.warnings.extend(warning_line(warning) for warning in warnings)


class ReviewTally:
    """The review's counts and buckets, and what it sees of each account, filled
    batch by batch."""

    def __init__(self, job, writer):
        self.job = job
        self.writer = writer
        self.resolver = identity.Resolver(job._resolve_options(), job._file_identity())
        self.finder = CandidateFinder(job)
        self.excluded = set(job.excluded_rows or [])
        self.accounts = {}  # account handle -> AccountSeen, in file order
        self.invalid_lines = []  # review lines of the skipped rows
        self.review = {
            "rows": 0,
            "new_accounts": 0,
            "existing_accounts": 0,
            "new_contacts": 0,
            "existing_contacts": 0,
            "invalid_rows": 0,
            "excluded_rows": 0,
            "empty_rows": 0,
            "conflicts": 0,
            "archived": 0,
            "restored": 0,
            "shared_emails": 0,
            "warning_rows": 0,
            "warning_row_numbers": [],  # every one, for leaving them out
            "invalid": [],
            "warnings": [],  # {"row", "column", "value", "reason"}
            "conflict_rows": [],
            "archived_rows": [],
            "shared_email_rows": [],
        }

    def add(self, batch):
        review = self.review
        review["rows"] += len(batch)
        plans = []
        for plan in batch:
            if not any(str(cell).strip() for cell in plan.cells):
                review["empty_rows"] += 1
            elif plan.number in self.excluded:
                review["excluded_rows"] += 1
            elif plan.skipped:
                self._invalid(plan, plan.errors)
            else:
                plans.append(plan)
        resolver = self.resolver
        resolver.start_batch()
        self.finder.add_candidates(resolver, plans)
        for plan, row in zip(plans, resolver.resolve(plans), strict=True):
            self._bucket(plan, row)
            if row.skipped:
                self._invalid(plan, [p for p in row.problems if p.severity == ERROR])
                continue
            warnings = self._warnings(plan, row)
            if row.account is not None:
                seen = self.accounts.get(row.account)
                if seen is None:
                    seen = self.accounts[row.account] = AccountSeen(plan)
                seen.add(row, warnings)
        for entity in resolver.met_in_batch():
            if entity.first_met:
                self._count(entity)

    def _invalid(self, plan, problems):
        review = self.review
        review["invalid_rows"] += 1
        # Only the skipped-rows report gives cells back in full.
        reason = mask_text("; ".join(self.job._problem_texts(problems)))
        if len(review["invalid"]) < LISTED_ROWS:
            review["invalid"].append({"row": plan.number, "reason": reason})
        self.invalid_lines.append(
            {
                "bucket": "invalid",
                "row_number": plan.number,
                "rows": str(plan.number),
                "name": (plan.account or {}).get("name") or _first_person_name(plan),
                "reason": reason,
            }
        )

    def _warnings(self, plan, row):
        """The row's warnings (masked), counted and listed on the review."""
        warnings = self.job._row_warnings(plan, row)
        if not warnings:
            return []
        review = self.review
        review["warning_rows"] += 1
        review["warning_row_numbers"].append(plan.number)
        listed = review["warnings"]
        for warning in warnings[: LISTED_ROWS - len(listed)]:
            listed.append(dict(warning, row=plan.number))
        return warnings

    def _bucket(self, plan, row):
        review = self.review
        for code, (count, rows) in ROW_BUCKETS.items():
            problems = [problem for problem in row.problems if problem.code == code]
            if not problems:
                continue
            review[count] += 1
            listed = review[rows]
            if len(listed) < LISTED_ROWS:
                text = mask_text("; ".join(self.job._problem_texts(problems)))
                listed.append({"row": plan.number, "reason": text})

    def _count(self, entity):
        review = self.review
        kind = "accounts" if entity.met_as == identity.ACCOUNT else "contacts"
        review[f"{'new' if entity.origin == identity.NEW else 'existing'}_{kind}"] += 1
        if entity.restore:
            review["restored"] += 1

    def typed_accounts(self):
        """``[{reason, type, count}]``: the accounts whose type the import writes (new
        ones, and existing ones under "Update"), by the reason of their type."""
        writes_existing = self.job.duplicate_policy == identity.UPDATE
        counts = Counter(
            (seen.type_reason, seen.account_type)
            for handle, seen in self.accounts.items()
            if seen.account_type
            and (self.resolver.entities[handle].origin != identity.EXISTING or writes_existing)
        )
        return [
            {"reason": reason, "type": account_type, "count": count}
            for (reason, account_type), count in sorted(counts.items())
        ]

    def matched_account_ids(self):
        return {
            entity.handle
            for entity in self.resolver.entities.values()
            if entity.origin == identity.EXISTING and entity.met_as == identity.ACCOUNT
        }


class ClientImportJobReview(models.Model):
    _inherit = "crm.client.import.job"

    review_line_ids = fields.One2many("crm.client.import.review.line", "job_id", readonly=True)

    def action_review(self):
        """Plan and decide every row; store the buckets in ``review``; the job is ready."""
        self._check_import_rights()
        self.ensure_one()
        self._check_state("draft", "ready")
        self._check_mapping()
        job = self.with_context(active_test=False)
        review = job._compute_review()
        self.write({"review": review, "rows_total": review["rows"], "state": "ready"})
        return True

    def _compute_review(self):
        planner = self._planner()
        tally = ReviewTally(self, PartnerWriter(self.env, planner.targets))
        # The parent mostly waits here: plan on several cores.
        batches = self._planned_batches(planner, start=0, workers=planning_workers())
        with contextlib.closing(batches):
            for batch in batches:
                tally.add(batch)
        review = tally.review
        review["only_in_odoo"] = self._only_in_odoo(tally.matched_account_ids())
        review["account_types"] = tally.typed_accounts()
        logins = self._portal_login_emails(tally.resolver.entities.values())
        review["portal_logins"] = len(logins)
        review["settings"] = self._review_settings()
        self._write_review_lines(tally, logins)
        return review

    def action_open_review_lines(self, bucket=None):
        """The review's lines, filtered on ``bucket`` (a filter of the search view:
        new, existing, invalid, only_in_odoo, with_warnings) when one is given."""
        self._check_import_rights()
        self.ensure_one()
        context = {"review_job_id": self.id}
        if bucket:
            context[f"search_default_{bucket}"] = 1
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review of %(file)s", file=self.name),
            "res_model": "crm.client.import.review.line",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("job_id", "=", self.id)],
            "context": context,
            "target": "current",
        }

    def action_exclude_warning_rows(self):
        """Leave out the rows the review finds warnings in, and review again."""
        self._check_import_rights()
        self.ensure_one()
        self._check_state("draft", "ready")
        if not self.review:  # a change of the rows left out has reset it
            self.action_review()
        warned = self.review.get("warning_row_numbers") or []
        if not warned:
            raise UserError(self.env._("The review found no row with warnings."))
        self.excluded_rows = sorted({*(self.excluded_rows or []), *warned})
        return self.action_review()

    def _write_review_lines(self, tally, logins):
        """The review's lines, in bulk: every account of the file with its type,
        people, portal logins, tags, folders and changes; the skipped rows; the
        clients only in Odoo. ``logins``: {handle: e-mail} of the people given one."""
        Line = self.env["crm.client.import.review.line"]
        self.env.execute_query(
            SQL("DELETE FROM %s WHERE job_id = %s", SQL.identifier(Line._table), self.id)
        )
        entities = tally.resolver.entities
        changes = self._review_changes(
            [entities[handle] for handle in tally.accounts], tally.writer
        )
        job_tags = self.tag_ids.mapped("name")
        folder_template = self.folder_template_id.name or False
        # An existing account keeps its type unless the import updates it.
        existing_ids = [h for h in tally.accounts if entities[h].origin == identity.EXISTING]
        current_types = {
            partner.id: partner.client_account_type
            for partner in self.env["res.partner"].browse(existing_ids)
        }
        vals_list = []
        for handle, seen in tally.accounts.items():
            entity = entities[handle]
            existing = entity.origin == identity.EXISTING
            account_type, type_reason = seen.account_type, seen.type_reason
            if existing and not (account_type and self.duplicate_policy == identity.UPDATE):
                account_type, type_reason = current_types[handle], False
            people = [entities[person] for person in seen.people]
            login_emails = [logins[e.handle] for e in [entity, *people] if e.handle in logins]
            file_tags = entity.file_values.get("tags") or []
            change_lines = changes.get(handle, [])
            vals_list.append(
                {
                    "job_id": self.id,
                    "bucket": "existing" if existing else "new",
                    "row_number": seen.rows[0],
                    "rows": format_row_ranges(seen.rows),
                    "name": entity.name,
                    "partner_id": handle if existing else False,
                    "account_type": account_type,
                    "type_reason": type_reason,
                    "contact_count": len(people),
                    "contacts": "\n".join(self._review_contact(p, logins) for p in people),
                    "portal_login": bool(login_emails),
                    "portal_login_emails": ", ".join(login_emails),
                    "tags": ", ".join(dict.fromkeys([*job_tags, *file_tags])),
                    "folder_template": (not existing or self.folders_on_existing)
                    and folder_template,
                    "change_count": len(change_lines),
                    "changes": "\n".join(
                        f"{line['field']}: {line['before'] or '—'} → {line['after'] or '—'}"
                        for line in change_lines
                    ),
                    "with_warnings": bool(seen.warnings),
                    "reason": "\n".join(seen.warnings),
                }
            )
        vals_list += [dict(vals, job_id=self.id) for vals in tally.invalid_lines]
        insert_rows(Line, vals_list)
        self._insert_only_in_odoo_lines(tally.matched_account_ids())

    def _review_contact(self, person, logins):
        """One contact person on a review line: name, e-mail, portal login."""
        email = person.file_values.get("email") or person.keys.get("email") or ""
        parts = [person.name, email]
        if person.handle in logins:
            parts.append(self.env._("portal login"))
        return " · ".join(part for part in parts if part)

    def _insert_only_in_odoo_lines(self, matched_ids):
        """A line per client only in Odoo, in one INSERT ... SELECT."""
        Line = self.env["crm.client.import.review.line"]
        Partner = self.env["res.partner"].with_context(active_test=True)
        query = Partner._search(self._only_in_odoo_domain(matched_ids))
        now, uid = self.env.cr.now(), self.env.uid
        selected = query.select(
            SQL(
                "%s, 'only_in_odoo', 1, %s, %s, %s, %s, %s, %s, %s",
                self.id,
                SQL.identifier(query.table, "name"),
                SQL.identifier(query.table, "id"),
                SQL.identifier(query.table, "client_account_type"),
                uid,
                now,
                uid,
                now,
            )
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO %s (job_id, bucket, bucket_order, name, partner_id, account_type,
                                   create_uid, create_date, write_uid, write_date) %s""",
                SQL.identifier(Line._table),
                selected,
            )
        )
        Line.invalidate_model()
        invalidate_inverses(Line)

    def _review_changes(self, entities, writer):
        """{handle: [{field, before, after}]}: what the policy changes on each matched
        account, masked; the partners are read together, a thousand at a time."""
        if self.duplicate_policy not in ("update", "fill"):
            return {}
        by_id = {e.handle: e for e in entities if e.origin == identity.EXISTING}
        partners = self.env["res.partner"].browse(list(by_id))
        result = {}
        for partner in partners:
            partner_values = writer.values("account", by_id[partner.id].file_values)
            writer.resolve_titles([partner_values])
            vals = partner_values.vals
            if self.account_type_mode == "skip":
                vals.pop("client_account_type", None)
                vals.pop("is_company", None)
            changes = self._changed_values(partner, vals, self.duplicate_policy == "fill")
            lines = []
            for field, after in changes.items():
                before = partner[field]
                field_obj = partner._fields[field]
                if field_obj.type == "many2one":
                    after = self.env[field_obj.comodel_name].browse(after).display_name
                    before = before.display_name
                elif field_obj.type == "selection":
                    labels = dict(field_obj._description_selection(self.env))
                    before, after = labels.get(before, before), labels.get(after, after)
                lines.append(
                    {
                        "field": field_obj.get_description(self.env)["string"],
                        "before": mask_text(str(before or "")),
                        "after": mask_text(str(after or "")),
                    }
                )
            if lines:
                result[partner.id] = lines
        return result

    def _only_in_odoo_domain(self, matched_ids):
        """Accounts in Odoo that no row of the file names."""
        return [
            ("parent_id", "=", False),
            ("active", "=", True),
            ("id", "not in", list(matched_ids | protected_ids(self.env))),
            ("company_id", "in", [False, self.company_id.id]),
        ]

    def _only_in_odoo(self, matched_ids):
        """How many accounts only in Odoo, and the first names."""
        domain = self._only_in_odoo_domain(matched_ids)
        Partner = self.env["res.partner"].with_context(active_test=True)
        accounts = Partner.search(domain, limit=LISTED_ONLY_IN_ODOO, order="name")
        return {
            "count": Partner.search_count(domain),
            "names": [{"id": partner.id, "name": partner.display_name} for partner in accounts],
        }

    def _review_settings(self):
        mapping = self._get_mapping()
        lang = self._new_partner_lang()
        return {
            "lang": self.env["res.lang"]._get_data(code=lang).name or lang or "",
            "lang_column": "account.lang" in mapping.headers_by_target(),
            "tags": self.tag_ids.mapped("name"),
            "assignees": (self.user_id | self.assignee_ids).mapped("name"),
            "folder_template": self.folder_template_id.name or "",
            "custom_fields": [
                column.new_field["label"]
                for column in mapping.columns
                if column.action == "new_field" and column.new_field
            ],
        }
