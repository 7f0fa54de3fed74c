from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import ClientImportUsersMixin, csv_bytes

# A firm's own export: a full name to split, a street and a house number to
# join, a column for a new field, one to leave out and one the preset does not know.
FIRM_HEADER = ["Klant", "Mail", "Volledige naam", "Straat", "Nr", "Sector", "Intern", "Telefoon"]
FIRM_ROW = [
    "Bakkerij Peeters BV",
    "pieter@bakkerij.example",
    "Pieter Peeters",
    "Kerkstraat",
    "12",
    "Voeding",
    "x",
    "+32 9 223 45 67",
]


@tagged("post_install", "-at_install")
class TestImportPresets(ClientImportUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.Preset = cls.env["crm.client.import.preset"]
        cls.Job = cls.env["crm.client.import.job"]
        cls.tag = cls.env["res.partner.category"].create({"name": "From the old software"})
        cls.preset = cls.Preset.create(
            {
                "name": "Our old software",
                "duplicate_policy": "update",
                "strictness": "strict",
                "tag_ids": [Command.set(cls.tag.ids)],
                "line_ids": [
                    Command.create({"header": "Klant", "target": "account.name"}),
                    Command.create({"header": "mail", "target": "contact.email"}),
                    Command.create({"header": "Straat", "action": "ignore"}),
                    Command.create({"header": "Nr", "action": "ignore"}),
                    Command.create({"header": "Volledige naam", "action": "ignore"}),
                    Command.create({"header": "Intern", "action": "ignore"}),
                    Command.create(
                        {
                            "header": "Sector",
                            "action": "new_field",
                            "new_field_label": "Sector",
                            "new_field_type": "char",
                            "new_field_name": "x_cci_sector",
                        }
                    ),
                ],
                "combines": [{"target": "account.street", "headers": ["Straat", "Nr"]}],
                "splits": [
                    {
                        "header": "Volledige naam",
                        "first_target": "contact.first_name",
                        "last_target": "contact.last_name",
                    }
                ],
            }
        )

    def _columns(self, job):
        return {column["header"]: column for column in job.mapping["columns"]}

    # --- access ----------------------------------------------------------

    def test_users_read_presets_and_only_managers_change_them(self):
        shipped = self.env.ref("crm_client_import.preset_taxdome")
        as_user = self.Preset.with_user(self.import_user)
        self.assertIn(shipped, as_user.search([]))
        self.assertTrue(shipped.with_user(self.import_user).line_ids.mapped("header"))
        with self.assertRaises(AccessError):
            as_user.create({"name": "Mine"})
        with self.assertRaises(AccessError):
            shipped.with_user(self.import_user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            shipped.line_ids[:1].with_user(self.import_user).write({"header": "Changed"})
        with self.assertRaises(AccessError):
            shipped.with_user(self.import_user).unlink()

        as_manager = self.Preset.with_user(self.import_manager)
        preset = as_manager.create(
            {
                "name": "Manager's",
                "line_ids": [Command.create({"header": "Naam klant", "target": "account.name"})],
            }
        )
        preset.line_ids.target = "account.legal_form"
        preset.write({"name": "Manager's own"})
        self.assertEqual(preset.name, "Manager's own")
        preset.unlink()
        self.assertFalse(preset.exists())

        with self.assertRaises(AccessError):
            self.Preset.with_user(self.plain_user).search([])

    def test_a_preset_of_another_company_is_invisible(self):
        company_b = self.env["res.company"].create({"name": "Kantoor B"})
        preset_b = self.Preset.create({"name": "Only for B", "company_id": company_b.id})
        preset_a = self.Preset.create({"name": "Only for A", "company_id": self.env.company.id})
        shared = self.Preset.create({"name": "Shared"})
        user_a = new_test_user(
            self.env,
            login="cci_user_a",
            groups="base.group_user,crm_client_import.group_client_import_manager",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        visible = self.Preset.with_user(user_a).search([])
        self.assertIn(shared, visible)
        self.assertIn(preset_a, visible)
        self.assertNotIn(preset_b, visible)
        with self.assertRaises(AccessError):
            preset_b.with_user(user_a).read(["name"])
        with self.assertRaises(AccessError):
            preset_b.line_ids.with_user(user_a).create(
                {"preset_id": preset_b.id, "header": "X", "action": "ignore"}
            )

    # --- applying --------------------------------------------------------

    def test_reading_a_file_applies_the_preset(self):
        job = self.Job.with_user(self.import_manager).create_from_file(
            csv_bytes(FIRM_HEADER, [FIRM_ROW]), "clients.csv", preset_id=self.preset.id
        )
        columns = self._columns(job)
        expected = {
            "Klant": ("sync", "account.name"),
            "Mail": ("sync", "contact.email"),  # the case of a header does not count
            "Volledige naam": ("ignore", None),
            "Straat": ("ignore", None),
            "Nr": ("ignore", None),
            "Sector": ("new_field", None),
            "Intern": ("ignore", None),
        }
        for header, (action, target) in expected.items():
            with self.subTest(header=header):
                self.assertEqual(columns[header]["action"], action)
                self.assertEqual(columns[header]["target"], target)
                self.assertEqual(columns[header]["confidence"], 100)
                self.assertEqual(columns[header]["reason"], "learned")
        self.assertEqual(
            columns["Sector"]["new_field"],
            {"label": "Sector", "type": "char", "name": "x_cci_sector", "side": "account"},
        )
        # A header the preset does not know is mapped automatically.
        self.assertEqual(columns["Telefoon"]["target"], "contact.phone")
        self.assertNotEqual(columns["Telefoon"]["reason"], "learned")
        self.assertEqual(
            job.mapping["combines"],
            [{"target": "account.street", "columns": [3, 4], "separator": " "}],
        )
        split = job.mapping["splits"][0]
        self.assertEqual((split["column"], split["first_target"]), (2, "contact.first_name"))
        self.assertEqual(len(job.mapping["splits"]), 1)
        self.assertEqual(job.duplicate_policy, "update")
        self.assertEqual(job.strictness, "strict")
        self.assertEqual(job.tag_ids, self.tag)
        self.assertEqual(job.import_kind, "accounts_contacts", "an empty setting keeps the job's")
        job._check_mapping()  # the result is a mapping the import accepts

    def test_apply_preset_to_a_job_read_without_one(self):
        # Three columns the preset does not know: too few of the file's headers are
        # the preset's for it to be picked by itself.
        header, row = [*FIRM_HEADER, "Kolom 9", "Kolom 10", "Kolom 11"], [*FIRM_ROW, "", "", ""]
        job = self.Job.with_user(self.import_user).create_from_file(
            csv_bytes(header, [row]), "clients.csv"
        )
        self.assertFalse(job.preset_id)
        self.assertEqual(self._columns(job)["Straat"]["target"], "account.street")
        self.assertFalse(job.mapping["combines"])
        self.assertEqual(job.duplicate_policy, "skip")
        job.preset_id = self.preset
        job.action_apply_preset()
        columns = self._columns(job)
        self.assertEqual(columns["Klant"]["reason"], "learned")
        self.assertEqual(columns["Straat"]["action"], "ignore")
        self.assertEqual(job.mapping["combines"][0]["target"], "account.street")
        self.assertEqual(job.duplicate_policy, "update")
        # A User cannot add fields: the new-field column is left out, with the reason.
        self.assertEqual(columns["Sector"]["action"], "ignore")
        self.assertIn("manager", columns["Sector"]["note"])
        self.assertEqual(columns["Sector"]["note_params"], {"label": "Sector"})

    def test_apply_preset_needs_a_preset_and_the_import_group(self):
        job = self.Job.with_user(self.import_user).create({})
        with self.assertRaises(UserError):
            job.action_apply_preset()
        job.preset_id = self.preset
        job.action_apply_preset()  # no file yet: only the settings
        self.assertEqual(job.duplicate_policy, "update")
        self.assertFalse(job.mapping)
        with self.assertRaises(AccessError):
            job.with_user(self.plain_user).action_apply_preset()

    # --- saving ----------------------------------------------------------

    def test_save_as_preset_and_apply_it_to_another_file(self):
        job = self.Job.with_user(self.import_manager).create_from_file(
            csv_bytes(FIRM_HEADER, [FIRM_ROW]), "clients.csv", preset_id=self.preset.id
        )
        job.write({"import_kind": "accounts", "preset_id": False})
        action = job.action_save_as_preset("  Saved from an import ")
        saved = self.Preset.browse(action["res_id"])
        self.assertEqual(saved.name, "Saved from an import")
        self.assertEqual(job.preset_id, saved)
        self.assertEqual(saved.company_id, job.company_id)
        self.assertEqual(saved.import_kind, "accounts")
        self.assertEqual(saved.tag_ids, self.tag)
        self.assertEqual(len(saved.line_ids), len(FIRM_HEADER))
        combine = {"target": "account.street", "headers": ["Straat", "Nr"], "separator": " "}
        self.assertEqual(saved.combines, [combine])

        # The same headers in another order: the same choices, by header.
        header = list(reversed(FIRM_HEADER))
        other = self.Job.with_user(self.import_manager).create_from_file(
            csv_bytes(header, [list(reversed(FIRM_ROW))]), "other.csv", preset_id=saved.id
        )
        before = {c["header"]: (c["action"], c["target"]) for c in job.mapping["columns"]}
        after = {c["header"]: (c["action"], c["target"]) for c in other.mapping["columns"]}
        self.assertEqual(after, before)
        self.assertEqual(other.mapping["combines"][0]["columns"], [4, 3])
        self.assertEqual(other.import_kind, "accounts")

    def test_a_presets_value_maps_replace_the_firms_own_values(self):
        self.preset.write(
            {
                "import_kind": "accounts",
                "account_type_mode": "column",
                "line_ids": [Command.create({"header": "Soort", "target": "account.type"})],
                "value_maps": {"account.type": {"Zelfstandige": "individual"}},
            }
        )
        rows = [[*FIRM_ROW, "zelfstandige"]]
        job = self.Job.with_user(self.import_manager).create_from_file(
            csv_bytes([*FIRM_HEADER, "Soort"], rows), "clients.csv", preset_id=self.preset.id
        )
        self.assertEqual(
            job.mapping["value_maps"], {"account.type": {"zelfstandige": "individual"}}
        )
        job.action_start()
        self.assertEqual(job.state, "done", job.error_message)
        account = self.env["res.partner"].search([("name", "=", "Bakkerij Peeters BV")])
        self.assertEqual(account.client_account_type, "individual")

        saved = self.Preset.browse(job.action_save_as_preset("With values")["res_id"])
        self.assertEqual(saved.value_maps, {"account.type": {"zelfstandige": "individual"}})

    def test_only_managers_save_presets(self):
        job = self.Job.with_user(self.import_user).create_from_file(
            csv_bytes(FIRM_HEADER, [FIRM_ROW]), "clients.csv"
        )
        with self.assertRaises(AccessError):
            job.action_save_as_preset("Mine")

    def test_a_preset_lists_a_header_once(self):
        with self.assertRaises(ValidationError):
            self.Preset.create(
                {
                    "name": "Twice",
                    "line_ids": [
                        Command.create({"header": "E-mail", "target": "contact.email"}),
                        Command.create({"header": "email", "target": "account.email"}),
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            self.Preset.create(
                {"name": "Bad combine", "combines": [{"target": "nope", "headers": ["A", "B"]}]}
            )


@tagged("post_install", "-at_install")
class TestShippedPresets(TransactionCase):
    """Each shipped preset maps its own template's headers, as the help pages list them."""

    def _mapping(self, xmlid, header):
        preset = self.env.ref(xmlid)
        job = self.env["crm.client.import.job"].create({"preset_id": preset.id})
        return job._mapping_from_samples(header, [])

    def _assert_targets(self, mapping, expected):
        self.assertEqual([column.header for column in mapping.columns], list(expected))
        for column in mapping.columns:
            with self.subTest(header=column.header):
                action, target = expected[column.header]
                self.assertEqual((column.action, column.target), (action, target))
                self.assertEqual(column.confidence, 100)
                self.assertEqual(column.reason, "learned")

    def test_taxdome(self):
        sync = "sync"
        english = {
            "Account name": (sync, "account.name"),
            "Contact name": (sync, "contact.name"),
            "First name": (sync, "contact.first_name"),
            "Last name": (sync, "contact.last_name"),
            "Email": (sync, "contact.email"),
            "Phone": (sync, "contact.phone"),
            "City": (sync, "account.city"),
        }
        dutch = {
            "Accountnaam": (sync, "account.name"),
            "Contactnaam": (sync, "contact.name"),
            "Voornaam": (sync, "contact.first_name"),
            "Achternaam": (sync, "contact.last_name"),
            "e-mail": (sync, "contact.email"),
            "Telefoonnummer": (sync, "contact.phone"),
            "Stad": (sync, "account.city"),
        }
        for expected in (english, dutch):
            mapping = self._mapping("crm_client_import.preset_taxdome", list(expected))
            self._assert_targets(mapping, expected)
            self.assertFalse(mapping.validate(self.env["crm.client.import.job"]._import_targets()))

    def test_accounton(self):
        expected = {
            "Firstname": ("sync", "contact.first_name"),
            "Lastname": ("sync", "contact.last_name"),
            "Email": ("sync", "contact.email"),
            "Responsible": ("sync", "account.assignee"),
            "Address": ("sync", "account.street"),
            "Company": ("new_field", None),
            "Type": ("sync", "account.type"),
            "Registration Number": ("sync", "contact.national_number"),
            "Spouse Registration Number": ("sync", "spouse.national_number"),
            "Have to send invitation mail": ("sync", "contact.send_invitation"),
            "Labels": ("sync", "account.tags"),
            "Mobile Number": ("sync", "contact.mobile"),
            "Loop Variable": ("ignore", None),
            "LoopVariable.iteration.placeholder": ("ignore", None),
        }
        mapping = self._mapping("crm_client_import.preset_accounton", list(expected))
        self._assert_targets(mapping, expected)
        self.assertEqual(mapping.columns[5].new_field["name"], "x_cci_employer")
        # The account of a private person is named after them.
        combines = [(combine.target, combine.columns) for combine in mapping.combines]
        self.assertEqual(combines, [("account.name", [0, 1])])
        preset = self.env.ref("crm_client_import.preset_accounton")
        self.assertEqual(preset.account_type_mode, "column")

    def test_numnum(self):
        sync, ignore, new = "sync", ("ignore", None), ("new_field", None)
        expected = {
            "title": (sync, "account.name"),
            "company_type": (sync, "account.legal_form"),
            "last_name": (sync, "contact.last_name"),
            "first_name": (sync, "contact.first_name"),
            "vat_id": (sync, "account.vat"),
            "vat_country_code": (sync, "account.vat_country"),
            "address": (sync, "account.street"),
            "address_zip": (sync, "account.zip"),
            "address_city": (sync, "account.city"),
            "address_country": (sync, "account.country"),
            "email": (sync, "account.email"),
            "telephone": (sync, "account.phone"),
            "cellphone": (sync, "contact.mobile"),
            "fax": ignore,
            "website": (sync, "account.website"),
            "iban_country_code": (sync, "account.iban_country"),
            "iban": (sync, "account.iban"),
            "bic": (sync, "account.bic"),
            "doc_language": (sync, "account.lang"),
            "vat_percentage": ignore,
            "vat_shifted": new,
            "payment_term": new,
            "auto_reminder": ignore,
            "contactperson_first_name": ignore,
            "contactperson_last_name": ignore,
            "peppol_scheme_id": ignore,
            "peppol_endpoint_id": ignore,
            "identification_scheme_id": ignore,
            "identification_id": ignore,
            "private_notes": (sync, "account.notes"),
            "external_id": (sync, "account.ref"),
            "sort_order": ignore,
        }
        mapping = self._mapping("crm_client_import.preset_numnum", list(expected))
        self._assert_targets(mapping, expected)
        new_fields = {
            c.header: (c.new_field["name"], c.new_field["type"])
            for c in mapping.columns
            if c.action == "new_field"
        }
        self.assertEqual(new_fields["payment_term"], ("x_cci_payment_term", "integer"))
        self.assertEqual(new_fields["vat_shifted"], ("x_cci_vat_shifted", "boolean"))
        self.assertFalse(mapping.validate(self.env["crm.client.import.job"]._import_targets()))
