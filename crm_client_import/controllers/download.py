from odoo import http
from odoo.http import request


class ClientImportDownloads(http.Controller):
    """The uploaded file and the skipped-rows report of a job, for who may see the job.

    ``/web/content/<id>`` serves the same attachments (they are linked to the job,
    so it checks the job too); this route checks the import rights as well."""

    @http.route(
        "/crm_client_import/job/<int:job_id>/<any(file, skipped):kind>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def download(self, job_id, kind):
        job = request.env["crm.client.import.job"].browse(job_id).exists()
        if not job:
            raise request.not_found()
        attachment = job._attachment_to_download(kind)
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)
