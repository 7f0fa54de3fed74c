"""Read a client list (CSV, XLSX, XLS, HTML table) as the text a person sees in it.

``open_sheet(source, options)`` returns a ``Sheet`` with ``detection``,
``header``, ``rows()``, ``preview()`` and ``ragged_rows``;
``detect_file_type(data)`` names the type from the bytes, never the name: a web
page named .xls, as banks and older software export, is read as HTML (see
``html_source``).
Every problem with the input raises ``ClientImportError`` with a translatable
message from ``messages``; ``rows()`` can raise one too while iterating (row
limit, damage or a wrong encoding past the rows read so far).

Choices worth knowing:

* Cell text: see ``cells``. Numbers keep no ``.0`` or exponent, integer
  patterns such as ``0000000000`` keep their zeros, dates become ISO text.
  Percent, currency and decimal formats are NOT applied: 21% comes out as
  ``0.21`` (the stored value, independent of anyone's locale).
* Row numbers are those the spreadsheet shows; for CSV the record number,
  which is the row LibreOffice or Excel shows when opening the file.
* The header is the first non-empty row unless ``header_row`` says
  otherwise. Merged ranges touching it spread their text over the columns
  they cover; merges elsewhere are ignored. Labels are whitespace-collapsed,
  blank ones become "Column D", repeats get " (2)", " (3)" (case-insensitive).
* Blank rows between data rows are returned (all cells ""); trailing ones
  are not. A run of more than ``MAX_BLANK_RUN`` (10,000) blank rows ends the
  data, so a formatted sheet claiming a million rows costs little; a value
  beyond such a gap is not read.
* Ragged rows: CSV records whose field count differs from the header's;
  spreadsheet rows with filled cells right of the header. Counted, with the
  first 100 row numbers, as rows are read; never fatal.
* What ``open_sheet`` reads up front: CSV: the whole byte string is checked
  as UTF-8 (chunked, C speed, nothing kept) and the first 64 KB sampled for
  the delimiter. XLSX: the zip directory, workbook parts, the shared strings
  (all of them, a list of str) and one byte scan of the sheet for merged
  ranges. XLS: xlrd parses the chosen sheet whole (BIFF caps it at 65,536
  rows). HTML: one streamed pass over the first table for its spanning
  cells. Rows themselves are only parsed as ``rows()`` is iterated, in
  memory that does not grow with the row count.
"""

from . import messages
from .model import Detection, RaggedRows, ReaderOptions, Row
from .sheet import Sheet, open_sheet
from .sniff import detect_file_type

__all__ = [
    "Detection",
    "RaggedRows",
    "ReaderOptions",
    "Row",
    "Sheet",
    "detect_file_type",
    "messages",
    "open_sheet",
]
