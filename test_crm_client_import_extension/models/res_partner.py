from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_sector = fields.Char(string="Business sector")
