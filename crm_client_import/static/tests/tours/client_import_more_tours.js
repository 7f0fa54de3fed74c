import { registry } from "@web/core/registry";
import {
    backTo,
    continueTo,
    currentStep,
    notReloaded,
    openImportClients,
    runImportCron,
    screenshot,
} from "./client_import_tour_utils";

// (b) The menu reopens an unfinished import at its step; an invalid row is
// reported on review and skipped with its reason.
registry.category("web_tour.tours").add("crm_client_import_invalid_row", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Accounts"),
        ...continueTo("Settings"),
        ...continueTo("Contacts"),
        ...continueTo("Review"),
        {
            content: "One invalid row, counted",
            trigger: ".modal .o_client_import_count_invalid_rows:contains(1)",
        },
        {
            content: "…and listed with its row number and reason",
            trigger: ".modal .o_client_import_invalid tr:contains(3):contains(not-an-email)",
        },
        {
            content: "Start the import",
            trigger: '.modal footer button[name="action_start"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)',
        },
        {
            content: "The skipped rows can be downloaded",
            trigger: '.o_form_view button[name="action_download_skipped"]',
        },
        {
            content: "The skipped row is listed with its reason",
            trigger: '.o_form_view .o_field_widget[name="skipped_row_ids"] tr:contains(not-an-email)',
        },
    ],
});

// (c) Back and Continue keep every choice; closing keeps them too.
registry.category("web_tour.tours").add("crm_client_import_back_and_continue", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Upload"),
        {
            content: "Import accounts only",
            trigger: '.modal .o_field_widget[name="import_kind"] input[data-value="accounts"]',
            run: "click",
        },
        {
            content: "Read the CSV with commas",
            trigger: '.modal .o_field_widget[name="csv_delimiter"] select',
            run: "selectByLabel Comma",
        },
        {
            content: "The preview follows: one single column",
            trigger: ".modal .o_client_import_preview th:contains(Naam;Plaats)",
        },
        {
            content: "Read the CSV with semicolons",
            trigger: '.modal .o_field_widget[name="csv_delimiter"] select',
            run: "selectByLabel Semicolon",
        },
        {
            content: "The preview follows: three columns",
            trigger: ".modal .o_client_import_preview th:contains(Plaats):not(:contains(Naam))",
        },
        ...continueTo("Accounts"),
        {
            content: "Do not import the Plaats column",
            trigger: '.modal .o_field_widget[name="account_line_ids"] tr:contains(Plaats) td[name="action"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="account_line_ids"] tr.o_selected_row td[name="action"] select',
            run: "selectByLabel Do not import",
        },
        ...continueTo("Settings"),
        {
            content: "Update existing clients",
            trigger: '.modal .o_field_widget[name="duplicate_policy"] input[data-value="update"]',
            run: "click",
        },
        {
            content: "Empty cells clear values: only offered with Update",
            trigger: '.modal .o_field_widget[name="empty_clears"] input',
            run: "click",
        },
        ...backTo("Accounts"),
        {
            content: "Plaats is still not imported",
            trigger: '.modal .o_field_widget[name="account_line_ids"] tr:contains(Plaats) td[name="action"]:contains("Do not import")',
        },
        ...backTo("Upload"),
        {
            trigger: '.modal .o_field_widget[name="import_kind"] input[data-value="accounts"]:checked',
        },
        {
            trigger: '.modal .o_field_widget[name="csv_delimiter"] select option:checked:not(:visible):contains(Semicolon)',
        },
        ...continueTo("Accounts"),
        {
            content: "Accounts only: no Contacts step after Settings",
            trigger: '.modal .o_field_widget[name="account_line_ids"] tr:contains(Plaats) td[name="action"]:contains("Do not import")',
        },
        ...continueTo("Settings"),
        {
            trigger: '.modal .o_field_widget[name="duplicate_policy"] input[data-value="update"]:checked',
        },
        {
            trigger: '.modal .o_field_widget[name="empty_clears"] input:checked',
        },
        {
            content: "Close the wizard",
            trigger: '.modal footer button[name="action_close"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ...openImportClients(),
        {
            content: "Import clients reopens the import where it was left",
            trigger: '.modal .o_field_widget[name="duplicate_policy"] input[data-value="update"]:checked',
        },
        currentStep("Settings"),
        ...continueTo("Review"),
    ],
});

// (d) A user of the User group: no archive-before-import.
registry.category("web_tour.tours").add("crm_client_import_user_settings", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Settings"),
        {
            content: "The bulk settings are there",
            trigger: '.modal .o_client_import_step_settings .o_field_widget[name="duplicate_policy"]',
        },
        {
            content: "…but not the Manager's archive-before-import",
            trigger: ".modal .o_client_import_step_settings:not(:has(.o_field_widget[name=archive_before]))",
        },
    ],
});

// (e) The job form follows the import live, through the bus notification.
registry.category("web_tour.tours").add("crm_client_import_live_progress", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Review"),
        {
            content: "Start the import (it runs in the background)",
            trigger: '.modal footer button[name="action_start"]',
            run: "click",
        },
        {
            content: "The job waits for its turn, with a progress bar and a Cancel button",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Queued)',
        },
        {
            trigger: '.o_form_view .o_client_import_progress .o_progressbar',
        },
        {
            trigger: '.o_form_view button[name="action_cancel"]',
        },
        screenshot("job_progress"),
        runImportCron("The background worker runs the import, and the bus tells the page"),
        {
            content: "The form shows the end without a page reload",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)',
        },
        notReloaded('.o_form_view .o_field_widget[name="rows_read"]:contains(2)'),
    ],
});
