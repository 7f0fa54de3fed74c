"""Shared rights checks beyond ``_check_import_rights`` (for the other parts of the addon)."""

from odoo import models
from odoo.exceptions import AccessError

PARTNER_MANAGER_GROUP = "base.group_partner_manager"
# The record rules decide who sees a job by these: set at creation, never moved.
OWNERSHIP_FIELDS = ("user_id", "company_id")
# Attachments of the job itself only: the engine reads the uploaded file as superuser.
FILE_FIELDS = ("attachment_id", "skipped_file_id")


class ClientImportJobAccess(models.Model):
    _inherit = "crm.client.import.job"

    def write(self, vals):
        if not self.env.su:
            for name in OWNERSHIP_FIELDS:
                if name in vals and any(job[name].id != vals[name] for job in self):
                    raise AccessError(
                        self.env._("The importer and the company of an import cannot change.")
                    )
        for name in FILE_FIELDS:
            if vals.get(name):
                attachment = self.env["ir.attachment"].sudo().browse(vals[name])
                if any(
                    (attachment.res_model, attachment.res_id) != (job._name, job.id) for job in self
                ):
                    raise AccessError(self.env._("This file does not belong to this import."))
        return super().write(vals)
