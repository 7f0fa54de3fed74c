from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.modules import module
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MailCommon

from .common import ClientImportJobMixin, ClientImportUsersMixin

HEADER = ["Account name", "Account type", "First name", "Last name", "Email"]
MESSAGE = "Dear client, your documents are waiting for you in our new portal."

INCOMING_MAIL = """Return-Path: <{email_from}>
To: {to}
From: {email_from}
Subject: {subject}
Message-ID: <{subject}@client.example.com>
Date: Fri, 20 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Here are the bank statements of October.
"""


@tagged("post_install", "-at_install")
class TestPortalAccess(ClientImportUsersMixin, ClientImportJobMixin, MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")
        # Imports: an import user who may manage contacts, not an administrator.
        cls.import_user.email = "importer@firm.example.com"

    # --- helpers ------------------------------------------------------------

    def run_import(self, header, rows, **settings):
        # Portal logins are made only when asked: these tests ask, unless they say.
        settings = {"portal_login": True, "spouse_portal_login": True, **settings}
        # The mail mock switches Odoo's test mode off (to send for real), and the
        # engine would then commit its batches: keep it on for the import itself.
        with patch.object(module, "current_test", True):
            return super().run_import(header, rows, **settings)

    def import_and_finish(self, header, rows, **settings):
        """Run the import, check nothing reached the clients, then let the cron do the
        portal work, as the server does once the import is done."""
        job = self.run_import(header, rows, **settings)
        self.assertFalse(self.client_mails(), "nothing is sent while the import runs")
        # The cron works as the importer: an import user who may manage contacts.
        job.user_id = self.import_user
        self.env["crm.client.import.job"]._cron_run_queue()
        return job

    def client_mails(self):
        """E-mails sent to anybody but the importer (who is told the import is done)."""
        return [
            mail for mail in self._mails if "importer@firm.example.com" not in mail["email_to"][0]
        ]

    def mails_to(self, email):
        return [mail for mail in self._mails if any(email in to for to in mail["email_to"])]

    def problems(self, job):
        return {(line["partner"], line["problem"]) for line in job.portal_report or []}

    # --- the toggles ---------------------------------------------------------

    def test_toggles_create_portal_users_and_followers_but_send_nothing(self):
        with self.mock_mail_gateway():
            job = self.import_and_finish(
                HEADER,
                [
                    ["Bakkerij Peeters BV", "Company", "Jan", "Peeters", "jan@peeters.be"],
                    ["Bakkerij Peeters BV", "Company", "Els", "Maes", "els@peeters.be"],
                ],
            )
            self.assertFalse(self.client_mails(), "invitations are off: no mail at all")
        jan = self.partners(email_normalized="jan@peeters.be")
        els = self.partners(email_normalized="els@peeters.be")
        account = self.partners(name="Bakkerij Peeters BV")
        for contact in jan | els:
            self.assertTrue(contact.client_portal_login)
            self.assertTrue(contact.client_portal_notify)
            self.assertTrue(contact.client_email_sync)
            user = contact.user_ids
            self.assertEqual(len(user), 1)
            self.assertTrue(user._is_portal(), "portal group")
            self.assertFalse(user._is_internal(), "no internal rights")
            self.assertTrue(user.share)
            self.assertEqual(user.login, contact.email_normalized)
            self.assertFalse(contact.client_portal_invited_at)
            self.assertEqual(contact.client_portal_state, "not_invited")
            self.assertIn(contact, account.message_partner_ids, "Notify: follows the account")
        self.assertFalse(account.user_ids, "the account itself gets no login")
        self.assertEqual((job.portal_state, job.portal_users_created), ("done", 2))
        self.assertEqual(job.portal_invitations_sent, 0)

    def test_toggles_off_leave_contacts_alone(self):
        with self.mock_mail_gateway():
            job = self.import_and_finish(
                HEADER,
                [["Garage Claes", "Company", "Luc", "Claes", "luc@claes.be"]],
                portal_login=False,
                portal_notify=False,
                portal_email_sync=False,
            )
        luc = self.partners(email_normalized="luc@claes.be")
        self.assertFalse(luc.user_ids)
        self.assertFalse(luc.client_portal_login or luc.client_portal_notify)
        self.assertNotIn(luc, luc.parent_id.message_partner_ids)
        self.assertEqual(job.portal_state, "none")

    def test_spouse_email_has_its_own_toggles(self):
        header = [*HEADER, "Spouse first name", "Spouse email"]
        with self.mock_mail_gateway():
            self.import_and_finish(
                header,
                [
                    [
                        "Family Wouters",
                        "Family",
                        "Tom",
                        "Wouters",
                        "tom@wouters.be",
                        "An",
                        "an@wouters.be",
                    ]
                ],
                spouse_portal_login=False,
                spouse_portal_notify=False,
            )
        tom = self.partners(email_normalized="tom@wouters.be")
        an = self.partners(email_normalized="an@wouters.be")
        self.assertTrue(tom.user_ids and tom.client_portal_notify)
        self.assertFalse(an.user_ids, "spouse Login off")
        self.assertFalse(an.client_portal_login or an.client_portal_notify)
        self.assertTrue(an.client_email_sync, "spouse Email sync stayed on")
        self.assertNotIn(an, tom.parent_id.message_partner_ids)

    def test_an_individual_account_is_its_own_contact(self):
        header = [*HEADER, "Send invitation"]
        rows = [["Vera Smet", "Individual", "Vera", "Smet", "vera@smet.be", "yes"]]
        with self.mock_mail_gateway():
            job = self.import_and_finish(
                header, rows, account_type="individual", invitation_message=MESSAGE
            )
            self.assertEqual(len(self.mails_to("vera@smet.be")), 1, "the row's yes invites")
        vera = self.partners(email_normalized="vera@smet.be")
        self.assertEqual(len(vera), 1)
        self.assertFalse(vera.is_company or vera.parent_id)
        self.assertTrue(vera.user_ids._is_portal())
        self.assertIn(vera, vera.message_partner_ids, "follows her own account")
        self.assertEqual(job.portal_invitations_sent, 1)

    # --- invitations -----------------------------------------------------------

    def test_invitations_go_after_the_import_once_per_person_with_the_message(self):
        rows = [
            ["Garage Claes", "Company", "Brian", "Ross", "brian@example.com"],
            ["Ross Holding", "Company", "Brian", "Ross", "Brian@Example.com"],
            ["Ross Family", "Family", "Brian", "Ross", "brian@example.com"],
            ["Ross Family", "Family", "Mia", "Ross", "mia@example.com"],
        ]
        with self.mock_mail_gateway():
            job = self.run_import(
                HEADER,
                rows,
                send_invitations=True,
                invitation_message=MESSAGE,
            )
            job.user_id = self.import_user
            self.assertEqual(job.state, "done")
            self.assertEqual(job.portal_state, "queued")
            self.assertFalse(self.client_mails(), "invitations wait for the background job")
            self.env["crm.client.import.job"]._cron_run_queue()
            brian_mails, mia_mails = (
                self.mails_to("brian@example.com"),
                self.mails_to("mia@example.com"),
            )
            self.assertEqual(len(brian_mails), 1, "linked to three accounts, invited once")
            self.assertEqual(len(mia_mails), 1)
            self.assertEqual(len(self.client_mails()), 2)
            for mail in brian_mails + mia_mails:
                self.assertIn(MESSAGE, mail["body"])
                self.assertIn("/web/signup", mail["body"])
        brian = self.partners(email_normalized="brian@example.com")
        self.assertTrue(brian.client_portal_invited_at)
        self.assertEqual(brian.client_portal_state, "invited")
        self.assertEqual(len(brian.client_also_contact_of_ids), 2)
        self.assertEqual(
            (job.portal_state, job.portal_users_created, job.portal_invitations_sent),
            ("done", 2, 2),
        )

    def test_invitations_go_in_batches(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.portal_batch_size", 2)
        rows = [["Claes BV", "Company", f"Person{n}", "Claes", f"p{n}@claes.be"] for n in range(5)]
        with self.mock_mail_gateway():
            job = self.import_and_finish(HEADER, rows, send_invitations=True)
            self.assertEqual(len(self.client_mails()), 5)
        self.assertEqual(job.portal_invitations_sent, 5)
        self.assertFalse(job.portal_queue)

    def test_the_row_column_decides_for_its_row(self):
        header = [*HEADER, "Send invitation"]
        rows = [
            ["Claes BV", "Company", "Yes", "Claes", "yes@claes.be", "yes"],
            ["Claes BV", "Company", "No", "Claes", "no@claes.be", "no"],
            ["Claes BV", "Company", "Empty", "Claes", "empty@claes.be", ""],
        ]
        with self.mock_mail_gateway():
            self.import_and_finish(header, rows, portal_login=False)
            self.assertEqual(len(self.mails_to("yes@claes.be")), 1, "yes invites, bulk off")
            self.assertEqual(len(self.client_mails()), 1)
        self.assertTrue(self.partners(email_normalized="yes@claes.be").user_ids, "yes: Login on")
        self.assertFalse(self.partners(email_normalized="no@claes.be").user_ids, "bulk Login off")
        with self.mock_mail_gateway():
            rows = [
                ["Maes BV", "Company", "No", "Maes", "no@maes.be", "no"],
                ["Maes BV", "Company", "Empty", "Maes", "empty@maes.be", ""],
            ]
            self.import_and_finish(header, rows, send_invitations=True)
            self.assertFalse(self.mails_to("no@maes.be"), "no wins over the bulk setting")
            self.assertEqual(len(self.mails_to("empty@maes.be")), 1, "empty: bulk setting")
        self.assertTrue(self.partners(email_normalized="no@maes.be").user_ids, "Login stays on")

    # --- hard cases --------------------------------------------------------------

    def test_an_email_already_used_by_a_user_is_reported(self):
        # Users whose login is the address, their own partner has another one.
        for login, group in (
            ("boss@firm.example.com", "base.group_user"),
            ("old@client.example.com", "base.group_portal"),
        ):
            new_test_user(self.env, login=login, email=f"x.{login}", groups=group)
        rows = [
            ["Claes BV", "Company", "Boss", "Claes", "boss@firm.example.com"],
            ["Claes BV", "Company", "Old", "Claes", "old@client.example.com"],
        ]
        with self.mock_mail_gateway():
            job = self.import_and_finish(HEADER, rows, send_invitations=True)
            self.assertFalse(self.client_mails())
        boss = self.partners(name="Boss Claes")
        old = self.partners(name="Old Claes")
        self.assertFalse(boss.user_ids or old.user_ids)
        self.assertFalse(boss.client_portal_login, "no login given: not pending")
        self.assertEqual(
            self.problems(job),
            {("Claes BV, Boss Claes", "email_used"), ("Claes BV, Old Claes", "email_used")},
        )
        messages = {line["message"] for line in job.portal_report}
        self.assertTrue(any("internal user" in text for text in messages))
        self.assertTrue(any("portal user" in text for text in messages))
        self.assertIn("Old Claes", job.portal_report_html)

    def test_one_login_per_shared_email(self):
        # The engine makes one person of rows sharing an address; contacts that
        # already share one (spouses, info@) meet in the invitation action.
        Partner = self.env["res.partner"]
        family = Partner.create({"name": "Family Peeters", "is_company": True})
        jan, els = Partner.create(
            [
                {"name": "Jan Peeters", "email": "info@peeters.be", "parent_id": family.id},
                {"name": "Els Peeters", "email": "info@peeters.be", "parent_id": family.id},
            ]
        )
        with self.mock_mail_gateway():
            wizard = (
                self.env["crm.client.portal.invite.wizard"]
                .with_user(self.import_user)
                .create({"partner_ids": (jan | els).ids, "message": MESSAGE})
            )
            result = wizard.action_send()
            self.assertEqual(len(self.mails_to("info@peeters.be")), 1, "one mail per address")
        self.assertTrue(jan.user_ids, "the first contact gets the login")
        self.assertFalse(els.user_ids)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("Els Peeters", result["params"]["message"])

    def test_contacts_without_or_with_an_invalid_email_are_reported(self):
        existing = self.env["res.partner"].create(
            {
                "name": "Vera Smet",
                "email": "vera(at)smet.be",
                "client_national_number": "85073003328",
            }
        )
        header = [*HEADER, "National number"]
        rows = [
            ["Smet BV", "Company", "Vera", "Smet", "", "85073003328"],
            ["Smet BV", "Company", "Nomail", "Smet", "", ""],
        ]
        with self.mock_mail_gateway():
            job = self.import_and_finish(
                header, rows, send_invitations=True, duplicate_policy="update"
            )
            self.assertFalse(self.client_mails())
        self.assertFalse(existing.user_ids)
        problems = {problem for _partner, problem in self.problems(job)}
        self.assertEqual(problems, {"invalid_email", "no_email"})
        self.assertEqual(job.state, "done", "reported, never a traceback")

    # --- rights ---------------------------------------------------------------------

    def test_only_import_users_who_manage_contacts_grant_access(self):
        importer_only = new_test_user(
            self.env,
            login="cci_no_partner_manager",
            groups="base.group_user,crm_client_import.group_client_import_user",
        )
        off = {"portal_login": False, "portal_notify": False, "portal_email_sync": False}
        with self.mock_mail_gateway():
            job = self.run_import(
                HEADER, [["Claes BV", "Company", "Luc", "Claes", "luc@claes.be"]], **off
            )
            # The same job, had its importer not the right to manage contacts.
            job.write({"user_id": importer_only.id, "portal_login": True, "send_invitations": True})
            job.with_user(importer_only)._portal_prepare()
            self.env["crm.client.import.job"]._cron_run_queue()
            self.assertFalse(self.client_mails())
        self.assertEqual(job.portal_state, "done")
        self.assertEqual({line["problem"] for line in job.portal_report}, {"no_rights"})
        luc = self.partners(email_normalized="luc@claes.be")
        self.assertFalse(luc.user_ids)
        for user in (importer_only, self.plain_user):
            with self.assertRaises(AccessError):
                luc.with_user(user)._client_portal_grant([])
            with self.assertRaises(AccessError):
                luc.with_user(user)._client_portal_invite("hi", [])
        wizard = (
            self.env["crm.client.portal.invite.wizard"]
            .with_user(importer_only)
            .create({"partner_ids": luc.ids, "message": "hi"})
        )
        with self.assertRaises(AccessError), self.mock_mail_gateway():
            wizard.action_send()
        self.assertFalse(luc.user_ids)

    # --- pending activation -----------------------------------------------------------

    def test_pending_activation_filter_and_invitation_action(self):
        with self.mock_mail_gateway():
            self.import_and_finish(
                HEADER,
                [
                    ["Claes BV", "Company", "Luc", "Claes", "luc@claes.be"],
                    ["Claes BV", "Company", "Ann", "Claes", "ann@claes.be"],
                ],
            )
        luc = self.partners(email_normalized="luc@claes.be")
        ann = self.partners(email_normalized="ann@claes.be")
        manual = self.env["res.partner"].create(
            {"name": "Manual Login", "email": "manual@example.com", "client_portal_login": True}
        )
        action = self.env.ref("crm_client_import.action_partner_pending_activation")
        self.assertIn("search_default_client_portal_pending", action.context)
        # The domain of the search view's "Pending activation" filter itself.
        arch = etree.fromstring(self.env["res.partner"].get_view(view_type="search")["arch"])
        pending_filter = arch.xpath("//filter[@name='client_portal_pending']")
        self.assertEqual(len(pending_filter), 1)
        pending_domain = safe_eval(pending_filter[0].get("domain"))
        Partner = self.env["res.partner"].with_user(self.import_user)
        self.assertEqual(Partner.search(pending_domain), luc | ann | manual)

        with self.mock_mail_gateway():
            wizard_form = Form(
                self.env["crm.client.portal.invite.wizard"]
                .with_user(self.import_user)
                .with_context(active_model="res.partner", active_ids=(luc | manual).ids)
            )
            wizard_form.message = MESSAGE
            result = wizard_form.save().action_send()
            self.assertEqual(len(self.client_mails()), 2)
            self.assertIn(MESSAGE, self.mails_to("manual@example.com")[0]["body"])
        self.assertEqual(result["params"]["type"], "success")
        self.assertTrue(manual.user_ids._is_portal(), "a login turned on by hand gets a user")
        self.assertEqual(luc.client_portal_state, "invited")
        self.assertEqual(Partner.search(pending_domain), luc | ann | manual, "not accepted yet")

        luc.user_ids.with_user(luc.user_ids)._update_last_login()
        luc.invalidate_recordset(["client_portal_state"])
        self.assertEqual(luc.client_portal_state, "active")
        self.assertEqual(Partner.search(pending_domain), ann | manual)
        self.assertEqual(Partner.search([("client_portal_state", "=", "active")]), luc)

    def test_toggles_can_be_changed_later(self):
        with self.mock_mail_gateway():
            self.import_and_finish(
                HEADER, [["Claes BV", "Company", "Luc", "Claes", "luc@claes.be"]]
            )
        luc = self.partners(email_normalized="luc@claes.be")
        account = luc.parent_id
        luc.with_user(self.import_user).client_portal_notify = False
        self.assertNotIn(luc, account.message_partner_ids)
        luc.with_user(self.import_user).client_portal_notify = True
        self.assertIn(luc, account.message_partner_ids)
        user = luc.user_ids
        with self.assertRaises(AccessError):
            luc.with_user(self.plain_user).client_portal_login = False
        luc.with_user(self.import_user).client_portal_login = False
        self.assertFalse(user._is_portal() and user.active, "Login off: portal access revoked")
        self.assertEqual(luc.client_portal_state, "off")

    # --- email sync -------------------------------------------------------------------

    def test_email_sync_logs_new_mails_on_every_account(self):
        rows = [
            ["Garage Claes", "Company", "Brian", "Ross", "brian@example.com"],
            ["Ross Holding", "Company", "Brian", "Ross", "brian@example.com"],
            ["Maes BV", "Company", "Nosync", "Maes", "nosync@maes.be"],
        ]
        with self.mock_mail_gateway():
            self.import_and_finish(HEADER, rows)
        nosync = self.partners(email_normalized="nosync@maes.be")
        nosync.client_email_sync = False
        brian = self.partners(email_normalized="brian@example.com")
        mail = INCOMING_MAIL.format(
            email_from="Brian Ross <brian@example.com>",
            to="office@test.mycompany.com",
            subject="statements-october",
        )
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, mail)
        for account in brian.parent_id | brian.client_also_contact_of_ids:
            message = account.message_ids.filtered(lambda m: m.subject == "statements-october")
            self.assertEqual(len(message), 1, account.name)
            self.assertEqual(message.author_id, brian)
        other = INCOMING_MAIL.format(
            email_from="nosync@maes.be", to="office@test.mycompany.com", subject="no-sync"
        )
        with self.assertRaises(ValueError), self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, other)
