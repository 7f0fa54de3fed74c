from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..lib.normalize import fold
from ..lib.plan import ACCOUNT_TYPES, INDIVIDUAL
from .import_candidates import index_definitions

ACCOUNT_TYPE_LABELS = {
    "company": "Company",
    "individual": "Individual",
    "family": "Family",
    "trust": "Trust",
    "other": "Other",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_account_type = fields.Selection(
        [(key, ACCOUNT_TYPE_LABELS[key]) for key in ACCOUNT_TYPES],
        string="Account type",
        help="The kind of client: every type but Individual is a company.",
    )
    client_national_number = fields.Char(
        string="National number",
        index="btree_not_null",
        copy=False,
        groups="base.group_user",
        help="Belgian national registration number (or BIS number), 11 digits.",
    )
    client_birthdate = fields.Date(string="Birth date", groups="base.group_user", copy=False)
    # Duplicate detection looks accounts up by exact normalized name, in bulk.
    client_name_key = fields.Char(compute="_compute_client_name_key", store=True, index=True)
    client_also_contact_of_ids = fields.Many2many(
        "res.partner",
        "crm_client_partner_also_contact_rel",
        "contact_id",
        "account_id",
        string="Also contact of",
        help="Other accounts this person is a contact of, besides their own company.",
    )
    client_other_contact_ids = fields.Many2many(
        "res.partner",
        "crm_client_partner_also_contact_rel",
        "account_id",
        "contact_id",
        string="Other contacts",
        help="People who are contacts of this account while belonging to another one.",
    )
    client_folder_ids = fields.One2many("crm.client.folder", "partner_id", string="Folders")
    client_folder_count = fields.Integer(compute="_compute_client_folder_count")

    def init(self):
        super().init()
        for name, expression in index_definitions():
            create_index(self.env.cr, name, self._table, [expression])

    @api.depends("name")
    def _compute_client_name_key(self):
        for partner in self:
            partner.client_name_key = fold(partner.name or "") or False

    def _compute_client_folder_count(self):
        counts = dict(
            self.env["crm.client.folder"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.client_folder_count = counts.get(partner, 0)

    @api.onchange("client_account_type")
    def _onchange_client_account_type(self):
        if self.client_account_type:
            self.is_company = self.client_account_type != INDIVIDUAL
