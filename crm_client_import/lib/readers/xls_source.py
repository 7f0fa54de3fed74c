"""XLS (Excel 97-2003, BIFF): xlrd with formatting info, for the number formats.

xlrd cannot stream: it parses the chosen sheet whole (``on_demand`` spares the
other sheets). A BIFF sheet holds at most 65,536 rows and the file is capped
by ``max_bytes``, so this stays bounded.
"""

import xlrd

from ..errors import ClientImportError
from . import messages
from .cells import boolean_text, general_number, number_text
from .sniff import NULL_LOG


class XlsSource:
    """One worksheet of an XLS workbook as rows of text."""

    file_type = "xls"
    encoding = None
    delimiter = None

    def __init__(self, data, options, choose_sheet):
        try:
            self.book = xlrd.open_workbook(
                file_contents=data,
                formatting_info=True,
                on_demand=True,
                ragged_rows=True,
                logfile=NULL_LOG,
            )
        except xlrd.XLRDError as error:
            if "encrypted" in str(error).lower():
                raise ClientImportError(messages.PASSWORD_PROTECTED)
            raise ClientImportError(messages.DAMAGED_FILE, file_type="xls")
        except Exception:  # struct, index and assertion errors on damaged BIFF records
            raise ClientImportError(messages.DAMAGED_FILE, file_type="xls")
        names = self.book.sheet_names()
        # Visibility comes from the sheet directory, so no sheet is parsed for it.
        visibility = getattr(self.book, "_sheet_visibility", None) or [0] * len(names)
        self.sheets = [
            {"name": name, "hidden": bool(visible)}
            for name, visible in zip(names, visibility, strict=False)
        ]
        self.sheet_name = choose_sheet(self.sheets, options.sheet)
        try:
            self.sheet = self.book.sheet_by_name(self.sheet_name)
        except Exception:
            raise ClientImportError(messages.DAMAGED_FILE, file_type="xls")
        self.merges = [
            (first_row + 1, first_col + 1, end_row, end_col)
            for first_row, end_row, first_col, end_col in self.sheet.merged_cells
        ]
        self.formats = {}  # xf index -> number format string

    def _format_of(self, xf_index):
        number_format = self.formats.get(xf_index)
        if number_format is None:
            number_format = "General"
            try:
                format_key = self.book.xf_list[xf_index].format_key
                number_format = self.book.format_map[format_key].format_str
            except (IndexError, KeyError, AttributeError, TypeError):
                pass
            self.formats[xf_index] = number_format
        return number_format

    def _cell_text(self, cell):
        ctype = cell.ctype
        if ctype == xlrd.XL_CELL_TEXT:
            return cell.value
        if ctype == xlrd.XL_CELL_NUMBER:
            return number_text(cell.value, self._format_of(cell.xf_index), self.book.datemode)
        if ctype == xlrd.XL_CELL_DATE:
            return number_text(
                cell.value, self._format_of(cell.xf_index), self.book.datemode, is_date=True
            )
        if ctype == xlrd.XL_CELL_BOOLEAN:
            return boolean_text(cell.value)
        if ctype == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(cell.value, "#N/A")
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        return general_number(cell.value) if isinstance(cell.value, float) else str(cell.value)

    def iter_rows(self):
        """Yield ``(row number, cells, None)`` for each row xlrd holds."""
        for index in range(self.sheet.nrows):
            yield index + 1, [self._cell_text(cell) for cell in self.sheet.row(index)], None
