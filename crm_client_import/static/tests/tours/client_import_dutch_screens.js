import { registry } from "@web/core/registry";
import { openImportClients, screenshot, uploadTestFile } from "./client_import_tour_utils";

// The Python test reads these console lines (see tests/test_dutch_screens.py).
export const SCREEN_TEXT_MARKER = "crm_client_import screen text: ";

/** A step that hands the rendered text of `selector` to the Python test, under `screen`. */
function collectText(screen, selector) {
    return {
        content: `Collect the text of ${screen}`,
        trigger: selector,
        run() {
            const text = this.anchor.innerText;
            console.log(SCREEN_TEXT_MARKER + JSON.stringify({ screen, text }));
        },
    };
}

// Language-neutral: the status bar's buttons carry the step's value.
function stepIs(step) {
    return {
        content: `The ${step} step is current`,
        trigger: `.modal .o_client_import_wizard .o_statusbar_status button.o_arrow_button_current[data-value="${step}"]`,
    };
}

// The readme's Dutch screenshots (`make screenshots`), next to the English ones.
const SCREENSHOTS = {
    accounts: "nl_wizard_2_accounts",
    settings: "nl_wizard_3_settings",
    contacts: "nl_wizard_4_contacts",
    review: "nl_wizard_5_review",
};

function nextStep(step) {
    return [
        {
            content: `Continue to ${step}`,
            trigger: '.modal footer button[name="action_next_step"]',
            run: "click",
        },
        stepIs(step),
        collectText(step, ".modal .modal-content"),
        screenshot(SCREENSHOTS[step]),
    ];
}

// A manager who works in Dutch (nl_BE) imports a Dutch XLSX from upload to results;
// every screen's text is collected on the way, and after an undo.
registry.category("web_tour.tours").add("crm_client_import_dutch_screens", {
    url: "/odoo",
    steps: () => [
        ...openImportClients(),
        stepIs("upload"),
        collectText("upload", ".modal .modal-content"),
        uploadTestFile("tour_clients.xlsx"),
        {
            content: "The file is read: its rows are previewed",
            trigger: ".modal .o_client_import_preview td:contains(Bakkerij Van den Broeck BV)",
        },
        collectText("upload, file read", ".modal .modal-content"),
        screenshot("nl_wizard_1_upload"),
        ...nextStep("accounts"),
        ...nextStep("settings"),
        ...nextStep("contacts"),
        ...nextStep("review"),
        {
            content: "Open every account of the review",
            trigger: ".modal .o_client_import_review_lists button.o_client_import_open_all",
            run: "click",
        },
        {
            content: "The accounts are listed one by one",
            trigger: ".o_list_view .o_data_row:contains(Bakkerij Van den Broeck BV)",
        },
        collectText("review, every account", ".o_action_manager"),
        screenshot("nl_review_accounts"),
        {
            content: "Back to the review",
            trigger: '.o_control_panel button[name="action_back_to_review"]',
            run: "click",
        },
        stepIs("review"),
        {
            content: "Start the import",
            trigger: '.modal footer button[name="action_start"]',
            run: "click",
        },
        {
            content: "The job form shows the results",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="done"]',
        },
        {
            content: "The chatter shows the import's messages",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
        {
            content: "Collect the text of the results, one tab after the other",
            trigger: ".o_form_view .o_notebook",
            async run() {
                const tabs = [...document.querySelectorAll(".o_form_view .o_notebook .nav-link")];
                for (const [index, tab] of tabs.entries()) {
                    tab.click();
                    // The form marks the tab active when it has rendered its page.
                    while (!tab.classList.contains("active")) {
                        await new Promise((resolve) => setTimeout(resolve, 20));
                    }
                    const text = document.querySelector(".o_action_manager").innerText;
                    const screen = `results, tab ${index + 1}`;
                    console.log(SCREEN_TEXT_MARKER + JSON.stringify({ screen, text }));
                }
            },
        },
        collectText("chatter", ".o-mail-Chatter"),
        screenshot("nl_job_results"),
        {
            content: "Undo the import",
            trigger: '.o_form_view button[name="action_undo"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The undo report is shown",
            trigger: '.o_form_view .alert-info .o_field_widget[name="undo_report"]:not(:empty)',
        },
        {
            content: "The chatter says, in Dutch, that the import was undone",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Import ongedaan gemaakt)",
        },
        collectText("undone", ".o_action_manager"),
    ],
});
