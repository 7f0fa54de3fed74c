import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .bulk_insert import insert_rows, reserve_ids

# {year} is the current year; {year-1}, {year+2}... count from it.
PLACEHOLDER = re.compile(r"\{year(?:([+-])(\d+))?\}")


def expand_placeholders(text, year):
    def replace(match):
        sign, offset = match.groups()
        delta = int(offset or 0) * (-1 if sign == "-" else 1)
        return str(year + delta)

    return PLACEHOLDER.sub(replace, text)


class ClientFolderTemplate(models.Model):
    """A tree of folder names created for each new client, such as tax years."""

    _name = "crm.client.folder.template"
    _description = "Client folder template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: shared by every company.")
    line_ids = fields.One2many("crm.client.folder.template.line", "template_id", copy=True)

    def _create_folders(self, partners, year=None):
        """Create this template's folders for ``partners``, in bulk INSERTs."""
        self.ensure_one()
        year = year or fields.Date.context_today(self).year
        Folder = self.env["crm.client.folder"]
        lines = self.line_ids.sorted(lambda line: (line.parent_path.count("/"), line.id))
        ids = iter(reserve_ids(Folder, len(partners) * len(lines)))
        vals_list = []
        for partner in partners:
            folders = {}  # template line id -> (folder id, parent_path), parents first
            for line in lines:
                folder_id = next(ids)
                parent_id, parent_path = folders.get(line.parent_id.id, (None, ""))
                folders[line.id] = (folder_id, f"{parent_path}{folder_id}/")
                vals_list.append(
                    {
                        "id": folder_id,
                        "name": expand_placeholders(line.name, year),
                        "partner_id": partner.id,
                        "parent_id": parent_id,
                        "parent_path": folders[line.id][1],
                        "sequence": line.sequence,
                        "template_id": self.id,
                    }
                )
        partners.invalidate_recordset(["client_folder_ids"])
        return insert_rows(Folder, vals_list)


class ClientFolderTemplateLine(models.Model):
    _name = "crm.client.folder.template.line"
    _description = "Client folder template line"
    _order = "sequence, id"
    _parent_store = True

    template_id = fields.Many2one(
        "crm.client.folder.template", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True, help="Placeholders: {year}, {year-1}, {year+1}...")
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one(
        "crm.client.folder.template.line",
        ondelete="cascade",
        domain="[('template_id', '=', template_id)]",
    )
    parent_path = fields.Char(index=True)

    @api.constrains("parent_id", "template_id")
    def _check_parent_template(self):
        for line in self:
            if line.parent_id and line.parent_id.template_id != line.template_id:
                raise ValidationError(
                    self.env._("A folder's parent must belong to the same template.")
                )
        if self._has_cycle():
            raise ValidationError(self.env._("A folder cannot contain itself."))


class ClientFolder(models.Model):
    _name = "crm.client.folder"
    _description = "Client folder"
    _order = "sequence, name"
    _parent_store = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    parent_id = fields.Many2one("crm.client.folder", ondelete="cascade", index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.client.folder", "parent_id")
    template_id = fields.Many2one("crm.client.folder.template", ondelete="set null")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for folder in self:
            parent = folder.parent_id.complete_name
            folder.complete_name = f"{parent} / {folder.name}" if parent else folder.name
