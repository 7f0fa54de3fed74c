import { registry } from "@web/core/registry";

// A finished import whose portal logins are still queued: once the import cron has
// made them, the job form shows the count the chatter tells, without a page reload.
registry.category("web_tour.tours").add("crm_client_import_portal_results", {
    steps: () => [
        {
            content: "The import is done; its portal logins wait for the cron",
            trigger: '.o_form_view .o_field_widget[name="portal_state"]:contains(Queued)',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="portal_users_created"]:contains(0)',
        },
        {
            content: "The cron makes the logins, and the bus tells the page",
            trigger: ".o_form_view",
            async run() {
                window.__cciNotReloaded = true;
                const env = odoo.__WOWL_DEBUG__.root.env;
                const [, cronId] = await env.services.orm.call(
                    "ir.model.data",
                    "check_object_reference",
                    ["crm_client_import", "ir_cron_run_client_imports"]
                );
                await env.services.orm.call("ir.cron", "method_direct_trigger", [[cronId]]);
                const jobId = Number(window.location.pathname.split("/").pop());
                // Odoo's test mode has no websocket: hand the notification over where
                // the bus service would.
                env.services.client_import_progress.bus.trigger("progress", {
                    job_id: jobId,
                    state: "done",
                });
            },
        },
        {
            content: "The form counts the logins the chatter counts",
            trigger: '.o_form_view .o_field_widget[name="portal_users_created"]:contains(2)',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="portal_state"]:contains(Done)',
            run() {
                if (!window.__cciNotReloaded) {
                    throw new Error("The page was reloaded");
                }
            },
        },
    ],
});
