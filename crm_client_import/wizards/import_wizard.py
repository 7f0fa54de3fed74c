from odoo import api, fields, models

WIZARD_STEPS = [
    ("upload", "Upload"),
    ("accounts", "Accounts"),
    ("settings", "Settings"),
    ("contacts", "Contacts"),
    ("review", "Review"),
]
STEP_KEYS = [key for key, _label in WIZARD_STEPS]


class ClientImportWizard(models.TransientModel):
    """The five guided steps. Thin: every choice lives on the job, steps only navigate."""

    _name = "crm.client.import.wizard"
    _description = "Import clients"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade")
    step = fields.Selection(WIZARD_STEPS, default="upload", required=True)
    import_kind = fields.Selection(related="job_id.import_kind", readonly=False)

    @api.model_create_multi
    def create(self, vals_list):
        Job = self.env["crm.client.import.job"]
        Job._check_import_rights()
        for vals in vals_list:
            if vals.get("job_id"):
                # The wizard writes through to its job: only a job the user may change.
                Job.browse(vals["job_id"])._check_import_rights()
            else:
                vals["job_id"] = Job.create({}).id
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("job_id"):
            self.env["crm.client.import.job"].browse(vals["job_id"])._check_import_rights()
        return super().write(vals)

    def _check_wizard_rights(self):
        """The user's own wizard, on a job they may change (rules say which)."""
        self.check_access("write")
        self.job_id._check_import_rights()

    def action_next_step(self):
        self._check_wizard_rights()
        return self._move_step(+1)

    def action_previous_step(self):
        self._check_wizard_rights()
        return self._move_step(-1)

    def _move_step(self, offset):
        self.ensure_one()
        index = STEP_KEYS.index(self.step) + offset
        self.step = STEP_KEYS[max(0, min(index, len(STEP_KEYS) - 1))]
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import clients"),
        }
