from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import content_disposition, request

from ..models.import_job import USER_GROUP
from ..models.import_job_preset import TEMPLATE_URL

TEMPLATE_FILE_NAME = "client_list_template.xlsx"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ClientImportTemplate(http.Controller):
    @http.route(TEMPLATE_URL, type="http", auth="user", methods=["GET"])
    def download_template(self):
        """The client list template, in the user's language."""
        if not request.env.user.has_group(USER_GROUP):
            # Forbidden rather than AccessError: a refusal, not a server warning.
            raise Forbidden(request.env._("You are not allowed to import clients."))
        data = request.env["crm.client.import.job"]._template_file()
        return request.make_response(
            data,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(TEMPLATE_FILE_NAME)),
                ("Content-Length", str(len(data))),
            ],
        )
