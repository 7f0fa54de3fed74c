from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_client_import.lib.readers import Row


@tagged("post_install", "-at_install")
class TestImportExtension(TransactionCase):
    """An integrator's target: in the catalogue, auto-mapped, normalized, in the template."""

    def setUp(self):
        super().setUp()
        self.Job = self.env["crm.client.import.job"]

    def test_target_is_in_the_catalogue(self):
        targets = {target.key: target for target in self.Job._import_targets()}
        self.assertEqual(targets["account.sector"].field_name, "client_sector")
        self.assertIn("account.name", targets, "the standard targets are kept")

    def test_sector_column_is_mapped_and_upper_cased(self):
        data = b"Account name;Sector\nBakkerij Peeters BV; horeca \n"
        job = self.Job.create_from_file(data, "clients.csv")
        column = job.mapping["columns"][1]
        self.assertEqual((column["target"], column["confidence"]), ("account.sector", 100))
        plan = job._planner().plan(Row(number=2, cells=["Bakkerij Peeters BV", " horeca "]))
        self.assertFalse(plan.problems)
        self.assertEqual(plan.account["sector"], "HORECA")
        self.assertEqual(plan.account["name"], "Bakkerij Peeters BV")

    def test_template_has_the_sector_column(self):
        job = self.Job.create_from_file(self.Job._template_file(), "template.xlsx")
        self.assertEqual(job.header[-1], "Sector")
        self.assertEqual(job.mapping["columns"][-1]["target"], "account.sector")
