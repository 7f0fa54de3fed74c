"""The five guided steps of an import.

Thin: the job owns the file, the mapping, the settings and the step; the wizard
only shows them. Bulk settings are ``related`` job fields; the reader options,
the column lines and the combines are copied from the job when the wizard opens
(or the file is read again) and written back on every save, so Back, Continue,
a closed tab or a logout never lose a choice.
"""

import base64

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..lib import catalogue, names
from ..lib.mapping import (
    FIELD_TYPES,
    IGNORE,
    NEW_FIELD,
    SYNC,
    ColumnMapping,
    Combine,
    Mapping,
    Split,
    propose_field_name,
)
from ..lib.plan import ACCOUNTS_ONLY, CONTACTS_ONLY
from ..models.import_job_screen import WIZARD_STEPS
from ..models.import_preset import NEW_FIELD_TYPES

ENCODINGS = [
    ("auto", "Detect"),
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("cp1252", "Windows (Western Europe)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("utf-16", "UTF-16"),
]
DELIMITERS = [
    ("auto", "Detect"),
    (",", "Comma ,"),
    (";", "Semicolon ;"),
    ("\t", "Tab"),
    ("|", "Vertical bar |"),
]
ACTIONS = [(SYNC, "Sync"), (IGNORE, "Ignore"), (NEW_FIELD, "New field")]
assert {key for key, _label in NEW_FIELD_TYPES} == set(FIELD_TYPES)
REQUIRED_TARGETS = {"account.name"}
PERSONS = [(catalogue.CONTACT, "Contact"), (catalogue.SPOUSE, "Spouse")]
NAME_TARGETS = {f"{person}.name" for person, _label in PERSONS}
KEEP_NAME = "keep"  # a full-name column written as it is, not split
NAME_SPLITS = [
    (names.AUTO, "Split: order recognised"),
    (names.FIRST_LAST, "Split: first name first (Jan Peeters)"),
    (names.LAST_FIRST, "Split: last name first (Peeters Jan)"),
    (KEEP_NAME, "Keep as written"),
]
# Fields whose change is saved at once (see client_import_wizard_form.js): the
# preview and the column lines follow them.
READER_OPTION_FIELDS = ("csv_encoding", "csv_delimiter", "sheet_id", "header_row")
PRESET_FIELD = "preset_id"
SAMPLE_COUNT = 3


class ClientImportWizard(models.TransientModel):
    _name = "crm.client.import.wizard"
    _description = "Import clients"

    job_id = fields.Many2one("crm.client.import.job", required=True, ondelete="cascade")
    step = fields.Selection(related="job_id.wizard_step", readonly=False)
    state = fields.Selection(related="job_id.state")
    import_kind = fields.Selection(
        related="job_id.import_kind", readonly=False, string="What to import"
    )

    # --- step 1: upload ------------------------------------------------------
    upload_file = fields.Binary(
        string="Client list",
        compute="_compute_upload_file",
        inverse="_inverse_upload_file",
        help="A CSV, XLSX or XLS file with one client per row and the column names "
        "on the first row.",
    )
    upload_file_name = fields.Char()
    has_file = fields.Boolean(compute="_compute_upload_file")
    company_id = fields.Many2one(related="job_id.company_id")
    preset_id = fields.Many2one(
        related="job_id.preset_id",
        readonly=False,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    preset_detected = fields.Boolean(related="job_id.preset_detected")
    new_preset_name = fields.Char(
        string="Save as preset",
        help="Keep these column choices and settings for the next file of this kind.",
    )
    has_template_download = fields.Boolean(compute="_compute_has_template_download")
    file_type = fields.Char(string="Format", compute="_compute_detection")
    is_spreadsheet = fields.Boolean(compute="_compute_detection")
    detected_encoding = fields.Char(compute="_compute_detection")
    detected_delimiter = fields.Char(compute="_compute_detection")
    column_count = fields.Integer(compute="_compute_detection")
    csv_encoding = fields.Selection(ENCODINGS, string="Encoding", default="auto")
    csv_delimiter = fields.Selection(DELIMITERS, string="Delimiter", default="auto")
    sheet_ids = fields.One2many("crm.client.import.wizard.sheet", "wizard_id", string="Sheets")
    sheet_id = fields.Many2one(
        "crm.client.import.wizard.sheet",
        string="Sheet",
        domain="[('wizard_id', '=', id)]",
    )
    header_row = fields.Integer(string="Header row", help="The row that holds the column names.")
    preview_html = fields.Html(compute="_compute_preview_html", sanitize=False)

    # --- steps 2 and 4: columns -----------------------------------------------
    line_ids = fields.One2many("crm.client.import.wizard.line", "wizard_id")
    account_line_ids = fields.One2many(
        "crm.client.import.wizard.line",
        "wizard_id",
        domain=[("side", "in", (False, catalogue.ACCOUNT))],
    )
    contact_line_ids = fields.One2many(
        "crm.client.import.wizard.line",
        "wizard_id",
        domain=[("side", "in", (False, catalogue.CONTACT, catalogue.SPOUSE))],
    )
    combine_ids = fields.One2many("crm.client.import.wizard.combine", "wizard_id")
    account_name_line_id = fields.Many2one(
        "crm.client.import.wizard.line",
        string="Account name column",
        domain="[('wizard_id', '=', id)]",
        help="The column that names each account: a company, trust, family or person.",
    )
    name_from_combine = fields.Boolean(compute="_compute_name_from_combine")
    account_type_mode = fields.Selection(related="job_id.account_type_mode", readonly=False)
    account_type = fields.Selection(related="job_id.account_type", readonly=False)
    account_type_line_id = fields.Many2one(
        "crm.client.import.wizard.line",
        string="Account type column",
        domain="[('wizard_id', '=', id)]",
    )

    # --- step 3: settings -------------------------------------------------------
    tag_ids = fields.Many2many(related="job_id.tag_ids", readonly=False)
    tags_on_contacts = fields.Boolean(related="job_id.tags_on_contacts", readonly=False)
    importer_id = fields.Many2one(related="job_id.user_id", string="Importer")
    assignee_ids = fields.Many2many(related="job_id.assignee_ids", readonly=False)
    folder_template_id = fields.Many2one(
        related="job_id.folder_template_id", readonly=False, string="Folder template"
    )
    folders_on_existing = fields.Boolean(related="job_id.folders_on_existing", readonly=False)
    portal_login = fields.Boolean(related="job_id.portal_login", readonly=False)
    portal_notify = fields.Boolean(related="job_id.portal_notify", readonly=False)
    portal_email_sync = fields.Boolean(related="job_id.portal_email_sync", readonly=False)
    # One set of toggles per e-mail column: the spouse's show when that column is mapped.
    has_spouse_email = fields.Boolean(related="job_id.has_spouse_email")
    spouse_portal_login = fields.Boolean(related="job_id.spouse_portal_login", readonly=False)
    spouse_portal_notify = fields.Boolean(related="job_id.spouse_portal_notify", readonly=False)
    spouse_portal_email_sync = fields.Boolean(
        related="job_id.spouse_portal_email_sync", readonly=False
    )
    send_invitations = fields.Boolean(related="job_id.send_invitations", readonly=False)
    invitation_message = fields.Text(related="job_id.invitation_message", readonly=False)
    lang = fields.Selection(related="job_id.lang", readonly=False)
    partner_rank = fields.Selection(related="job_id.partner_rank", readonly=False)
    duplicate_policy = fields.Selection(
        related="job_id.duplicate_policy", readonly=False, string="When a client exists"
    )
    empty_clears = fields.Boolean(related="job_id.empty_clears", readonly=False)
    restore_archived = fields.Boolean(related="job_id.restore_archived", readonly=False)
    strictness = fields.Selection(
        related="job_id.strictness", readonly=False, string="Invalid values"
    )
    archive_before = fields.Selection(related="job_id.archive_before", readonly=False)
    archive_confirmed = fields.Boolean(related="job_id.archive_confirmed", readonly=False)

    # --- step 5: review -----------------------------------------------------------
    review_html = fields.Html(compute="_compute_review_html", sanitize=False)
    excluded_rows_text = fields.Char(
        string="Leave out rows",
        compute="_compute_excluded_rows_text",
        inverse="_inverse_excluded_rows_text",
        help="Row numbers as the spreadsheet shows them, e.g. 4, 9-12.",
    )
    review_warning_rows = fields.Integer(compute="_compute_review_html")

    # ------------------------------------------------------------------
    # Opening, saving
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Job = self.env["crm.client.import.job"]
        Job._check_import_rights()
        for vals in vals_list:
            if vals.get("job_id"):
                # The wizard writes through to its job: only a job the user may change.
                Job.browse(vals["job_id"])._check_import_rights()
            else:
                vals["job_id"] = Job.create({}).id
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._load_from_job()
        return wizards

    def write(self, vals):
        if vals.get("job_id"):
            self.env["crm.client.import.job"].browse(vals["job_id"])._check_import_rights()
        reader_options = {key: vals.pop(key) for key in READER_OPTION_FIELDS if key in vals}
        result = super().write(vals)
        if "upload_file" in vals:
            return result  # the new file was read and the lines reloaded by the inverse
        for wizard in self:
            if vals.get(PRESET_FIELD) and wizard.has_file:
                wizard.job_id.action_apply_preset()
                wizard._load_from_job()
            elif reader_options:
                wizard._apply_reader_options(reader_options)
            elif wizard.job_id.state in ("draft", "ready") and wizard.line_ids:
                wizard._save_mapping()
        return result

    def _load_from_job(self):
        """Copy the job's reader options and mapping into the wizard's own fields."""
        self.ensure_one()
        job = self.job_id
        options = job.reader_options or {}
        detection = job.detection or {}
        self.line_ids.unlink()
        self.combine_ids.unlink()
        self.sheet_ids.unlink()
        sheets = self.env["crm.client.import.wizard.sheet"].create(
            [
                {"wizard_id": self.id, "name": sheet["name"], "hidden": sheet.get("hidden")}
                for sheet in detection.get("sheets") or []
            ]
        )
        values = {
            "upload_file_name": job.file_name,
            "csv_encoding": options.get("encoding") or "auto",
            "csv_delimiter": options.get("delimiter") or "auto",
            "sheet_id": sheets.filtered(lambda s: s.name == detection.get("sheet"))[:1].id,
            "header_row": detection.get("header_row") or 0,
        }
        super().write(values)
        if job.mapping:
            self._load_mapping(Mapping.from_dict(job.mapping))

    def _load_mapping(self, mapping):
        samples = self._column_samples()
        name_splits = {split.column: split.order for split in mapping.splits}
        lines = self.env["crm.client.import.wizard.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "column_index": column.index,
                    "header": column.header,
                    "samples": samples.get(column.index, ""),
                    "action": column.action,
                    "target": column.target if column.action == SYNC else False,
                    "contact_number": column.contact_number,
                    "name_split": name_splits.get(column.index, KEEP_NAME),
                    "confidence": column.confidence,
                    "reason": column.reason,
                    "note": self._column_note(column),
                    "new_field_label": (column.new_field or {}).get("label"),
                    "new_field_type": (column.new_field or {}).get("type") or "char",
                    "new_field_name": (column.new_field or {}).get("name"),
                    "new_field_side": (column.new_field or {}).get("side") or catalogue.ACCOUNT,
                }
                for column in mapping.columns
            ]
        )
        by_index = {line.column_index: line for line in lines}
        self.env["crm.client.import.wizard.combine"].create(
            [
                {
                    "wizard_id": self.id,
                    "target": combine.target,
                    "separator": combine.separator,
                    "line_ids": [Command.set([by_index[i].id for i in combine.columns])],
                }
                for combine in mapping.combines
                if all(index in by_index for index in combine.columns)
            ]
        )
        super().write(
            {
                "account_name_line_id": lines.filtered(lambda line: line.target == "account.name")[
                    :1
                ].id,
                "account_type_line_id": lines.filtered(lambda line: line.target == "account.type")[
                    :1
                ].id,
            }
        )

    def _column_samples(self):
        samples = {}
        for index in range(len(self.job_id.header or [])):
            values = []
            for row in self.job_id.preview_rows or []:
                cell = (row[index] if index < len(row) else "") or ""
                if str(cell).strip():
                    values.append(str(cell).strip())
                if len(values) == SAMPLE_COUNT:
                    break
            samples[index] = " · ".join(values)
        return samples

    def _column_note(self, column):
        if not column.note:
            return False
        labels = self._target_labels()
        params = {
            key: labels.get(value, value) if key in ("target", "previous") else value
            for key, value in column.note_params.items()
        }
        return self.env._(column.note, **params)

    def _target_labels(self):
        return dict(self.env["crm.client.import.wizard.line"]._target_selection())

    def _save_mapping(self):
        """The lines and combines back into ``job.mapping``."""
        self.ensure_one()
        name_line, type_line = self.account_name_line_id, self.account_type_line_id
        for target, chosen in (("account.name", name_line), ("account.type", type_line)):
            if not chosen:
                continue  # nothing picked: the lines say it
            for line in self.line_ids:
                if line == chosen and line.target != target:
                    line.write({"action": SYNC, "target": target})
                elif line != chosen and line.target == target:
                    line.write({"action": IGNORE, "target": False})
        previous = Mapping.from_dict(self.job_id.mapping or {})
        kept_columns = {column.index: column for column in previous.columns}
        columns = []
        splits = []
        for line in self.line_ids.sorted("column_index"):
            old = kept_columns.get(line.column_index)
            synced = line.action == SYNC
            columns.append(
                ColumnMapping(
                    index=line.column_index,
                    header=line.header,
                    action=line.action,
                    target=line.target if synced else None,
                    confidence=line.confidence,
                    reason=line.reason or "none",
                    new_field=line._new_field_dict(),
                    note=old.note if old else "",
                    note_params=old.note_params if old else {},
                    contact_number=line.contact_number if line.side == catalogue.CONTACT else 1,
                )
            )
            if synced and line.target in NAME_TARGETS and line.name_split != KEEP_NAME:
                splits.append(
                    Split(
                        column=line.column_index,
                        first_target=f"{line.side}.first_name",
                        last_target=f"{line.side}.last_name",
                        order=line.name_split,
                        contact_number=columns[-1].contact_number,
                    )
                )
        # splits of columns that feed no name themselves (a preset's) stay as they are
        synced = {column.index for column in columns if column.action == SYNC}
        splits += [split for split in previous.splits if split.column not in synced]
        combines = [
            Combine(
                target=combine.target,
                columns=combine.line_ids.sorted("column_index").mapped("column_index"),
                separator=combine.separator or " ",
            )
            for combine in self.combine_ids
            if combine.target and combine.line_ids
        ]
        mapping = Mapping(columns=columns, combines=combines, splits=splits)
        if mapping.to_dict() != (self.job_id.mapping or {}):
            self.job_id.write({"mapping": mapping.to_dict(), "review": False})

    def _apply_reader_options(self, options):
        self.ensure_one()
        job = self.job_id
        if not job.attachment_id:
            return
        current = dict(job.reader_options or {})
        if "csv_encoding" in options:
            current["encoding"] = (
                None if options["csv_encoding"] == "auto" else options["csv_encoding"]
            )
        if "csv_delimiter" in options:
            current["delimiter"] = (
                None if options["csv_delimiter"] == "auto" else options["csv_delimiter"]
            )
        if "sheet_id" in options:
            sheet = self.env["crm.client.import.wizard.sheet"].browse(options["sheet_id"])
            current["sheet"] = sheet.name or None
        if "header_row" in options:
            current["header_row"] = options["header_row"] or None
        job.write({"reader_options": current})
        job.action_read_file()
        self._load_from_job()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("combine_ids.target")
    def _compute_name_from_combine(self):
        for wizard in self:
            wizard.name_from_combine = "account.name" in wizard.combine_ids.mapped("target")

    @api.depends("job_id.attachment_id")
    def _compute_upload_file(self):
        for wizard in self:
            attachment = wizard.job_id.attachment_id
            wizard.upload_file = attachment.datas if attachment else False
            wizard.has_file = bool(attachment)

    def _inverse_upload_file(self):
        for wizard in self:
            if wizard.upload_file:
                data = base64.b64decode(wizard.upload_file)
                wizard.job_id.set_file(data, wizard.upload_file_name)
                wizard._load_from_job()
                # A file that says each account's type is believed (TaxDome's
                # "map with a column"); the user may still choose one type for all.
                if wizard.account_type_line_id and wizard.account_type_mode == "bulk":
                    wizard.account_type_mode = "column"

    def _compute_has_template_download(self):
        # The template download comes with the presets part of the addon.
        available = hasattr(self.env["crm.client.import.job"], "action_download_template")
        self.has_template_download = available

    @api.depends("job_id.detection", "job_id.header")
    def _compute_detection(self):
        for wizard in self:
            detection = wizard.job_id.detection or {}
            wizard.file_type = (detection.get("file_type") or "").upper()
            wizard.is_spreadsheet = detection.get("file_type") in ("xlsx", "xls")
            wizard.detected_encoding = detection.get("encoding") or ""
            delimiter = detection.get("delimiter") or ""
            wizard.detected_delimiter = self.env._("Tab") if delimiter == "\t" else delimiter
            wizard.column_count = len(wizard.job_id.header or [])

    @api.depends("job_id.header", "job_id.preview_rows")
    def _compute_preview_html(self):
        for wizard in self:
            job = wizard.job_id
            if not job.header:
                wizard.preview_html = False
                continue
            wizard.preview_html = self.env["ir.qweb"]._render(
                "crm_client_import.wizard_preview_table",
                {"header": job.header, "rows": job.preview_rows or []},
            )

    @api.depends("job_id.review")
    def _compute_review_html(self):
        for wizard in self:
            review = wizard.job_id.review
            wizard.review_warning_rows = (review or {}).get("warning_rows", 0)
            if not review:
                wizard.review_html = False
                continue
            wizard.review_html = self.env["ir.qweb"]._render(
                "crm_client_import.wizard_review_summary",
                {"review": review, "job": wizard.job_id},
            )

    @api.depends("job_id.excluded_rows")
    def _compute_excluded_rows_text(self):
        for wizard in self:
            wizard.excluded_rows_text = format_row_ranges(wizard.job_id.excluded_rows or [])

    def _inverse_excluded_rows_text(self):
        for wizard in self:
            try:
                rows = parse_row_ranges(wizard.excluded_rows_text or "")
            except ValueError:
                raise UserError(
                    self.env._("Write the rows to leave out as numbers and ranges, e.g. 4, 9-12.")
                ) from None
            wizard.job_id.write({"excluded_rows": rows or False, "review": False})

    # ------------------------------------------------------------------
    # Navigation: every button saves first (the web client does), then moves
    # ------------------------------------------------------------------

    def _steps(self):
        """The steps of this import kind: no Accounts step for contacts only, no
        Contacts step for accounts only."""
        skipped = {ACCOUNTS_ONLY: "contacts", CONTACTS_ONLY: "accounts"}.get(self.import_kind)
        return [key for key, _label in WIZARD_STEPS if key != skipped]

    def action_next_step(self):
        self.ensure_one()
        self.job_id._check_import_rights()
        self._check_step_done()
        steps = self._steps()
        index = steps.index(self.step) if self.step in steps else 0
        self._go_to(steps[min(index + 1, len(steps) - 1)])
        return self._reopen()

    def action_previous_step(self):
        self.ensure_one()
        self.job_id._check_import_rights()
        steps = self._steps()
        index = steps.index(self.step) if self.step in steps else 1
        self._go_to(steps[max(index - 1, 0)])
        return self._reopen()

    def _check_step_done(self):
        if self.step == "upload" and not self.job_id.attachment_id:
            raise UserError(self.env._("Upload a client list first."))
        if self.step == "accounts":
            self.job_id._check_mapping()

    def _go_to(self, step):
        self.step = step
        if step == "review" and self.state in ("draft", "ready"):
            self.job_id.action_review()

    def action_refresh_review(self):
        """After leaving rows out: compute the review again."""
        self.ensure_one()
        self.job_id.action_review()
        return self._reopen()

    def action_exclude_warning_rows(self):
        """Leave out the rows with warnings and compute the review again."""
        self.ensure_one()
        self.job_id.action_exclude_warning_rows()
        return self._reopen()

    def action_start(self):
        """Start the import and show its progress on the job form."""
        self.ensure_one()
        self.job_id.action_start()
        return self.job_id._form_action()

    def action_close(self):
        """Close, keeping every choice (the web client saves before calling this)."""
        self.job_id._check_import_rights()
        return {"type": "ir.actions.act_window_close"}

    def action_new_import(self):
        """Leave this import as a draft and begin another one."""
        self.ensure_one()
        self.job_id._check_import_rights()
        return self.env["crm.client.import.job"].create({})._open_wizard()

    def action_download_template(self):
        return self.job_id.action_download_template()

    def action_save_as_preset(self):
        """Managers: keep this import's columns and settings as a preset, and go on."""
        self.ensure_one()
        if not self.new_preset_name:
            raise UserError(self.env._("Give the preset a name."))
        self.job_id.action_save_as_preset(self.new_preset_name)
        self.new_preset_name = False
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Import clients"),
            "context": {"dialog_size": "extra-large"},
        }


class ClientImportWizardSheet(models.TransientModel):
    """A sheet of the uploaded workbook, for the sheet picker."""

    _name = "crm.client.import.wizard.sheet"
    _description = "Sheet of a client list"
    _order = "id"

    wizard_id = fields.Many2one("crm.client.import.wizard", required=True, ondelete="cascade")
    name = fields.Char(required=True)
    hidden = fields.Boolean()

    @api.depends("name", "hidden")
    def _compute_display_name(self):
        for sheet in self:
            hidden = self.env._(" (hidden)") if sheet.hidden else ""
            sheet.display_name = f"{sheet.name}{hidden}"


class ClientImportWizardLine(models.TransientModel):
    """One column of the file: what it feeds."""

    _name = "crm.client.import.wizard.line"
    _description = "Column of a client list"
    _order = "column_index"
    _rec_name = "header"

    wizard_id = fields.Many2one("crm.client.import.wizard", required=True, ondelete="cascade")
    column_index = fields.Integer(required=True)
    column_number = fields.Integer(string="#", compute="_compute_column_number")
    header = fields.Char(string="Column", readonly=True)
    samples = fields.Char(string="Sample values", readonly=True)
    action = fields.Selection(ACTIONS, required=True, default=IGNORE)
    target = fields.Selection(selection="_target_selection", string="Field")
    account_target = fields.Selection(
        selection="_account_target_selection",
        string="Account field",
        compute="_compute_side_targets",
        inverse="_inverse_account_target",
    )
    contact_target = fields.Selection(
        selection="_contact_target_selection",
        string="Contact field",
        compute="_compute_side_targets",
        inverse="_inverse_contact_target",
    )
    side = fields.Selection(
        [
            (catalogue.ACCOUNT, "Account"),
            (catalogue.CONTACT, "Contact"),
            (catalogue.SPOUSE, "Spouse"),
        ],
        compute="_compute_side",
        store=True,
    )
    # The person read from the header ("Spouse Email", "Contact 2 Phone"); changing
    # it moves the column to the same field of that person.
    person = fields.Selection(
        PERSONS,
        compute="_compute_person",
        inverse="_inverse_person",
        help="Whose value the column holds: the row's contact (1, or 2, 3... when the "
        "row lists several) or the spouse.",
    )
    contact_number = fields.Integer(
        string="Contact no.", default=1, help="Which contact of the row: 2 for Contact 2."
    )
    name_split = fields.Selection(
        NAME_SPLITS,
        default=KEEP_NAME,
        help="A column of full names is split into first and last name, in this order.",
    )
    confidence = fields.Integer(readonly=True)
    confidence_label = fields.Char(string="Match", compute="_compute_confidence_label")
    reason = fields.Char(readonly=True)
    note = fields.Char(readonly=True)
    new_field_label = fields.Char(string="New field label")
    new_field_type = fields.Selection(NEW_FIELD_TYPES, string="New field type", default="char")
    new_field_name = fields.Char()
    new_field_side = fields.Selection(
        [(catalogue.ACCOUNT, "Account"), (catalogue.CONTACT, "Contact")], default="account"
    )

    @api.model
    def _target_selection(self):
        targets = self.env["crm.client.import.job"]._import_targets()
        return [
            (
                target.key,
                self.env._(str(target.label)) + (" *" if target.key in REQUIRED_TARGETS else ""),
            )
            for target in targets
        ]

    @api.model
    def _side_selection(self, sides):
        targets = self.env["crm.client.import.job"]._import_targets()
        keys = {target.key for target in targets if target.side in sides}
        return [(key, label) for key, label in self._target_selection() if key in keys]

    @api.model
    def _account_target_selection(self):
        return self._side_selection((catalogue.ACCOUNT,))

    @api.model
    def _contact_target_selection(self):
        return self._side_selection((catalogue.CONTACT, catalogue.SPOUSE))

    def _compute_column_number(self):
        for line in self:
            line.column_number = line.column_index + 1

    @api.depends("target", "action", "new_field_side")
    def _compute_side(self):
        sides = {
            target.key: target.side
            for target in self.env["crm.client.import.job"]._import_targets()
        }
        for line in self:
            if line.action == SYNC:
                line.side = sides.get(line.target)
            elif line.action == NEW_FIELD:
                line.side = line.new_field_side
            else:
                line.side = False

    @api.depends("side", "action")
    def _compute_person(self):
        for line in self:
            line.person = line.side if line.side in dict(PERSONS) and line.action == SYNC else False

    def _inverse_person(self):
        keys = {target.key for target in self.env["crm.client.import.job"]._import_targets()}
        for line in self.filtered(lambda line: line.person and line.action == SYNC):
            target = f"{line.person}.{line.target.partition('.')[2]}"
            if target not in keys:
                raise UserError(
                    self.env._(
                        "Column %(column)s: the spouse has no such field. Choose another "
                        "field or leave the column out.",
                        column=line.header,
                    )
                )
            if target != line.target:
                line.target = target

    @api.depends("target")
    def _compute_side_targets(self):
        account_keys = dict(self._account_target_selection())
        contact_keys = dict(self._contact_target_selection())
        for line in self:
            line.account_target = line.target if line.target in account_keys else False
            line.contact_target = line.target if line.target in contact_keys else False

    def _inverse_account_target(self):
        for line in self:
            line._set_target(line.account_target, catalogue.ACCOUNT)

    def _inverse_contact_target(self):
        for line in self:
            line._set_target(line.contact_target, catalogue.CONTACT)

    def _set_target(self, target, side):
        if target:
            self.write({"target": target, "action": SYNC})
        elif self.action == SYNC and self.side in (side, catalogue.SPOUSE, False):
            self.write({"target": False, "action": IGNORE})

    @api.onchange("action")
    def _onchange_action(self):
        if self.action == NEW_FIELD and not self.new_field_label:
            self.new_field_label = self.header

    @api.depends("confidence", "action", "reason")
    def _compute_confidence_label(self):
        for line in self:
            if line.action == SYNC and line.reason not in (False, "none", "user"):
                line.confidence_label = f"{line.confidence}%"
            else:
                line.confidence_label = False

    def _new_field_dict(self):
        if not self.new_field_label and self.action != NEW_FIELD:
            return None
        taken = set(self.env["res.partner"]._fields)
        taken |= set(
            (self.wizard_id.line_ids - self).filtered("new_field_name").mapped("new_field_name")
        )
        name = self.new_field_name or propose_field_name(self.new_field_label or "", taken)
        return {
            "label": self.new_field_label or self.header,
            "type": self.new_field_type or "char",
            "name": name,
            "side": self.new_field_side or catalogue.ACCOUNT,
        }

    def write(self, vals):
        # A field the user picked is no longer a suggestion.
        if "target" in vals:
            vals = dict(vals, reason="user", confidence=100, note=False)
        return super().write(vals)


class ClientImportWizardCombine(models.TransientModel):
    """Several columns joined into one field, e.g. first + last name into the account name."""

    _name = "crm.client.import.wizard.combine"
    _description = "Combined columns of a client list"

    wizard_id = fields.Many2one("crm.client.import.wizard", required=True, ondelete="cascade")
    line_ids = fields.Many2many(
        "crm.client.import.wizard.line",
        "crm_client_import_wizard_combine_line_rel",
        "combine_id",
        "line_id",
        string="Columns",
        domain="[('wizard_id', '=', wizard_id)]",
    )
    target = fields.Selection(selection="_target_selection", string="Field", required=True)
    separator = fields.Char(default=" ")

    @api.model
    def _target_selection(self):
        return self.env["crm.client.import.wizard.line"]._target_selection()


def parse_row_ranges(text):
    """``"4, 9-12"`` -> ``[4, 9, 10, 11, 12]``; raises ValueError on anything else."""
    rows = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        first, last = int(first), int(last if dash else first)
        if first < 1 or last < first or last - first > 1_000_000:
            raise ValueError(part)
        rows.update(range(first, last + 1))
    return sorted(rows)


def format_row_ranges(rows):
    """``[4, 9, 10, 11, 12]`` -> ``"4, 9-12"``."""
    parts = []
    for row in sorted(set(rows)):
        if parts and parts[-1][1] == row - 1:
            parts[-1][1] = row
        else:
            parts.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)
