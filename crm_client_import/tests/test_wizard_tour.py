import base64
import io
import logging
import os
import tempfile
import zipfile
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools.misc import file_open

from .common import ClientImportUsersMixin, csv_bytes

_logger = logging.getLogger(__name__)

SCREENSHOT_MARKER = "crm_client_import screenshot: "
# `make screenshots` sets CCI_SCREENSHOT_DIR to static/description, where the readme
# finds them; otherwise they go to a temporary folder and the work tree stays clean.
SCREENSHOT_DIR = Path(
    os.environ.get("CCI_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "cci-screenshots"
)
SCREENSHOT_WIDTH = 1100  # pixels: readable in a readme, small on disk
HEADER = ["Accountnaam", "Voornaam", "Achternaam", "E-mail"]


def save_screenshot(name, png):
    """Save a browser screenshot for the readme, scaled down and reduced to a palette."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > SCREENSHOT_WIDTH:
        height = round(image.height * SCREENSHOT_WIDTH / image.width)
        image = image.resize((SCREENSHOT_WIDTH, height), Image.LANCZOS)
    image = image.quantize(colors=128)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    image.save(SCREENSHOT_DIR / f"{name}.png", optimize=True)


def _handle_console_with_screenshots(original):
    """Answer the tours' screenshot marker: capture the page, save it, let the tour go on."""

    def handle_console(browser, type, args=None, **kwargs):
        message = str(browser._from_remoteobject(args[0])) if args else ""
        if type == "log" and message.startswith(SCREENSHOT_MARKER):
            name = message[len(SCREENSHOT_MARKER) :]

            def saved(future):
                try:
                    save_screenshot(name, base64.b64decode(future.result()["data"]))
                finally:
                    browser._websocket_send(
                        "Runtime.evaluate",
                        params={"expression": "window.__cciScreenshotTaken?.()"},
                    )

            capture = browser._websocket_send(
                "Page.captureScreenshot", params={"format": "png"}, with_future=True
            )
            capture.add_done_callback(saved)
        return original(browser, type, args=args, **kwargs)

    return handle_console


@tagged("post_install", "-at_install")
class TestWizardTours(ClientImportUsersMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        # Names as the screenshots show them.
        cls.import_manager.name = "Sophie Claes"
        cls.import_user.name = "Tom Peeters"
        cls.Job = cls.env["crm.client.import.job"]

    def start_tour(self, url_path, tour_name, **kwargs):
        console = _handle_console_with_screenshots(ChromeBrowser._handle_console)
        with patch.object(ChromeBrowser, "_handle_console", console):
            return super().start_tour(url_path, tour_name, **kwargs)

    def _draft_job(self, user, header, rows, step, **values):
        job = self.Job.with_user(user).create_from_file(csv_bytes(header, rows), "clients.csv")
        job.write(dict(values, wizard_step=step))
        return job

    def test_a_full_import_of_a_real_xlsx_through_every_step(self):
        with file_open("crm_client_import/tests/data/clients_libreoffice.xlsx", "rb") as file:
            data = file.read()
        # The tour fetches the file from there, as the browser would read it from disk.
        self.env["ir.attachment"].with_user(self.import_manager).create(
            {"name": "tour_clients.xlsx", "raw": data}
        )
        self.start_tour("/odoo", "crm_client_import_full_import", login="cci_manager")
        job = self.Job.search([("user_id", "=", self.import_manager.id)])
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "done", job.error_message)
        self.assertEqual(job.file_name, "tour_clients.xlsx")
        self.assertEqual(job.account_type_mode, "column")
        self.assertEqual(job.rows_read, 15)
        Partner = self.env["res.partner"]
        bakery = Partner.search([("name", "=", "Bakkerij Van den Broeck BV")])
        self.assertEqual(len(bakery), 1)
        self.assertTrue(bakery.is_company)
        self.assertEqual(bakery.child_ids.mapped("email"), ["info@bakkerijvandenbroeck.be"])
        self.assertEqual(
            Partner.search([("name", "=", "Janssens An")]).client_account_type, "individual"
        )
        for name in ("wizard_1_upload", "wizard_3_settings", "wizard_5_review", "job_results"):
            self.assertTrue((SCREENSHOT_DIR / f"{name}.png").is_file(), name)

    def test_b_invalid_row_is_skipped_and_downloadable(self):
        rows = [
            ["Bakkerij Peeters", "Jan", "Peeters", "info@peeters.example"],
            ["Slagerij Maes", "Luc", "Maes", "not-an-email"],
        ]
        job = self._draft_job(self.import_user, HEADER, rows, "accounts", strictness="strict")
        self.start_tour("/odoo", "crm_client_import_invalid_row", login="cci_user")
        self.assertEqual(job.state, "done", job.error_message)
        self.assertEqual((job.rows_imported, job.rows_skipped), (1, 1))
        self.assertEqual(job.skipped_row_ids.row_number, 3)
        url = job.with_user(self.import_user).action_download_skipped()["url"]
        self.authenticate("cci_user", "cci_user")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            text = archive.read("skipped.csv").decode("utf-8-sig")
        self.assertIn("Slagerij Maes", text)
        self.assertNotIn("Bakkerij Peeters", text)

    def test_c_back_and_continue_keep_the_choices(self):
        header = ["Naam", "Plaats", "E-mail"]
        rows = [["Bakkerij Peeters", "Gent", "info@peeters.example"]]
        job = self._draft_job(self.import_user, header, rows, "upload")
        self.start_tour("/odoo", "crm_client_import_back_and_continue", login="cci_user")
        self.assertEqual(self.Job.search_count([("user_id", "=", self.import_user.id)]), 1)
        self.assertEqual(job.wizard_step, "review")
        self.assertEqual(job.state, "ready")
        self.assertEqual(job.import_kind, "accounts")
        self.assertEqual(job.duplicate_policy, "update")
        self.assertTrue(job.empty_clears)
        self.assertEqual(job.reader_options.get("delimiter"), ";")
        plaats = next(c for c in job.mapping["columns"] if c["header"] == "Plaats")
        self.assertEqual(plaats["action"], "ignore")

    def test_d_a_user_does_not_see_the_manager_options(self):
        self._draft_job(self.import_user, ["Naam"], [["Bakkerij Peeters"]], "settings")
        self.start_tour("/odoo", "crm_client_import_user_settings", login="cci_user")

    def test_e_the_job_form_follows_the_import_live(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_client_import.sync_row_limit", 0)
        rows = [
            ["Bakkerij Peeters", "Jan", "Peeters", "info@peeters.example"],
            ["Slagerij Maes", "Luc", "Maes", "info@maes.example"],
        ]
        admin = self.env.ref("base.user_admin")
        job = self._draft_job(admin, HEADER, rows, "review")
        self.start_tour("/odoo", "crm_client_import_live_progress", login="admin")
        self.assertEqual(job.state, "done")
