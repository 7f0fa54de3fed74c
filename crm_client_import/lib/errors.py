"""Errors and problems that a person can act on, translatable without importing Odoo.

Messages are English templates with ``%(name)s`` placeholders. Wrapping a literal
in ``_lt`` marks it for Odoo's term extractor (it scans every ``.py`` file of the
addon for ``_lt(...)``), so ``i18n/*.pot`` lists it. The Odoo side translates the
template at display time with ``env._(message, **params)``; plain Python code
gets the English text from ``str(error)``.
"""

from dataclasses import dataclass, field

ERROR = "error"  # the row is skipped
WARNING = "warning"  # the value is dropped, the row is kept


def _lt(message):
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


def render(message, params):
    """Fill a message template; missing or odd params never raise."""
    if not params:
        return message
    try:
        return message % params
    except (KeyError, TypeError, ValueError):
        return message


class ClientImportError(Exception):
    """A fatal problem with the whole input (file, sheet, options)."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(render(message, params))


@dataclass
class Problem:
    """A problem with one value of one row."""

    message: str
    params: dict = field(default_factory=dict)
    severity: str = ERROR
    target: str = ""  # catalogue key of the value concerned, e.g. "contact.email"
    column: str = ""  # header label of the source column, when known
    code: str = ""  # what kind of problem, for the review's buckets (e.g. "conflict")

    def __str__(self):
        text = render(self.message, self.params)
        return f"{self.column}: {text}" if self.column else text
