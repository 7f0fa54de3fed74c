import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged

from ..lib import template
from .common import ClientImportUsersMixin

TEMPLATE_URL = "/crm_client_import/template.xlsx"


@tagged("post_install", "-at_install")
class TestTemplate(ClientImportUsersMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.Job = cls.env["crm.client.import.job"]
        cls.keys = [key for key, _label in template.template_columns(cls.Job._import_targets())]

    def _assert_maps_itself(self, data, user):
        job = self.Job.with_user(user).create_from_file(data, "template.xlsx")
        columns = job.mapping["columns"]
        self.assertEqual([column["target"] for column in columns], self.keys)
        for column in columns:
            with self.subTest(header=column["header"]):
                self.assertEqual(column["action"], "sync")
                self.assertEqual(column["confidence"], 100)
        self.assertEqual(len(job.preview_rows), 2, "the two example rows")
        return job

    def test_template_maps_itself_in_english(self):
        data = self.Job.with_user(self.import_user)._template_file()
        job = self._assert_maps_itself(data, self.import_user)
        self.assertEqual(job.header[:3], ["Account name", "Account type", "Legal form"])

    def test_template_maps_itself_in_another_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.import_user.lang = "nl_BE"
        # Downloaded by a user who works in Dutch: headers in Dutch.
        self.authenticate("cci_user", "cci_user")
        data = self.url_open(TEMPLATE_URL).content
        workbook = load_workbook(io.BytesIO(data))
        self.assertEqual(workbook.sheetnames, ["Klanten", "Waarden"])
        job = self._assert_maps_itself(data, self.import_user)
        self.assertEqual(job.header[:3], ["Accountnaam", "Type account", "Rechtsvorm"])
        # A colleague working in English reads the Dutch template as well.
        self._assert_maps_itself(data, self.import_manager)

    def test_values_sheet_and_drop_downs(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        data = self.Job._template_file()
        workbook = load_workbook(io.BytesIO(data))
        lists = {
            column[0]: [value for value in column[1:] if value]
            for column in workbook["Values"].iter_cols(values_only=True)
        }
        self.assertIn("BV", lists["Legal forms"])
        self.assertIn("BE", lists["Country codes"])
        self.assertIn("nl_BE", lists["Languages"])
        self.assertIn("en_US", lists["Languages"])
        validated = {
            str(validation.sqref).split(":")[0]
            for validation in workbook["Clients"].data_validations.dataValidation
        }
        type_column = self.keys.index("account.type")
        self.assertIn(f"{chr(ord('A') + type_column)}2", validated)

    def test_route_is_for_import_users_only(self):
        self.authenticate("cci_plain", "cci_plain")
        response = self.url_open(TEMPLATE_URL)
        self.assertEqual(response.status_code, 403)

        self.authenticate("cci_user", "cci_user")
        response = self.url_open(TEMPLATE_URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual(sheet["A1"].value, "Account name")
        self.assertEqual(sheet["A2"].value, "Bakkerij Peeters BV")

    def test_download_action_points_to_the_route(self):
        job = self.Job.with_user(self.import_user).create({})
        action = job.action_download_template()
        self.assertEqual((action["type"], action["url"]), ("ir.actions.act_url", TEMPLATE_URL))
