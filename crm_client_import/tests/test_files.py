"""The uploaded file and the skipped-rows report: private attachments of the job,
downloadable only by who may see the job, and the uploaded file can be purged."""

import io
import zipfile
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .access_common import NATIONAL_NUMBER, TwoCompaniesMixin
from .common import csv_bytes

OUTSIDERS = ("acc_user_a2", "acc_user_b", "acc_plain_a", "acc_portal", "acc_manager_b")
INSIDERS = ("acc_user_a", "acc_manager_a")


@tagged("post_install", "-at_install")
class TestJobFiles(TwoCompaniesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_companies()
        cls.uploaded = cls.job_a.attachment_id
        cls.skipped = cls.job_a.skipped_file_id

    def files(self):
        return {"file": self.uploaded, "skipped": self.skipped}

    def test_both_files_are_private_attachments_of_the_job(self):
        for kind, attachment in self.files().items():
            with self.subTest(kind=kind):
                self.assertTrue(attachment)
                self.assertFalse(attachment.public)
                self.assertEqual(
                    (attachment.res_model, attachment.res_id),
                    ("crm.client.import.job", self.job_a.id),
                )

    def test_web_content_serves_the_files_to_who_may_see_the_job_only(self):
        for login in INSIDERS:
            for kind, attachment in self.files().items():
                with self.subTest(login=login, kind=kind):
                    self.authenticate(login, login)
                    response = self.url_open(f"/web/content/{attachment.id}?download=true")
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.content, attachment.raw)
        for login in OUTSIDERS:
            for kind, attachment in self.files().items():
                with self.subTest(login=login, kind=kind):
                    self.authenticate(login, login)
                    response = self.url_open(f"/web/content/{attachment.id}?download=true")
                    self.assertIn(response.status_code, (403, 404))
                    self.assertNotIn(b"Secret BV", response.content)

    def test_the_download_routes_check_the_job(self):
        for login in INSIDERS:
            self.authenticate(login, login)
            response = self.url_open(f"/crm_client_import/job/{self.job_a.id}/file")
            self.assertEqual(response.status_code, 200, login)
            self.assertIn(b"Secret BV", response.content)
            self.assertIn("attachment", response.headers["Content-Disposition"])
            response = self.url_open(f"/crm_client_import/job/{self.job_a.id}/skipped")
            self.assertEqual(response.status_code, 200, login)
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                report = archive.read("skipped.csv").decode("utf-8-sig")
            self.assertIn(NATIONAL_NUMBER, report, "the report gives the cells back in full")
        for login in OUTSIDERS:
            self.authenticate(login, login)
            for kind in ("file", "skipped"):
                with self.subTest(login=login, kind=kind):
                    response = self.url_open(f"/crm_client_import/job/{self.job_a.id}/{kind}")
                    self.assertEqual(response.status_code, 403)
                    self.assertNotIn(b"Secret BV", response.content)
        self.authenticate("acc_user_a", "acc_user_a")
        self.assertEqual(self.url_open("/crm_client_import/job/999999/file").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(f"/crm_client_import/job/{self.job_a.id}/file")
        self.assertNotIn(b"Secret BV", response.content, "anonymous: sent to the login page")

    def test_the_button_downloads_through_the_checked_route(self):
        action = self.job_a.with_user(self.user_a).action_download_skipped()
        self.assertEqual(action["url"], f"/crm_client_import/job/{self.job_a.id}/skipped")
        with self.assertRaises(AccessError):
            self.job_a.with_user(self.other_user_a).action_download_skipped()

    def test_attachments_cannot_be_read_over_rpc_by_outsiders(self):
        ids = [self.uploaded.id, self.skipped.id]
        for login in OUTSIDERS:
            self.authenticate(login, login)
            with self.subTest(login=login):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {
                            "model": "ir.attachment",
                            "method": "read",
                            "args": [ids, ["datas", "name"]],
                            "kwargs": {},
                        },
                    )
                self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
                if login == "acc_portal":
                    continue  # a portal user may not search attachments at all
                found = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "ir.attachment",
                        "method": "search_read",
                        "args": [[("res_model", "=", "crm.client.import.job")], ["name"]],
                        "kwargs": {},
                    },
                )
                self.assertFalse({row["id"] for row in found} & set(ids))
        self.authenticate("acc_user_a", "acc_user_a")
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "ir.attachment",
                "method": "read",
                "args": [ids, ["name", "datas"]],
                "kwargs": {},
            },
        )
        self.assertEqual(len(rows), 2)
        self.assertTrue(all(row["datas"] for row in rows))

    # --- purging the uploaded file ----------------------------------------------------

    def assertPurged(self, job):
        self.assertFalse(job.attachment_id)
        self.assertFalse(self.uploaded.exists(), "the attachment itself is deleted")
        self.assertFalse(job.preview_rows)
        self.assertTrue(job.file_purged_at)
        self.assertEqual((job.rows_read, job.rows_imported, job.rows_skipped), (2, 1, 1))
        self.assertTrue(job.skipped_file_id, "the skipped-rows report stays")
        self.assertEqual(job.skipped_row_ids.row_number, 3)
        self.assertIn(NATIONAL_NUMBER, job.skipped_row_ids.cells)

    def test_the_owner_purges_the_file_of_an_ended_job(self):
        self.assertTrue(self.job_a.preview_rows)
        with self.assertRaises(AccessError):
            self.job_a.with_user(self.other_user_a).action_purge_file()
        self.assertTrue(self.uploaded.exists())
        self.job_a.with_user(self.user_a).action_purge_file()
        self.assertPurged(self.job_a)
        self.assertIn("file was deleted", self.job_a.message_ids[0].body)
        with self.assertRaises(UserError):
            self.job_a.with_user(self.user_a).action_download_file()

    def test_a_running_or_draft_job_keeps_its_file(self):
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.user_a)
            .create_from_file(csv_bytes(["Account name"], [["X"]]), "draft.csv")
        )
        with self.assertRaises(UserError):
            job.action_purge_file()
        self.assertTrue(job.attachment_id)

    def test_the_daily_cron_purges_files_older_than_the_setting(self):
        Job = self.env["crm.client.import.job"]
        cron = self.env.ref("crm_client_import.ir_cron_purge_client_import_files")
        self.assertTrue(cron.active)
        self.job_a.finished_at = fields.Datetime.now() - timedelta(days=40)
        recent = Job.with_user(self.user_a).create_from_file(
            csv_bytes(["Account name"], [["Recent BV"]]), "recent.csv"
        )
        recent.action_start()
        self.assertEqual(recent.state, "done")

        Job._cron_purge_files()
        self.assertTrue(self.job_a.attachment_id, "the default (0) never purges")

        self.env["ir.config_parameter"].set_param("crm_client_import.purge_file_days", "30")
        cron.method_direct_trigger()
        self.assertPurged(self.job_a)
        self.assertTrue(recent.attachment_id, "ended 0 days ago: kept")

    def test_the_purge_delay_is_a_setting(self):
        settings = self.env["res.config.settings"].create({"client_import_purge_file_days": 45})
        settings.execute()
        param = self.env["ir.config_parameter"].get_param("crm_client_import.purge_file_days")
        self.assertEqual(param, "45")

    def test_a_job_cannot_be_pointed_at_another_jobs_file(self):
        Job = self.env["crm.client.import.job"].with_user(self.other_user_a)
        own = Job.create_from_file(csv_bytes(["Account name"], [["Mine"]]), "mine.csv")
        for name in ("attachment_id", "skipped_file_id"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                own.write({name: self.uploaded.id})
        forged = Job.create({"attachment_id": self.uploaded.id})
        with self.assertRaises(AccessError):
            forged.action_read_file()
        self.assertFalse(forged.preview_rows)
