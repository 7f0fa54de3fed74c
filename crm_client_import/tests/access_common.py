"""Two companies and one user of each kind, with a finished job of company A.

Company A is the test's current company. ``user_a`` ran ``job_a`` there: it has an
uploaded file, a skipped row (with a national number and an IBAN in its cells) and
a skipped-rows report. ``user_b`` is a Client Import User of company B only.
"""

import base64

from odoo import Command
from odoo.tests import new_test_user

from .common import csv_bytes

USER = "crm_client_import.group_client_import_user"
MANAGER = "crm_client_import.group_client_import_manager"
PARTNER_MANAGER = "base.group_partner_manager"

NATIONAL_NUMBER = "85.07.30-033.29"  # wrong check digit: the row is skipped (strict)
IBAN = "BE68 5390 0754 7035"  # wrong check digit too
HEADER = ["Account name", "First name", "Last name", "National number", "IBAN"]
ROWS = [
    ["Peeters BV", "Jan", "Peeters", "", ""],
    ["Secret BV", "Eva", "Geheim", NATIONAL_NUMBER, IBAN],
]


class TwoCompaniesMixin:
    @classmethod
    def _create_two_companies(cls):
        cls.company_a = cls.env.company
        cls.company_a.country_id = cls.env.ref("base.be")
        cls.company_b = cls.env["res.company"].create(
            {"name": "Company B", "country_id": cls.env.ref("base.be").id}
        )

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        a, b = cls.company_a, cls.company_b
        cls.user_a = user("acc_user_a", f"base.group_user,{PARTNER_MANAGER},{USER}", a)
        cls.other_user_a = user("acc_user_a2", f"base.group_user,{PARTNER_MANAGER},{USER}", a)
        cls.manager_a = user("acc_manager_a", f"base.group_user,{PARTNER_MANAGER},{MANAGER}", a)
        cls.manager_b = user("acc_manager_b", f"base.group_user,{PARTNER_MANAGER},{MANAGER}", b)
        cls.user_b = user("acc_user_b", f"base.group_user,{PARTNER_MANAGER},{USER}", b)
        cls.plain_a = user("acc_plain_a", f"base.group_user,{PARTNER_MANAGER}", a)
        cls.portal = user("acc_portal", "base.group_portal", a)

        Job = cls.env["crm.client.import.job"].with_user(cls.user_a)
        job = Job.create_from_file(csv_bytes(HEADER, ROWS), "clients_a.csv")
        job.strictness = "strict"  # the row with the invalid numbers is skipped
        job.action_review()  # as the wizard does: the review's lines are the job's too
        job.action_start()
        cls.job_a = cls.env["crm.client.import.job"].browse(job.id)
        assert cls.job_a.state == "done", cls.job_a.error_message
        assert cls.job_a.rows_skipped == 1 and cls.job_a.skipped_file_id
        cls.partner_a = cls.env["res.partner"].create(
            {"name": "Client of A", "is_company": True, "company_id": a.id}
        )
        cls.template_a = cls.env["crm.client.folder.template"].create(
            {
                "name": "Template of A",
                "company_id": a.id,
                "line_ids": [Command.create({"name": "A"})],
            }
        )


def b64(data):
    return base64.b64encode(data).decode()
