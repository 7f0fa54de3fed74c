from odoo import models

from odoo.addons.crm_client_import.lib.catalogue import ACCOUNT, Target
from odoo.addons.crm_client_import.lib.errors import _lt
from odoo.addons.crm_client_import.lib.normalize import Cleaned, squash


def normalize_sector(value, context=None, country=""):
    """Sectors are codes written in capitals ("horeca" -> "HORECA")."""
    text = squash(value)
    return Cleaned(text.upper() if text else None)


class ClientImportJob(models.Model):
    _inherit = "crm.client.import.job"

    def _import_targets(self):
        sector = Target(
            "account.sector",
            ACCOUNT,
            _lt("Sector"),
            field_name="client_sector",
            normalizer=normalize_sector,
        )
        return [*super()._import_targets(), sector]
