"""After an import: the skipped-rows file, the three notifications, undo; and
archive-before-import, which a Manager may ask for when starting."""

import csv
import io
import zipfile

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from ..lib.masking import mask_text
from ..lib.safe_csv import neutralize

SKIPPED_FILE_NAME = "skipped_rows.csv"


class ClientImportJobResults(models.Model):
    _inherit = "crm.client.import.job"

    undone = fields.Boolean(readonly=True, copy=False)
    undo_report = fields.Text(readonly=True, copy=False)

    # --- the skipped rows ----------------------------------------------------

    def _skipped_rows_csv(self):
        """The skipped rows as CSV text: original cells, then row number and reason.
        Cells that could start a formula are neutralized."""
        output = io.StringIO()
        writer = csv.writer(output, delimiter=(self.detection or {}).get("delimiter") or ",")
        header = list(self.header or [])
        writer.writerow([*map(neutralize, header), self.env._("Row"), self.env._("Reason")])
        for row in self.skipped_row_ids:
            cells = list(row.cells or [])
            cells += [""] * (len(header) - len(cells))
            writer.writerow([*map(neutralize, cells), row.row_number, neutralize(row.reason)])
        return output.getvalue()

    def _build_skipped_file(self):
        self.ensure_one()
        if not self.skipped_row_ids:
            return
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            # utf-8-sig: Excel reads accents right when the file starts with a BOM
            archive.writestr(SKIPPED_FILE_NAME, self._skipped_rows_csv().encode("utf-8-sig"))
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("skipped_rows_%(job)s.zip", job=self.id),
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
                "public": False,
            }
        )
        self.skipped_file_id.unlink()
        self.skipped_file_id = attachment

    def action_download_skipped(self):
        """Download the zipped CSV of the skipped rows, with the reason of each."""
        self._check_import_rights()
        self.ensure_one()
        if not self.skipped_file_id:
            raise UserError(self.env._("No row was skipped."))
        return {
            "type": "ir.actions.act_url",
            "url": self._download_url("skipped"),
            "target": "self",
        }

    # --- notifications ---------------------------------------------------------

    def _job_url(self):
        return f"/odoo/action-crm_client_import.action_import_job/{self.id}"

    def _summary_lines(self):
        return [
            self.env._("Contacts imported: %(count)s", count=self.contacts_created),
            self.env._("Rows skipped: %(count)s", count=self.rows_skipped),
            self.env._("Accounts created: %(count)s", count=self.accounts_created),
            self.env._("Accounts updated: %(count)s", count=self.accounts_updated),
            self.env._("Custom fields created: %(count)s", count=self.custom_fields_created),
        ]

    def _notify_end(self):
        """Tell the importer three ways: chatter, e-mail and a notification, each with a link."""
        self.ensure_one()
        state = dict(self._fields["state"]._description_selection(self.env))[self.state]
        title = self.env._("Client import %(name)s: %(state)s", name=self.name, state=state)
        lines = self._summary_lines()
        if self.error_message:
            lines.insert(0, mask_text(self.error_message))
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup("").join(Markup("<li>%s</li>") % line for line in lines),
        )
        self.message_post(body=body, partner_ids=self.user_id.partner_id.ids)
        template = self.env.ref(
            "crm_client_import.mail_template_import_finished", raise_if_not_found=False
        )
        if template and self.user_id.email:
            template.sudo().send_mail(self.id)
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "success" if self.state == "done" else "warning",
                "title": title,
                "message": " · ".join(lines[:3]),
                "sticky": True,
            },
        )
        self._notify_progress_bus()

    # --- undo ----------------------------------------------------------------

    def action_undo(self):
        """Archive what the import created and put back what it changed, except what
        was edited since: those are listed in the undo report."""
        self._check_import_rights(manager=True)
        self.ensure_one()
        self._check_state("done", "cancelled", "failed")
        if self.undone:
            raise UserError(self.env._("This import was already undone."))
        refused = []
        Partner = self.env["res.partner"].with_context(active_test=False, tracking_disable=True)
        for record in self.record_ids.sorted("id", reverse=True):
            if record.action == "unchanged":
                continue
            partner = Partner.browse(record.partner_id.id)
            if record.written_at and partner.write_date > record.written_at:
                refused.append(
                    self.env._(
                        "%(partner)s (#%(id)s) was edited after the import",
                        partner=partner.display_name,
                        id=partner.id,
                    )
                )
                continue
            if record.action == "created":
                partner._client_portal_revoke()  # a login it got from the import
                # Odoo refuses to archive a partner whose users it finds, archived ones
                # included when the context says so: the revoked login is archived.
                partner.with_context(active_test=True).active = False
            elif record.action == "updated":
                partner.write(self._restorable_values(partner, record.previous_values or {}))
            elif record.action == "linked":
                if partner.parent_id == record.linked_account_id:
                    partner.parent_id = False
                partner.client_also_contact_of_ids = [
                    fields.Command.unlink(record.linked_account_id.id)
                ]
        report = "\n".join(refused) or self.env._("Everything was undone.")
        self.write({"undone": True, "undo_report": report})
        self.message_post(body=self.env._("Import undone. %(report)s", report=mask_text(report)))
        return True

    def _restorable_values(self, partner, previous):
        values = {}
        for field, value in previous.items():
            if partner._fields[field].type in ("many2many", "one2many"):
                value = [fields.Command.set(value or [])]
            values[field] = value
        return values

    # --- archive before import --------------------------------------------------

    def _archive_before_import(self):
        """Archive earlier imports' clients, or all clients; never delete a partner."""
        Partner = self.env["res.partner"].with_context(active_test=True, tracking_disable=True)
        if self.archive_before == "imported":
            records = self.env["crm.client.import.record"].search(
                [
                    ("action", "=", "created"),
                    ("job_id", "!=", self.id),
                    ("job_id.company_id", "=", self.company_id.id),
                ]
            )
            partners = records.partner_id.filtered("active")
        else:
            partners = Partner.search([("company_id", "in", [False, self.company_id.id])])
        protected = protected_ids(self.env)
        partners = partners.filtered(
            lambda partner: (
                partner.id not in protected and partner.commercial_partner_id.id not in protected
            )
        )
        partners.action_archive()
        self.accounts_archived = len(partners.filtered(lambda partner: not partner.parent_id))
        self.message_post(
            body=self.env._("%(count)s clients archived before import.", count=len(partners))
        )


def protected_ids(env):
    """Partners never archived: those of companies and users."""
    companies = env["res.company"].sudo().search([]).partner_id
    users = env["res.users"].sudo().with_context(active_test=False).search([]).partner_id
    return set((companies | users).ids)


class ClientImportJobPartners(models.Model):
    _inherit = "crm.client.import.job"

    def action_view_accounts(self):
        """The accounts this import created or updated."""
        return self._partners_action("account", self.env._("Imported accounts"))

    def action_view_contacts(self):
        """The contacts this import created, updated or linked."""
        return self._partners_action("contact", self.env._("Imported contacts"))

    def _partners_action(self, kind, title):
        self._check_import_rights()
        self.ensure_one()
        records = self.record_ids.filtered(
            lambda record: record.kind == kind and record.action != "unchanged"
        )
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", records.partner_id.ids)],
            "context": {"active_test": False},
        }
