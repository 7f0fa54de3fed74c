"""Undo puts the database back exactly: real processes, committed background imports.

For each duplicate policy, with portal logins and invitations on, links, tags,
followers, folders and bank accounts: a snapshot of the tables an import writes
is taken, the file is imported by the queue runner (each batch and the portal
step committed), then undone; the snapshot must be the same, but for the
partners the import made (archived). Every difference is named: table, record,
column.
"""

import base64
import json

from odoo import sql_db
from odoo.tests import TransactionCase, get_db_name, tagged

from .common import csv_bytes
from .process_common import query, run_shell

HEADER = ["Account name", "First name", "Last name", "Email", "Job position", "IBAN"]

SETUP = """
from odoo.fields import Command
tag = "{tag}"
Partner = env["res.partner"]
bakery = Partner.create({{"name": tag + " Bakkerij NV", "is_company": True, "city": "Gent"}})
Partner.create({{"name": tag + " Ann Smet", "email": "ann@" + tag + ".example",
                 "parent_id": bakery.id, "function": "Bakker"}})
Partner.create({{"name": tag + " Lies Loos", "email": "lies@" + tag + ".example"}})
old = Partner.create({{"name": tag + " Oud Portaal", "email": "oud@" + tag + ".example",
                       "parent_id": bakery.id}})
user = env["res.users"].with_context(no_reset_password=True).create({{
    "login": "oud@" + tag + ".example", "partner_id": old.id,
    "groups_id": [Command.set([env.ref("base.group_portal").id])]}})
user.active = False
assignee = env["res.users"].search([("login", "=", "snapshot_assignee")])
if not assignee:
    env["res.users"].create({{"login": "snapshot_assignee", "name": "Snapshot Assignee",
                              "groups_id": [Command.set([env.ref("base.group_user").id])]}})
env.cr.commit()
"""

IMPORT = """
import base64
Job = env["crm.client.import.job"]
env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", "0")
tag = env["res.partner.category"].create({{"name": "{tag}"}})
job = Job.create_from_file(base64.b64decode({data!r}), "{tag}.csv")
job.write({{
    "duplicate_policy": "{policy}",
    "tag_ids": [(6, 0, tag.ids)],
    "assignee_ids": [(6, 0, env["res.users"].search([("login", "=", "snapshot_assignee")]).ids)],
    "portal_login": True, "portal_notify": True, "portal_email_sync": True,
    "send_invitations": True, "invitation_message": "Welkom",
    "folders_on_existing": True,
}})
job.action_start()
env.cr.commit()
while Job.search_count(Job._pending_domain()):
    Job._cron_run_queue()
    env.cr.commit()
env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", False)
env.cr.commit()
print("JOB", job.id, job.state, job.portal_state)
"""

EDIT = """
partner = env["res.partner"].search([("name", "=", "{name}")])
editor = env["res.users"].search([("login", "=", "snapshot_assignee")])
partner.with_user(editor).sudo().write({{"function": "Directeur"}})
env.cr.commit()
"""

UNDO = """
job = env["crm.client.import.job"].browse({job_id})
job.action_undo()
env.cr.commit()
print("UNDO", json.dumps(job.undo_summary))
"""

# The tables an import writes, each row keyed by what identifies it
TABLES = {
    "res_partner": ("id", "SELECT * FROM res_partner"),
    "res_partner_bank": ("id", "SELECT id, partner_id, acc_number, active FROM res_partner_bank"),
    "mail_followers": (
        "id",
        """SELECT f.id, f.res_model, f.res_id, f.partner_id,
                  ARRAY(SELECT mail_message_subtype_id FROM mail_followers_mail_message_subtype_rel
                         WHERE mail_followers_id = f.id ORDER BY 1) AS subtypes
             FROM mail_followers f""",
    ),
    "res_users": (
        "id",
        """SELECT u.id, u.active, u.partner_id, u.login,
                  ARRAY(SELECT gid FROM res_groups_users_rel WHERE uid = u.id ORDER BY 1) AS groups
             FROM res_users u""",
    ),
    "crm_client_folder": ("id", "SELECT id, name, partner_id, parent_id FROM crm_client_folder"),
    "also_contact_of": (
        "contact_id, account_id",
        "SELECT contact_id, account_id FROM crm_client_partner_also_contact_rel",
    ),
    "partner_tags": (
        "partner_id, category_id",
        "SELECT partner_id, category_id FROM res_partner_res_partner_category_rel",
    ),
}
# Columns that say when and by whom, not what
UNCOMPARED = {"write_date", "write_uid"}


def snapshot():
    """``{table: {key: {column: value}}}`` of committed data."""
    result = {}
    for table, (key, sql) in TABLES.items():
        with sql_db.db_connect(get_db_name()).cursor() as cr:
            cr.execute(sql)
            columns = [column.name for column in cr.description]
            key_columns = [name.strip() for name in key.split(",")]
            rows = {}
            for values in cr.fetchall():
                row = dict(zip(columns, values, strict=True))
                rows[tuple(row[name] for name in key_columns)] = {
                    name: value for name, value in row.items() if name not in UNCOMPARED
                }
            result[table] = rows
    return result


def differences(before, after, archived_ids):
    """``[(table, key, column, before, after)]``; the partners in ``archived_ids``
    (made by the import) may be there, archived, with their tags."""
    found = []
    for table, rows in after.items():
        old_rows = before[table]
        for key in sorted(set(rows) | set(old_rows), key=repr):
            if table == "res_partner" and key[0] in archived_ids and key not in old_rows:
                if rows[key]["active"]:
                    found.append((table, key, "active", None, True))
                continue
            if table == "partner_tags" and key[0] in archived_ids:
                continue
            old, new = old_rows.get(key), rows.get(key)
            if old is None or new is None:
                found.append((table, key, "*", old is not None, new is not None))
                continue
            for column in new:
                # A boolean never set (NULL) and one set to false are both false to Odoo.
                if new[column] != old[column] and {new[column], old[column]} != {None, False}:
                    found.append((table, key, column, old[column], new[column]))
    return found


@tagged("post_install", "-at_install")
class TestUndoSnapshot(TransactionCase):
    def rows(self, tag):
        return [
            [f"{tag} Bakkerij NV", "Ann", "Smet", f"ann@{tag}.example", "Zaakvoerder",
             "BE68 5390 0754 7034"],
            [f"{tag} Nieuw BV", "Lies", "Loos", f"lies@{tag}.example", "", ""],
            [f"{tag} Nieuw BV", "Jan", "Nieuw", f"jan@{tag}.example", "", "BE71 0961 2345 6769"],
            [f"{tag} Tweede BV", "Jan", "Nieuw", f"jan@{tag}.example", "", ""],
            [f"{tag} Bakkerij NV", "Oud", "Portaal", f"oud@{tag}.example", "", ""],
        ]  # fmt: skip

    def import_and_undo(self, policy, edit=None):
        tag = f"snap{policy}" + ("edited" if edit else "")
        run_shell(SETUP.format(tag=tag))
        before = snapshot()
        data = base64.b64encode(csv_bytes(HEADER, self.rows(tag))).decode()
        output = run_shell(IMPORT.format(tag=tag, data=data, policy=policy)).stdout
        job_id, state, portal_state = output.split("JOB")[1].split()[:3]
        self.assertEqual((state, portal_state), ("done", "done"))
        imported = snapshot()
        if edit:
            run_shell(EDIT.format(name=f"{tag} {edit}"))
        output = run_shell("import json\n" + UNDO.format(job_id=job_id)).stdout
        summary = json.loads(output.split("UNDO", 1)[1])
        created = {
            partner_id
            for (partner_id,) in query(
                "SELECT partner_id FROM crm_client_import_change "
                "WHERE job_id = %s AND kind = 'partner_created'",
                [int(job_id)],
            )
        }
        return before, imported, snapshot(), created, summary

    def test_undo_puts_back_every_write_whatever_the_policy(self):
        for policy in ("skip", "update", "fill", "create"):
            with self.subTest(policy=policy):
                before, imported, after, created, summary = self.import_and_undo(policy)
                self.assertTrue(created, "the import made partners")
                self.assertNotEqual(differences(before, imported, set()), [], "it wrote")
                self.assertEqual(differences(before, after, created), [])
                self.assertEqual(summary["refused"], [])

    def test_undo_refuses_exactly_what_someone_changed_since(self):
        # Ann's job position, which the import changed, is changed again by someone else.
        before, _imported, after, created, summary = self.import_and_undo("update", edit="Ann Smet")
        [(ann_id,)] = query("SELECT id FROM res_partner WHERE name = 'snapupdateedited Ann Smet'")
        found = differences(before, after, created)
        self.assertEqual(found, [("res_partner", (ann_id,), "function", "Bakker", "Directeur")])
        (refused,) = summary["refused"]
        self.assertEqual(
            (refused["partner_id"], refused["fields"], refused["user"]),
            (ann_id, ["function"], "Snapshot Assignee"),
        )
        self.assertFalse(summary["complete"])
