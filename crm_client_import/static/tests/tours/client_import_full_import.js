import { registry } from "@web/core/registry";
import {
    continueTo,
    currentStep,
    openImportClients,
    screenshot,
    uploadTestFile,
} from "./client_import_tour_utils";

// (a) A manager imports a real XLSX, from upload to results, through every step.
registry.category("web_tour.tours").add("crm_client_import_full_import", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Upload"),
        uploadTestFile("tour_clients.xlsx"),
        {
            content: "The file is read at once: format, sheet and a preview of the rows",
            trigger: ".modal .o_client_import_preview td:contains(Bakkerij Van den Broeck BV)",
        },
        {
            content: "The sheet with the clients was chosen (the first one is hidden)",
            trigger: '.modal .o_field_widget[name="sheet_id"] input:value(Klanten)',
        },
        {
            trigger: '.modal .o_field_widget[name="file_type"]:contains(XLSX)',
        },
        screenshot("wizard_1_upload"),
        ...continueTo("Accounts"),
        {
            content: "Accountnaam names the account",
            trigger: '.modal .o_field_widget[name="account_name_line_id"] input:value(Accountnaam)',
        },
        {
            content: "Each column shows its sample values and how sure the match is",
            trigger: '.modal .o_field_widget[name="account_line_ids"] tr:contains(Gemeente):contains(90%)',
        },
        {
            content: "The account type comes from the Type column",
            trigger: '.modal .o_field_widget[name="account_type_mode"] input[data-value="column"]',
            run: "click",
        },
        {
            content: "Type is the account type column",
            trigger: '.modal .o_field_widget[name="account_type_line_id"] input:value(Type)',
        },
        screenshot("wizard_2_accounts"),
        ...continueTo("Settings"),
        {
            content: "A manager sees the archive-before-import option",
            trigger: '.modal .o_field_widget[name="archive_before"]',
        },
        {
            content: "Invitations are off, with the recommendation",
            trigger: '.modal .o_field_widget[name="send_invitations"] input:not(:checked)',
        },
        screenshot("wizard_3_settings"),
        ...continueTo("Contacts"),
        {
            content: "Voornaam feeds the contact's first name",
            trigger: '.modal .o_field_widget[name="contact_line_ids"] tr:contains(Voornaam):contains(First name)',
        },
        screenshot("wizard_4_contacts"),
        ...continueTo("Review"),
        {
            content: "Every row names a new account",
            trigger: ".modal .o_client_import_count_new_accounts:contains(15)",
        },
        {
            content: "The first accounts are listed with their contacts",
            trigger: ".modal .o_client_import_sample_accounts li:contains(Crèmerie Dupré SRL) li:contains(francoise.dupre@cremerie-dupre.be)",
        },
        screenshot("wizard_5_review"),
        {
            content: "Start the import",
            trigger: '.modal footer button[name="action_start"]',
            run: "click",
        },
        {
            content: "The job form shows the results",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)',
        },
        {
            content: "A smart button leads to the accounts",
            trigger: '.o_form_view button[name="action_view_accounts"]:contains(15)',
        },
        screenshot("job_results"),
        {
            content: "Open the imported accounts",
            trigger: '.o_form_view button[name="action_view_accounts"]',
            run: "click",
        },
        {
            // the job form lists partners too (rows imported with warnings)
            content: "The imported accounts are listed",
            trigger: ".o_last_breadcrumb_item:contains(Imported accounts)",
        },
        {
            content: "Open the account of Peeters Bouw BV",
            trigger: ".o_list_view .o_data_row td:contains(Peeters Bouw BV)",
            run: "click",
        },
        {
            content: "The account has its folders",
            trigger: ".o_form_view button.o_client_folders_button:contains(5):contains(Folders)",
        },
        {
            content: "Open the Client tab",
            trigger: '.o_form_view .o_notebook a:contains(Client)',
            run: "click",
        },
        {
            content: "The Client tab gives the account type",
            trigger: '.o_form_view .o_field_widget[name="client_account_type"]:contains(Company)',
        },
        screenshot("partner_form"),
    ],
});
