from odoo.tests import HttpCase, tagged

from .common import ClientImportUsersMixin, csv_bytes


@tagged("post_install", "-at_install")
class TestPortalSettingsTour(ClientImportUsersMixin, HttpCase):
    def test_portal_toggles_of_the_settings_step(self):
        admin = self.env.ref("base.user_admin")
        header = ["Account name", "First name", "Last name", "Email", "Spouse email"]
        rows = [["Family Wouters", "Tom", "Wouters", "tom@wouters.be", "an@wouters.be"]]
        job = (
            self.env["crm.client.import.job"]
            .with_user(admin)
            .create_from_file(csv_bytes(header, rows), "clients.csv")
        )
        self.assertTrue(job.has_spouse_email)
        self.start_tour(
            f"/odoo/action-crm_client_import.action_import_job/{job.id}",
            "crm_client_import_portal_settings",
            login="admin",
        )
        job.invalidate_recordset()
        self.assertTrue(job.portal_login and job.portal_notify and job.portal_email_sync)
        self.assertFalse(job.spouse_portal_notify)
        self.assertFalse(job.spouse_portal_login, "off unless asked")
        self.assertTrue(job.spouse_portal_email_sync)
        self.assertTrue(job.send_invitations)
        self.assertEqual(job.invitation_message, "Your documents are waiting for you.")

    def test_portal_toggles_of_the_wizard_settings_step(self):
        self._create_import_users()
        header = ["Account name", "First name", "Last name", "Email"]
        rows = [["Family Wouters", "Tom", "Wouters", "tom@wouters.be"]]
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.import_user)
            .create_from_file(csv_bytes(header, rows), "clients.csv")
        )
        job.wizard_step = "settings"
        self.start_tour("/odoo", "crm_client_import_portal_wizard_settings", login="cci_user")
        job.invalidate_recordset()
        self.assertEqual(job.wizard_step, "contacts")
        self.assertFalse(job.portal_notify)
        self.assertTrue(job.portal_login and job.portal_email_sync)
        self.assertTrue(job.send_invitations)
        self.assertEqual(job.invitation_message, "Your documents are waiting for you.")
