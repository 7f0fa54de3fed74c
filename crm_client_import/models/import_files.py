"""The files of a job: downloads that check the job, and purging the uploaded file.

Both files are attachments linked to the job (``res_model``/``res_id``) and never
public, so whoever cannot read the job cannot read them, over ``/web/content`` or
RPC alike. The uploaded list holds every client's personal data: once the job has
ended it can be deleted, by hand or after ``crm_client_import.purge_file_days``
days; the counters, the skipped rows and their report stay.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

ENDED_STATES = ("done", "failed", "cancelled", "undone")
PURGE_DAYS_PARAM = "crm_client_import.purge_file_days"


class ClientImportJobFiles(models.Model):
    _inherit = "crm.client.import.job"

    file_purged_at = fields.Datetime(string="File deleted on", readonly=True, copy=False)

    def _download_url(self, kind):
        return f"/crm_client_import/job/{self.id}/{kind}"

    def _attachment_to_download(self, kind):
        """The attachment behind a download route, once the rights are checked."""
        self._check_import_rights()
        self.ensure_one()
        attachment = {"file": self.attachment_id, "skipped": self.skipped_file_id}[kind]
        if not attachment:
            raise UserError(self.env._("There is no such file for this import."))
        return attachment

    def action_download_file(self):
        """Download the uploaded client list."""
        self._attachment_to_download("file")
        return {"type": "ir.actions.act_url", "url": self._download_url("file"), "target": "self"}

    def action_purge_file(self):
        """Delete the uploaded file of an ended import; its results stay."""
        self._check_import_rights()
        self._check_state(*ENDED_STATES)
        self._purge_file()
        return True

    def _purge_file(self):
        for job in self.filtered("attachment_id"):
            job.attachment_id.unlink()
            # The preview and the review quote the file's cells too.
            job.write(
                {"preview_rows": False, "review": False, "file_purged_at": fields.Datetime.now()}
            )
            job.message_post(
                body=self.env._(
                    "The uploaded file was deleted. The counters and the skipped rows are kept."
                )
            )

    @api.model
    def _cron_purge_files(self):
        """Delete the uploaded files of imports ended more than the set number of days ago."""
        days = self.env["ir.config_parameter"].sudo().get_param(PURGE_DAYS_PARAM) or "0"
        try:
            days = int(days)
        except ValueError:
            days = 0
        if days <= 0:
            return
        jobs = self.search(
            [
                ("state", "in", ENDED_STATES),
                ("attachment_id", "!=", False),
                ("finished_at", "<", fields.Datetime.now() - timedelta(days=days)),
            ]
        )
        jobs._purge_file()
