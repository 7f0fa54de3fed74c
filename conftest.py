"""pytest setup for the pure-Python tests of crm_client_import/lib.

pytest imports every package ``__init__.py`` above a test file. The addon's own
``__init__`` imports Odoo models, which only load inside an Odoo registry, so a
bare package stands in for it here. Tests import the library as ``lib``.
"""

import sys
import types
from pathlib import Path

ADDON_DIR = Path(__file__).parent / "crm_client_import"

addon_package = types.ModuleType("crm_client_import")
addon_package.__path__ = [str(ADDON_DIR)]
sys.modules.setdefault("crm_client_import", addon_package)
