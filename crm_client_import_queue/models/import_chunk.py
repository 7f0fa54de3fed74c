from collections import Counter

from odoo import fields, models

from odoo.addons.crm_client_import.lib.readers.model import Row


class ClientImportChunk(models.Model):
    """A part of an import that the job queue runs beside the others: whole identity
    clusters of rows (``lib.chunks``), so that no two parts touch one partner. Each
    part has its own resume point and counters; the import's are their sums."""

    _name = "crm.client.import.chunk"
    _description = "Part of a client import"
    _order = "job_id, sequence"

    job_id = fields.Many2one(
        "crm.client.import.job", required=True, readonly=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(required=True, readonly=True)
    first_row = fields.Integer(readonly=True, help="Row number of its first row in the file.")
    row_count = fields.Integer(readonly=True)
    # [[row number, cells], ...] in file order; emptied once the part is done
    rows = fields.Json(readonly=True)
    next_position = fields.Integer(readonly=True, help="Rows of the part already done.")
    counts = fields.Json(readonly=True, help="Its counters: the job's counter names and values.")
    done = fields.Boolean(readonly=True)

    def _rows_from(self, position):
        """Its rows from ``position`` on, as the readers gave them."""
        return [Row(number, cells) for number, cells in (self.rows or [])[position:]]

    def _add_counts(self, counts):
        """A batch's counts (``rows_read`` included) added up, its resume point moved."""
        total = Counter(self.counts or {})
        total.update(counts)
        self.write(
            {"next_position": self.next_position + counts["rows_read"], "counts": dict(total)}
        )

    def _finish(self):
        """Done: the copy of the file's rows goes."""
        self.write({"done": True, "rows": False})
