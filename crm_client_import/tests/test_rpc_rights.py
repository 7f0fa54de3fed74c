"""Every public method of the addon checks rights itself, proven over JSON-RPC.

The methods are found by introspection, not listed: every function defined in the
addon's code (``odoo.addons.crm_client_import.*``) on any model of the registry,
whose name ``/web/dataset/call_kw`` accepts (no leading ``_``, no ``@api.private``).
A public method added by any part of the addon is called here by three callers who
must be refused, each with an AccessError or a UserError:

- an internal user without the Client Import groups (a partner manager of company A);
- a portal user;
- a Client Import User of company B, on the records of company A (and, for
  model-level methods, asking to act in company A).

When a call succeeds, or fails any other way (a TypeError because the method used its
arguments before checking rights), the test fails with the method's name.
"""

import inspect

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .access_common import TwoCompaniesMixin

ADDON_MODULE = "odoo.addons.crm_client_import"
REFUSALS = ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")


def addon_public_methods(env):
    """``{model name: [method names]}``: the RPC-callable methods the addon adds.

    Every new public method counts, and so does any public method the addon
    defines on a model of its own (``create`` of the wizard checks rights there).
    Overrides of methods Odoo or other modules already expose, on models the addon
    extends (``write``, ``message_route``...), keep those methods' rights."""
    found = {}
    for model_name in sorted(env.registry):
        model = env[model_name]
        ours, ours_here, others = set(), set(), set()
        for cls in type(model).mro():
            for name, value in vars(cls).items():
                if inspect.isfunction(value) and not name.startswith("_"):
                    if not (value.__module__ or "").startswith(ADDON_MODULE):
                        others.add(name)
                    elif getattr(cls, "_name", None) == model_name:
                        ours_here.add(name)
                    else:
                        ours.add(name)
        own_model = model._original_module == "crm_client_import"
        names = (ours | ours_here) - others
        if own_model:
            names |= ours_here
        public = []
        for name in sorted(names):
            try:
                get_public_method(model, name)
            except AccessError:
                continue  # @api.private: call_kw refuses it
            public.append(name)
        if public:
            found[model_name] = public
    return found


@tagged("post_install", "-at_install")
class TestRpcRights(TwoCompaniesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_companies()
        cls.wizard_a = (
            cls.env["crm.client.import.wizard"]
            .with_user(cls.user_a)
            .create({"job_id": cls.job_a.id})
        )
        cls.folder_a = cls.env["crm.client.folder"].create(
            {"name": "Folder of A", "partner_id": cls.partner_a.id}
        )

    # --- what each method is called on, and with -------------------------------

    def _records_of_company_a(self):
        """Per comodel, the record of company A that hostile values point to."""
        return {
            "crm.client.import.job": self.job_a,
            "crm.client.import.wizard": self.wizard_a,
            "res.partner": self.partner_a,
            "res.company": self.company_a,
            "res.users": self.user_a,
            "crm.client.folder.template": self.template_a,
            "crm.client.folder": self.folder_a,
        }

    def _hostile_values(self, model_name):
        """Values for a new record of ``model_name`` tied to company A's records."""
        records = self._records_of_company_a()
        values = {}
        for name, field in self.env[model_name]._fields.items():
            if (
                field.type == "many2one"
                and field.store
                and field.comodel_name in records
                and name not in ("create_uid", "write_uid")
            ):
                values[name] = records[field.comodel_name].id
        return values

    def _target(self, model_name):
        """The record of company A (owned by ``user_a``) a record method is called on."""
        known = self._records_of_company_a()
        known.update(
            {
                "crm.client.import.record": self.job_a.record_ids[:1],
                "crm.client.import.change": self.job_a.change_ids[:1],
                "crm.client.import.row": self.job_a.row_ids[:1],
                "crm.client.folder.template.line": self.template_a.line_ids[:1],
            }
        )
        if model_name in known:
            return known[model_name]
        # A model added by another part of the addon: one of company A or of job A.
        Model = self.env[model_name].with_context(active_test=False)
        domain = []
        if "company_id" in Model._fields:
            domain = [("company_id", "=", self.company_a.id)]
        elif "job_id" in Model._fields:
            domain = [("job_id", "=", self.job_a.id)]
        elif "wizard_id" in Model._fields:
            domain = [("wizard_id", "=", self.wizard_a.id)]
        record = Model.search(domain, limit=1)
        if not record:
            values = self._hostile_values(model_name)
            if "name" in Model._fields:
                values["name"] = "Access test"
            with self.env.cr.savepoint():
                record = Model.create(values)
        return record

    def _arguments(self, model_name, method_name):
        """Positional arguments for a call: a dummy for each required parameter, and
        values tied to company A where the method takes values."""
        function = getattr(type(self.env[model_name]), method_name)
        values = self._hostile_values(model_name)
        args, kwargs = [], {}
        parameters = list(inspect.signature(function).parameters.values())[1:]
        for parameter in parameters:
            if parameter.kind == parameter.VAR_KEYWORD:
                kwargs.update({key: value for key, value in values.items() if key != "name"})
            elif (
                parameter.kind == parameter.VAR_POSITIONAL
                or parameter.default is not parameter.empty
            ):
                continue
            elif "vals_list" in parameter.name:
                args.append([values])
            elif "vals" in parameter.name or "values" in parameter.name:
                args.append(values)
            else:
                args.append(False)
        return args, kwargs

    def _call(self, login, model_name, method_name):
        """Call over JSON-RPC as ``login``; the exception name, or None on success."""
        function = getattr(type(self.env[model_name]), method_name)
        args, kwargs = self._arguments(model_name, method_name)
        context = {}
        if getattr(function, "_api", None):  # model-level: ask to act in company A
            context["allowed_company_ids"] = [self.company_a.id]
        else:
            args.insert(0, self._target(model_name).ids)
        self.authenticate(login, login)
        try:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": model_name,
                    "method": method_name,
                    "args": args,
                    "kwargs": dict(kwargs, context=context),
                },
            )
        except JsonRpcException as error:
            return error.args[0]
        return None

    # --- the tests ----------------------------------------------------------------

    def test_introspection_finds_the_addon_methods(self):
        methods = addon_public_methods(self.env)
        self.assertIn("action_start", methods["crm.client.import.job"])
        self.assertIn("create_from_file", methods["crm.client.import.job"])
        self.assertIn("create", methods["crm.client.import.wizard"])
        for model_name, names in methods.items():
            for name in names:
                self.assertFalse(name.startswith("_"), f"{model_name}.{name}")
        self.assertNotIn("message_post", methods["crm.client.import.job"], "mail's, not ours")

    def test_the_callers_are_who_they_should_be(self):
        """The refusals below mean something only if the callers are signed in and the
        owner of job A may call the same way."""
        self.assertFalse(self.plain_a.has_group("crm_client_import.group_client_import_user"))
        self.assertTrue(self.portal.share)
        self.assertNotIn(self.company_a, self.user_b.company_ids)
        self.authenticate("acc_user_a", "acc_user_a")
        action = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "crm.client.import.job",
                "method": "action_view_accounts",
                "args": [self.job_a.ids],
                "kwargs": {},
            },
        )
        self.assertEqual(action["res_model"], "res.partner")

    def test_every_public_method_refuses_outsiders(self):
        callers = {
            "internal user without the group": "acc_plain_a",
            "portal user": "acc_portal",
            "Client Import User of another company": "acc_user_b",
        }
        not_refused = []
        for model_name, names in addon_public_methods(self.env).items():
            for name in names:
                for caller, login in callers.items():
                    outcome = self._call(login, model_name, name)
                    if outcome not in REFUSALS:
                        result = "succeeded" if outcome is None else f"raised {outcome}"
                        not_refused.append(f"{model_name}.{name} {result} for a {caller}")
        self.assertFalse(
            not_refused,
            "Public methods must check rights first (or be made private):\n"
            + "\n".join(not_refused),
        )

    def test_a_public_method_without_a_check_is_caught(self):
        """The guard itself: a public method that checks nothing fails it."""
        Job = type(self.env["crm.client.import.job"])

        def action_unchecked(self):
            return True

        action_unchecked.__module__ = f"{ADDON_MODULE}.models.import_job"
        # Installed on the registry class only for this test.
        Job.action_unchecked = action_unchecked
        self.addCleanup(delattr, Job, "action_unchecked")
        methods = addon_public_methods(self.env)
        self.assertIn("action_unchecked", methods["crm.client.import.job"])
        self.assertIsNone(self._call("acc_plain_a", "crm.client.import.job", "action_unchecked"))
        self.assertEqual(
            self._call("acc_plain_a", "crm.client.import.job", "action_start"),
            "odoo.exceptions.AccessError",
        )
