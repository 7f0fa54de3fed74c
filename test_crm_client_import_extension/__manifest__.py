{
    "name": "Client Import: integrator extension (tests)",
    "summary": "Adds a Sector target to the client import, to test the extension point",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "crm_client_import developers",
    "depends": ["crm_client_import"],
    "installable": True,
}
