"""After an import: the skipped-rows file, the three notifications, undo; and
archive-before-import, which a Manager may ask for when starting."""

import csv
import io
import zipfile
from collections import Counter

import psycopg2
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

from ..lib.masking import mask_text
from ..lib.safe_csv import neutralize
from .bulk_insert import insert_rows
from .import_batch import loggable
from .import_record import warning_line

SKIPPED_FILE_NAME = "skipped.csv"
WARNINGS_FILE_NAME = "warnings.csv"
# The end-of-import notification shows the first lines of the summary.
NOTIFIED_LINES = 4


class ClientImportJobResults(models.Model):
    _inherit = "crm.client.import.job"

    undone = fields.Boolean(readonly=True, copy=False)
    undo_report = fields.Text(readonly=True, copy=False)
    undo_summary = fields.Json(
        readonly=True, copy=False, help="What undo put back and what it left, counted and named."
    )

    # --- the report: skipped rows and rows imported with warnings ----------------

    def _report_csv(self, rows, reasons):
        """``rows`` as CSV text that imports again as it is: the original header and
        cells, then a Row and a Reason column (``reasons(row)``), which the mapping
        leaves out. Cells that could start a formula are neutralized."""
        output = io.StringIO()
        writer = csv.writer(output, delimiter=(self.detection or {}).get("delimiter") or ",")
        header = list(self.header or [])
        writer.writerow([*map(neutralize, header), self.env._("Row"), self.env._("Reason")])
        for row in rows:
            cells = list(row.cells or [])
            cells += [""] * (len(header) - len(cells))
            writer.writerow([*map(neutralize, cells), row.row_number, neutralize(reasons(row))])
        return output.getvalue()

    def _build_skipped_file(self):
        """The zipped report of the rows to look at again: ``skipped.csv`` and
        ``warnings.csv``, each written when it has rows."""
        self.ensure_one()
        files = [
            (SKIPPED_FILE_NAME, self.skipped_row_ids, lambda row: row.reason),
            (
                WARNINGS_FILE_NAME,
                self.warning_row_ids,
                lambda row: "; ".join(map(warning_line, row.warnings)),
            ),
        ]
        if not any(rows for _name, rows, _reasons in files):
            return
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, rows, reasons in files:
                if rows:
                    # utf-8-sig: Excel reads accents right when the file starts with a BOM
                    text = self._report_csv(rows, reasons)
                    archive.writestr(name, text.encode("utf-8-sig"))
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("client_import_%(job)s_report.zip", job=self.id),
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
        """Download the zipped report: the skipped rows and the rows imported with
        warnings, each with its reason."""
        self._check_import_rights()
        self.ensure_one()
        if not self.skipped_file_id:
            raise UserError(self.env._("No row was skipped or imported with warnings."))
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
            self.env._("Rows imported: %(count)s", count=self.rows_imported),
            self.env._("Rows skipped: %(count)s", count=self.rows_skipped),
            self.env._("Rows imported with warnings: %(count)s", count=self.rows_with_warnings),
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
                "message": " · ".join(lines[:NOTIFIED_LINES]),
                "sticky": True,
            },
        )
        self._notify_progress_bus()

    # --- undo ----------------------------------------------------------------

    def action_undo(self):
        """Put back what the import wrote, newest write first: archive the partners it
        made, restore the values it replaced, remove its links, bank accounts,
        followers, folders and portal users. What someone else changed since is left
        as it is and listed in the undo report."""
        self._check_import_rights(manager=True)
        self.ensure_one()
        self._check_state("done", "cancelled", "failed")
        if self.undone:
            raise UserError(self.env._("This import was already undone."))
        undo = Undo(self.with_context(active_test=False, tracking_disable=True))
        for change in self.change_ids.sorted("id", reverse=True):
            getattr(undo, f"undo_{change.kind}")(change)
        report = undo.report()
        self.write({"undone": True, "undo_report": report, "undo_summary": undo.summary()})
        self.message_post(body=self.env._("Import undone. %(report)s", report=mask_text(report)))
        return True

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
        self._log_archived(partners)
        partners.action_archive()
        self.accounts_archived = len(partners.filtered(lambda partner: not partner.parent_id))
        self.message_post(
            body=self.env._("%(count)s clients archived before import.", count=len(partners))
        )

    def _log_archived(self, partners):
        """Archiving before the import is one of its writes: undo brings them back."""
        insert_rows(
            self.env["crm.client.import.change"],
            [
                {
                    "job_id": self.id,
                    "kind": "partner_updated",
                    "partner_id": partner_id,
                    "previous_values": {"active": True},
                    "written_values": {"active": False},
                }
                for partner_id in partners.ids
            ],
        )


class Undo:
    """Reverts the writes of one import, one log line at a time, and says what it did."""

    def __init__(self, job):
        self.job = job
        self.env = job.env
        self.Partner = job.env["res.partner"]
        self.reverted = Counter()
        self.refused = []
        # Read before undo writes anything: its own writes are not "later edits",
        # and the last writer of a partner is who changed it after the import.
        job.invalidate_recordset(["change_ids"])
        self.last_write = {
            partner.id: (partner.write_date, partner.write_uid)
            for partner in job.change_ids.partner_id
        }

    def undo_partner_created(self, change):
        partner = change.partner_id
        if not partner:
            return
        write_date, user = self.last_write[partner.id]
        if change.written_at and write_date > change.written_at:
            edited = [
                name
                for name, value in (change.written_values or {}).items()
                if name in partner._fields and loggable(partner.sudo(), name) != value
            ]
            self._refuse(partner, edited, user, write_date)
            return
        # Odoo refuses to archive a partner whose users it finds, archived ones
        # included when the context says so: a login it kept is archived.
        partner.with_context(active_test=True).active = False
        self.reverted["partners_archived"] += 1

    def undo_partner_updated(self, change):
        partner = change.partner_id
        if not partner:
            return
        written = change.written_values or {}
        restorable, edited = {}, []
        for name, previous in (change.previous_values or {}).items():
            if name not in partner._fields:
                continue
            if loggable(partner.sudo(), name) == written.get(name):
                restorable[name] = restorable_value(partner, name, previous)
            else:
                edited.append(name)
        if restorable:
            partner.write(restorable)
            self.reverted["partners_restored"] += 1
        if edited:
            write_date, user = self.last_write[partner.id]
            self._refuse(partner, edited, user, write_date)

    def undo_link_added(self, change):
        account, person = change.account_id, change.partner_id
        if account and person in account.client_other_contact_ids:
            account.client_other_contact_ids = [Command.unlink(person.id)]
            self.reverted["links_removed"] += 1

    def undo_records_created(self, change):
        records = self.env[change.res_model].sudo().browse(change.res_ids or []).exists()
        for record in records:
            try:
                with self.env.cr.savepoint():
                    record.unlink()
                    if record.exists():
                        # Odoo archives a bank account instead of deleting it, for the
                        # entries that use it: this one the import made, and nothing
                        # uses it unless the database says so below.
                        models.BaseModel.unlink(record)
            except (UserError, ValidationError, psycopg2.Error):
                # In use elsewhere (a bank account on an invoice): archived instead.
                if "active" not in record._fields:
                    raise
                record.active = False
        self.reverted[change.res_model] += len(records)

    def undo_user_created(self, change):
        users = self.env["res.users"].sudo().with_context(active_test=False)
        for user in users.browse(change.res_ids or []).exists():
            try:
                with self.env.cr.savepoint():
                    user.unlink()
            except (UserError, ValidationError, psycopg2.Error):
                user.write({"active": False})
            self.reverted["users_removed"] += 1

    def undo_user_updated(self, change):
        users = self.env["res.users"].sudo().with_context(active_test=False)
        user = users.browse(change.res_ids or []).exists()
        previous = change.previous_values or {}
        if not user or not previous:
            return
        current = {"active": user.active, "groups_id": sorted(user.groups_id.ids)}
        if current != change.written_values:
            self._refuse(user.partner_id, ["groups_id"], user.write_uid, user.write_date)
            return
        user.write(
            {"active": previous["active"], "groups_id": [Command.set(previous["groups_id"])]}
        )
        self.reverted["users_restored"] += 1

    def _refuse(self, partner, names, user, when):
        labels = [
            partner._fields[name].get_description(self.env)["string"]
            for name in names
            if name in partner._fields
        ]
        self.refused.append(
            {
                "partner_id": partner.id,
                "partner": partner.display_name,
                "fields": [name for name in names if name in partner._fields],
                "labels": labels,
                "user": user.name or "?",
                "date": fields.Datetime.to_string(when) if when else "?",
            }
        )

    def _refused_text(self, refused):
        return self.env._(
            "%(partner)s (#%(id)s): %(fields)s changed after the import by %(user)s "
            "(%(date)s); left as it is",
            partner=refused["partner"],
            id=refused["partner_id"],
            fields=", ".join(refused["labels"]) or self.env._("edited"),
            user=refused["user"],
            date=refused["date"],
        )

    def summary(self):
        """What was reverted and what was refused, for the command line's JSON."""
        return {
            "complete": not self.refused and not self.job.portal_invitations_sent,
            "reverted": dict(self.reverted),
            "refused": self.refused,
            "invitations_already_sent": self.job.portal_invitations_sent,
        }

    def report(self):
        """What was reverted and what was refused, in words."""
        env = self.env
        counts = self.reverted
        lines = [
            env._("Partners archived: %(count)s", count=counts["partners_archived"]),
            env._("Partners restored: %(count)s", count=counts["partners_restored"]),
            env._("Links removed: %(count)s", count=counts["links_removed"]),
            env._("Bank accounts removed: %(count)s", count=counts["res.partner.bank"]),
            env._("Followers removed: %(count)s", count=counts["mail.followers"]),
            env._("Folders removed: %(count)s", count=counts["crm.client.folder"]),
            env._(
                "Portal users removed or restored: %(count)s",
                count=counts["users_removed"] + counts["users_restored"],
            ),
        ]
        invitations = self.job.portal_invitations_sent
        if invitations:
            lines.append(
                env._(
                    "%(count)s portal invitations were already sent and cannot be recalled.",
                    count=invitations,
                )
            )
        if self.refused:
            lines.append(env._("Not undone:"))
            lines.extend(self._refused_text(refused) for refused in self.refused)
        elif not invitations:
            lines.insert(0, env._("Everything was undone."))
        return "\n".join(lines)


def restorable_value(partner, name, value):
    """A logged value as ``write()`` takes it back."""
    if partner._fields[name].type == "many2many":
        return [Command.set(value or [])]
    return value


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
