"""The review step: what the import will do, computed with the import's own planner
and matcher, in chunks (one query per key per chunk), without writing anything."""

import itertools

from odoo import models

from ..lib.masking import mask_text
from .import_matcher import ACCOUNT_KEYS, ACCOUNT_SCOPE, PERSON_KEYS, PERSON_SCOPE, PartnerMatcher
from .import_results import protected_ids
from .import_writer import PartnerWriter

REVIEW_CHUNK = 2000
SAMPLE_ACCOUNTS = 10
LISTED_INVALID_ROWS = 200
LISTED_ONLY_IN_ODOO = 10


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
        matcher = PartnerMatcher(self.env)
        match_db = self.duplicate_policy != "create"
        writer = PartnerWriter(self.env, planner.targets)
        excluded = set(self.excluded_rows or [])
        review = {
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
        account_outcome = {}  # account key -> partner id or "new" or "ambiguous"
        person_outcome = {}
        matched_account_ids = set()
        sample_keys = []
        rows = self._rows()
        while chunk := list(itertools.islice(rows, REVIEW_CHUNK)):
            review["rows"] += len(chunk)
            plans = []
            for row in chunk:
                plan = planner.plan(row)
                if row.number in excluded:
                    review["excluded_rows"] += 1
                elif plan.skipped:
                    review["invalid_rows"] += 1
                    if len(review["invalid"]) < LISTED_INVALID_ROWS:
                        # Only the skipped-rows report gives cells back in full.
                        reason = mask_text(self._translated_reason(plan))
                        review["invalid"].append({"row": plan.number, "reason": reason})
                else:
                    plans.append(plan)
            new_accounts = {}
            for plan in plans:
                if plan.account and plan.account_key not in account_outcome:
                    new_accounts.setdefault(plan.account_key, plan.account)
            found = matcher.match(new_accounts, ACCOUNT_KEYS, ACCOUNT_SCOPE) if match_db else {}
            for key, values in new_accounts.items():
                _key_name, partner_ids = found.get(key, (None, []))
                if len(partner_ids) == 1:
                    account_outcome[key] = partner_ids[0]
                    matched_account_ids.add(partner_ids[0])
                    review["existing_accounts"] += 1
                    self._review_change(review, partner_ids[0], values, writer)
                elif partner_ids:
                    account_outcome[key] = "ambiguous"
                    review["invalid_rows"] += 1
                else:
                    account_outcome[key] = "new"
                    review["new_accounts"] += 1
                if len(sample_keys) < SAMPLE_ACCOUNTS:
                    sample_keys.append(key)
                    review["accounts"].append(
                        {
                            "name": values.get("name"),
                            "status": "new" if account_outcome[key] == "new" else "existing",
                            "contacts": [],
                        }
                    )
            new_people = {}
            for plan in plans:
                for person in plan.people:
                    if person.key and person.key not in person_outcome:
                        new_people.setdefault(person.key, person.values)
                    elif not person.key:
                        review["new_contacts"] += 1
                    if plan.account_key in sample_keys:
                        contacts = review["accounts"][sample_keys.index(plan.account_key)]
                        if len(contacts["contacts"]) < 10:
                            contacts["contacts"].append(
                                {
                                    "name": person.values.get("name"),
                                    "email": person.values.get("email"),
                                }
                            )
            found = matcher.match(new_people, PERSON_KEYS, PERSON_SCOPE) if match_db else {}
            for key in new_people:
                exists = bool(found.get(key))
                person_outcome[key] = exists
                review["existing_contacts" if exists else "new_contacts"] += 1
        review["only_in_odoo"] = self._only_in_odoo(matched_account_ids)
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
