# Run by tools/prepare_database.sh inside `odoo shell` (where `env` is defined) on a new database.
# A local demo stays on loopback: Odoo's daily call home is switched off.
update_notification = env.ref("mail.ir_cron_module_update_notification", raise_if_not_found=False)  # noqa: F821
if update_notification:
    update_notification.active = False
env.company.country_id = env.ref("base.be")  # noqa: F821

# A few clients already in Odoo, so the sample file shows matches on review.
env["res.partner"].create(  # noqa: F821
    [
        {"name": "Tech Solutions NV", "is_company": True, "vat": "BE0202239951"},
        {"name": "Marc Lambert", "email": "marc.lambert@skynet.be"},
        {"name": "Former client BV", "is_company": True, "comment": "Only in Odoo"},
    ]
)
# No import is made here: the history starts empty, and Contacts > Import clients
# begins the first one, the admin's own.
env.cr.commit()  # noqa: F821
print("Sample data loaded.")
