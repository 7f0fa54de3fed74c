"""Every message the readers show a person, as translatable templates.

Tests compare ``ClientImportError.message`` with these constants, so a message
can be reworded here without touching the tests.
"""

from ..errors import _lt

EMPTY_FILE = _lt("The file is empty.")
FILE_TOO_LARGE = _lt("The file is too large (%(size)s); the limit is %(limit)s.")
NOT_A_SPREADSHEET = _lt(
    "This file is not a spreadsheet or a CSV file. Save it as .xlsx, .xls or .csv and try again."
)
HTML_WITHOUT_TABLE = _lt(
    "This file is a web page without a table. Export the client list as a table, or save "
    "it as .xlsx, .xls or .csv, and try again."
)
ODS_NOT_SUPPORTED = _lt(
    "OpenDocument spreadsheets (.ods) cannot be imported. Save the file as .xlsx and try again."
)
XLSB_NOT_SUPPORTED = _lt(
    "Excel binary workbooks (.xlsb) cannot be imported. Save the file as .xlsx and try again."
)
PASSWORD_PROTECTED = _lt(
    "The workbook is password-protected. Remove the password, save it again and retry."
)
DAMAGED_FILE = _lt("The file is damaged and cannot be read (%(file_type)s).")
COMPRESSION_BOMB = _lt(
    "The file unpacks to far more data than a spreadsheet of its size holds "
    "(%(size)s from %(packed)s); it is refused as a possible compression bomb."
)
XML_DTD_FORBIDDEN = _lt(
    "The file contains an XML document type declaration (%(part)s), which spreadsheets "
    "never need; it is refused as a possible entity-expansion attack."
)
NO_WORKSHEET = _lt("The workbook has no worksheet.")
UNKNOWN_SHEET = _lt("The workbook has no sheet named %(sheet)s. Sheets: %(sheets)s.")
SHEET_EMPTY = _lt("The sheet %(sheet)s is empty.")
CSV_EMPTY = _lt("The file contains no data.")
HEADER_ONLY = _lt("The file has a header row (row %(row)s) but no data rows below it.")
HEADER_ROW_EMPTY = _lt("Row %(row)s, chosen as the header row, is empty.")
HEADER_ROW_INVALID = _lt("The header row must be a row number of 1 or more, not %(row)s.")
TOO_MANY_ROWS = _lt(
    "The file has more than %(limit)s data rows, the most that can be imported at once "
    "(row %(row)s is over the limit)."
)
UNKNOWN_ENCODING = _lt("Unknown text encoding: %(encoding)s.")
DECODE_ERROR = _lt(
    "The file is not valid %(encoding)s text (near row %(row)s). Choose another encoding."
)
INVALID_DELIMITER = _lt("The delimiter must be a single character, not %(delimiter)s.")
CSV_UNREADABLE = _lt(
    "The CSV file cannot be read at row %(row)s: a quoted cell is not closed or a cell "
    "is longer than %(limit)s characters."
)
