import { registry } from "@web/core/registry";
import { formView } from "@web/views/form/form_view";
import { FormController } from "@web/views/form/form_controller";
import { BinaryField, binaryField } from "@web/views/fields/binary/binary_field";
import { toRaw } from "@odoo/owl";

// Saved as soon as they change, so that the preview and the column lines follow
// them (the server reads the file again, or applies the preset, on save).
const SAVED_AT_ONCE = ["csv_encoding", "csv_delimiter", "sheet_id", "header_row", "preset_id"];

export class ClientImportWizardFormController extends FormController {
    get modelParams() {
        const params = super.modelParams;
        params.hooks.onRecordChanged = (record, changes) => {
            const isRoot = toRaw(record) === toRaw(this.model.root);
            if (isRoot && SAVED_AT_ONCE.some((name) => name in changes)) {
                // Not awaited: the change is still being applied inside the model's mutex.
                record.save();
            }
        };
        return params;
    }
}

registry.category("views").add("client_import_wizard_form", {
    ...formView,
    Controller: ClientImportWizardFormController,
});

/** The file field of the Upload step: a dropped or chosen file is read at once. */
export class ClientImportFileField extends BinaryField {
    update({ data, name }) {
        const { fileNameField, record } = this.props;
        const changes = { [this.props.name]: data || false };
        if (fileNameField in record.fields) {
            changes[fileNameField] = name || "";
        }
        return record.update(changes, { save: Boolean(data) });
    }
}

registry.category("fields").add("client_import_file", {
    ...binaryField,
    component: ClientImportFileField,
});
