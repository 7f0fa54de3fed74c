from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from ..lib.mapping import ColumnMapping, Mapping
from .common import ClientImportJobMixin, ClientImportUsersMixin, csv_bytes


def new_field_mapping(*specs):
    """A mapping whose columns go to new fields: ``(name, type)`` pairs."""
    columns = [
        ColumnMapping(
            index=index,
            header=name,
            action="new_field",
            new_field={"label": f"Label of {name}", "type": field_type, "name": name},
        )
        for index, (name, field_type) in enumerate(specs)
    ]
    return Mapping(columns=columns).to_dict()


@tagged("post_install", "-at_install")
class TestCustomFields(ClientImportUsersMixin, ClientImportJobMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        # New fields change the registry: test mode lets reset_changes() see the
        # database as the test left it, and each test starts from the same registry.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def setUp(self):
        self.addCleanup(self.registry.reset_changes)  # runs after the rollback
        super().setUp()

    def _job(self, user, *specs):
        return (
            self.env["crm.client.import.job"]
            .with_user(user)
            .create({"mapping": new_field_mapping(*specs)})
        )

    def test_user_is_refused(self):
        job = self._job(self.import_user, ("x_cci_refused", "char"))
        with self.assertRaises(AccessError):
            job._create_custom_fields()
        self.assertNotIn("x_cci_refused", self.env["res.partner"]._fields)

    def test_an_import_without_new_fields_needs_no_manager(self):
        mapping = Mapping(
            columns=[ColumnMapping(index=0, header="Klant", action="sync", target="account.name")]
        )
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.import_user)
            .create({"mapping": mapping.to_dict()})
        )
        self.assertEqual(job._create_custom_fields(), 0)

    def test_manager_creates_fields_of_each_type(self):
        types = ("char", "text", "date", "integer", "float", "boolean")
        specs = [(f"x_cci_new_{field_type}", field_type) for field_type in types]
        job = self._job(self.import_manager, *specs)
        self.assertEqual(job._create_custom_fields(), len(types))
        partner_fields = self.env["res.partner"]._fields
        for name, field_type in specs:
            with self.subTest(name=name):
                self.assertEqual(partner_fields[name].type, field_type)
                self.assertEqual(partner_fields[name].string, f"Label of {name}")
                field = self.env["ir.model.fields"]._get("res.partner", name)
                self.assertEqual(field.state, "manual")
        partner = self.env["res.partner"].create({"name": "Typed", "x_cci_new_integer": 30})
        self.assertEqual(partner.x_cci_new_integer, 30)
        # The new fields are shown on the contact form.
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        for name, _type in specs:
            self.assertIn(f'name="{name}"', arch)
        self.assertIn('name="client_import_fields"', arch)

    def test_existing_fields_are_reused(self):
        self._job(self.import_manager, ("x_cci_reused", "char"))._create_custom_fields()
        field = self.env["ir.model.fields"]._get("res.partner", "x_cci_reused")
        self._job(self.import_manager, ("x_cci_long", "text"))._create_custom_fields()
        job = self._job(self.import_manager, ("x_cci_reused", "char"), ("x_cci_long", "char"))
        self.assertEqual(job._create_custom_fields(), 0)
        self.assertEqual(self.env["ir.model.fields"]._get("res.partner", "x_cci_reused"), field)
        self.assertEqual(
            self.env["ir.model.fields"].search_count(
                [("model", "=", "res.partner"), ("name", "=", "x_cci_reused")]
            ),
            1,
        )

    def test_a_field_of_another_type_is_refused(self):
        self._job(self.import_manager, ("x_cci_clash", "integer"))._create_custom_fields()
        job = self._job(self.import_manager, ("x_cci_clash", "char"), ("x_cci_other", "char"))
        with self.assertRaisesRegex(UserError, "x_cci_clash.*integer"):
            job._create_custom_fields()
        self.assertNotIn("x_cci_other", self.env["res.partner"]._fields)
        self.assertEqual(self.env["res.partner"]._fields["x_cci_clash"].type, "integer")

    def test_an_import_with_the_numnum_preset_fills_its_new_fields(self):
        header = ["title", "company_type", "last_name", "first_name", "vat_id"]
        header += ["vat_country_code", "payment_term", "vat_shifted"]
        row = ["Bakkerij Janssen BV", "BV", "Janssen", "Pieter", "0403170701", "BE", "30", "ja"]
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.import_manager)
            .create_from_file(
                csv_bytes(header, [row]),
                "numnum.csv",
                preset_id=self.env.ref("crm_client_import.preset_numnum").id,
            )
        )
        job.action_start()
        self.assertTally(job)
        self.assertEqual(job.custom_fields_created, 2)
        account = self.partners(name="Bakkerij Janssen BV")
        self.assertEqual(account.x_cci_payment_term, 30)
        self.assertTrue(account.x_cci_vat_shifted)
        self.assertEqual(account.vat, "BE0403170701")
        self.assertEqual(account.child_ids.name, "Pieter Janssen")
