from odoo.tests import new_test_user


class ClientImportUsersMixin:
    """Users of each kind that the access tests need, created once per class."""

    @classmethod
    def _create_import_users(cls):
        cls.import_user = new_test_user(
            cls.env,
            login="cci_user",
            password="cci_user",
            groups="base.group_user,crm_client_import.group_client_import_user",
        )
        cls.import_manager = new_test_user(
            cls.env,
            login="cci_manager",
            password="cci_manager",
            groups="base.group_user,crm_client_import.group_client_import_manager",
        )
        cls.plain_user = new_test_user(
            cls.env, login="cci_plain", password="cci_plain", groups="base.group_user"
        )
