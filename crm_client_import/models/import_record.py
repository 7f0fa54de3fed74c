"""What an import did, in three logs that it writes in the same transaction as
the partners:

- ``crm.client.import.record``: one line per partner the import made or met,
  with what the file said about it. It is the import's memory across batches
  (a later row of the same client completes what earlier rows said) and the
  list of its accounts and contacts.
- ``crm.client.import.change``: every write, with what it replaced, in order.
  Undo walks it backwards.
- ``crm.client.import.row``: one outcome per row of the file. The job's
  counters are counts of these lines, and the import fails loudly when a row
  has none or two.
"""

from odoo import api, fields, models

RECORD_ACTIONS = [
    ("created", "Created"),
    ("updated", "Updated"),
    ("unchanged", "Unchanged"),
]
CHANGE_KINDS = [
    ("partner_created", "Partner created"),
    ("partner_updated", "Partner updated"),
    ("link_added", "Also contact of"),
    ("records_created", "Records created"),
    ("user_created", "Portal user created"),
    ("user_updated", "Portal user changed"),
]
ROW_OUTCOMES = [
    ("created", "Created"),
    ("updated", "Updated"),
    ("linked", "Linked"),
    ("unchanged", "Unchanged"),
    ("skipped", "Skipped"),
    ("empty", "Empty line"),
]


class ClientImportRecord(models.Model):
    _name = "crm.client.import.record"
    _description = "Partner made or met by a client import"
    _order = "id"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("account", "Account"), ("contact", "Contact")], required=True)
    action = fields.Selection(RECORD_ACTIONS, required=True)
    row_number = fields.Integer(help="The first row of the file that names this partner.")
    file_values = fields.Json(help="What the rows of the file said about this partner.")
    file_rows = fields.Json(help="For each value: the row that gave it.")


class ClientImportChange(models.Model):
    _name = "crm.client.import.change"
    _description = "Write made by a client import"
    _order = "id"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(CHANGE_KINDS, required=True)
    partner_id = fields.Many2one("res.partner", ondelete="cascade", index=True)
    account_id = fields.Many2one("res.partner", ondelete="cascade", help="Link: the account.")
    res_model = fields.Char(help="Records created or changed: their model.")
    res_ids = fields.Json(help="Records created or changed: their ids.")
    previous_values = fields.Json(help="The values this write replaced.")
    written_values = fields.Json(help="The values this write gave.")
    written_at = fields.Datetime(help="A created partner: the import's last write to it.")
    row_number = fields.Integer()


class ClientImportRow(models.Model):
    """The outcome of one row of the file. Skipped rows keep their cells and reason;
    rows imported with warnings keep their cells and the warnings, each as
    ``{"column", "value", "reason"}`` with the value and the reason masked
    (``lib.masking``): the report gives the cells back in full."""

    _name = "crm.client.import.row"
    _description = "Row of a client import"
    _order = "row_number"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade", index=True)
    row_number = fields.Integer(required=True)
    outcome = fields.Selection(ROW_OUTCOMES, required=True)
    partner_id = fields.Many2one("res.partner", ondelete="set null")
    reason = fields.Text()
    warnings = fields.Json(
        string="Warning details", help="Problems that did not skip the row: column, value, reason."
    )
    warning_count = fields.Integer()
    warnings_text = fields.Text(string="Warnings", compute="_compute_warnings_text")
    cells = fields.Json()

    @api.depends("warnings")
    def _compute_warnings_text(self):
        for row in self:
            row.warnings_text = "\n".join(warning_line(warning) for warning in row.warnings or [])


def warning_line(warning):
    """One warning as a line of text: "Column: reason"."""
    column, reason = warning.get("column"), warning.get("reason", "")
    return f"{column}: {reason}" if column else reason
