from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import catalogue, names
from ..lib.errors import _lt
from ..lib.mapping import (
    EXACT_CONFIDENCE,
    IGNORE,
    LEARNED,
    NEW_FIELD,
    SYNC,
    Combine,
    Split,
    fold_value_maps,
    normalize_header,
    propose_field_name,
)
from .import_job import MANAGER_GROUP

JOB_MODEL = "crm.client.import.job"

# Job settings a preset carries, under the same names on both models. Applying
# a preset copies the ones it fills in (booleans always), and keeps the job's
# own choice for the others.
PRESET_SETTINGS = (
    "import_kind",
    "account_type_mode",
    "account_type",
    "duplicate_policy",
    "empty_clears",
    "strictness",
    "tag_ids",
    "tags_on_contacts",
    "lang",
    "partner_rank",
    "folder_template_id",
)

ACTIONS = [
    (SYNC, "Import into a field"),
    (IGNORE, "Do not import"),
    (NEW_FIELD, "Import into a new field"),
]
# The types a new field may have (lib.mapping.FIELD_TYPES), in words.
NEW_FIELD_TYPES = [
    ("char", "Text"),
    ("text", "Long text"),
    ("date", "Date"),
    ("integer", "Whole number"),
    ("float", "Decimal number"),
    ("boolean", "Yes/No"),
]
SIDE_LABELS = [
    (catalogue.ACCOUNT, "Account"),
    (catalogue.CONTACT, "Contact"),
    (catalogue.SPOUSE, "Spouse"),
]

NEW_FIELD_REFUSED = _lt(
    "Only a Client Import manager can add the new field %(label)s: ask one, or import "
    "this column into an existing field"
)


def _job_selection(field_name):
    """The selection of a job field, so that a preset offers exactly the job's choices."""

    def selection(model):
        return model.env[JOB_MODEL]._fields[field_name]._description_selection(model.env)

    return selection


def _target_selection(model):
    return [
        (target.key, model.env._(target.label)) for target in model.env[JOB_MODEL]._import_targets()
    ]


class ClientImportPreset(models.Model):
    """A firm's column choices for one kind of file, keyed by header text so that
    they apply to any file with the same headers, plus the settings to use."""

    _name = "crm.client.import.preset"
    _description = "Client import preset"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", help="Empty: shared by every company.")
    line_ids = fields.One2many(
        "crm.client.import.preset.line", "preset_id", string="Columns", copy=True
    )
    # [{"target": key, "headers": [header, ...], "separator": " "}]
    combines = fields.Json(help="Columns joined into one field, by header.")
    # [{"header": header, "first_target": key, "last_target": key, "order": "auto",
    #   "contact_number": 1}]
    splits = fields.Json(help="Full-name columns split into first and last name, by header.")
    # {target key: {cell text: value}}, e.g. {"account.type": {"Zelfstandige": "individual"}}
    value_maps = fields.Json(help="A firm's own cell values, replaced before they are cleaned.")
    combine_summary = fields.Text(string="Combined and split columns", compute="_compute_summary")

    # Settings; empty ones keep the job's choice.
    import_kind = fields.Selection(_job_selection("import_kind"))
    account_type_mode = fields.Selection(_job_selection("account_type_mode"))
    account_type = fields.Selection(_job_selection("account_type"))
    duplicate_policy = fields.Selection(_job_selection("duplicate_policy"))
    empty_clears = fields.Boolean(string="Empty cells clear values")
    strictness = fields.Selection(_job_selection("strictness"))
    tag_ids = fields.Many2many("res.partner.category", string="Tags")
    tags_on_contacts = fields.Boolean(string="Tag contacts too")
    lang = fields.Selection(_job_selection("lang"), string="Language")
    partner_rank = fields.Selection(_job_selection("partner_rank"), string="Import as")
    folder_template_id = fields.Many2one("crm.client.folder.template")

    @api.depends("combines", "splits")
    def _compute_summary(self):
        labels = dict(_target_selection(self))
        for preset in self:
            lines = [
                "{} → {}".format(
                    " + ".join(combine["headers"]),
                    labels.get(combine["target"], combine["target"]),
                )
                for combine in preset.combines or []
            ]
            lines += [
                "{} → {} + {}".format(
                    split["header"],
                    labels.get(split["first_target"], split["first_target"]),
                    labels.get(split["last_target"], split["last_target"]),
                )
                for split in preset.splits or []
            ]
            preset.combine_summary = "\n".join(lines)

    @api.constrains("combines", "splits")
    def _check_combines_and_splits(self):
        keys = {target.key for target in self.env[JOB_MODEL]._import_targets()}
        for preset in self:
            for combine in preset.combines or []:
                if (
                    not isinstance(combine, dict)
                    or combine.get("target") not in keys
                    or len(combine.get("headers") or []) < 2
                ):
                    raise ValidationError(
                        self.env._(
                            "Preset %(preset)s: a combine needs a known field and at least "
                            "two column headers.",
                            preset=preset.name,
                        )
                    )
            for split in preset.splits or []:
                targets = (split.get("first_target"), split.get("last_target"))
                order = split.get("order", names.AUTO)
                if (
                    not split.get("header")
                    or not all(target in keys for target in targets)
                    or order not in names.NAME_ORDERS
                ):
                    raise ValidationError(
                        self.env._(
                            "Preset %(preset)s: a name split needs a column header and two "
                            "known fields.",
                            preset=preset.name,
                        )
                    )

    # ------------------------------------------------------------------
    # From and to a job
    # ------------------------------------------------------------------

    def _learned_targets(self):
        """``{header: target key, or None for a column to leave out}``, for
        ``suggest_mapping(learned=...)``. New-field columns are left out here
        and get their field from ``_apply_to``."""
        return {
            line.header: catalogue.numbered_key(line.target, line.contact_number or 1)
            if line.action == SYNC
            else None
            for line in self.line_ids
        }

    def _apply_to(self, mapping):
        """Complete a ``Mapping`` suggested with ``_learned_targets``: new fields,
        combines and splits, matched by header."""
        self.ensure_one()
        lines = {normalize_header(line.header): line for line in self.line_ids}
        positions = {}
        for column in mapping.columns:
            positions.setdefault(normalize_header(column.header), column.index)
        may_add_fields = self.env.su or self.env.user.has_group(MANAGER_GROUP)
        taken = set(self.env["res.partner"]._fields)
        for column in mapping.columns:
            line = lines.get(normalize_header(column.header))
            if not line or line.action != NEW_FIELD:
                continue
            label = line.new_field_label or column.header
            column.new_field = {
                "label": label,
                "type": line.new_field_type or "char",
                "name": line.new_field_name or propose_field_name(column.header, taken),
                "side": line.new_field_side or catalogue.ACCOUNT,
            }
            column.confidence = EXACT_CONFIDENCE
            column.reason = LEARNED
            if may_add_fields:
                column.action = NEW_FIELD
            else:
                # The import would be refused: leave it out, and say why.
                column.note = NEW_FIELD_REFUSED
                column.note_params = {"label": label}
        for combine in self.combines or []:
            indexes = [positions.get(normalize_header(header)) for header in combine["headers"]]
            if None not in indexes:
                separator = combine.get("separator", " ")
                mapping.combines.append(Combine(combine["target"], indexes, separator))
        for split in self.splits or []:
            index = positions.get(normalize_header(split["header"]))
            if index is not None:
                # the preset's split replaces the one suggested for the column
                mapping.splits = [other for other in mapping.splits if other.column != index]
                mapping.splits.append(
                    Split(
                        index,
                        split["first_target"],
                        split["last_target"],
                        split.get("order", names.AUTO),
                        split.get("contact_number", 1),
                    )
                )
        mapping.value_maps = fold_value_maps(self.value_maps)
        return mapping

    def _job_values(self):
        """The settings to write on a job."""
        self.ensure_one()
        values = {}
        for name in PRESET_SETTINGS:
            field = self._fields[name]
            if field.type == "boolean" or self[name]:
                values[name] = field.convert_to_write(self[name], self)
        return values

    @api.model
    def _values_from_job(self, job, mapping):
        """Create values of a preset that does what ``job`` does with ``mapping``."""
        headers = {column.index: column.header for column in mapping.columns}
        lines = []
        seen = set()
        for column in mapping.columns:
            folded = normalize_header(column.header)
            if not folded or folded in seen:
                continue  # a blank or repeated header cannot be told apart by name
            seen.add(folded)
            new_field = column.new_field if column.action == NEW_FIELD else {}
            lines.append(
                Command.create(
                    {
                        "sequence": column.index,
                        "header": column.header,
                        "action": column.action,
                        "target": column.target if column.action == SYNC else False,
                        "contact_number": column.contact_number,
                        "new_field_label": new_field.get("label"),
                        "new_field_type": new_field.get("type"),
                        "new_field_name": new_field.get("name"),
                        "new_field_side": new_field.get("side"),
                    }
                )
            )
        values = {
            name: job._fields[name].convert_to_write(job[name], job) for name in PRESET_SETTINGS
        }
        values.update(
            line_ids=lines,
            combines=[
                {
                    "target": combine.target,
                    "headers": [headers[index] for index in combine.columns],
                    "separator": combine.separator,
                }
                for combine in mapping.combines
            ],
            splits=[
                {
                    "header": headers[split.column],
                    "first_target": split.first_target,
                    "last_target": split.last_target,
                    "order": split.order,
                    "contact_number": split.contact_number,
                }
                for split in mapping.splits
            ],
            value_maps=mapping.value_maps,
            company_id=job.company_id.id,
        )
        return values


class ClientImportPresetLine(models.Model):
    """What a preset does with the column of one header."""

    _name = "crm.client.import.preset.line"
    _description = "Client import preset column"
    _order = "sequence, id"

    preset_id = fields.Many2one(
        "crm.client.import.preset", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    header = fields.Char(
        required=True, help="The column header; case, accents and punctuation do not count."
    )
    action = fields.Selection(ACTIONS, required=True, default=SYNC)
    target = fields.Selection(_target_selection, string="Field")
    contact_number = fields.Integer(
        string="Contact", default=1, help="Which contact of the row: 2 for a Contact 2 column."
    )
    new_field_label = fields.Char(string="New field label")
    new_field_type = fields.Selection(NEW_FIELD_TYPES, string="New field type", default="char")
    new_field_name = fields.Char(
        string="New field name", help="Technical name, x_cci_...; empty: made from the header."
    )
    new_field_side = fields.Selection(SIDE_LABELS, string="New field on", default="account")

    @api.constrains("action", "target", "header", "preset_id")
    def _check_line(self):
        for line in self:
            if line.action == SYNC and not line.target:
                raise ValidationError(
                    self.env._(
                        "Column %(header)s: choose the field to import it into.",
                        header=line.header,
                    )
                )
            folded = normalize_header(line.header)
            same = line.preset_id.line_ids.filtered(
                lambda other, folded=folded: normalize_header(other.header) == folded
            )
            if len(same) > 1:
                raise ValidationError(
                    self.env._(
                        "Preset %(preset)s lists the header %(header)s twice.",
                        preset=line.preset_id.name,
                        header=line.header,
                    )
                )
