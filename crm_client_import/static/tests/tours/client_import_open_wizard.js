import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_client_import_open_wizard", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open the Contacts app"),
        {
            content: "Open Import clients from the Contacts menu",
            trigger: '.o_main_navbar a[data-menu-xmlid="crm_client_import.menu_import_clients"]',
            run: "click",
        },
        {
            content: "The wizard opens on the Upload step",
            trigger: ".modal .o_client_import_wizard .o_statusbar_status button.o_arrow_button_current:contains(Upload)",
        },
        {
            content: "Choose to import accounts only",
            trigger: '.modal .o_field_widget[name="import_kind"] input[data-value="accounts"]',
            run: "click",
        },
        {
            content: "Continue to the Accounts step",
            trigger: '.modal footer button[name="action_next_step"]',
            run: "click",
        },
        {
            content: "The Accounts step is current",
            trigger: ".modal .o_statusbar_status button.o_arrow_button_current:contains(Accounts)",
        },
        {
            content: "Go back",
            trigger: '.modal footer button[name="action_previous_step"]',
            run: "click",
        },
        {
            content: "Back on Upload, the choice is kept",
            trigger: '.modal .o_statusbar_status button.o_arrow_button_current:contains(Upload)',
        },
        {
            trigger: '.modal .o_field_widget[name="import_kind"] input[data-value="accounts"]:checked',
        },
    ],
});
