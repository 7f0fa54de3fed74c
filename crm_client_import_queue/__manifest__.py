{
    "name": "Client Import: job queue",
    "summary": "Run large client imports in parallel chunks on OCA queue_job workers",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "crm_client_import developers",
    "depends": ["crm_client_import", "queue_job"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_client_import_queue_security.xml",
        "data/queue_job_data.xml",
        "views/import_job_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
