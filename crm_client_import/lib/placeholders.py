"""Words and signs that firms type in a cell to say "none" or "not applicable".

A cell holding only one of these is empty for an identifier or a contact detail
(VAT, enterprise number, national number, e-mail, phone, IBAN, BIC...): the
normalizers that apply the list are named in ``lib.normalize``. A cell with no
letter or digit at all ("-", "/", "--", "?", "...") is a placeholder too.

Left out on purpose: yes/no words ("nee", "no", "nu" is Romanian for no), which
are values of yes/no columns, and spellings that are also a code of a country
or a language ("NA" is Namibia, "k.A." folds to "ka", Georgian).
"""

import functools
import re
import unicodedata

PLACEHOLDER_WORDS = {
    "nl": [
        "n.v.t.",
        "niet van toepassing",
        "geen",
        "geen btw",
        "geen btw-nummer",
        "niet btw-plichtig",
        "vrijgesteld",
        "particulier",
        "privé",
        "privaat",
        "onbekend",
        "niet gekend",
        "ontbreekt",
        "nihil",
    ],
    "fr": [
        "néant",
        "n/a",
        "s/o",
        "sans objet",
        "non applicable",
        "non assujetti",
        "non assujetti à la TVA",
        "pas de TVA",
        "exonéré",
        "aucun",
        "aucune",
        "inconnu",
        "particulier",
        "privé",
    ],
    "en": [
        "n/a",
        "none",
        "not applicable",
        "nil",
        "null",
        "no VAT",
        "not VAT registered",
        "unknown",
        "private",
    ],
    "de": [
        "entfällt",
        "keine",
        "keiner",
        "kein",
        "keine Angabe",
        "nicht zutreffend",
        "nicht vorhanden",
        "nicht steuerpflichtig",
        "unbekannt",
        "privat",
        "Privatperson",
    ],
    "ro": [
        "nu este",
        "nu e cazul",
        "nu se aplică",
        "neaplicabil",
        "fără",
        "lipsă",
        "nu are",
        "niciunul",
        "necunoscut",
        "neplătitor de TVA",
        "persoană fizică",
    ],
}

# Spellings differ in case, accents, spaces, dots and dashes ("N.V.T", "nvt",
# "niet btw plichtig"); a slash counts ("n/a" is not "NA").
_IGNORED = frozenset(" .-_'’")
_DIGIT_OR_AT = re.compile(r"[\d@]")  # in every phone, VAT, IBAN and e-mail: a quick no
_LETTER = re.compile(r"[^\W\d_]")


def placeholder_key(text):
    """``text`` folded for comparison with the placeholder list."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _IGNORED)


PLACEHOLDERS = frozenset(
    placeholder_key(word) for words in PLACEHOLDER_WORDS.values() for word in words
)
# Longer cells are never looked up (a few spaces and dots more are allowed).
_LONGEST = max(len(word) for words in PLACEHOLDER_WORDS.values() for word in words) + 8


def is_placeholder(text):
    """Does the trimmed cell ``text`` only say "none" or "not applicable"?"""
    if not text or len(text) > _LONGEST or _DIGIT_OR_AT.search(text):
        return False
    return _is_placeholder_text(text)


@functools.lru_cache(maxsize=1024)
def _is_placeholder_text(text):
    # cached: the cells that get this far repeat (countries, languages, yes/no)
    return not _LETTER.search(text) or placeholder_key(text) in PLACEHOLDERS
