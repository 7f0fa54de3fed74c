"""Options and results of the readers, shared by every file type."""

from dataclasses import dataclass, field
from typing import NamedTuple

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A run of this many blank rows ends the data: a formatted sheet can claim a
# million rows that hold nothing, and reading them all would cost minutes.
MAX_BLANK_RUN = 10_000
# How many ragged row numbers are kept for the report (all are counted).
RAGGED_ROWS_KEPT = 100


@dataclass
class ReaderOptions:
    encoding: str | None = None  # CSV and HTML; None = detect
    delimiter: str | None = None  # CSV only; None = detect
    sheet: str | None = None  # xlsx/xls; None = first visible
    header_row: int | None = None  # 1-based; None = first non-empty row
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int | None = None


@dataclass
class Detection:
    """What was found or used to read the file; JSON-friendly via ``dataclasses.asdict``."""

    file_type: str  # "csv" | "xlsx" | "xls" | "html"
    encoding: str | None
    delimiter: str | None
    sheets: list[dict]  # [{"name": ..., "hidden": bool}], [] for csv
    sheet: str | None
    header_row: int  # 1-based


class Row(NamedTuple):
    number: int  # 1-based row number as the spreadsheet (or CSV record count) shows it
    cells: list[str]  # padded with "" to the header length; longer rows keep their extra cells


@dataclass
class RaggedRows:
    """Data rows whose width differs from the header's, found so far.

    CSV: a record with a different number of fields than the header record.
    XLSX/XLS: a row with filled cells right of the last header column (a
    spreadsheet row that merely ends with empty cells is not ragged).
    """

    count: int = 0
    row_numbers: list[int] = field(default_factory=list)  # the first RAGGED_ROWS_KEPT


def human_size(size):
    """A byte count as people read it, e.g. "50.0 MB"."""
    return f"{size / (1024 * 1024):.1f} MB"
