import { rpc } from "@web/core/network/rpc";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The Python test answers this console marker with a screenshot (see tests/common.py).
export const SCREENSHOT_MARKER = "crm_client_import screenshot: ";

/** A step that waits for the Python side to save a screenshot named `name`. */
export function screenshot(name) {
    return {
        content: `Screenshot ${name}`,
        trigger: "body",
        run: () =>
            new Promise((resolve) => {
                document.querySelector(".modal-body")?.scrollTo(0, 0);
                window.__cciScreenshotTaken = resolve;
                console.log(SCREENSHOT_MARKER + name);
            }),
    };
}

export function openImportClients() {
    return [
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open the Contacts app"),
        {
            content: "Open Import clients from the Contacts menu",
            trigger: '.o_main_navbar a[data-menu-xmlid="crm_client_import.menu_import_clients"]',
            run: "click",
        },
    ];
}

export function currentStep(label) {
    return {
        content: `The ${label} step is current`,
        trigger: `.modal .o_client_import_wizard .o_statusbar_status button.o_arrow_button_current:contains(${label})`,
    };
}

export function continueTo(label) {
    return [
        {
            content: `Continue to ${label}`,
            trigger: '.modal footer button[name="action_next_step"]',
            run: "click",
        },
        currentStep(label),
    ];
}

export function backTo(label) {
    return [
        {
            content: `Back to ${label}`,
            trigger: '.modal footer button[name="action_previous_step"]',
            run: "click",
        },
        currentStep(label),
    ];
}

/** Drop the file the Python test stored as an attachment named `name` on the upload field. */
export function uploadTestFile(name) {
    return {
        content: `Upload ${name}`,
        trigger: '.modal .o_field_widget[name="upload_file"] input[type="file"]:not(:visible)',
        async run() {
            const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
                model: "ir.attachment",
                method: "search_read",
                args: [[["name", "=", name]], ["id", "mimetype"]],
                kwargs: { limit: 1 },
            });
            const response = await fetch(`/web/content/${attachment.id}?download=true`);
            const file = new File([await response.blob()], name, { type: attachment.mimetype });
            const transfer = new DataTransfer();
            transfer.items.add(file);
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

/**
 * A step that runs the import cron now, as the server would in the background, then
 * hands the page the progress notification the cron sends (Odoo's test mode has no
 * websocket): the job form on screen must follow without a page reload.
 */
export function runImportCron(content) {
    return {
        content,
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
            env.services.client_import_progress.bus.trigger("progress", {
                job_id: jobId,
                state: "done",
            });
        },
    };
}

/** A step that fails when the page was reloaded since `runImportCron`. */
export function notReloaded(trigger) {
    return {
        trigger,
        run() {
            if (!window.__cciNotReloaded) {
                throw new Error("The page was reloaded");
            }
        },
    };
}
