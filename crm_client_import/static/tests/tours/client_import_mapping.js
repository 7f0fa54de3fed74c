import { registry } from "@web/core/registry";
import { continueTo, currentStep, openImportClients } from "./client_import_tour_utils";

const contactRow = (header) =>
    `.modal .o_field_widget[name="contact_line_ids"] tr:contains(${header})`;

// (f) The Contacts step shows whose each column is (contact, contact 2, spouse)
// and how a full-name column is split; the user changes both.
registry.category("web_tour.tours").add("crm_client_import_people_columns", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        currentStep("Accounts"),
        {
            content: "The file matched no preset: no notice",
            trigger: ".modal .o_client_import_step_accounts:not(:has(.o_client_import_preset_detected:visible))",
        },
        ...continueTo("Settings"),
        ...continueTo("Contacts"),
        {
            content: "Contact 2 Email is the second contact's e-mail",
            trigger: `${contactRow("Contact 2 Email")} td[name="person"]:contains(Contact)`,
        },
        {
            trigger: `${contactRow("Contact 2 Email")} td[name="contact_number"]:contains(2)`,
        },
        {
            content: "The full names are split, in the order the header says",
            trigger: `${contactRow("Naam en voornaam")} td[name="name_split"]:contains(last name first)`,
        },
        {
            content: "Edit the full-name column",
            trigger: `${contactRow("Naam en voornaam")} td[name="name_split"]`,
            run: "click",
        },
        {
            content: "Keep the names as written",
            trigger: `${contactRow("Naam en voornaam")}.o_selected_row td[name="name_split"] select`,
            run: "selectByLabel Keep as written",
        },
        {
            content: "Edit the partner's e-mail column",
            trigger: `${contactRow("E-mail partner")} td[name="person"]`,
            run: "click",
        },
        {
            content: "It is read as the spouse's",
            trigger: `${contactRow("E-mail partner")}.o_selected_row td[name="person"] select:has(option:checked:contains(Spouse))`,
        },
        {
            content: "Make it the third contact's instead",
            trigger: `${contactRow("E-mail partner")}.o_selected_row td[name="person"] select`,
            run: "selectByLabel Contact",
        },
        {
            trigger: `${contactRow("E-mail partner")}.o_selected_row td[name="contact_number"] input`,
            run: "edit 3",
        },
        ...continueTo("Review"),
    ],
});
