"""Errors and problems that a person can act on, translatable without importing Odoo.

Messages are English templates with ``%(name)s`` placeholders. Wrapping a literal
in ``_lt`` marks it for Odoo's term extractor (it scans every ``.py`` file of the
addon for ``_lt(...)``), so ``i18n/*.pot`` lists it. The Odoo side translates the
template at display time with ``env._(message, **params)``; plain Python code
gets the English text from ``str(error)``. A param that is itself marked (a key's
label such as "national number") is translated too.
"""

from dataclasses import dataclass, field

ERROR = "error"  # the row is skipped
WARNING = "warning"  # the row is kept; the value is kept as typed or in the notes
INFO = "info"  # nothing is lost, worth showing (a placeholder read as empty)


class Term(str):
    """A text marked by ``_lt``: English here, translated where it is shown, also
    when it is a param of another message."""


def _lt(message):
    """Mark ``message`` for translation; it is translated where it is shown."""
    return Term(message)


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


class Note(str):
    """A line for a partner's notes: the English text, with its template and params
    kept so the Odoo side can write it in the user's language instead."""

    def __new__(cls, message, params):
        note = super().__new__(cls, render(message, params))
        note.message = message
        note.params = params
        return note

    def __getnewargs__(self):  # pickled to and from the planning processes
        return self.message, self.params


@dataclass
class Problem:
    """A problem with one value of one row.

    ``note`` is set when the value was left out of its field and kept in the
    partner's notes instead: the template of that notes line, with the params
    ``column`` and ``value``.
    """

    message: str
    params: dict = field(default_factory=dict)
    severity: str = ERROR
    target: str = ""  # catalogue key of the value concerned, e.g. "contact.email"
    column: str = ""  # header label of the source column, when known
    code: str = ""  # what kind of problem, for the review's buckets (e.g. "conflict")
    note: str = ""

    def __str__(self):
        text = render(self.message, self.params)
        return f"{self.column}: {text}" if self.column else text
