"""Portal access of client contacts: Login, Notify and Email sync, stored on the partner.

The portal work itself is Odoo's: users are created and invited through
``portal.wizard.user`` and its welcome template. What this file adds:

- a user is created *without* the welcome mail (``action_grant_access`` in the
  context ``client_import_defer_invitation``), the invitation goes later;
- one login per e-mail address, and every refusal is a line of a report
  instead of a traceback;
- the Notify toggle keeps the contact a follower of its accounts;
- the "pending activation" state: Login on, not invited or not logged in yet.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL, email_normalize

USER_GROUP = "crm_client_import.group_client_import_user"
PARTNER_MANAGER_GROUP = "base.group_partner_manager"
DEFER_INVITATION = "client_import_defer_invitation"

PORTAL_STATES = [
    ("off", "No portal"),
    ("not_invited", "Not invited"),
    ("invited", "Invited"),
    ("active", "Active"),
]
PENDING_STATES = ("not_invited", "invited")

# Codes of the portal report lines (the text is translated when the line is made).
NO_EMAIL = "no_email"
INVALID_EMAIL = "invalid_email"
EMAIL_USED = "email_used"
SHARED_EMAIL = "shared_email"
INTERNAL_USER = "internal_user"
NO_PORTAL_USER = "no_portal_user"
REFUSED = "refused"
NO_RIGHTS = "no_rights"


def report_line(partner, problem, message):
    """One line of a portal report (stored as Json on the import job)."""
    return {
        "partner_id": partner.id if partner else False,
        "partner": partner.display_name if partner else "",
        "email": (partner.email or "") if partner else "",
        "problem": problem,
        "message": message,
    }


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_portal_login = fields.Boolean(
        string="Portal login",
        copy=False,
        help="This contact may use the portal. Its portal user is created without an "
        "invitation; send it with the Send portal invitation action.",
    )
    client_portal_notify = fields.Boolean(
        string="Notify",
        copy=False,
        help="This contact follows its accounts and receives their messages by e-mail.",
    )
    client_email_sync = fields.Boolean(
        string="Email sync",
        copy=False,
        help="New e-mails from this address are logged on the chatter of its accounts.",
    )
    client_portal_invited_at = fields.Datetime(
        string="Portal invitation sent", copy=False, readonly=True
    )
    client_portal_state = fields.Selection(
        PORTAL_STATES,
        string="Portal status",
        compute="_compute_client_portal_state",
        search="_search_client_portal_state",
    )

    # ------------------------------------------------------------------
    # Pending activation
    # ------------------------------------------------------------------

    def _client_portal_accepted_ids(self, partner_ids=None):
        """Partners whose portal user has logged in at least once."""
        query = SQL(
            """SELECT DISTINCT u.partner_id FROM res_users u
                WHERE u.share AND EXISTS (SELECT 1 FROM res_users_log l WHERE l.create_uid = u.id)
                  %s""",
            SQL("AND u.partner_id = ANY(%s)", list(partner_ids)) if partner_ids else SQL(""),
        )
        return {row[0] for row in self.env.execute_query(query)}

    @api.depends("client_portal_login", "client_portal_invited_at", "user_ids")
    def _compute_client_portal_state(self):
        accepted = self._client_portal_accepted_ids(self.ids) if self.ids else set()
        for partner in self:
            if not partner.client_portal_login:
                partner.client_portal_state = "off"
            elif partner.id in accepted:
                partner.client_portal_state = "active"
            elif partner.client_portal_invited_at:
                partner.client_portal_state = "invited"
            else:
                partner.client_portal_state = "not_invited"

    def _search_client_portal_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the portal status."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            wanted = {key for key, _label in PORTAL_STATES} - wanted
        accepted = list(self._client_portal_accepted_ids())
        by_state = {
            "off": [("client_portal_login", "=", False)],
            "active": [("client_portal_login", "=", True), ("id", "in", accepted)],
            "invited": [
                ("client_portal_login", "=", True),
                ("id", "not in", accepted),
                ("client_portal_invited_at", "!=", False),
            ],
            "not_invited": [
                ("client_portal_login", "=", True),
                ("id", "not in", accepted),
                ("client_portal_invited_at", "=", False),
            ],
        }
        domains = [by_state[state] for state in sorted(wanted) if state in by_state]
        if not domains:
            return [("id", "=", False)]
        return expression.OR(domains)

    # ------------------------------------------------------------------
    # Notify: followers of the accounts
    # ------------------------------------------------------------------

    def _client_accounts(self):
        """The accounts this person is a contact of: its company and its "Also contact
        of" accounts; a person who is an account of its own (an individual) is its own."""
        self.ensure_one()
        accounts = self.parent_id | self.client_also_contact_of_ids
        return accounts or self

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if notified := partners.filtered("client_portal_notify"):
            notified._client_sync_followers()
        return partners

    def write(self, vals):
        if "client_portal_login" in vals and not vals["client_portal_login"]:
            self._client_portal_revoke()
        result = super().write(vals)
        if {"client_portal_notify", "parent_id", "client_also_contact_of_ids"} & set(vals):
            self._client_sync_followers(unfollow="client_portal_notify" in vals)
        return result

    def _client_sync_followers(self, unfollow=False):
        """Notify on: follow every account, subscribed to its messages. Off: stop
        following. In bulk: an import turns Notify on for thousands of contacts."""
        pairs = {True: set(), False: set()}
        for partner in self:
            if partner.client_portal_notify or unfollow:
                for account in partner._client_accounts():
                    pairs[bool(partner.client_portal_notify)].add((account.id, partner.id))
        Followers = self.env["mail.followers"].sudo()
        for follow, wanted in pairs.items():
            if not wanted:
                continue
            existing = Followers.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", list({account_id for account_id, _p in wanted})),
                    ("partner_id", "in", list({partner_id for _a, partner_id in wanted})),
                ]
            )
            present = {(follower.res_id, follower.partner_id.id): follower for follower in existing}
            if not follow:
                Followers.union(*(present[pair] for pair in wanted if pair in present)).unlink()
                continue
            # Clients get the default subtypes that are not internal: the messages.
            _all, _internal, external = self.env["mail.message.subtype"].default_subtypes(
                "res.partner"
            )
            Followers.create(
                [
                    {
                        "res_model": "res.partner",
                        "res_id": account_id,
                        "partner_id": partner_id,
                        "subtype_ids": [Command.set(external.ids)],
                    }
                    for account_id, partner_id in sorted(wanted - set(present))
                ]
            )

    # ------------------------------------------------------------------
    # Granting access and inviting, through Odoo's portal wizard
    # ------------------------------------------------------------------

    @api.model
    def _client_check_portal_rights(self):
        """Only import users who may manage partners grant portal access, and only to
        partners they may change: checked here, on the server, whatever screen or RPC
        call got us here."""
        user = self.env.user
        if self.env.su:
            return
        if not (user.has_group(USER_GROUP) and user.has_group(PARTNER_MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only client import users with the right to manage contacts may give "
                    "portal access or send portal invitations."
                )
            )
        if self:
            self.check_access("write")

    def _client_portal_user(self):
        """The partner's user (archived ones too), or an empty recordset."""
        self.ensure_one()
        return self.sudo().with_context(active_test=False).user_ids[:1]

    def _client_has_portal_access(self):
        user = self._client_portal_user()
        return bool(user) and user.active and user._is_portal()

    def _client_portal_grant(self, report):
        """Give each partner a portal user, in order, one per e-mail address, without
        sending any mail. Problems become lines of ``report``.

        The first partner of an e-mail address gets the login; callers put the
        one the user marked first. Returns the partners that have portal access.
        """
        self._client_check_portal_rights()
        granted = self.browse()
        by_email = {}
        for partner in self:
            email = email_normalize(partner.email or "")
            if not partner.email:
                report.append(
                    report_line(
                        partner, NO_EMAIL, self.env._("No e-mail address: no portal login.")
                    )
                )
            elif not email:
                report.append(
                    report_line(
                        partner,
                        INVALID_EMAIL,
                        self.env._("The e-mail address is not valid: no portal login."),
                    )
                )
            else:
                by_email.setdefault(email, []).append(partner)
        if not by_email:
            return granted

        Users = self.env["res.users"].sudo().with_context(active_test=False)
        logins = {user.login: user for user in Users.search([("login", "in", list(by_email))])}
        to_grant = self.browse()
        for email, partners in by_email.items():
            holder = next((p for p in partners if p._client_portal_user()), partners[0])
            user = holder._client_portal_user()
            other = logins.get(email)
            if other and other != user:
                kind = (
                    self.env._("an internal user")
                    if not other.share
                    else self.env._("a portal user")
                )
                for partner in partners:
                    report.append(
                        report_line(
                            partner,
                            EMAIL_USED,
                            self.env._(
                                "The e-mail address is already the login of %(kind)s "
                                "(%(user)s): no portal login.",
                                kind=kind,
                                user=other.name,
                            ),
                        )
                    )
                continue
            for partner in partners:
                if partner != holder:
                    report.append(
                        report_line(
                            partner,
                            SHARED_EMAIL,
                            self.env._(
                                "Shares its e-mail address with %(holder)s, who gets the "
                                "only login of that address.",
                                holder=holder.display_name,
                            ),
                        )
                    )
            if user and user.active and not user.share:
                report.append(
                    report_line(
                        holder,
                        INTERNAL_USER,
                        self.env._("Is an internal user already: no portal login needed."),
                    )
                )
            elif holder._client_has_portal_access():
                granted |= holder
            else:
                to_grant |= holder

        if to_grant:
            wizard = (
                self.env["portal.wizard"]
                .sudo()
                .create({"partner_ids": [Command.set(to_grant.ids)]})
            )
            for line in wizard.user_ids:
                try:
                    with self.env.cr.savepoint():
                        line.with_context(**{DEFER_INVITATION: True}).action_grant_access()
                except UserError as error:
                    report.append(report_line(line.partner_id, REFUSED, str(error)))
                else:
                    granted |= line.partner_id
        granted.sudo().client_portal_login = True
        return granted

    def _client_portal_revoke(self):
        """Login turned off: Odoo's portal wizard takes the portal access away."""
        with_portal = self.filtered(lambda partner: partner._client_has_portal_access())
        if not with_portal:
            return
        self._client_check_portal_rights()
        wizard = (
            self.env["portal.wizard"].sudo().create({"partner_ids": [Command.set(with_portal.ids)]})
        )
        for line in wizard.user_ids:
            line.action_revoke_access()

    def _client_portal_invite(self, message, report):
        """Send Odoo's portal invitation (welcome mail, with ``message``) to each partner
        that has portal access, once per user. Returns the partners invited."""
        self._client_check_portal_rights()
        invited = self.browse()
        to_invite = self.browse()
        seen_users = set()
        for partner in self:
            user = partner._client_portal_user()
            if not partner._client_has_portal_access():
                if user and user.active and not user.share:
                    problem, text = INTERNAL_USER, self.env._("Is an internal user: not invited.")
                else:
                    problem = NO_PORTAL_USER
                    text = self.env._("Has no portal access: not invited.")
                report.append(report_line(partner, problem, text))
            elif user.id not in seen_users:
                seen_users.add(user.id)
                to_invite |= partner
        if not to_invite:
            return invited
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(to_invite.ids)], "welcome_message": message})
        )
        now = fields.Datetime.now()
        for line in wizard.user_ids:
            try:
                with self.env.cr.savepoint():
                    line.action_invite_again()
            except UserError as error:
                report.append(report_line(line.partner_id, REFUSED, str(error)))
            else:
                invited |= line.partner_id
        invited.sudo().write({"client_portal_invited_at": now})
        return invited


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        # A client import creates portal users first and invites them later.
        if self.env.context.get(DEFER_INVITATION):
            return True
        return super()._send_email()
