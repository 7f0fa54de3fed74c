import base64
import dataclasses
import itertools
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import catalogue, readers
from ..lib.errors import ClientImportError
from ..lib.mapping import Mapping, suggest_mapping
from ..lib.masking import mask_text
from ..lib.normalize import LENIENT, STRICT, NormalizeContext
from ..lib.plan import (
    ACCOUNT_TYPES,
    ACCOUNTS_AND_CONTACTS,
    ACCOUNTS_ONLY,
    CONTACTS_ONLY,
    TYPE_FROM_BULK,
    TYPE_FROM_COLUMN,
    TYPE_LEFT_ALONE,
    TYPE_PER_ROW,
    PlanOptions,
    RowPlanner,
)
from .res_partner import ACCOUNT_TYPE_LABELS
from .translate import translate_message

_logger = logging.getLogger(__name__)

USER_GROUP = "crm_client_import.group_client_import_user"
MANAGER_GROUP = "crm_client_import.group_client_import_manager"
PREVIEW_ROWS = 20

IMPORT_KINDS = [
    (ACCOUNTS_AND_CONTACTS, "Accounts and contacts"),
    (ACCOUNTS_ONLY, "Accounts only"),
    (CONTACTS_ONLY, "Contacts only"),
]
JOB_STATES = [
    ("draft", "Draft"),
    ("ready", "Ready"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
    ("undone", "Undone"),
]
DUPLICATE_POLICIES = [
    ("skip", "Skip: keep the existing client as it is"),
    ("update", "Update: overwrite with the file's values"),
    ("fill", "Fill blanks only"),
    ("create", "Create new: never match"),
]
ARCHIVE_CHOICES = [
    ("none", "No"),
    ("imported", "Archive the clients of earlier imports"),
    ("all", "Archive all clients"),
]


class ClientImportJob(models.Model):
    """One import of a client list: owns the file, the choices, the state and the results.

    The wizard, the command line and the Python API all drive these methods, so an
    import survives a closed browser tab or a restarted server. From code::

        job = env["crm.client.import.job"].create_from_file(data, "clients.xlsx")
        job.action_start()
    """

    _name = "crm.client.import.job"
    _description = "Client import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    # Named after its file, in every language; a draft without a file shows "New import".
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    state = fields.Selection(
        JOB_STATES, string="Status", default="draft", required=True, readonly=True, copy=False
    )
    import_kind = fields.Selection(IMPORT_KINDS, default=ACCOUNTS_AND_CONTACTS, required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Importer",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        required=True,
        readonly=True,
        index=True,
    )

    # The file and how it is read
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True, copy=False)
    file_name = fields.Char(readonly=True)
    reader_options = fields.Json(copy=False)
    detection = fields.Json(readonly=True, copy=False)
    header = fields.Json(readonly=True, copy=False)
    preview_rows = fields.Json(readonly=True, copy=False)
    preview_row_numbers = fields.Json(
        readonly=True, copy=False, help="The spreadsheet's row numbers of the preview rows."
    )
    mapping = fields.Json(copy=False)

    # Settings applied in bulk
    account_type_mode = fields.Selection(
        [
            (TYPE_PER_ROW, "Decide per row, from what the row says"),
            (TYPE_FROM_BULK, "The same type for every account"),
            (TYPE_FROM_COLUMN, "From a column"),
            (TYPE_LEFT_ALONE, "Leave the type alone (updates only)"),
        ],
        default=TYPE_PER_ROW,
        required=True,
        help="Per row: a legal form, an enterprise or VAT number make a company; a "
        "national number or a person's name an individual; a family word or two "
        "people's names a family. A type column, when mapped, wins. The review shows "
        "how many accounts each reason gave, and lets you change their type.",
    )
    account_type = fields.Selection(
        [(key, ACCOUNT_TYPE_LABELS[key]) for key in ACCOUNT_TYPES],
        default="company",
        help="The type of every account; per row, the type when nothing in the row tells.",
    )
    account_type_overrides = fields.Json(
        string="Account types by reason",
        copy=False,
        help="Per row: {reason: type} for the accounts you gave another type on review.",
    )
    duplicate_policy = fields.Selection(DUPLICATE_POLICIES, default="skip", required=True)
    empty_clears = fields.Boolean(
        string="Empty cells clear values",
        help="With Update: an empty cell clears the client's value instead of keeping it.",
    )
    strictness = fields.Selection(
        [
            (LENIENT, "Import the client, keep a bad cell in the notes"),
            (STRICT, "Skip the whole row when a cell is invalid (strict)"),
        ],
        default=LENIENT,
        required=True,
        help="By default a phone number that is not valid is kept as typed or in "
        "international form, and another invalid value (e-mail, VAT, national number, "
        "IBAN...) goes to the notes of the client or contact, with a warning.",
    )
    tag_ids = fields.Many2many("res.partner.category", string="Tags")
    tags_on_contacts = fields.Boolean(string="Tag contacts too")
    assignee_ids = fields.Many2many(
        "res.users",
        string="Team members",
        check_company=True,
        domain=[("share", "=", False)],
        help="Followers of every imported account. The importer is the salesperson, "
        "unless a column names one.",
    )
    folder_template_id = fields.Many2one(
        "crm.client.folder.template",
        check_company=True,
        default=lambda self: self.env.ref(
            "crm_client_import.folder_template_tax_years", raise_if_not_found=False
        ),
    )
    folders_on_existing = fields.Boolean(string="Also create folders for existing accounts")
    lang = fields.Selection(
        selection="_lang_selection",
        string="Language",
        help="The language of new clients and contacts whose row gives none. Empty: "
        "the importer's language.",
    )
    partner_rank = fields.Selection(
        [("none", "Neither"), ("customer", "Customer"), ("supplier", "Supplier"), ("both", "Both")],
        string="Import as",
        default="none",
        help="Customer and supplier ranks, when Invoicing is installed.",
    )
    archive_before = fields.Selection(
        ARCHIVE_CHOICES, default="none", required=True, string="Archive before import"
    )
    archive_confirmed = fields.Boolean(copy=False)
    restore_archived = fields.Boolean(
        string="Restore archived clients",
        help="A row that matches an archived client restores it. Off: such rows are "
        "skipped and listed, and the archived client stays as it is.",
    )
    excluded_rows = fields.Json(copy=False, help="Row numbers left out on review.")
    # Portal access of the imported contacts (applied by the portal part of the addon)
    portal_login = fields.Boolean(
        string="Login",
        help="Imported contacts with an e-mail get a portal login (no mail is sent "
        "unless you ask for invitations). The review says how many.",
    )
    portal_notify = fields.Boolean(
        string="Notify", default=True, help="Contacts follow their accounts' messages."
    )
    portal_email_sync = fields.Boolean(
        string="Email sync",
        default=True,
        help="Mails exchanged with the contacts are logged on their account.",
    )
    send_invitations = fields.Boolean(
        help="Send the portal invitation e-mails when the import has finished. "
        "Off is recommended: check everything first, then invite."
    )
    invitation_message = fields.Text(string="Personal message")

    # Progress and results
    rows_total = fields.Integer(readonly=True, copy=False)
    next_row_index = fields.Integer(readonly=True, copy=False, help="Data rows already done.")
    progress = fields.Float(compute="_compute_progress")
    # Rows, by outcome: counts of the job's row log, one outcome per row
    rows_read = fields.Integer(readonly=True, copy=False)
    rows_created = fields.Integer(readonly=True, copy=False)
    rows_updated = fields.Integer(readonly=True, copy=False)
    rows_linked = fields.Integer(readonly=True, copy=False)
    rows_unchanged = fields.Integer(readonly=True, copy=False)
    rows_skipped = fields.Integer(readonly=True, copy=False)
    rows_empty = fields.Integer(string="Empty lines ignored", readonly=True, copy=False)
    rows_with_warnings = fields.Integer(
        string="Rows imported with warnings",
        readonly=True,
        copy=False,
        help="Imported rows with a cell left out of its field (kept in the notes) or "
        "kept as typed: listed with the reason, and in the report.",
    )
    rows_imported = fields.Integer(
        compute="_compute_rows_imported", help="Rows that created, updated or linked a partner."
    )
    # Partners
    accounts_created = fields.Integer(readonly=True, copy=False)
    accounts_matched = fields.Integer(string="Existing accounts", readonly=True, copy=False)
    accounts_updated = fields.Integer(readonly=True, copy=False)
    contacts_created = fields.Integer(readonly=True, copy=False)
    contacts_matched = fields.Integer(string="Existing contacts", readonly=True, copy=False)
    contacts_updated = fields.Integer(readonly=True, copy=False)
    links_added = fields.Integer(string="Also-contact-of links", readonly=True, copy=False)
    custom_fields_created = fields.Integer(readonly=True, copy=False)
    accounts_archived = fields.Integer(readonly=True, copy=False)
    error_message = fields.Text(readonly=True, copy=False)
    started_at = fields.Datetime(readonly=True, copy=False)
    finished_at = fields.Datetime(readonly=True, copy=False)
    review = fields.Json(readonly=True, copy=False)
    record_ids = fields.One2many("crm.client.import.record", "job_id", readonly=True)
    change_ids = fields.One2many("crm.client.import.change", "job_id", readonly=True)
    row_ids = fields.One2many("crm.client.import.row", "job_id", readonly=True)
    skipped_row_ids = fields.One2many(
        "crm.client.import.row", "job_id", domain=[("outcome", "=", "skipped")], readonly=True
    )
    warning_row_ids = fields.One2many(
        "crm.client.import.row", "job_id", domain=[("warning_count", ">", 0)], readonly=True
    )
    skipped_file_id = fields.Many2one(
        "ir.attachment",
        string="Report",
        readonly=True,
        copy=False,
        help="The zipped skipped and warnings files, to correct and import again.",
    )

    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("rows_total", "next_row_index")
    def _compute_progress(self):
        for job in self:
            total = job.rows_total
            job.progress = 100.0 * job.next_row_index / total if total else 0.0

    @api.depends("rows_created", "rows_updated", "rows_linked")
    def _compute_rows_imported(self):
        for job in self:
            job.rows_imported = job.rows_created + job.rows_updated + job.rows_linked

    @api.depends("file_name")
    def _compute_name(self):
        for job in self:
            job.name = job.file_name or job.name

    @api.depends("name", "create_date")
    def _compute_display_name(self):
        for job in self:
            name = job.name or self.env._("New import")
            created = fields.Date.to_string(job.create_date) if job.create_date else ""
            job.display_name = f"{name} ({created})" if created else name

    # ------------------------------------------------------------------
    # Rights: every public method checks them itself (an RPC call must not
    # get around the screens).
    # ------------------------------------------------------------------

    def _check_import_rights(self, manager=False):
        group = MANAGER_GROUP if manager else USER_GROUP
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._("Only Client Import managers may do this.")
                if manager
                else self.env._("You are not allowed to import clients.")
            )
        if self:
            self.check_access("write")

    def _check_state(self, *states):
        for job in self:
            if job.state not in states:
                raise UserError(
                    self.env._(
                        "The import “%(job)s” is %(state)s: this cannot be done now.",
                        job=job.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            job.state
                        ],
                    )
                )

    def _user_error(self, error):
        """A lib ``ClientImportError`` as a translated ``UserError``."""
        return UserError(mask_text(translate_message(self.env, error.message, error.params)))

    # ------------------------------------------------------------------
    # The file
    # ------------------------------------------------------------------

    @api.model
    def create_from_file(self, data, file_name, **values):
        """Create a job for ``data`` (bytes), read its header and propose a mapping."""
        self._check_import_rights()
        job = self.create(values)
        job.set_file(data, file_name)
        return job

    def set_file(self, data, file_name):
        """Attach a (new) file to this draft job, read it and propose a mapping."""
        self._check_import_rights()
        self.ensure_one()
        self._check_state("draft", "ready")
        if isinstance(data, str):
            data = base64.b64decode(data)
        attachment = self.env["ir.attachment"].create(
            {
                "name": file_name or "clients",
                "raw": data,
                "res_model": self._name,
                "res_id": self.id,
                "public": False,
            }
        )
        self.attachment_id.unlink()
        self.write(
            {
                "attachment_id": attachment.id,
                "file_name": file_name,
                "reader_options": {},
                "mapping": False,
                "excluded_rows": False,
                "review": False,
                "state": "draft",
            }
        )
        self.action_read_file()

    def _file_data(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("Upload a client list first."))
        attachment = self.attachment_id.sudo()
        # Read as superuser, so only the job's own file: never one it was pointed at.
        if (attachment.res_model, attachment.res_id) != (self._name, self.id):
            raise AccessError(self.env._("This file does not belong to this import."))
        return attachment.raw

    def _open_sheet(self):
        options = readers.ReaderOptions(**(self.reader_options or {}))
        try:
            return readers.open_sheet(self._file_data(), options)
        except ClientImportError as error:
            raise self._user_error(error) from None

    def _rows(self, start=0):
        """The data rows from the ``start``-th on; a problem found while reading
        (row limit, damaged part) becomes a ``UserError`` like the others."""
        rows = itertools.islice(self._open_sheet().rows(), start, None)
        try:
            yield from rows
        except ClientImportError as error:
            raise self._user_error(error) from None

    def action_read_file(self):
        """(Re)read the file with the reader options: header, preview and mapping."""
        self._check_import_rights()
        self.ensure_one()
        sheet = self._open_sheet()
        preview = sheet.preview(PREVIEW_ROWS)
        values = {
            "detection": dataclasses.asdict(sheet.detection),
            "header": sheet.header,
            "preview_rows": [list(row.cells) for row in preview],
            "preview_row_numbers": [row.number for row in preview],
            "review": False,
        }
        if not self.mapping or len(self.mapping.get("columns", [])) != len(sheet.header):
            values["mapping"] = self._suggest_mapping(sheet.header, preview).to_dict()
        self.write(values)
        return True

    def _suggest_mapping(self, header, preview):
        existing = set(self.env["res.partner"]._fields)
        return suggest_mapping(
            header,
            targets=self._import_targets(),
            sample_rows=[row.cells for row in preview],
            existing_field_names=existing,
        )

    # ------------------------------------------------------------------
    # The catalogue and the planner
    # ------------------------------------------------------------------

    @api.model
    def _import_targets(self):
        """Every field a column can feed. Integrators extend it here::

            def _import_targets(self):
                return super()._import_targets() + [
                    Target("account.x_sector", "account", "Sector", field_name="x_sector"),
                ]

        A target of writer ``field`` writes its cleaned value to ``field_name``
        of ``res.partner``; its ``normalizer`` may be a callable
        ``(value, context, country) -> Cleaned``.
        """
        return catalogue.default_targets()

    def _get_mapping(self):
        self.ensure_one()
        if not self.mapping:
            raise UserError(self.env._("Map the columns of the file first."))
        try:
            return Mapping.from_dict(self.mapping)
        except ClientImportError as error:
            raise self._user_error(error) from None

    def _normalize_context(self):
        self.ensure_one()
        country = self.company_id.country_id.code or ""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        targets = catalogue.targets_by_key(self._import_targets())
        mapped = self._get_mapping().headers_by_target()
        looked_up = {targets[key].writer for key in mapped if key in targets}
        if not looked_up & {catalogue.USER, catalogue.STATE}:
            return NormalizeContext(
                default_country=country, installed_languages=installed, strictness=self.strictness
            )
        tables = self._lookup_tables()

        def lookup(kind, text, row_country):
            key = text.strip().lower()
            if kind == catalogue.STATE:
                key = (row_country or country, key)
            return tables[kind].get(key)

        return NormalizeContext(
            default_country=country,
            installed_languages=installed,
            strictness=self.strictness,
            lookup=lookup,
        )

    def _lookup_tables(self):
        """Users and states that cells may name, read once: the planner then needs no
        database (it may run in another process). A name given to two records resolves
        to none."""
        users, states = {}, {}
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        for user in Users.search_fetch([("share", "=", False)], ["login", "email", "name"]):
            for label in {user.login, user.email, user.name}:
                if label:
                    key = label.strip().lower()
                    users[key] = user.id if users.get(key, user.id) == user.id else None
        for state in self.env["res.country.state"].search_fetch([], ["code", "name", "country_id"]):
            for label in {state.code, state.name}:
                key = (state.country_id.code, label.strip().lower())
                states[key] = state.id if states.get(key, state.id) == state.id else None
        return {catalogue.USER: users, catalogue.STATE: states}

    def _planner(self, narrow=None):
        """The row planner of this job; ``narrow(mapping)`` leaves out columns a quick
        pass does not read (``identity.identity_mapping`` for ``_file_identity``)."""
        self.ensure_one()
        mapping = self._get_mapping()
        if narrow:
            mapping = narrow(mapping)
        options = PlanOptions(
            kind=self.import_kind,
            account_type_mode=self.account_type_mode,
            account_type=self.account_type or "company",
            type_overrides=self.account_type_overrides or {},
        )
        return RowPlanner(mapping, self._import_targets(), self._normalize_context(), options)

    def _new_partner_lang(self):
        """The language of a new client or contact whose row gives none: the job's,
        else the importer's, else that of the company's own partner."""
        self.ensure_one()
        return self.lang or self.user_id.lang or self.company_id.partner_id.lang or False

    def _check_mapping(self):
        """Refuse a mapping that cannot work, with every reason at once."""
        mapping = self._get_mapping()
        targets = self._import_targets()
        problems = [str(problem) for problem in mapping.validate(targets)]
        mapped = {column.target for column in mapping.columns if column.target}
        mapped |= {combine.target for combine in mapping.combines}
        if self.import_kind != CONTACTS_ONLY and "account.name" not in mapped:
            problems.append(self.env._("Choose the column that names the account."))
        if self.account_type_mode == TYPE_FROM_COLUMN and "account.type" not in mapped:
            problems.append(self.env._("Choose the column that gives the account type."))
        if self._custom_fields_to_create():
            self._check_import_rights(manager=True)
        if problems:
            raise UserError("\n".join(problems))
