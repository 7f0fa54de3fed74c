import csv
import io

from odoo.tests import new_test_user


class ClientImportUsersMixin:
    """Users of each kind that the access tests need, created once per class."""

    @classmethod
    def _create_import_users(cls):
        cls.import_user = new_test_user(
            cls.env,
            login="cci_user",
            password="cci_user",
            groups="base.group_user,base.group_partner_manager,"
            "crm_client_import.group_client_import_user",
        )
        cls.import_manager = new_test_user(
            cls.env,
            login="cci_manager",
            password="cci_manager",
            groups="base.group_user,base.group_partner_manager,"
            "crm_client_import.group_client_import_manager",
        )
        cls.plain_user = new_test_user(
            cls.env, login="cci_plain", password="cci_plain", groups="base.group_user"
        )


def csv_bytes(header, rows, delimiter=";"):
    """A client list as a spreadsheet program would save it (UTF-8 with BOM)."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue().encode("utf-8-sig")


class ClientImportJobMixin:
    """Runs imports the way the wizard and the CLI do, and checks the tally each time."""

    def run_import(self, header, rows, user=None, **settings):
        Job = self.env["crm.client.import.job"]
        if user:
            Job = Job.with_user(user)
        job = Job.create_from_file(csv_bytes(header, rows), "clients.csv")
        if settings:
            job.write(settings)
        job.action_start()
        self.assertTally(job)
        return job

    def assertTally(self, job):
        self.assertEqual(job.state, "done", job.error_message)
        self.assertEqual(job.rows_read, job.next_row_index)
        outcomes = ("created", "updated", "linked", "unchanged", "skipped", "empty")
        self.assertEqual(job.rows_read, sum(job[f"rows_{outcome}"] for outcome in outcomes))
        self.assertEqual(
            sorted(job.row_ids.mapped("row_number")),
            sorted(set(job.row_ids.mapped("row_number"))),
            "one outcome per row",
        )
        self.assertEqual(len(job.row_ids), job.rows_read, "tally")

    def partners(self, **domain):
        Partner = self.env["res.partner"].with_context(active_test=False)
        return Partner.search([(field, "=", value) for field, value in domain.items()])
