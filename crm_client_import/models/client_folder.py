import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        """Create this template's folders for ``partners``, in bulk (one create per depth)."""
        self.ensure_one()
        year = year or fields.Date.context_today(self).year
        Folder = self.env["crm.client.folder"]
        created = Folder
        parents = {(partner.id, False): False for partner in partners}
        lines_by_depth = self.line_ids._by_depth()
        for lines in lines_by_depth:
            vals_list = [
                {
                    "name": expand_placeholders(line.name, year),
                    "partner_id": partner.id,
                    "parent_id": parents[(partner.id, line.parent_id.id)],
                    "sequence": line.sequence,
                    "template_id": self.id,
                }
                for partner in partners
                for line in lines
            ]
            folders = Folder.create(vals_list)
            created |= folders
            keys = [(partner.id, line.id) for partner in partners for line in lines]
            parents.update(zip(keys, folders.ids, strict=True))
        return created


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

    def _by_depth(self):
        """The lines grouped by depth, parents first."""
        depths = defaultdict(self.browse)
        for line in self:
            depths[line.parent_path.count("/")] |= line
        return [depths[depth] for depth in sorted(depths)]


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
