"""The review step: what the import will do, computed with the import's own planner
and matcher, batch by batch (one query per key per batch), without writing anything."""

import contextlib
import os

from odoo import models

from ..lib.masking import mask_text
from .import_matcher import ACCOUNT_KEYS, ACCOUNT_SCOPE, PERSON_KEYS, PERSON_SCOPE, PartnerMatcher
from .import_results import protected_ids
from .import_writer import PartnerWriter

SAMPLE_ACCOUNTS = 10
SAMPLE_CONTACTS = 10
LISTED_INVALID_ROWS = 200
LISTED_ONLY_IN_ODOO = 10
# Each planning process reads the whole file: more than a few cost more than they give.
MAX_REVIEW_WORKERS = 4


def review_workers():
    """Planning processes for the review: the cores this process may use, up to a few."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_REVIEW_WORKERS))


class ReviewTally:
    """The review's counts and samples, filled batch by batch."""

    def __init__(self, job, writer):
        self.job = job
        self.writer = writer
        self.matcher = PartnerMatcher(job.env) if job.duplicate_policy != "create" else None
        self.excluded = set(job.excluded_rows or [])
        self.account_outcomes = {}  # account key -> partner id, "new" or "ambiguous"
        self.known_people = set()
        self.sample_keys = []
        self.review = {
            "rows": 0,
            "new_accounts": 0,
            "existing_accounts": 0,
            "new_contacts": 0,
            "existing_contacts": 0,
            "invalid_rows": 0,
            "excluded_rows": 0,
            "invalid": [],
            "accounts": [],
            "changes": [],
        }

    def add(self, batch):
        review = self.review
        review["rows"] += len(batch)
        plans = []
        for plan in batch:
            if plan.number in self.excluded:
                review["excluded_rows"] += 1
            elif plan.skipped:
                review["invalid_rows"] += 1
                if len(review["invalid"]) < LISTED_INVALID_ROWS:
                    # Only the skipped-rows report gives cells back in full.
                    reason = mask_text(self.job._translated_reason(plan))
                    review["invalid"].append({"row": plan.number, "reason": reason})
            else:
                plans.append(plan)
        self._add_accounts(plans)
        self._add_people(plans)

    def _match(self, values_by_key, keys, scope):
        return self.matcher.match(values_by_key, keys, scope) if self.matcher else {}

    def _add_accounts(self, plans):
        review = self.review
        new_keys = {}
        for plan in plans:
            if plan.account and plan.account_key not in self.account_outcomes:
                new_keys.setdefault(plan.account_key, plan.account)
        found = self._match(new_keys, ACCOUNT_KEYS, ACCOUNT_SCOPE)
        for key, values in new_keys.items():
            _key_name, partner_ids = found.get(key, (None, []))
            if len(partner_ids) == 1:
                self.account_outcomes[key] = partner_ids[0]
                review["existing_accounts"] += 1
                self.job._review_change(review, partner_ids[0], values, self.writer)
            elif partner_ids:
                self.account_outcomes[key] = "ambiguous"
                review["invalid_rows"] += 1
            else:
                self.account_outcomes[key] = "new"
                review["new_accounts"] += 1
            if len(self.sample_keys) < SAMPLE_ACCOUNTS:
                self.sample_keys.append(key)
                status = "new" if self.account_outcomes[key] == "new" else "existing"
                review["accounts"].append(
                    {"name": values.get("name"), "status": status, "contacts": []}
                )

    def _add_people(self, plans):
        review = self.review
        new_people = {}
        for plan in plans:
            for person in plan.people:
                if not person.key:
                    review["new_contacts"] += 1
                elif person.key not in self.known_people:
                    new_people.setdefault(person.key, person.values)
                if plan.account_key in self.sample_keys:
                    sample = review["accounts"][self.sample_keys.index(plan.account_key)]
                    if len(sample["contacts"]) < SAMPLE_CONTACTS:
                        values = person.values
                        sample["contacts"].append(
                            {"name": values.get("name"), "email": values.get("email")}
                        )
        found = self._match(new_people, PERSON_KEYS, PERSON_SCOPE)
        for key in new_people:
            self.known_people.add(key)
            review["existing_contacts" if found.get(key) else "new_contacts"] += 1

    def matched_account_ids(self):
        return {outcome for outcome in self.account_outcomes.values() if isinstance(outcome, int)}


class ClientImportJobReview(models.Model):
    _inherit = "crm.client.import.job"

    def action_review(self):
        """Plan and match every row; store the buckets in ``review``; the job is ready."""
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
        batches = self._planned_batches(planner, start=0, workers=review_workers())
        with contextlib.closing(batches):
            for batch in batches:
                tally.add(batch)
        review = tally.review
        review["only_in_odoo"] = self._only_in_odoo(tally.matched_account_ids())
        review["settings"] = self._review_settings()
        return review

    def _review_change(self, review, partner_id, values, writer):
        """Before → after of a matched account the policy will update (the first few)."""
        if self.duplicate_policy not in ("update", "fill") or len(review["changes"]) >= 10:
            return
        partner = self.env["res.partner"].browse(partner_id)
        partner_values = writer.values("account", values)
        writer.resolve_titles([partner_values])
        vals = partner_values.vals
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
                    "before": str(before or ""),
                    "after": str(after or ""),
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
