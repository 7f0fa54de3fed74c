from lxml import etree

from odoo import models
from odoo.exceptions import UserError

from ..lib.mapping import FIELD_TYPES, NEW_FIELD, NEW_FIELD_NAME_PREFIX

# An existing field of another type may still take the values: text holds any char.
COMPATIBLE_TYPES = {"char": ("char", "text")}
CUSTOM_FIELDS_VIEW = "crm_client_import.view_partner_form_client_import_fields"


class ClientImportJob(models.Model):
    """New ``x_`` fields on contacts for the columns mapped to a new field."""

    _inherit = "crm.client.import.job"

    def _create_custom_fields(self):
        """Create the new fields of the mapping on ``res.partner``, reusing those
        that exist with a compatible type. Returns how many were created.
        Every import calls it; only one that must create a field needs a Manager."""
        self.ensure_one()
        specs = {}
        for column in self._get_mapping().columns:
            if column.action == NEW_FIELD:
                specs.setdefault(column.new_field["name"], column.new_field)
        if not specs:
            return 0
        if self._custom_fields_to_create():
            self._check_import_rights(manager=True)
        partner_fields = self.env["ir.model.fields"].sudo()
        existing = {
            field.name: field
            for field in partner_fields.search(
                [("model", "=", "res.partner"), ("name", "in", list(specs))]
            )
        }
        vals_list = []
        for name, spec in specs.items():
            field_type = spec.get("type")
            if field_type not in FIELD_TYPES:
                raise UserError(
                    self.env._(
                        "The new field %(label)s cannot be of type %(type)s: choose char, text, "
                        "date, integer, float or boolean.",
                        label=spec.get("label") or name,
                        type=field_type,
                    )
                )
            if name in existing:
                field = existing[name]
                if field.ttype not in COMPATIBLE_TYPES.get(field_type, (field_type,)):
                    raise UserError(
                        self.env._(
                            "Contacts already have a field %(name)s (%(label)s) of type "
                            "%(existing)s, not %(type)s: rename the new field or change its type.",
                            name=name,
                            label=field.field_description,
                            existing=field.ttype,
                            type=field_type,
                        )
                    )
                continue
            vals_list.append(
                {
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "name": name,
                    "field_description": spec.get("label") or name,
                    "ttype": field_type,
                    "state": "manual",
                }
            )
        if vals_list:
            partner_fields.create(vals_list)  # one registry reload for all of them
            self._show_custom_fields_on_partner_form()
        return len(vals_list)

    def _custom_fields_to_create(self):
        """Names of the mapping's new fields that contacts do not have yet."""
        existing = self.env["res.partner"]._fields
        return [
            column.new_field["name"]
            for column in self._get_mapping().columns
            if column.action == NEW_FIELD and column.new_field["name"] not in existing
        ]

    def _show_custom_fields_on_partner_form(self):
        """List every ``x_cci_`` field of contacts on a "Client import" page of
        the contact form (the view is rewritten, never edited by hand)."""
        view = self.env.ref(CUSTOM_FIELDS_VIEW, raise_if_not_found=False)
        if not view:
            return
        names = [
            field.name
            for field in self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "res.partner"), ("state", "=", "manual")], order="id")
            if field.name.startswith(NEW_FIELD_NAME_PREFIX)
        ]
        arch = etree.Element("xpath", expr="//notebook", position="inside")
        # English, like the view's own data: the page title keeps its translations.
        page = etree.SubElement(arch, "page", name="client_import_fields", string="Client import")
        if not names:
            page.set("invisible", "1")
        group = etree.SubElement(page, "group", name="client_import_fields")
        for name in names:
            etree.SubElement(group, "field", name=name)
        arch_text = etree.tostring(arch, encoding="unicode")
        view.sudo().with_context(lang="en_US").arch_db = arch_text
