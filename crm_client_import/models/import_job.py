from odoo import api, fields, models

IMPORT_KINDS = [
    ("accounts_contacts", "Accounts and contacts"),
    ("accounts", "Accounts only"),
    ("contacts", "Contacts only"),
]

JOB_STATES = [
    ("draft", "Draft"),
    ("ready", "Ready"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]


class ClientImportJob(models.Model):
    """One import of a client list: owns the file, the choices, the state and the results.

    The wizard, the command line and the Python API all drive these methods, so an
    import survives a closed browser tab or a restarted server.
    """

    _name = "crm.client.import.job"
    _description = "Client import"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Client import"))
    state = fields.Selection(JOB_STATES, default="draft", required=True, readonly=True)
    import_kind = fields.Selection(IMPORT_KINDS, default="accounts_contacts", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Importer",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        required=True,
        readonly=True,
        index=True,
    )

    @api.depends("name", "create_date")
    def _compute_display_name(self):
        for job in self:
            created = fields.Date.to_string(job.create_date) if job.create_date else ""
            job.display_name = f"{job.name} ({created})" if created else job.name
