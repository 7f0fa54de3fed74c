"""What the screens need from a job: the wizard step it is at, and opening it."""

from odoo import api, fields, models

WIZARD_STEPS = [
    ("upload", "Upload"),
    ("accounts", "Accounts"),
    ("settings", "Settings"),
    ("contacts", "Contacts"),
    ("review", "Review"),
]


class ClientImportJobScreen(models.Model):
    _inherit = "crm.client.import.job"

    wizard_step = fields.Selection(
        WIZARD_STEPS,
        string="Step",
        default="upload",
        required=True,
        copy=False,
        help="Where the import wizard reopens this import.",
    )

    accounts_count = fields.Integer(compute="_compute_partner_counts")
    contacts_count = fields.Integer(compute="_compute_partner_counts")

    @api.depends("accounts_created", "accounts_updated", "contacts_created", "contacts_updated")
    def _compute_partner_counts(self):
        for job in self:
            job.accounts_count = job.accounts_created + job.accounts_updated
            job.contacts_count = job.contacts_created + job.contacts_updated

    @api.model
    def action_open_wizard(self):
        """The menu "Import clients": reopen the user's latest unfinished import at its
        step, or start a new one."""
        self._check_import_rights()
        job = self.search(
            [("user_id", "=", self.env.uid), ("state", "in", ("draft", "ready"))],
            order="id desc",
            limit=1,
        )
        return (job or self.create({}))._open_wizard()

    def _open_wizard(self):
        self.ensure_one()
        wizard = self.env["crm.client.import.wizard"].create({"job_id": self.id})
        return wizard._reopen()

    def action_continue_in_wizard(self):
        """From the job form: go on with a draft in the wizard."""
        self._check_import_rights()
        self._check_state("draft", "ready")
        return self._open_wizard()

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
