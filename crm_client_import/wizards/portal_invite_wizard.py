from odoo import api, fields, models


class ClientPortalInviteWizard(models.TransientModel):
    """Send the portal invitation to the selected contacts, with a personal message.

    Contacts without portal user get one first (their Login is turned on); the
    invitation itself is Odoo's portal welcome mail.
    """

    _name = "crm.client.portal.invite.wizard"
    _description = "Send portal invitations"

    partner_ids = fields.Many2many(
        "res.partner", string="Contacts", default=lambda self: self._default_partners()
    )
    message = fields.Text(string="Personal message", help="Included in the invitation e-mail.")

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        return self.env["res.partner"].browse(self.env.context.get("active_ids") or [])

    def action_send(self):
        self.ensure_one()
        self.partner_ids._client_check_portal_rights()
        report = []
        granted = self.partner_ids._client_portal_grant(report)
        invited = granted._client_portal_invite(self.message, report)
        message = self.env._("Invitations sent: %(count)s.", count=len(invited))
        if report:
            problems = "\n".join(f"{line['partner']}: {line['message']}" for line in report)
            message = f"{message}\n{problems}"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Portal invitations"),
                "message": message,
                "type": "warning" if report else "success",
                "sticky": bool(report),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
