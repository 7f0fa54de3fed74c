"""CSV cells that a spreadsheet cannot run as a formula, and back."""

# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(text):
    """Does ``text`` get an apostrophe from ``neutralize``? A formula start does,
    and so does text that already looks guarded ("'=x"), so ``restore`` can tell
    the two apart."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(value):
    """The cell text, prefixed with an apostrophe when it could start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if _guarded(text) else text


def restore(text):
    """The text ``neutralize`` was given: the apostrophe it added taken off, and
    nothing else (``restore(neutralize(x)) == x`` for every text)."""
    return text[1:] if text.startswith("'") and _guarded(text[1:]) else text
