"""Portal access after an import: the Settings step's Login, Notify and Email sync
toggles, and invitations sent once the import is done.

When a job is done, ``_on_import_done`` works out who gets what, stores the toggles
on the partners (Notify makes them followers at once) and queues the portal work.
The worker that ended the import then creates the portal users (without any mail)
and sends the invitations, in batches, each batch committed on its own: the
command line and the import cron alike, so both give the same database. After an
import run from the screens, the import cron does it. Every contact that does
not get a login says why in the job's portal report.

Which contacts: the people of the file (contact and spouse columns) and the
individual accounts whose person was merged into them. The contact e-mail column
uses the job's ``portal_*`` toggles, the spouse e-mail column the ``spouse_portal_*``
ones. A toggle turns access on; switched off, it leaves a contact as it was.

The per-row "Send portal invitation" column decides for its row: yes invites (and
so turns Login on), no does not, an empty cell follows the bulk "Send invitations".
"""

import contextlib
import logging
import time
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, split_every

from ..lib import identity
from .bulk_insert import insert_rows
from .import_run import testing
from .portal_access import INVALID_EMAIL, NO_EMAIL, NO_RIGHTS, SHARED_EMAIL, report_line

_logger = logging.getLogger(__name__)

DEFAULT_PORTAL_BATCH_SIZE = 50
# Partners read at a time after an import: memory must not grow with the clients.
PORTAL_CHUNK_SIZE = 1000
FAILED = "failed"
PORTAL_STATES = [("none", "Nothing to do"), ("queued", "Queued"), ("done", "Done")]
CONTACT_ROLE, SPOUSE_ROLE = "contact", "spouse"


class ClientImportRecord(models.Model):
    _inherit = "crm.client.import.record"

    portal_role = fields.Selection(
        [(CONTACT_ROLE, "Contact"), (SPOUSE_ROLE, "Spouse")],
        help="The e-mail column of the person: its portal toggles follow that column's.",
    )
    portal_invite = fields.Selection(
        [("yes", "Yes"), ("no", "No")], help="The row's Send portal invitation cell, if any."
    )


class ClientImportJobPortal(models.Model):
    _inherit = "crm.client.import.job"

    spouse_portal_login = fields.Boolean(
        string="Spouse login",
        help="Spouses with an e-mail (spouse e-mail column) get a portal login.",
    )
    spouse_portal_notify = fields.Boolean(
        string="Spouse notify", default=True, help="Spouses follow their accounts' messages."
    )
    spouse_portal_email_sync = fields.Boolean(
        string="Spouse email sync",
        default=True,
        help="Mails exchanged with the spouses are logged on their account.",
    )
    has_spouse_email = fields.Boolean(compute="_compute_has_spouse_email")
    portal_state = fields.Selection(
        PORTAL_STATES, default="none", required=True, readonly=True, copy=False
    )
    # [[partner_id, invite], ...] still to do, in order
    portal_queue = fields.Json(readonly=True, copy=False)
    portal_report = fields.Json(readonly=True, copy=False)
    portal_report_html = fields.Html(
        string="Portal report", compute="_compute_portal_report_html", sanitize=False
    )
    portal_users_created = fields.Integer(string="Portal logins", readonly=True, copy=False)
    portal_invitations_sent = fields.Integer(string="Invitations sent", readonly=True, copy=False)

    @api.depends("mapping")
    def _compute_has_spouse_email(self):
        for job in self:
            columns = (job.mapping or {}).get("columns", [])
            job.has_spouse_email = any(c.get("target") == "spouse.email" for c in columns)

    @api.depends("portal_report")
    def _compute_portal_report_html(self):
        for job in self:
            lines = job.portal_report or []
            if not lines:
                job.portal_report_html = False
                continue
            head = Markup("").join(
                Markup("<th>%s</th>") % title
                for title in (self.env._("Contact"), self.env._("E-mail"), self.env._("Problem"))
            )
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (line["partner"], line["email"], line["message"])
                for line in lines
            )
            job.portal_report_html = Markup(
                "<table class='table table-sm o_client_portal_report'>"
                "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
            ) % (head, body)

    # ------------------------------------------------------------------
    # After the import: toggles, then the queue
    # ------------------------------------------------------------------

    def _on_import_done(self):
        super()._on_import_done()
        # The clients are imported: a portal problem must not undo that.
        try:
            with self.env.cr.savepoint():
                self._portal_prepare()
        except Exception as error:
            _logger.exception("Portal access of client import %s failed", self.id)
            line = report_line(self.env["res.partner"], FAILED, repr(error))
            self.write({"portal_state": "done", "portal_report": [line]})

    def _portal_candidates(self):
        """``[(partner id, role, invite choice)]`` of the job, one per partner, in file
        order. Read in SQL: an import may have touched a hundred thousand partners.
        Under "Skip", partners that were there before are left as they are: only the
        people the import made get portal access.
        """
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """SELECT r.partner_id, r.portal_role, r.portal_invite
                     FROM crm_client_import_record r
                     JOIN res_partner p ON p.id = r.partner_id
                    WHERE r.job_id = %s AND p.active
                      AND (r.kind = 'contact' OR (p.parent_id IS NULL AND p.is_company IS NOT TRUE))
                      AND (r.action = 'created' OR %s != 'skip')
                 ORDER BY r.row_number, r.id""",
                self.id,
                self.duplicate_policy,
            )
        )
        return [(partner_id, role or CONTACT_ROLE, invite) for partner_id, role, invite in rows]

    def _portal_login_emails(self, entities):
        """The portal logins the import will create, for the review: ``{handle:
        e-mail}`` by the rules of ``_portal_candidates`` and ``_portal_prepare``
        applied to the resolver's ``entities`` (people, and individual accounts, with
        an e-mail): one login per address (the first person met with it), none for an
        address that is someone's login already."""
        if not self._may_manage_portal():
            return {}
        emails = {}  # e-mail -> handles of the partners that share it
        for entity in entities:
            if not entity.met or not (entity.active or entity.restore):
                continue
            if entity.met_as == identity.ACCOUNT and not entity.is_person:
                continue  # companies, families and trusts get no login
            if entity.origin == identity.EXISTING and self.duplicate_policy == "skip":
                continue
            login_on = self._portal_toggles(entity.role or CONTACT_ROLE)[0]
            if not (login_on or _cell_choice(entity.file_values.get("send_invitation")) == "yes"):
                continue
            email = email_normalize(entity.keys.get("email") or "")
            if email:
                emails.setdefault(email, []).append(entity.handle)
        if not emails:
            return {}
        existing_ids = [handle for handles in emails.values() for handle in handles if handle > 0]
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search(["|", ("login", "in", list(emails)), ("partner_id", "in", existing_ids)])
        )
        taken = set(users.mapped("login"))
        with_user = set(users.partner_id.ids)
        return {
            handles[0]: email
            for email, handles in emails.items()
            if email not in taken and not with_user.intersection(handles)
        }

    def _new_person_values(self, role, vals):
        # Notify and Email sync are set as the person is created, not written after.
        values = super()._new_person_values(role, vals)
        _login, notify_on, sync_on = self._portal_toggles(role)
        wanted = (notify_on or sync_on) and email_normalize(vals.get("email") or "")
        if wanted and self._may_manage_portal():
            values.update(client_portal_notify=notify_on, client_email_sync=sync_on)
        return values

    def _may_manage_portal(self):
        try:
            self.env["res.partner"]._client_check_portal_rights()
        except AccessError:
            return False
        return True

    def _portal_toggles(self, role):
        if role == SPOUSE_ROLE:
            return (
                self.spouse_portal_login,
                self.spouse_portal_notify,
                self.spouse_portal_email_sync,
            )
        return self.portal_login, self.portal_notify, self.portal_email_sync

    def _portal_prepare(self):
        """Store the toggles on the partners and queue the logins and invitations."""
        self.ensure_one()
        report = []
        candidates = self._portal_candidates()
        wanted = any(
            any(self._portal_toggles(role)) or choice == "yes" for _p, role, choice in candidates
        )
        if not wanted:
            return
        Partner = self.env["res.partner"]
        try:
            Partner._client_check_portal_rights()
        except AccessError as error:
            self.write(
                {
                    "portal_state": "done",
                    "portal_report": [report_line(Partner, NO_RIGHTS, str(error))],
                }
            )
            return
        logins = {}  # e-mail -> [(partner id, invite)]
        for chunk in split_every(PORTAL_CHUNK_SIZE, candidates):
            partners = Partner.browse([partner_id for partner_id, _role, _choice in chunk])
            to_turn_on = defaultdict(list)  # field names -> partner ids, one write each
            for partner, (_id, role, choice) in zip(partners, chunk, strict=True):
                login_on, notify_on, sync_on = self._portal_toggles(role)
                login_on = login_on or choice == "yes"
                if not (login_on or notify_on or sync_on):
                    continue
                email = email_normalize(partner.email or "")
                if not email:
                    report.append(self._portal_email_problem(partner))
                    continue
                wanted = {"client_portal_notify": notify_on, "client_email_sync": sync_on}
                names = frozenset(name for name, on in wanted.items() if on and not partner[name])
                if names:
                    to_turn_on[names].append(partner.id)
                if login_on:
                    invite = choice == "yes" or (choice != "no" and self.send_invitations)
                    logins.setdefault(email, []).append((partner.id, invite))
            if to_turn_on:
                with self._logged_partner_writes(partners):
                    for names, partner_ids in to_turn_on.items():
                        Partner.browse(partner_ids).sudo().write(dict.fromkeys(names, True))
            self.env.invalidate_all()
        queue = []
        login_partner_ids = [pid for people in logins.values() for pid, _invite in people]
        with_users = set(
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", login_partner_ids)])
            .partner_id.ids
        )
        for people in logins.values():
            holder_id, invite = self._portal_login_holder(people, with_users)
            queue.append([holder_id, invite])
            sharing = Partner.browse([pid for pid, _invite in people if pid != holder_id])
            if not sharing:
                continue
            message = self.env._(
                "Shares its e-mail address with %(holder)s, who gets the only login of "
                "that address.",
                holder=Partner.browse(holder_id).display_name,
            )
            report.extend(report_line(partner, SHARED_EMAIL, message) for partner in sharing)
        self.write(
            {
                "portal_state": "queued" if queue else "done",
                "portal_queue": queue,
                "portal_report": report,
            }
        )
        if queue:
            self.env.ref("crm_client_import.ir_cron_run_client_imports").sudo()._trigger()
        else:
            self._portal_post_summary()

    def _portal_email_problem(self, partner):
        if not partner.email:
            return report_line(
                partner,
                NO_EMAIL,
                self.env._("No e-mail address: no portal login, notifications or e-mail sync."),
            )
        return report_line(
            partner,
            INVALID_EMAIL,
            self.env._(
                "The e-mail address is not valid: no portal login, notifications or e-mail sync."
            ),
        )

    def _portal_login_holder(self, people, with_users):
        """Of the people (``(partner id, invite)``) sharing one address, the one who gets
        its login: the one who has a user already, else the first marked "yes", else the
        first of the file."""
        for partner_id, invite in people:
            if partner_id in with_users:
                return partner_id, invite
        for partner_id, invite in people:
            if invite:
                return partner_id, invite
        return people[0]

    # ------------------------------------------------------------------
    # The queue, worked off by the import cron
    # ------------------------------------------------------------------

    @api.model
    def _pending_domain(self):
        # A finished import's queued portal work waits for a worker too.
        return expression.OR(
            [super()._pending_domain(), [("state", "=", "done"), ("portal_state", "=", "queued")]]
        )

    def _run_followups(self, deadline=None, stop=None):
        super()._run_followups(deadline=deadline, stop=stop)
        if self.state == "done" and self.portal_state == "queued":
            self._portal_run(deadline=deadline, stop=stop)

    def _portal_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_client_import.portal_batch_size", DEFAULT_PORTAL_BATCH_SIZE)
        )

    def _portal_run(self, deadline=None, stop=None):
        """Create the queued portal users and send the queued invitations, a batch at a
        time, until the queue is empty, the time is up or ``stop()`` says so."""
        self.ensure_one()
        batch_size = self._portal_batch_size()
        while self.portal_state == "queued":
            queue = self.portal_queue or []
            batch, rest = queue[:batch_size], queue[batch_size:]
            try:
                self._portal_batch(batch)
            except AccessError as error:
                # The importer lost the right since the import: say so, once.
                line = report_line(self.env["res.partner"], NO_RIGHTS, str(error))
                self.portal_report = (self.portal_report or []) + [line]
                rest = []
            self.write({"portal_queue": rest, "portal_state": "queued" if rest else "done"})
            if not rest:
                self._portal_post_summary()
            if not testing():
                self.env.cr.commit()
            if (deadline and time.monotonic() > deadline) or (stop and stop()):
                return

    def _portal_batch(self, batch):
        Partner = self.env["res.partner"]
        partners = Partner.browse([partner_id for partner_id, _invite in batch]).exists()
        invite_ids = {partner_id for partner_id, invite in batch if invite}
        report = []
        before = partners.filtered(lambda partner: partner._client_has_portal_access())
        # Users after partners in the log: undo, newest first, removes the users first.
        with self._logged_user_writes(partners), self._logged_partner_writes(partners):
            granted = partners._client_portal_grant(report)
            invited = Partner
            to_invite = granted.filtered(lambda partner: partner.id in invite_ids)
            if to_invite:
                invited = to_invite._client_portal_invite(self.invitation_message, report)
        self.write(
            {
                "portal_report": (self.portal_report or []) + report,
                "portal_users_created": self.portal_users_created + len(granted - before),
                "portal_invitations_sent": self.portal_invitations_sent + len(invited),
            }
        )

    @contextlib.contextmanager
    def _logged_user_writes(self, partners):
        """Log the portal users made, or re-activated and regrouped, for ``partners``."""
        Users = self.env["res.users"].sudo().with_context(active_test=False)

        def state():
            users = Users.search([("partner_id", "in", partners.ids)])
            return {
                user.id: {"active": user.active, "groups_id": sorted(user.groups_id.ids)}
                for user in users
            }

        before = state()
        yield
        self.env.flush_all()
        after = state()
        changes = []
        if created := sorted(set(after) - set(before)):
            changes.append({"kind": "user_created", "res_model": "res.users", "res_ids": created})
        for user_id, previous in before.items():
            if after.get(user_id) != previous:
                changes.append(
                    {
                        "kind": "user_updated",
                        "res_model": "res.users",
                        "res_ids": [user_id],
                        "previous_values": previous,
                        "written_values": after.get(user_id),
                    }
                )
        insert_rows(
            self.env["crm.client.import.change"],
            [dict(change, job_id=self.id) for change in changes],
        )

    def _portal_post_summary(self):
        lines = [
            self.env._("Portal logins created: %(count)s", count=self.portal_users_created),
            self.env._("Invitations sent: %(count)s", count=self.portal_invitations_sent),
            self.env._("Contacts without a login: %(count)s", count=len(self.portal_report or [])),
        ]
        # One line each, like the import's own summary: no sentence built from pieces.
        self.message_post(
            body=Markup("<ul>%s</ul>")
            % Markup("").join(Markup("<li>%s</li>") % line for line in lines)
        )
        # The job form on screen reloads: its counters then say what the chatter says.
        self._notify_progress_bus()


def _cell_choice(value):
    if value is None or value == "":
        return False
    return "yes" if value else "no"
