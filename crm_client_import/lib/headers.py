"""The header grammar: a header read as [role] [side] noun.

"Taxpayer First Name", "Naam partner", "Contact 2 Email", "E-mail du conjoint",
"Customer: Telephone number" and "Contact person: First name" all say whose
value a column holds (the role: the row's contact, its spouse, or its N-th
contact), sometimes which record (the side: the account or a contact), and what
it is (the noun, matched like any whole header). The words are data, in
``synonyms``: ``ROLE_WORDS``, ``NUMBERED_CONTACT_WORDS``, ``SIDE_WORDS``,
``CONNECTOR_WORDS``.
"""

import re
import unicodedata
from dataclasses import dataclass

from . import catalogue
from .synonyms import CONNECTOR_WORDS, NUMBERED_CONTACT_WORDS, ROLE_WORDS, SIDE_WORDS

CONTACT = catalogue.CONTACT
SPOUSE = catalogue.SPOUSE
ACCOUNT = catalogue.ACCOUNT


def ascii_words(text):
    """Accents removed, word breaks kept (unlike ``normalize.fold``)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        .encode("ascii", "ignore")
        .decode()
    )


def words(text):
    """Lower-case ASCII words, "FirstName" and "Contact1" cut in two."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", ascii_words(text))
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", text)
    return re.findall(r"[a-z0-9]+", text.lower())


def _phrases(texts):
    """Word tuples, longest first, so that "primary contact" wins over "contact"."""
    return sorted({tuple(words(text)) for text in texts}, key=len, reverse=True)


_ROLES = [(role, phrase) for role, texts in ROLE_WORDS.items() for phrase in _phrases(texts)]
_ROLES.sort(key=lambda item: len(item[1]), reverse=True)
_NUMBERED = _phrases(NUMBERED_CONTACT_WORDS)
_SIDES = [(side, phrase) for side, texts in SIDE_WORDS.items() for phrase in _phrases(texts)]
_SIDES.sort(key=lambda item: len(item[1]), reverse=True)
_CONNECTORS = frozenset(CONNECTOR_WORDS)


@dataclass(frozen=True)
class Reading:
    """What a header's words say. ``person`` is ``contact`` or ``spouse`` (None:
    no role word), ``number`` the N of "Contact N" (1 otherwise), ``side`` an
    ``account`` or ``contact`` side word (None: none), ``noun`` the words left,
    joined by spaces ("" when the header names only a person)."""

    person: str | None
    number: int
    side: str | None
    noun: str


def _find(tokens, phrase):
    for start in range(len(tokens) - len(phrase) + 1):
        if tuple(tokens[start : start + len(phrase)]) == phrase:
            return start
    return -1


def _cut(tokens, start, end):
    """The tokens without ``[start:end)`` and the connectors that tie it to the noun."""
    while start > 0 and tokens[start - 1] in _CONNECTORS:
        start -= 1
    while end < len(tokens) and tokens[end] in _CONNECTORS and start == 0:
        end += 1
    return tokens[:start] + tokens[end:]


def _take_numbered(tokens):
    for phrase in _NUMBERED:
        start = _find(tokens, phrase)
        end = start + len(phrase)
        if start >= 0 and end < len(tokens) and tokens[end].isdigit():
            return int(tokens[end]), _cut(tokens, start, end + 1)
    return None, tokens


def _take(tokens, table):
    for name, phrase in table:
        start = _find(tokens, phrase)
        if start >= 0:
            return name, _cut(tokens, start, start + len(phrase))
    return None, tokens


def read_header(text):
    """A ``Reading`` of the header, or None when it has no role, number or side word."""
    tokens = words(text)
    number, tokens = _take_numbered(tokens)
    person = CONTACT if number else None
    if person is None:
        person, tokens = _take(tokens, _ROLES)
    side, tokens = _take(tokens, _SIDES)
    if person is None and side is None:
        return None
    return Reading(person=person, number=number or 1, side=side, noun=" ".join(tokens))


def person_target(key, reading, by_key):
    """The target of a noun's ``key`` for the person or side the header names,
    or None when that person has no such field ("Spouse City")."""
    side, _dot, suffix = key.partition(".")
    first_person = reading.person == CONTACT and reading.number == 1
    if key == f"{ACCOUNT}.name" and reading.side != ACCOUNT and not first_person:
        return None  # "Contact 2 Company" is not the contact's name
    if reading.person == SPOUSE:
        wanted = f"{SPOUSE}.{suffix}"
    elif reading.person == CONTACT and (reading.number > 1 or side == CONTACT):
        wanted = f"{CONTACT}.{suffix}"
    elif reading.person == CONTACT:
        wanted = key  # the row's first person: the household's address stays the account's
    elif reading.side == ACCOUNT:
        wanted = f"{ACCOUNT}.{suffix}" if f"{ACCOUNT}.{suffix}" in by_key else key
    else:
        wanted = f"{CONTACT}.{suffix}"
    return wanted if wanted in by_key else None
