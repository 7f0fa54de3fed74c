import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { EventBus } from "@odoo/owl";
import {
    ProgressBarField,
    progressBarField,
} from "@web/views/fields/progress_bar/progress_bar_field";

export const PROGRESS_NOTIFICATION = "crm_client_import/progress";

/**
 * Passes the server's progress notifications of client imports on to the
 * screens showing them (the server sends them to the importer after each batch
 * and at the end).
 */
export const clientImportProgressService = {
    dependencies: ["bus_service"],
    start(env, { bus_service }) {
        const bus = new EventBus();
        bus_service.subscribe(PROGRESS_NOTIFICATION, (payload) => bus.trigger("progress", payload));
        bus_service.start();
        return { bus };
    },
};
registry.category("services").add("client_import_progress", clientImportProgressService);

/** The progress bar of an import job: reloads the job when its import moves on. */
export class ClientImportProgressField extends ProgressBarField {
    setup() {
        super.setup();
        const { bus } = useService("client_import_progress");
        useBus(bus, "progress", ({ detail }) => this.onProgress(detail));
    }

    async onProgress(payload) {
        const root = this.props.record.model.root;
        if (payload.job_id === root.resId && !root.dirty) {
            await root.load();
        }
    }
}

registry.category("fields").add("client_import_progress", {
    ...progressBarField,
    component: ClientImportProgressField,
});
