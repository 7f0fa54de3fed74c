"""Pure-Python core of the client import: no ``odoo`` import anywhere below.

Modules here are imported by the addon as ``odoo.addons.crm_client_import.lib``
and by pytest as the top-level package ``lib`` (see ``pyproject.toml``), so they
use relative imports only.
"""
