"""Full names split into first and last name, and households read as people.

A full-name column ("Primary Contact", "Contactpersoon", "Nom et prénom") holds
names in one order or the other: "Jan Peeters" or, as many Belgian exports
write them, "Peeters Jan". The order is a choice the user sees and may change:

- ``auto``: capitals and surname particles decide (``split_full_name``);
- ``first_last``: "Jan Van den Broeck", "Jean Pierre Dupont";
- ``last_first``: "Van den Broeck Jan", "Peeters-Janssens Marie Louise".

"Dirk & Sofie Claes" (also "en", "et", "and", "und", "și") is two people of
one household, who share the last name written once.
"""

import re

from .normalize import squash
from .synonyms import NAME_PARTICLES

AUTO = "auto"
FIRST_LAST = "first_last"
LAST_FIRST = "last_first"
NAME_ORDERS = (AUTO, FIRST_LAST, LAST_FIRST)

_PARTICLES = frozenset(NAME_PARTICLES)
_HOUSEHOLD = re.compile(r"\s*[&+]\s*|\s+(?:en|et|and|und|și|si)\s+", re.IGNORECASE)


def _is_particle(word):
    return word.casefold() in _PARTICLES


def _is_capitalised_surname(word):
    """JANSSENS (all capitals, two letters or more)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and word.isupper()


def _leading_surname_length(words):
    """How many words a surname written first takes: its particles and one word
    ("Van den Broeck Marie" -> 3, "Peeters Jan" -> 1)."""
    end = 0
    while end < len(words) - 1 and _is_particle(words[end]):
        end += 1
    return end + 1


def _trailing_surname_start(words):
    """Where a surname written last starts: at its first particle, else the last
    word ("Jan van der Berg" -> 1, "Jean Pierre Dupont" -> 2)."""
    return next((i for i in range(1, len(words) - 1) if _is_particle(words[i])), len(words) - 1)


def split_full_name(text, order=AUTO):
    """``(first, last)`` of a full name; the case is kept as typed.

    Whatever the order, "Van den Broeck, Marie" (a comma) is last name first, and
    a single word is a last name. With ``auto``:

    - "JANSSENS Peter", "Peter JANSSENS": the word(s) in capitals are the last
      name (with the particles just before them);
    - "van der Berg Jan": a name starting with a particle starts with the last name;
    - otherwise the last name is at the end, from its first particle on.
    """
    text = squash(text)
    if "," in text:
        last, first = (squash(part) for part in text.split(",", 1))
        return first, last
    words = text.split(" ") if text else []
    if len(words) < 2:
        return "", text
    if order == LAST_FIRST:
        end = _leading_surname_length(words)
        return " ".join(words[end:]), " ".join(words[:end])
    capitals = [index for index, word in enumerate(words) if _is_capitalised_surname(word)]
    if order == AUTO and capitals and len(capitals) < len(words):
        start, end = capitals[0], capitals[-1] + 1
        while start > 0 and _is_particle(words[start - 1]):
            start -= 1
        return " ".join(words[:start] + words[end:]), " ".join(words[start:end])
    if order == AUTO and _is_particle(words[0]):
        end = _leading_surname_length(words)
        return " ".join(words[end:]), " ".join(words[:end])
    start = _trailing_surname_start(words)
    return " ".join(words[:start]), " ".join(words[start:])


def household_parts(text):
    """The parts of a name joined by "&", "+", "en", "et", "and", "und" or "și":
    ``["Dirk", "Sofie Claes"]`` for "Dirk & Sofie Claes"; one part for any other name."""
    return [squash(part) for part in _HOUSEHOLD.split(squash(text))]


def split_household(text, order=AUTO):
    """``[(first, last), ...]``: one pair, or two for "Dirk & Sofie Claes".

    The part written as a single word is a first name and takes the other part's
    last name: "Dirk & Sofie Claes" and "Claes Dirk & Sofie" are Dirk Claes and
    Sofie Claes; "Dirk Claes & Sofie Peeters" are two full names.
    """
    parts = household_parts(text)
    if len(parts) != 2 or not all(parts):
        return [split_full_name(text, order)]
    left, right = parts
    left_single, right_single = " " not in left, " " not in right
    if left_single and not right_single:
        first, last = split_full_name(right, FIRST_LAST if order == AUTO else order)
        return [(left, last), (first, last)]
    if right_single and not left_single:
        first, last = split_full_name(left, LAST_FIRST if order == AUTO else order)
        return [(first, last), (right, last)]
    return [split_full_name(left, order), split_full_name(right, order)]


def full_name(first, last):
    """The name a person is written under: first name, then last name."""
    return " ".join(part for part in (first, last) if part)
