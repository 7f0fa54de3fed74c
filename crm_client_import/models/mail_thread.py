from odoo import api, models
from odoo.tools import email_normalize


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """Email sync: a new e-mail from a contact whose Email sync is on is logged on the
        chatter of each of its accounts, with the contact as author.

        Odoo's own routing comes first and is left as it is: a reply to a known message
        goes to that message's thread, a mail to an alias goes to the alias. The
        accounts only take the place of the fallback, which is used when nothing else
        matches: without Email sync, such a mail is bounced or refused. A fallback
        the caller forced to another model or record (an incoming mail server set to
        create leads, say) is kept; one set to create contacts is not, since the
        sender is a known contact already.
        """
        contacts = self._client_email_sync_contacts(message_dict.get("email_from"))
        if not contacts or (model and (model != "res.partner" or thread_id)):
            return super().message_route(message, message_dict, model, thread_id, custom_values)
        accounts = self.env["res.partner"].browse()
        for contact in contacts:
            accounts |= contact._client_accounts()
        routes = super().message_route(
            message, message_dict, "res.partner", accounts[0].id, custom_values
        )
        fallback = [
            route
            for route in routes
            if route[0] == "res.partner" and route[1] == accounts[0].id and route[4] is None
        ]
        if fallback:
            # The contact, not whoever else shares the address, wrote it.
            message_dict["author_id"] = contacts[0].id
            model_name, _thread, values, user_id, alias = fallback[0]
            routes += [(model_name, account.id, values, user_id, alias) for account in accounts[1:]]
        return routes

    @api.model
    def _client_email_sync_contacts(self, email_from):
        email = email_normalize(email_from or "", strict=False)
        if not email:
            return self.env["res.partner"]
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [("email_normalized", "=", email), ("client_email_sync", "=", True)], order="id"
            )
        )
