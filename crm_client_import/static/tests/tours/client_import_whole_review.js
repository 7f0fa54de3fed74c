import { registry } from "@web/core/registry";
import {
    backTo,
    continueTo,
    currentStep,
    openImportClients,
    runImportCron,
    uploadTestFile,
} from "./client_import_tour_utils";

function reviewLine(name, type) {
    return {
        content: `${name} is listed as ${type}`,
        trigger: `.o_list_view .o_data_row:contains(${name}):contains(${type})`,
    };
}

function backToTheReview() {
    return [
        {
            content: "Back to the review",
            trigger: '.o_control_panel button[name="action_back_to_review"]',
            run: "click",
        },
        currentStep("Review"),
    ];
}

// The whole review of a Dutch client list with no type column: every account with
// its type, portal logins off until asked, then counted on the review and after the run.
registry.category("web_tour.tours").add("crm_client_import_whole_review", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Upload"),
        uploadTestFile("account_types_nl.xlsx"),
        {
            content: "The file is read",
            trigger: ".modal .o_client_import_preview td:contains(Familie Janssens)",
        },
        ...continueTo("Accounts"),
        {
            content: "Each account's type is decided from its row",
            trigger: '.modal .o_field_widget[name="account_type_mode"] input[data-value="per_row"]:checked',
        },
        ...continueTo("Settings"),
        {
            content: "No portal login unless asked",
            trigger: '.modal .o_field_widget[name="portal_login"] input:not(:checked)',
        },
        ...continueTo("Contacts"),
        ...continueTo("Review"),
        {
            content: "The review says the logins are off",
            trigger: ".modal .o_client_import_review_logins:contains(Off)",
        },
        {
            content: "Open every account",
            trigger: ".modal .o_client_import_review_lists button.o_client_import_open_all",
            run: "click",
        },
        reviewLine("Peeters Jan", "Individual"),
        reviewLine("Jan Janssens en Marie Peeters", "Family"),
        reviewLine("Bouwbedrijf De Clercq BV", "Company"),
        {
            content: "The reason of each type is shown",
            trigger: ".o_list_view .o_data_row:contains(Jan Janssens en Marie Peeters):contains(Two people)",
        },
        ...backToTheReview(),
        ...backTo("Contacts"),
        ...backTo("Settings"),
        {
            content: "Ask for portal logins",
            trigger: '.modal .o_field_widget[name="portal_login"] input',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="portal_login"] input:checked',
        },
        ...continueTo("Contacts"),
        ...continueTo("Review"),
        {
            content: "The review counts the logins to create",
            trigger: ".modal .o_client_import_review_logins:contains(11 to create)",
        },
        {
            content: "Open the new accounts",
            trigger: ".modal .o_client_import_review_lists button.o_client_import_open_new",
            run: "click",
        },
        {
            content: "The list is filtered on the new accounts",
            trigger: ".o_searchview .o_facet_value:contains(New)",
        },
        {
            content: "A contact's login is shown with the e-mail",
            trigger: ".o_list_view .o_data_row:contains(Bouwbedrijf De Clercq BV):contains(koen@declercq.example)",
        },
        ...backToTheReview(),
        {
            trigger: ".modal .o_client_import_review_logins:contains(11 to create)",
        },
        {
            content: "Start the import",
            trigger: '.modal footer button[name="action_start"]',
            run: "click",
        },
        {
            content: "The import is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        runImportCron("The cron makes the portal logins"),
        {
            content: "The results count the logins the review counted",
            trigger: '.o_form_view .o_field_widget[name="portal_users_created"]:contains(11)',
        },
    ],
});
