import { registry } from "@web/core/registry";
import { continueTo, currentStep, openImportClients } from "./client_import_tour_utils";

// The portal toggles of the Settings step, on the import job's form (the stepped
// wizard shows the same job fields).
registry.category("web_tour.tours").add("crm_client_import_portal_settings", {
    steps: () => [
        {
            content: "Login is off by default: turn it on for the contact email",
            trigger: '.o_form_view .o_field_widget[name="portal_login"] input:not(:checked)',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="portal_login"] input:checked',
        },
        {
            content: "The spouses get no login either unless asked",
            trigger: '.o_form_view .o_field_widget[name="spouse_portal_login"] input:not(:checked)',
        },
        {
            content: "The spouse email column has its own toggles: Notify off for spouses",
            trigger: '.o_form_view .o_field_widget[name="spouse_portal_notify"] input:checked',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="spouse_portal_notify"] input:not(:checked)',
        },
        {
            content: "Invitations are off, with the hint that off is recommended",
            trigger: '.o_form_view div:contains("Off is recommended"):visible',
        },
        {
            content: "Send invitations after all",
            trigger: '.o_form_view .o_field_widget[name="send_invitations"] input:not(:checked)',
            run: "click",
        },
        {
            content: "Write the personal message",
            trigger: '.o_form_view .o_field_widget[name="invitation_message"] textarea',
            run: "edit Your documents are waiting for you.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});

// The same toggles in the Settings step of the import wizard.
registry.category("web_tour.tours").add("crm_client_import_portal_wizard_settings", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Settings"),
        {
            content: "Notify and Email sync are on by default",
            trigger: '.modal .o_field_widget[name="portal_email_sync"] input:checked',
        },
        {
            content: "Login is off by default: turn it on",
            trigger: '.modal .o_field_widget[name="portal_login"] input:not(:checked)',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="portal_login"] input:checked',
        },
        {
            content: "Turn Notify off",
            trigger: '.modal .o_field_widget[name="portal_notify"] input:checked',
            run: "click",
        },
        {
            content: "Invitations are off, and that is recommended",
            trigger: '.modal .o_client_import_step_settings div:contains("Recommended"):visible',
        },
        {
            content: "Send invitations after all",
            trigger: '.modal .o_field_widget[name="send_invitations"] input:not(:checked)',
            run: "click",
        },
        {
            content: "Write the personal message",
            trigger: '.modal .o_field_widget[name="invitation_message"] textarea',
            run: "edit Your documents are waiting for you.",
        },
        ...continueTo("Contacts"),
    ],
});
