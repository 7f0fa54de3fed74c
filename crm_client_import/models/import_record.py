from odoo import fields, models

RECORD_ACTIONS = [
    ("created", "Created"),
    ("updated", "Updated"),
    ("unchanged", "Unchanged"),
    ("linked", "Linked to one more account"),
]


class ClientImportRecord(models.Model):
    """One partner an import touched: how, under which key, and what it was before.

    Written in the same transaction as the partner, so it is both the resume
    memory of a job (which account or person a key already gave) and its undo log.
    """

    _name = "crm.client.import.record"
    _description = "Partner touched by a client import"
    _order = "id"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("account", "Account"), ("contact", "Contact")], required=True)
    key = fields.Char(index=True, help="The account name key or the person key of the file.")
    alt_key = fields.Char(index=True, help="A person's second key (e-mail besides the number).")
    action = fields.Selection(RECORD_ACTIONS, required=True)
    row_number = fields.Integer(help="The first row of the file that gave this partner.")
    previous_values = fields.Json(help="The values this import replaced, for undo.")
    linked_account_id = fields.Many2one("res.partner", ondelete="cascade")
    written_at = fields.Datetime(help="The partner's last write by this import.")


class ClientImportSkippedRow(models.Model):
    """A row that was not imported, with its original cells and the reason."""

    _name = "crm.client.import.skipped.row"
    _description = "Row skipped by a client import"
    _order = "row_number"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    row_number = fields.Integer(required=True)
    reason = fields.Text(required=True)
    cells = fields.Json()
