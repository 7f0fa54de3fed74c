{
    "name": "Client Import",
    "summary": "Bring a firm's whole client list (accounts and contacts) over from "
    "CSV, XLSX or XLS in five guided steps",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_client_import developers",
    "depends": ["contacts", "portal", "mail"],
    "external_dependencies": {
        # PyPI names with ranges that accept Odoo 18's own pins.
        "python": [
            "openpyxl>=3.0.9",
            "xlrd>=1.2.0",
            "python-stdnum>=1.17",
            "phonenumbers>=8.12",
            "chardet>=4.0.0",
            "defusedxml>=0.7",
            "lxml>=4.8.0",
        ],
    },
    "data": [
        "security/crm_client_import_security.xml",
        "security/ir.model.access.csv",
        "security/import_preset_security.xml",
        "data/folder_templates.xml",
        "data/ir_cron.xml",
        "data/ir_cron_purge.xml",
        "data/mail_template.xml",
        "data/import_presets.xml",
        "views/import_job_views.xml",
        "views/import_job_files_views.xml",
        "views/res_config_settings_views.xml",
        "views/client_folder_views.xml",
        "wizards/import_wizard_templates.xml",
        "wizards/import_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/portal_views.xml",
        "wizards/portal_invite_wizard_views.xml",
        "views/menus.xml",
        "views/import_preset_views.xml",
        "views/res_partner_custom_fields_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_client_import/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_client_import/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
