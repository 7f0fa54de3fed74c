import html
import json
import re
from unittest.mock import patch

import polib

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools.misc import file_open, file_path

from ..models.import_job_screen import WIZARD_STEPS
from .common import ClientImportJobMixin, ClientImportUsersMixin
from .test_wizard_tour import _handle_console_with_screenshots

SCREEN_TEXT_MARKER = "crm_client_import screen text: "
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")
# innerText puts blocks on their own lines and table cells after tabs; sample
# values and summaries are joined with a middle dot.
PIECE_SEPARATOR = re.compile(r"\n|\t| · ")
WORD = re.compile(r"[^\W\d_]{3,}")


def _plain(text):
    """A term as the screen shows it: no markup, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def english_patterns(pot_path, dutch):
    """For each English term of the .pot that Dutch (``dutch``: msgid to msgstr) does
    not write the same way: a pattern of the term as a screen would show it,
    placeholders matching any value. A term of three words or more is looked for
    inside a piece of text too (a sentence within a paragraph); a shorter one
    ("Done") only as a whole piece. Terms without a word of their own (e.g.
    "%(column)s: %(value)s") are left out: they cannot tell English from Dutch."""
    patterns = []
    for entry in polib.pofile(pot_path):
        english = _plain(entry.msgid)
        if _plain(dutch.get(entry.msgid) or "") == english:
            continue
        literal_parts = PLACEHOLDER.split(english)
        words = sum(len(WORD.findall(part)) for part in literal_parts)
        if not words:
            continue
        regex = re.compile(".+".join(re.escape(part) for part in literal_parts))
        patterns.append((regex.search if words >= 3 else regex.fullmatch, english))
    return patterns


def english_on_screen(text, patterns):
    """The pieces of a screen's text that are or hold one of the English terms."""
    found = []
    for piece in PIECE_SEPARATOR.split(text):
        piece = " ".join(piece.split())
        if piece and any(match(piece) for match, _english in patterns):
            found.append(piece)
    return found


@tagged("post_install", "-at_install")
class TestDutchScreens(ClientImportUsersMixin, HttpCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        # Loads the Dutch terms of every installed module, this one's nl.po included.
        cls.env["base.language.install"].create(
            {"lang_ids": [(6, 0, [cls.env["res.lang"]._activate_lang("nl_BE").id])]}
        ).lang_install()
        cls.import_manager.lang = "nl_BE"

    def _run_tour_collecting_texts(self):
        screens = []
        # The tour also takes the readme's Dutch screenshots.
        original = _handle_console_with_screenshots(ChromeBrowser._handle_console)

        def handle_console(browser, type, args=None, **kwargs):
            message = str(browser._from_remoteobject(args[0])) if args else ""
            if type == "log" and message.startswith(SCREEN_TEXT_MARKER):
                screens.append(json.loads(message[len(SCREEN_TEXT_MARKER) :]))
            return original(browser, type, args=args, **kwargs)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.start_tour("/odoo", "crm_client_import_dutch_screens", login="cci_manager")
        return screens

    def test_no_english_term_on_the_dutch_screens(self):
        with file_open("crm_client_import/tests/data/clients_libreoffice.xlsx", "rb") as file:
            self.env["ir.attachment"].with_user(self.import_manager).create(
                {"name": "tour_clients.xlsx", "raw": file.read()}
            )
        screens = self._run_tour_collecting_texts()

        job = self.env["crm.client.import.job"].search([("user_id", "=", self.import_manager.id)])
        # Imported, then undone by the tour.
        self.assertEqual(job.rows_created, 15, job.error_message)
        self.assertTrue(job.undone)
        names = [screen["screen"] for screen in screens]
        self.assertIn("review, every account", names)
        self.assertIn("chatter", names)
        self.assertTrue(any(name.startswith("results") for name in names), names)
        dutch = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path("crm_client_import/i18n/nl.po"))
        }
        # The screens are Dutch indeed: each wizard step names itself in Dutch
        # ("Controle", "Instellingen"...).
        texts = {screen["screen"]: screen["text"] for screen in screens}
        for step, label in WIZARD_STEPS:
            self.assertIn(dutch[label], texts[step])

        patterns = english_patterns(
            file_path("crm_client_import/i18n/crm_client_import.pot"), dutch
        )
        english = {
            screen["screen"]: found
            for screen in screens
            if (found := english_on_screen(screen["text"], patterns))
        }
        self.assertEqual(english, {}, "English terms on the Dutch screens")


@tagged("post_install", "-at_install")
class TestDutchMessages(ClientImportJobMixin, TransactionCase):
    def test_a_skipped_rows_reason_is_dutch_down_to_the_keys_it_names(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env.company.country_id = self.env.ref("base.be")
        garage = self.env["res.partner"].create(
            {"name": "Garage Martens", "is_company": True, "vat": "BE0312712855"}
        )
        with file_open("crm_client_import/tests/data/identity/name_against_vat.csv", "rb") as file:
            data = file.read()
        Job = self.env["crm.client.import.job"].with_context(lang="nl_BE")
        job = Job.create_from_file(
            data, "name_against_vat.csv", import_kind="accounts", duplicate_policy="update"
        )
        job.action_start()
        self.assertTally(job)
        # "name" and "VAT" are the labels of the keys compared: Dutch too.
        self.assertEqual(
            job.skipped_row_ids.reason,
            f"conflict: naam komt overeen met Garage Martens (#{garage.id}) maar btw-nummer "
            "BE0677482840 ≠ BE0312712855; er werd niets gewijzigd",
        )
