"""The whole review: one line per account of the file, per skipped row and per
client only in Odoo, with what the import will do to it. The review writes them
in bulk (``import_review.py``); Odoo's list view pages, searches and filters them
on the server, whatever the size of the file."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.account_type import REASONS
from .res_partner import ACCOUNT_TYPE_SELECTION

REVIEW_BUCKETS = [
    ("new", "New"),
    ("existing", "Already in Odoo"),
    ("invalid", "Invalid, skipped"),
    ("only_in_odoo", "Only in Odoo"),
]


class ClientImportReviewLine(models.Model):
    _name = "crm.client.import.review.line"
    _description = "Line of a client import's review"
    _order = "job_id, bucket_order, row_number, id"
    _rec_name = "name"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    bucket = fields.Selection(REVIEW_BUCKETS, required=True, index=True)
    # The file's accounts first, in file order; then the clients only in Odoo.
    bucket_order = fields.Integer()
    with_warnings = fields.Boolean(string="Imported with warnings")
    row_number = fields.Integer(string="Row", help="The first row of the file that names it.")
    rows = fields.Char(help="Every row of the file that names this account.")
    name = fields.Char(string="Account")
    partner_id = fields.Many2one("res.partner", string="In Odoo", ondelete="set null")
    account_type = fields.Selection(ACCOUNT_TYPE_SELECTION, string="Type")
    type_reason = fields.Selection(selection="_type_reason_selection", string="Why this type")
    contact_count = fields.Integer(string="Contacts")
    contacts = fields.Text(string="Contact persons")
    portal_login = fields.Boolean(help="The import gives a portal login to this account's people.")
    portal_login_emails = fields.Char(string="Portal logins for")
    tags = fields.Char()
    folder_template = fields.Char()
    change_count = fields.Integer(string="Number of changes")
    changes = fields.Text(help="Field: value in Odoo → value of the file (masked).")
    reason = fields.Text(string="What the rules found")

    @api.model
    def _type_reason_selection(self):
        return [(reason, self.env._(label)) for reason, (_type, label) in REASONS.items()]

    def action_back_to_review(self):
        """From the list, back to the wizard's Review step of the list's import."""
        Job = self.env["crm.client.import.job"]
        Job._check_import_rights()
        job = Job.browse(self.env.context.get("review_job_id")).exists()
        if not job:
            raise UserError(self.env._("This review is no longer there: open Import clients."))
        return job.action_continue_in_wizard()
