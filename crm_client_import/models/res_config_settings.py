from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_import_purge_file_days = fields.Integer(
        string="Delete imported client lists after",
        config_parameter="crm_client_import.purge_file_days",
        help="Days after an import ends before its uploaded file is deleted; 0 keeps the "
        "files. The counters and the skipped-rows report stay.",
    )
