"""The part common to every file type: limits, header, labels, data rows."""

import os
from itertools import islice

from ..errors import ClientImportError
from ..safe_csv import restore
from . import messages
from .csv_source import CsvSource
from .html_source import HtmlSource
from .model import (
    MAX_BLANK_RUN,
    RAGGED_ROWS_KEPT,
    Detection,
    RaggedRows,
    ReaderOptions,
    Row,
    human_size,
)
from .sniff import detect_file_type
from .xls_source import XlsSource
from .xlsx_source import XlsxSource


def column_letter(index):
    """Spreadsheet letter of a 1-based column index: 1 -> A, 28 -> AB."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def choose_sheet(sheets, wanted):
    """Name of the sheet to read: ``wanted`` if given, else the first visible one."""
    if not sheets:
        raise ClientImportError(messages.NO_WORKSHEET)
    if wanted is None:
        visible = [sheet for sheet in sheets if not sheet["hidden"]]
        return (visible or sheets)[0]["name"]
    for sheet in sheets:
        if sheet["name"] == wanted:
            return wanted
    for sheet in sheets:
        if sheet["name"].casefold() == wanted.casefold():
            return sheet["name"]
    raise ClientImportError(
        messages.UNKNOWN_SHEET,
        sheet=wanted,
        sheets=", ".join(sheet["name"] for sheet in sheets),
    )


def unique_labels(texts):
    """Visible, unique column labels: blank -> "Column D", repeats -> "Email (2)"."""
    labels, taken = [], set()
    for index, text in enumerate(texts, start=1):
        base = " ".join(text.split()) or f"Column {column_letter(index)}"
        label, count = base, 1
        while label.casefold() in taken:
            count += 1
            label = f"{base} ({count})"
        taken.add(label.casefold())
        labels.append(label)
    return labels


def _trimmed(cells):
    """The cells without the blank ones at the end (a copy when trimming)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells if end == len(cells) else cells[:end]


def _read_source(source, max_bytes):
    """Bytes of ``source`` (bytes or a path), refusing files over ``max_bytes``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        size = len(data)
    else:
        size = os.path.getsize(source)
        data = None
    if size > max_bytes:
        raise ClientImportError(
            messages.FILE_TOO_LARGE, size=human_size(size), limit=human_size(max_bytes)
        )
    if data is None:
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # the file grew since we looked
            raise ClientImportError(
                messages.FILE_TOO_LARGE, size=human_size(len(data)), limit=human_size(max_bytes)
            )
    return data


class Sheet:
    """The table to import: a header of unique labels and lazily read data rows."""

    def __init__(self, source, options):
        self._source = source
        self._options = options
        self.ragged_rows = RaggedRows()
        self._ragged_checked_up_to = 0
        header_number, header_cells, header_width = self._find_header(options.header_row)
        self.header = unique_labels(header_cells)
        self._header_fields = header_width  # CSV: number of fields of the header record
        self.detection = Detection(
            file_type=source.file_type,
            encoding=source.encoding,
            delimiter=source.delimiter,
            sheets=list(source.sheets),
            sheet=source.sheet_name,
            header_row=header_number,
        )
        data_rows = self._data_rows(track=False)
        try:
            has_data = next(data_rows, None) is not None
        finally:
            data_rows.close()  # lets the source close its stream now
        if not has_data:
            raise ClientImportError(messages.HEADER_ONLY, row=header_number)

    def _raw_rows(self):
        """Rows of the source, trimmed, ending after a run of MAX_BLANK_RUN blank rows.
        Cells guarded against formulas by this addon's reports read as they were."""
        last_filled = 0
        for number, cells, fields in self._source.iter_rows():
            if number - last_filled > MAX_BLANK_RUN:
                return
            cells = [restore(cell) for cell in _trimmed(cells)]
            if cells:
                last_filled = number
                yield number, cells, fields

    def _empty_error(self):
        if self._source.file_type in ("csv", "html"):
            return ClientImportError(messages.CSV_EMPTY)
        return ClientImportError(messages.SHEET_EMPTY, sheet=self._source.sheet_name)

    def _find_header(self, wanted):
        if wanted is not None and (not isinstance(wanted, int) or wanted < 1):
            raise ClientImportError(messages.HEADER_ROW_INVALID, row=wanted)
        # Text of merged ranges starting above a chosen header row, by position.
        origins = {(first_row, first_col) for first_row, first_col, _, _ in self._source.merges}
        merge_origins = {}
        found = None
        for number, cells, fields in self._raw_rows():
            if wanted is None or number == wanted:
                found = (number, cells, fields)
                break
            if number > wanted:
                break
            for column, value in enumerate(cells, start=1):
                if (number, column) in origins:
                    merge_origins[(number, column)] = value
        if found is None:
            if wanted is None:
                raise self._empty_error()
            raise ClientImportError(messages.HEADER_ROW_EMPTY, row=wanted)
        number, cells, fields = found
        return number, self._spread_merges(number, cells, merge_origins), fields

    def _spread_merges(self, number, cells, origins):
        """Give every header cell covered by a merged range the range's text."""
        texts = list(cells)
        for first_row, first_col, last_row, last_col in self._source.merges:
            if not first_row <= number <= last_row:
                continue
            if first_row == number:
                value = texts[first_col - 1] if first_col <= len(texts) else ""
            else:
                value = origins.get((first_row, first_col), "")
            if len(texts) < last_col:
                texts.extend([""] * (last_col - len(texts)))
            for column in range(first_col, last_col + 1):
                if not texts[column - 1].strip():
                    texts[column - 1] = value
        return _trimmed(texts)

    def _note_ragged(self, number, cells, fields):
        if number <= self._ragged_checked_up_to:
            return
        self._ragged_checked_up_to = number
        if fields is not None:
            ragged = fields != self._header_fields
        else:
            ragged = len(cells) > len(self.header)
        if ragged:
            self.ragged_rows.count += 1
            if len(self.ragged_rows.row_numbers) < RAGGED_ROWS_KEPT:
                self.ragged_rows.row_numbers.append(number)

    def _data_rows(self, track=True):
        header_number = self.detection.header_row
        width = len(self.header)
        max_rows = self._options.max_rows
        previous = header_number
        count = 0
        for number, cells, fields in self._raw_rows():
            if number <= header_number:
                continue
            # Blank rows between filled ones are kept; trailing ones never come.
            for blank in range(previous + 1, number):
                yield Row(blank, [""] * width)
            previous = number
            count += 1
            if max_rows is not None and count > max_rows:
                raise ClientImportError(messages.TOO_MANY_ROWS, limit=max_rows, row=number)
            if track:
                self._note_ragged(number, cells, fields)
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield Row(number, cells)

    def rows(self):
        """Data rows after the header, read lazily; call again to start over.

        May raise ClientImportError while iterating: the row limit, or damage
        or a wrong encoding found past the rows read so far.
        """
        return self._data_rows()

    def preview(self, limit=20):
        """The first ``limit`` data rows; reads no further than needed."""
        return list(islice(self.rows(), limit))


def open_sheet(source, options=None):
    """Open a CSV, XLSX, XLS or HTML file (bytes or a path) and return its ``Sheet``.

    Raises ClientImportError for every problem with the input.
    """
    options = options or ReaderOptions()
    data = _read_source(source, options.max_bytes)
    file_type = detect_file_type(data)
    if file_type == "csv":
        reader = CsvSource(data, options)
    elif file_type == "html":
        reader = HtmlSource(data, options)
    elif file_type == "xlsx":
        reader = XlsxSource(data, options, choose_sheet)
    else:
        reader = XlsSource(data, options, choose_sheet)
    return Sheet(reader, options)
