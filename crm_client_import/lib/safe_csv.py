"""CSV cells that a spreadsheet cannot run as a formula."""

# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """The cell text, prefixed with an apostrophe when it could start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
