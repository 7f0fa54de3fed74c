from odoo.tests import HttpCase, tagged

from .common import csv_bytes


@tagged("post_install", "-at_install")
class TestPortalSettingsTour(HttpCase):
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
        self.assertFalse(job.portal_login)
        self.assertTrue(job.portal_notify and job.portal_email_sync)
        self.assertFalse(job.spouse_portal_notify)
        self.assertTrue(job.spouse_portal_login and job.spouse_portal_email_sync)
        self.assertTrue(job.send_invitations)
        self.assertEqual(job.invitation_message, "Your documents are waiting for you.")
