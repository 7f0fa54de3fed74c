from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWizardTour(HttpCase):
    def test_menu_opens_the_stepped_wizard(self):
        self.start_tour("/odoo", "crm_client_import_open_wizard", login="admin")
        job = self.env["crm.client.import.job"].search([], limit=1)
        self.assertEqual(job.import_kind, "accounts")
