"""The review step: what the import will do, decided by the import's own planner
and identity rules, batch by batch (one lookup per key per batch), without
writing anything. The rules see the file's own clients as they go, as the import
would have written them by then: a dry run and the import report the same
numbers on the same database."""

import contextlib

from odoo import models
from odoo.exceptions import UserError

from ..lib import identity
from ..lib.errors import ERROR
from ..lib.masking import mask_text
from .import_batch import planning_workers
from .import_candidates import CandidateFinder
from .import_results import protected_ids
from .import_writer import PartnerWriter

SAMPLE_ACCOUNTS = 10
SAMPLE_CONTACTS = 10
LISTED_ROWS = 200  # per bucket
LISTED_ONLY_IN_ODOO = 10
# Buckets of rows by the code of their problems (lib.identity): (count, list)
ROW_BUCKETS = {
    identity.CONFLICT: ("conflicts", "conflict_rows"),
    identity.ARCHIVED: ("archived", "archived_rows"),
    identity.SHARED_EMAIL: ("shared_emails", "shared_email_rows"),
}


class ReviewTally:
    """The review's counts, buckets and samples, filled batch by batch."""

    def __init__(self, job, writer):
        self.job = job
        self.writer = writer
        self.resolver = identity.Resolver(job._resolve_options(), job._file_identity())
        self.finder = CandidateFinder(job)
        self.excluded = set(job.excluded_rows or [])
        self.samples = {}  # account handle -> sample
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
            "accounts": [],
            "changes": [],
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
                self._invalid(plan.number, plan.errors)
            else:
                plans.append(plan)
        resolver = self.resolver
        resolver.start_batch()
        self.finder.add_candidates(resolver, plans)
        for plan, row in zip(plans, resolver.resolve(plans), strict=True):
            self._bucket(plan, row)
            if row.skipped:
                self._invalid(plan.number, [p for p in row.problems if p.severity == ERROR])
                continue
            self._sample(plan, row)
            self._warnings(plan, row)
        for entity in resolver.entities.values():
            if entity.first_met:
                self._count(entity)

    def _invalid(self, number, problems):
        review = self.review
        review["invalid_rows"] += 1
        if len(review["invalid"]) < LISTED_ROWS:
            # Only the skipped-rows report gives cells back in full.
            reason = mask_text("; ".join(self.job._problem_texts(problems)))
            review["invalid"].append({"row": number, "reason": reason})

    def _warnings(self, plan, row):
        warnings = self.job._row_warnings(plan, row)
        if not warnings:
            return
        review = self.review
        review["warning_rows"] += 1
        review["warning_row_numbers"].append(plan.number)
        listed = review["warnings"]
        for warning in warnings[: LISTED_ROWS - len(listed)]:
            listed.append(dict(warning, row=plan.number))

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
        if entity.origin == identity.EXISTING and entity.met_as == identity.ACCOUNT:
            self.job._review_change(review, entity, self.writer)

    def _sample(self, plan, row):
        new_sample = row.account is not None and row.account not in self.samples
        if new_sample and len(self.samples) < SAMPLE_ACCOUNTS:
            entity = self.resolver.entities[row.account]
            sample = {
                "name": entity.name,
                "status": "new" if entity.origin == identity.NEW else "existing",
                "contacts": [],
            }
            self.samples[row.account] = sample
            self.review["accounts"].append(sample)
        sample = self.samples.get(row.account)
        if sample is None:
            return
        for handle in row.people:
            person = self.resolver.entities[handle]
            contact = {"name": person.name, "email": person.file_values.get("email")}
            if len(sample["contacts"]) < SAMPLE_CONTACTS and contact not in sample["contacts"]:
                sample["contacts"].append(contact)

    def matched_account_ids(self):
        return {
            entity.handle
            for entity in self.resolver.entities.values()
            if entity.origin == identity.EXISTING and entity.met_as == identity.ACCOUNT
        }


class ClientImportJobReview(models.Model):
    _inherit = "crm.client.import.job"

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
        review["settings"] = self._review_settings()
        return review

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

    def _review_change(self, review, entity, writer):
        """Before → after of a matched account the policy will update (the first few)."""
        if self.duplicate_policy not in ("update", "fill") or len(review["changes"]) >= 10:
            return
        partner = self.env["res.partner"].browse(entity.handle)
        partner_values = writer.values("account", entity.file_values)
        writer.resolve_titles([partner_values])
        vals = partner_values.vals
        if self.account_type_mode == "skip":
            vals.pop("client_account_type", None)
            vals.pop("is_company", None)
        changes = self._changed_values(partner, vals, fill_only=self.duplicate_policy == "fill")
        if not changes:
            return
        lines = []
        for field, after in changes.items():
            before = partner[field]
            field_obj = partner._fields[field]
            if field_obj.type == "many2one":
                after = self.env[field_obj.comodel_name].browse(after).display_name
                before = before.display_name
            lines.append(
                {
                    "field": field_obj.get_description(self.env)["string"],
                    "before": mask_text(str(before or "")),
                    "after": mask_text(str(after or "")),
                }
            )
        review["changes"].append({"name": partner.display_name, "id": partner.id, "lines": lines})

    def _only_in_odoo(self, matched_ids):
        """Accounts in Odoo that no row of the file names."""
        domain = [
            ("parent_id", "=", False),
            ("active", "=", True),
            ("id", "not in", list(matched_ids | protected_ids(self.env))),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        Partner = self.env["res.partner"].with_context(active_test=True)
        accounts = Partner.search(domain, limit=LISTED_ONLY_IN_ODOO, order="name")
        return {
            "count": Partner.search_count(domain),
            "names": [{"id": partner.id, "name": partner.display_name} for partner in accounts],
        }

    def _review_settings(self):
        mapping = self._get_mapping()
        return {
            "tags": self.tag_ids.mapped("name"),
            "assignees": (self.user_id | self.assignee_ids).mapped("name"),
            "folder_template": self.folder_template_id.name or "",
            "custom_fields": [
                column.new_field["label"]
                for column in mapping.columns
                if column.action == "new_field" and column.new_field
            ],
        }
