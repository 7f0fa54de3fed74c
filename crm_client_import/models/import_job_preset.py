from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import template
from ..lib.mapping import suggest_mapping
from ..lib.presets import match_preset, shape

TEMPLATE_URL = "/crm_client_import/template.xlsx"


class ClientImportJob(models.Model):
    """Presets and the downloadable template on the import job."""

    _inherit = "crm.client.import.job"

    preset_id = fields.Many2one(
        "crm.client.import.preset",
        string="Preset",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Column choices and settings saved for this kind of file.",
    )
    preset_detected = fields.Boolean(
        readonly=True,
        copy=False,
        help="The preset was chosen because the file's headers match its columns.",
    )

    # ------------------------------------------------------------------
    # Mapping suggestions: the preset's choices, and the catalogue labels
    # in every installed language.
    # ------------------------------------------------------------------

    def _suggest_mapping(self, header, preview):
        return self._mapping_from_samples(header, [row.cells for row in preview])

    def _mapping_from_samples(self, header, sample_rows):
        if not self.preset_id and (preset := self._detect_preset(header)):
            self.write({"preset_id": preset.id, "preset_detected": True})
        targets = self._import_targets()
        mapping = suggest_mapping(
            header,
            targets=targets,
            sample_rows=sample_rows,
            learned=self.preset_id._learned_targets(),
            extra_labels=self._translated_labels(targets),
            existing_field_names=set(self.env["res.partner"]._fields),
        )
        return self.preset_id._apply_to(mapping) if self.preset_id else mapping

    @api.model
    def _translated_labels(self, targets):
        """``{key: [label in each installed language]}``: a template downloaded
        by a colleague in another language maps itself as well."""
        labels = defaultdict(list)
        for code, _name in self.env["res.lang"].get_installed():
            if code == "en_US":
                continue  # the catalogue labels themselves
            env = self.with_context(lang=code).env
            for target in targets:
                labels[target.key].append(env._(target.label))
        return dict(labels)

    def _detect_preset(self, header):
        """The preset of the job's company whose columns the file's headers match."""
        presets = self.env["crm.client.import.preset"].search(
            ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]
        )
        match = match_preset(
            header, [shape(preset, preset.line_ids.mapped("header")) for preset in presets]
        )
        return match.key if match else presets.browse()

    # ------------------------------------------------------------------
    # Presets
    # ------------------------------------------------------------------

    def set_file(self, data, file_name):
        # A preset recognised in the previous file is recognised again, or not.
        if self.preset_detected:
            self.write({"preset_id": False, "preset_detected": False})
        return super().set_file(data, file_name)

    def action_read_file(self):
        if self.preset_id:
            self._check_import_rights()
            self.mapping = False  # the preset decides the mapping again
        result = super().action_read_file()
        if self.preset_id:
            self.write(self.preset_id._job_values())
        return result

    def action_apply_preset(self):
        """Map the columns of the file as the preset says and take its settings."""
        self._check_import_rights()
        self.ensure_one()
        self._check_state("draft", "ready")
        if not self.preset_id:
            raise UserError(self.env._("Choose a preset first."))
        values = dict(self.preset_id._job_values(), preset_detected=False)
        if self.header:
            mapping = self._mapping_from_samples(self.header, self.preview_rows or [])
            values.update(mapping=mapping.to_dict(), review=False)
        self.write(values)
        return True

    def action_save_as_preset(self, name):
        """Save this job's mapping and settings as a new preset of its company."""
        self._check_import_rights(manager=True)
        self.ensure_one()
        if not (name or "").strip():
            raise UserError(self.env._("Give the preset a name."))
        values = self.env["crm.client.import.preset"]._values_from_job(self, self._get_mapping())
        preset = self.env["crm.client.import.preset"].create(dict(values, name=name.strip()))
        self.preset_id = preset
        return {
            "type": "ir.actions.act_window",
            "res_model": preset._name,
            "res_id": preset.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # The template
    # ------------------------------------------------------------------

    def action_download_template(self):
        self._check_import_rights()
        return {"type": "ir.actions.act_url", "url": TEMPLATE_URL, "target": "self"}

    @api.model
    def _template_file(self):
        """The XLSX template, headers and sheet names in the user's language."""
        _ = self.env._
        targets = self._import_targets()
        columns = [(key, _(label)) for key, label in template.template_columns(targets)]
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        value_lists = {
            key: (_(label), values)
            for key, (label, values) in template.template_value_lists(languages).items()
        }
        return template.build_template(
            columns,
            template.template_example_rows(columns),
            value_lists,
            sheet_title=_("Clients"),
            values_title=_("Values"),
        )
