import { registry } from "@web/core/registry";
import { notReloaded, runImportCron } from "./client_import_tour_utils";

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
        runImportCron("The cron makes the logins, and the bus tells the page"),
        {
            content: "The form counts the logins the chatter counts",
            trigger: '.o_form_view .o_field_widget[name="portal_users_created"]:contains(2)',
        },
        notReloaded('.o_form_view .o_field_widget[name="portal_state"]:contains(Done)'),
    ],
});
