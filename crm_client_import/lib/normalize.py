"""Clean and check the values of one row, and say what is wrong in plain words.

Every normalizer takes ``(value, context, country)`` and returns a ``Cleaned``:
the clean value (``None`` when the value is dropped), the problems found, and
``extra`` values the engine may keep elsewhere (more e-mail addresses of one
cell). ``country`` is the ISO-2 code that applies to the value: the companion
code column (NumNum's ``vat_country_code``, ``iban_country_code``), else the
row's country for that side, else the company's country; ``""`` when unknown.

Strictness. Normalizers report an invalid value as ``ERROR`` when the user's
choice decides and as ``WARNING`` when it never skips the row;
``normalize_values`` applies the choice. The strict mode (Accounton's way)
skips the row on an error; the default mode makes it a warning. A warning keeps
the row, and the value as the last column says, so a bad optional cell never
costs a client:

===============================================  =======  =======  ============
Problem                                          strict   default  the value
===============================================  =======  =======  ============
phone or mobile possible in the row's country,   error    warning  E.164
the company's or as "+" and the digits, but
not valid (``09 123 45 67``)
phone or mobile that is not even possible        error    warning  as typed
invalid e-mail address (the first of the cell)   error    warning  notes
invalid national number, VAT (also a prefix      error    warning  notes
stdnum has no VAT check for), enterprise
number, IBAN or BIC
unknown country, legal form, account type,       warning  warning  notes
language, yes/no value, date or number;
language not installed; website with spaces
user or state not found by the lookup hook       warning  warning  notes
invalid address after the first of a cell or     warning  warning  notes
in an extra e-mails column
BIC without IBAN (a bank account needs an IBAN)  warning  warning  notes
more than one e-mail address in a cell           warning  warning  first kept,
                                                                   others extra
a placeholder (``n.v.t.``, ``geen``, ``/``)      info     info     empty
===============================================  =======  =======  ============

Notes. A value left out of its field goes to the notes of the partner it
belongs to, as a line naming the column and the value:
``BTW-nummer: BE0123 (not a valid VAT number)``. The problem carries the
template of that line (``Problem.note``); ``RowNormalizer`` adds the line, an
``errors.Note``, to the ``notes`` of the value's side (``account.notes``,
``contact.notes``, ``spouse.notes``), or to the account's when the row names no
contact or spouse.

Placeholders. A cell that only says "none" or "not applicable" (see
``placeholders``) is empty, with an ``INFO`` problem, for the identifiers and
contact details (e-mail, phone, national number, VAT, enterprise number,
reference, IBAN, BIC, website) and for the values read from a list or a format
(country, legal form, language, yes/no, user, date, number): such a cell can
never become an identifier (``NVT...``). Names, notes, tags and other free
text are left as typed ("Geen" can be a surname), and so is the account type,
where "Particulier" and "Privé" mean an individual.
"""

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import phonenumbers
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import bis as stdnum_be_bis
from stdnum.be import nn as stdnum_be_nn
from stdnum.be import vat as stdnum_be_vat
from stdnum.eu import vat as stdnum_eu_vat
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidLength,
    ValidationError,
)
from stdnum.util import get_cc_module

from . import catalogue
from .errors import ERROR, INFO, WARNING, Note, Problem, _lt
from .placeholders import is_placeholder
from .synonyms import (
    ACCOUNT_TYPE_VALUES,
    BOOLEAN_VALUES,
    COUNTRIES,
    LANGUAGE_VALUES,
    LEGAL_FORMS,
    LOCALE_PREFERENCES,
)

STRICT = "strict"
LENIENT = "lenient"


@dataclass(slots=True)
class Cleaned:
    """The outcome of one normalizer: ``value`` is ``None`` when dropped."""

    value: object = None
    problems: list = field(default_factory=list)
    extra: list = field(default_factory=list)


@dataclass(frozen=True)
class NormalizeContext:
    """Settings that hold for a whole import.

    ``lookup(kind, text, country)`` is an optional hook for values only Odoo can
    resolve (``kind`` is the target's writer: ``"user"`` or ``"state"``); it
    returns the resolved value or ``None`` when nothing matches. Without a hook
    those values pass through as cleaned text for the Odoo side to resolve.
    """

    default_country: str = ""
    installed_languages: tuple = ("en_US",)
    strictness: str = LENIENT
    lookup: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "installed_languages", tuple(self.installed_languages))
        object.__setattr__(self, "default_country", (self.default_country or "").upper())


DEFAULT_CONTEXT = NormalizeContext()


# --- text ---------------------------------------------------------------

_SPECIAL_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})


@functools.lru_cache(maxsize=8192)
def fold(text):
    """Text reduced for comparison: lower case, no accents, letters and digits
    only ("E-mail adres", "e_mail_adres" and "EMAIL ADRES" give "emailadres")."""
    # compatibility forms first (a mathematical 𝐴 is an A), then case, then accents
    text = unicodedata.normalize("NFKD", str(text)).casefold().translate(_SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def squash(value):
    """Trimmed text with runs of spaces, tabs, newlines and NBSP made one space."""
    if value is None:
        return ""
    # str.split() splits on the characters regex \s matches, several times faster
    return " ".join(str(value).split())


def _problem(message, value, severity=ERROR, note="", **params):
    params = {"value": value, **params}
    return Problem(message=message, params=params, severity=severity, note=note)


def _error(message, value, note, **params):
    """An invalid value, left out: it skips the row in the strict mode only; the
    notes keep it as ``note`` says."""
    return Cleaned(None, [_problem(message, value, ERROR, note, **params)])


def _warning(message, value, note, **params):
    """A value that is left out whatever the strictness; the notes keep it."""
    return Cleaned(None, [_problem(message, value, WARNING, note, **params)])


def _placeholder_is_empty(normalizer):
    """``normalizer``, for which a cell that only says "none" (``n.v.t.``,
    ``geen``, ``/``) is an empty one, said with an ``INFO`` problem."""

    @functools.wraps(normalizer)
    def normalize(value, context=None, country=""):
        text = squash(value)
        if is_placeholder(text):
            return Cleaned(None, [_problem(_lt("%(value)s read as empty"), text, INFO)])
        return normalizer(text, context, country)

    return normalize


def normalize_char(value, context=None, country=""):
    """One line of text; the case is never changed (McDonald, van der Berg)."""
    return Cleaned(squash(value) or None)


def normalize_text(value, context=None, country=""):
    """Several lines of text (notes): outer blanks trimmed, line breaks kept."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return Cleaned(text or None)


@_placeholder_is_empty
def normalize_url(value, context=None, country=""):
    text = squash(value)
    if not text:
        return Cleaned()
    if " " in text:
        message = _lt("Website %(value)s contains spaces: correct the address")
        return _warning(message, text, _lt("%(column)s: %(value)s (not a web address)"))
    return Cleaned(text)


@_placeholder_is_empty
def normalize_identifier(value, context=None, country=""):
    """One line of text that says who a client is (a client number): kept as
    typed, but a placeholder is empty."""
    return normalize_char(value)


@_placeholder_is_empty
def normalize_user(value, context=None, country=""):
    """A user by e-mail, login or name; e-mails and logins compare lower case."""
    text = squash(value)
    if "@" in text:
        text = text.lower()
    return Cleaned(text or None)


# --- e-mail -------------------------------------------------------------

_EMAIL_LIST_SEPARATORS = re.compile(r"[;,|]|\s/\s")
_ANGLE_BRACKETS = re.compile(r"<([^<>]*)>")
# A display name in quotes or a comment in brackets, without an address in it.
_EMAIL_NAME_OR_COMMENT = re.compile(r'"[^"@]*"|\([^()@]*\)')
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_EMAIL_LOCAL = re.compile(r"[^\s@\"(),:;<>\[\]\\]+")
_EMAIL_DOMAIN = re.compile(
    r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})"
)
_EMAIL_QUOTES = "\"'()[]{}"
_EMAIL_NOTE = _lt("%(column)s: %(value)s (not a valid e-mail address)")


def _email_candidates(text):
    """The addresses written in one cell, in order, without display names.

    Addresses are separated by ``;``, ``,``, ``|`` or `` / ``, or by spaces when
    every word holds an @. A space anywhere else stays in the address, which is then
    invalid: ``jan janssens@telenet.be`` is never read as ``janssens@telenet.be``.
    """
    cleaned = _EMAIL_NAME_OR_COMMENT.sub(" ", _MAILTO.sub(" ", text))
    addresses = []
    for part in _EMAIL_LIST_SEPARATORS.split(cleaned):
        words = _ANGLE_BRACKETS.findall(part) or part.split()
        if not all("@" in word for word in words):
            words = [" ".join(words)]
        for word in words:
            # quotes and brackets around an address, a full stop after it
            address = word.strip(_EMAIL_QUOTES).rstrip(".")
            if address and address.casefold() not in (a.casefold() for a in addresses):
                addresses.append(address)
    return addresses or [text]


def _check_email(address):
    """``(clean address, None)`` or ``(None, problem)`` for one address."""
    if address.count("@") != 1:
        message = _lt(
            "%(value)s is not an e-mail address (it needs exactly one @): correct it or "
            "map this column to another field"
        )
        return None, _problem(message, address, note=_EMAIL_NOTE)
    local, domain = address.split("@")
    if not _EMAIL_LOCAL.fullmatch(local) or local.startswith(".") or ".." in local:
        message = _lt(
            "E-mail address %(value)s is not valid before the @: remove spaces and "
            "characters such as , ; < > ( )"
        )
        return None, _problem(message, address, note=_EMAIL_NOTE)
    domain = domain.lower()
    try:
        ascii_domain = domain if domain.isascii() else domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = ""
    if not _EMAIL_DOMAIN.fullmatch(ascii_domain):
        message = _lt(
            "The domain of e-mail address %(value)s is not valid: check the part after "
            "the @ (for example telenet.be)"
        )
        return None, _problem(message, address, note=_EMAIL_NOTE)
    return f"{local}@{ascii_domain}", None


@_placeholder_is_empty
def normalize_email(value, context=None, country=""):
    """First address of the cell; more addresses go to ``extra`` with a warning.

    Accepts ``mailto:``, ``Name <a@b.be>`` and several addresses (see
    ``_email_candidates``). The domain is lower-cased and IDNA-encoded, the part
    before the @ is kept as typed. An invalid first address is left out (an
    error, see the table above) and the valid others still go to ``extra``; an
    invalid other one is left out with a warning.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    result = Cleaned()
    for position, address in enumerate(_email_candidates(text)):
        email, problem = _check_email(address)
        if problem:
            if position:
                problem.severity = WARNING
            result.problems.append(problem)
        elif position:
            result.extra.append(email)
        else:
            result.value = email
    if result.value and result.extra:
        message = _lt(
            "The cell holds several e-mail addresses: %(value)s is used and %(others)s "
            "kept as extra addresses"
        )
        others = ", ".join(result.extra)
        result.problems.append(_problem(message, result.value, WARNING, others=others))
    return result


@_placeholder_is_empty
def normalize_emails(value, context=None, country=""):
    """Every address of the cell, for extra e-mail columns; an invalid one is
    left out with a warning (strictness does not apply to extra addresses)."""
    text = squash(value)
    result = Cleaned([])
    for address in _email_candidates(text) if text else []:
        email, problem = _check_email(address)
        if problem:
            problem.severity = WARNING
            result.problems.append(problem)
        else:
            result.value.append(email)
    result.value = result.value or None
    return result


# --- phone --------------------------------------------------------------

_PHONE_PUNCTUATION = re.compile(r"[\s.\-/()]")

# phonenumbers then keeps the patterns of its metadata compiled instead of asking the
# re module for them on every parse (a tenth of the time of a number); older
# versions have no such switch.
if hasattr(phonenumbers, "enable_pattern_cache"):
    phonenumbers.enable_pattern_cache()


@functools.lru_cache(maxsize=4096)
def _read_phone(text, region):
    """``(E.164, valid)`` of ``text`` read in ``region`` (``None``: an international
    number), or ``None`` when it is not even a possible number there. Cached:
    parsing is most of the cost of a row, and the account's own number comes
    back on the row of each of its contacts."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.is_valid_number(number)


def _phone_problem(text, region, international):
    """The problem of a number not valid in ``region``, or else as an international
    number (``international``) or as a number without a country."""
    if region:
        message = _lt(
            "Phone number %(value)s is not a valid number in %(country)s: check the digits "
            "or write it with its country code, e.g. +32 471 23 45 67"
        )
        return _problem(message, text, country=region)
    if international:
        message = _lt(
            "Phone number %(value)s is not a valid international number: check the "
            "country code and the digits"
        )
        return _problem(message, text)
    message = _lt(
        "Phone number %(value)s has no country code and the row has no country: "
        "write it with the country code, e.g. +32 471 23 45 67"
    )
    return _problem(message, text)


def _phone_candidates(digits, country, context):
    """``[(text, region)]`` to read, in order: a national number of ``country``
    (the row's), of the company's country, then an international number."""
    if digits.startswith("+"):
        return [(digits, None)]
    company_country = (context or DEFAULT_CONTEXT).default_country
    regions = dict.fromkeys(filter(None, [(country or "").upper(), company_country]))
    candidates = [(digits, region) for region in regions]
    if digits.isdigit() and not digits.startswith("0"):
        # an international number that lost its "+" when stored as a number
        candidates.append(("+" + digits, None))
    return candidates


@_placeholder_is_empty
def normalize_phone(value, context=None, country=""):
    """E.164 (``+32471234567``) of the first reading of the number that is valid
    (see ``_phone_candidates``); else of the first that is possible, with a
    problem; else the text as typed, with a problem.

    Understands numbers that Excel stored as numbers (``32471625368`` lost its
    "+", ``471234567`` its 0), ``0032...`` and ``+32 (0)471...``.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    digits = _PHONE_PUNCTUATION.sub("", text.replace("(0)", ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    candidates = _phone_candidates(digits, country, context)
    possible = None
    for candidate, region in candidates:
        reading = _read_phone(candidate, region)
        if reading is None:
            continue
        number, valid = reading
        if valid:
            return Cleaned(number)
        possible = possible or (number, region)
    if possible:
        number, region = possible
        return Cleaned(number, [_phone_problem(text, region, international=True)])
    region = next((region for _candidate, region in candidates if region), None)
    return Cleaned(text, [_phone_problem(text, region, digits.startswith("+"))])


# --- identifiers --------------------------------------------------------

_ID_SEPARATORS = re.compile(r"[\s.\-/]")

_NATIONAL_NUMBER_NOTE = _lt("%(column)s: %(value)s (not a valid national number)")


@_placeholder_is_empty
def normalize_national_number(value, context=None, country=""):
    """Belgian national register or BIS number as 11 digits.

    A bare number of 8 to 10 digits lost its leading zeros when Excel stored it
    as a number (people born 2000-2009: 01.02.14-102.27 becomes 1021410227, born
    in January 2000 even 8 digits): the zeros are put back. BIS numbers have
    their birth month raised by 20 or 40 and are checked by ``stdnum.be.bis``.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    digits = _ID_SEPARATORS.sub("", text)
    if not digits.isdigit():
        message = _lt(
            "Belgian national number %(value)s may only contain digits, dots and dashes: "
            "remove the other characters"
        )
        return _error(message, text, _NATIONAL_NUMBER_NOTE)
    if digits == text and not digits.startswith("0") and 8 <= len(digits) <= 10:
        digits = digits.zfill(11)
    if len(digits) != 11:
        message = _lt(
            "Belgian national number %(value)s has %(count)s digits instead of 11: check "
            "the number on the identity card"
        )
        return _error(message, text, _NATIONAL_NUMBER_NOTE, count=len(digits))
    month = int(digits[2:4])
    module = stdnum_be_bis if 20 <= month <= 32 or 40 <= month <= 52 else stdnum_be_nn
    try:
        module.validate(digits)
    except InvalidChecksum:
        message = _lt(
            "Belgian national number %(value)s has a wrong check digit: check the number "
            "on the identity card"
        )
        return _error(message, text, _NATIONAL_NUMBER_NOTE)
    except InvalidComponent:
        message = _lt(
            "Belgian national number %(value)s holds an impossible birth date: check the "
            "number on the identity card"
        )
        return _error(message, text, _NATIONAL_NUMBER_NOTE)
    except ValidationError:
        message = _lt(
            "%(value)s is not a Belgian national number: check the number on the identity card"
        )
        return _error(message, text, _NATIONAL_NUMBER_NOTE)
    return Cleaned(digits)


@functools.lru_cache(maxsize=256)
def _vat_module(country_code):
    """stdnum's VAT module for a country (EU through ``stdnum.eu.vat``)."""
    if country_code.lower() in stdnum_eu_vat.MEMBER_STATES | {"el"}:
        return stdnum_eu_vat
    return get_cc_module(country_code.lower(), "vat")


_VAT_NOTE = _lt("%(column)s: %(value)s (not a valid VAT number)")


@_placeholder_is_empty
def normalize_vat(value, context=None, country=""):
    """VAT number as Odoo stores it: country prefix + compact number.

    The prefix is taken from the value (``BE0123.456.749``) or else from
    ``country`` (``0123456749`` + BE). Belgian numbers stored as numbers lost
    their leading 0 (``123456749``): stdnum puts it back. A prefix stdnum has no
    VAT check for is invalid: no such country, or a word (``NVT`` of ``n.v.t.``).
    """
    text = squash(value)
    if not text:
        return Cleaned()
    compact = _ID_SEPARATORS.sub("", text).upper()
    if compact[:2].isalpha():
        country_code, number = compact[:2], compact[2:]
    elif country:
        country_code, number = country.upper(), compact
    else:
        message = _lt(
            "VAT number %(value)s has no country code: write it as BE0123456749 or add "
            "a VAT country code column"
        )
        return _error(message, text, _VAT_NOTE)
    if country_code == "GR":
        country_code = "EL"  # Greek VAT numbers use EL
    module = _vat_module(country_code)
    if module is None:
        message = _lt(
            "VAT number %(value)s cannot be checked: %(country)s is not the code of a "
            "country with known VAT numbers; write it with its country code, e.g. BE0123456749"
        )
        return _error(message, text, _VAT_NOTE, country=country_code)
    try:
        checked = module.validate(country_code + number)
    except InvalidChecksum:
        message = _lt(
            "VAT number %(value)s has a wrong check digit: copy it again from an invoice "
            "or check it in VIES"
        )
        return _error(message, text, _VAT_NOTE)
    except InvalidLength:
        message = _lt(
            "VAT number %(value)s has the wrong number of digits for %(country)s: copy "
            "it again from an invoice"
        )
        return _error(message, text, _VAT_NOTE, country=country_code)
    except ValidationError:
        message = _lt(
            "VAT number %(value)s is not a valid %(country)s VAT number: copy it again "
            "from an invoice"
        )
        return _error(message, text, _VAT_NOTE, country=country_code)
    if not checked[:2].isalpha():
        checked = country_code + checked
    return Cleaned(checked)


_ENTERPRISE_NUMBER_NOTE = _lt("%(column)s: %(value)s (not a valid enterprise number)")


@_placeholder_is_empty
def normalize_enterprise_number(value, context=None, country=""):
    """Belgian KBO/BCE enterprise number as 10 digits (``0123456749``).

    That is what Odoo's Belgian localisation puts in ``company_registry`` (the
    VAT number without ``BE``). Accepts ``0123.456.749``, ``BE 0123456749`` and
    9-digit numbers that lost their leading 0. For a row in another country the
    registry number (KvK, SIREN...) is kept as typed.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    if country and country.upper() != "BE" and not text.upper().startswith("BE"):
        return Cleaned(text)
    try:
        return Cleaned(stdnum_be_vat.validate(text))
    except InvalidChecksum:
        message = _lt(
            "Enterprise number %(value)s has a wrong check digit: check it in the "
            "Crossroads Bank for Enterprises (KBO/BCE)"
        )
        return _error(message, text, _ENTERPRISE_NUMBER_NOTE)
    except ValidationError:
        message = _lt(
            "Enterprise number %(value)s is not a Belgian enterprise number: it has 10 "
            "digits and starts with 0 or 1, e.g. 0123.456.749"
        )
        return _error(message, text, _ENTERPRISE_NUMBER_NOTE)


_IBAN_NOTE = _lt("%(column)s: %(value)s (not a valid IBAN)")


@_placeholder_is_empty
def normalize_iban(value, context=None, country=""):
    """Compact upper-case IBAN; ``country`` completes an IBAN typed without it.

    Checked for length, structure and check digits. stdnum's per-country check
    is left out: it also looks the bank code up in lists that go out of date
    (stdnum 1.19 refuses some valid Belgian IBANs).
    """
    text = squash(value)
    if not text:
        return Cleaned()
    compact = stdnum_iban.compact(text)
    if compact[:1].isdigit() and country:
        compact = country.upper() + compact
    try:
        return Cleaned(stdnum_iban.validate(compact, check_country=False))
    except InvalidChecksum:
        message = _lt("IBAN %(value)s has a wrong check digit: copy it again from a bank statement")
        return _error(message, text, _IBAN_NOTE)
    except InvalidLength:
        message = _lt(
            "IBAN %(value)s has the wrong length for its country: copy it again from a "
            "bank statement"
        )
        return _error(message, text, _IBAN_NOTE)
    except ValidationError:
        message = _lt(
            "IBAN %(value)s is not valid: it starts with a country code, e.g. BE68 5390 0754 7034"
        )
        return _error(message, text, _IBAN_NOTE)


@_placeholder_is_empty
def normalize_bic(value, context=None, country=""):
    """Compact upper-case BIC of 8 or 11 characters (``stdnum.bic``)."""
    text = squash(value)
    if not text:
        return Cleaned()
    try:
        return Cleaned(stdnum_bic.validate(text))
    except ValidationError:
        message = _lt(
            "BIC %(value)s is not valid: a BIC has 8 or 11 letters and digits, e.g. GEBABEBB"
        )
        return _error(message, text, _lt("%(column)s: %(value)s (not a valid BIC)"))


# --- choices ------------------------------------------------------------


def _by_folded_name(table):
    """``{canonical: [names]}`` -> ``{folded name: canonical}``, canonical included."""
    lookup = {}
    for canonical, names in table.items():
        for name in [canonical, *names]:
            lookup[fold(name)] = canonical
    return lookup


_COUNTRY_BY_NAME = _by_folded_name({code: [iso3, *names] for code, iso3, names in COUNTRIES})
_LEGAL_FORM_BY_NAME = _by_folded_name(LEGAL_FORMS)
_ACCOUNT_TYPE_BY_NAME = _by_folded_name(ACCOUNT_TYPE_VALUES)
_LANGUAGE_BY_NAME = _by_folded_name(LANGUAGE_VALUES)
_BOOLEAN_BY_NAME = _by_folded_name(BOOLEAN_VALUES)

COUNTRY_CODES = [code for code, _iso3, _names in COUNTRIES]
LEGAL_FORM_CODES = list(LEGAL_FORMS)
ACCOUNT_TYPES = list(ACCOUNT_TYPE_VALUES)


@_placeholder_is_empty
def normalize_country(value, context=None, country=""):
    """ISO-2 code from an ISO-2 or ISO-3 code or a name in en/nl/fr/de/ro."""
    text = squash(value)
    if not text:
        return Cleaned()
    code = _COUNTRY_BY_NAME.get(fold(text))
    if code:
        return Cleaned(code)
    message = _lt(
        "Country %(value)s is not recognised: use the two-letter code, e.g. BE, NL, FR or DE"
    )
    return _warning(message, text, _lt("%(column)s: %(value)s (country not recognised)"))


@_placeholder_is_empty
def normalize_legal_form(value, context=None, country=""):
    """Canonical legal form code (``Besloten Vennootschap``, ``BVBA`` -> ``BV``)."""
    text = squash(value)
    if not text:
        return Cleaned()
    code = _LEGAL_FORM_BY_NAME.get(fold(text))
    if code:
        return Cleaned(code)
    message = _lt(
        "Legal form %(value)s is not known: use a code such as BV, NV, SRL, SA, VZW or "
        "ASBL, or leave the cell empty"
    )
    return _warning(message, text, _lt("%(column)s: %(value)s (legal form not known)"))


def normalize_account_type(value, context=None, country=""):
    """``company``, ``individual``, ``family``, ``trust`` or ``other``.

    A legal form (BV, SRL, GmbH...) means a company.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    folded = fold(text)
    account_type = _ACCOUNT_TYPE_BY_NAME.get(folded)
    if account_type is None and folded in _LEGAL_FORM_BY_NAME:
        account_type = "company"
    if account_type:
        return Cleaned(account_type)
    message = _lt(
        "Account type %(value)s is not known: use company, individual, family, trust or other"
    )
    return _warning(message, text, _lt("%(column)s: %(value)s (account type not known)"))


@_placeholder_is_empty
def normalize_boolean(value, context=None, country=""):
    """True or False from yes/no in five languages, 1/0, true/false and x."""
    text = squash(value)
    if not text:
        return Cleaned()
    flag = _BOOLEAN_BY_NAME.get(fold(text))
    if flag is not None:
        return Cleaned(flag)
    message = _lt("%(value)s is not a yes/no value: write yes or no")
    return _warning(message, text, _lt("%(column)s: %(value)s (not a yes/no value)"))


_LOCALE = re.compile(r"([a-z]{2,3})[_-]([a-z]{2}|\d{3})", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _resolve_language(text, installed):
    """``(installed code or None, base language or None)``."""
    locale = _LOCALE.fullmatch(text)
    if locale:
        base = locale.group(1).lower()
        exact = f"{base}_{locale.group(2).upper()}"
        if exact in installed:
            return exact, base
    else:
        base = _LANGUAGE_BY_NAME.get(fold(text))
        if base is None and len(text) == 2 and text.isalpha():
            base = text.lower()
    if base is None:
        return None, None
    variants = sorted(code for code in installed if code.split("_")[0] == base)
    for code in [*LOCALE_PREFERENCES.get(base, []), *variants]:
        if code in installed:
            return code, base
    return None, base


def normalize_language(value, installed_codes):
    """The installed Odoo language for ``nl``, ``fr_BE``, ``Nederlands``, ``Frans``...

    Belgian variants come first (``nl`` -> ``nl_BE``, else ``nl_NL``; ``fr`` ->
    ``fr_BE``, else ``fr_FR``), see ``synonyms.LOCALE_PREFERENCES``.
    """
    text = squash(value)
    if not text:
        return Cleaned()
    code, base = _resolve_language(text, tuple(installed_codes))
    if code:
        return Cleaned(code)
    if base:
        message = _lt(
            "Language %(value)s is not installed in Odoo: install it (Settings > "
            "Languages) or leave the cell empty"
        )
        return _warning(message, text, _lt("%(column)s: %(value)s (language not installed)"))
    message = _lt("Language %(value)s is not recognised: use nl, fr, en or de")
    return _warning(message, text, _lt("%(column)s: %(value)s (language not recognised)"))


@_placeholder_is_empty
def _normalize_installed_language(value, context, country=""):
    return normalize_language(value, context.installed_languages)


_TAG_SEPARATORS = re.compile(r"\s*(?:[,;|\n]|:::)\s*")


def normalize_tags(value, context=None, country=""):
    """Tag names split on ``,`` ``;`` ``|`` (and Google's ``:::``), de-duplicated
    case-insensitively. Google's system groups (``* myContacts``) are left out."""
    tags, seen = [], set()
    for tag in _TAG_SEPARATORS.split(str(value or "")):
        tag = squash(tag)
        if not tag or tag.startswith("* ") or tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        tags.append(tag)
    return Cleaned(tags or None)


# --- dates and numbers --------------------------------------------------

_DATE_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_DATE_YEAR_FIRST = re.compile(
    r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_EXCEL_SERIAL = re.compile(r"\d{4,5}(?:\.\d+)?")
# Excel's 1900 date system: serial 1 is 1900-01-01, but Excel counts a 29
# February 1900 that never was, so from March 1900 on day 0 is 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
# Only serials of plausible dates (1920-2100) are read as dates.
_EXCEL_SERIAL_RANGE = (
    (date(1920, 1, 1) - _EXCEL_EPOCH).days,
    (date(2100, 12, 31) - _EXCEL_EPOCH).days,
)


def parse_date(text, serials=True):
    """``date`` or ``None``. Day first (dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy), ISO
    (yyyy-mm-dd, with an optional time), and Excel serial numbers if ``serials``.
    A two-digit year is in this century up to the current year, else the last.
    Month-first dates (12/31/2020) are never guessed."""
    text = squash(text)
    match = _DATE_YEAR_FIRST.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif match := _DATE_DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            this_year = date.today().year
            year += 2000 if 2000 + year <= this_year else 1900
    elif serials and _EXCEL_SERIAL.fullmatch(text):
        serial = int(float(text))
        low, high = _EXCEL_SERIAL_RANGE
        return _EXCEL_EPOCH + timedelta(days=serial) if low <= serial <= high else None
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@_placeholder_is_empty
def normalize_date(value, context=None, country=""):
    """ISO date ``YYYY-MM-DD``, see ``parse_date``."""
    text = squash(value)
    if not text:
        return Cleaned()
    parsed = parse_date(text)
    if parsed:
        return Cleaned(parsed.isoformat())
    message = _lt(
        "%(value)s is not a date: write it day first as dd/mm/yyyy (31/12/2024) or as yyyy-mm-dd"
    )
    return _warning(message, text, _lt("%(column)s: %(value)s (not a date)"))


_INTEGER = re.compile(r"[+-]?\d+(?:\.0+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_DECIMAL_POINT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def parse_integer(text):
    """``int`` of a whole number (spaces allowed as thousands separators) or ``None``."""
    compact = re.sub(r"\s", "", str(text or ""))
    return int(float(compact)) if _INTEGER.fullmatch(compact) else None


def parse_float(text):
    """``float`` from 12.5, 12,5, 1.234,56 or 1,234.56 (spaces ignored), or ``None``."""
    compact = re.sub(r"\s", "", str(text or ""))
    if _DECIMAL_COMMA.fullmatch(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if _DECIMAL_POINT.fullmatch(compact):
        return float(compact.replace(",", ""))
    return None


@_placeholder_is_empty
def normalize_integer(value, context=None, country=""):
    text = squash(value)
    if not text:
        return Cleaned()
    number = parse_integer(text)
    if number is not None:
        return Cleaned(number)
    message = _lt("%(value)s is not a whole number: write digits only")
    return _warning(message, text, _lt("%(column)s: %(value)s (not a whole number)"))


@_placeholder_is_empty
def normalize_float(value, context=None, country=""):
    text = squash(value)
    if not text:
        return Cleaned()
    number = parse_float(text)
    if number is not None:
        return Cleaned(number)
    message = _lt("%(value)s is not a number: write it like 1234,56 or 1234.56")
    return _warning(message, text, _lt("%(column)s: %(value)s (not a number)"))


# --- registry and row entry point ---------------------------------------

NORMALIZERS = {
    "char": normalize_char,
    "name": normalize_char,
    "text": normalize_text,
    "url": normalize_url,
    "identifier": normalize_identifier,
    "user": normalize_user,
    "email": normalize_email,
    "emails": normalize_emails,
    "phone": normalize_phone,
    "national_number": normalize_national_number,
    "vat": normalize_vat,
    "enterprise_number": normalize_enterprise_number,
    "iban": normalize_iban,
    "bic": normalize_bic,
    "country": normalize_country,
    "legal_form": normalize_legal_form,
    "account_type": normalize_account_type,
    "boolean": normalize_boolean,
    "language": _normalize_installed_language,
    "tags": normalize_tags,
    "date": normalize_date,
    "integer": normalize_integer,
    "float": normalize_float,
}

# The normalizer of a new field of each type.
FIELD_TYPE_NORMALIZERS = {
    "char": "char",
    "text": "text",
    "date": "date",
    "integer": "integer",
    "float": "float",
    "boolean": "boolean",
}


def _normalizer(target):
    normalizer = target.normalizer
    if normalizer is None:
        return normalize_char
    if callable(normalizer):
        return normalizer
    return NORMALIZERS[normalizer]


def normalize_values(raw, targets, context=DEFAULT_CONTEXT, columns=None):
    """Clean one row: ``raw`` is ``{target key: text or list of texts}`` as given
    by ``mapping.apply_mapping``.

    ``targets`` is a list of ``Target`` or a ``{key: Target}`` dict. ``columns``
    optionally gives the header of each target's column, shown in problems.
    Returns ``(clean, problems)``: ``clean`` holds the values to write
    (multi-valued targets give lists, companion country codes are consumed,
    values left out of their field are lines of a side's ``notes``, see the
    module docstring); keys without a target pass through as trimmed text. Many rows are cleaned
    faster by one ``RowNormalizer``.
    """
    return RowNormalizer(targets, context, columns).normalize(raw)


# The keys that name the partner of a side: account.name, contact.first_name...
_NAME_PARTS = ("name", "first_name", "last_name")


class RowNormalizer:
    """Cleans the rows of one import as ``normalize_values`` does; what each
    target needs is looked up once, not once per cell."""

    def __init__(self, targets, context=DEFAULT_CONTEXT, columns=None):
        self.targets = targets if isinstance(targets, dict) else catalogue.targets_by_key(targets)
        self.context = context
        self.columns = columns or {}
        self.normalizers = {}  # by target key, filled as targets come up
        self.country_sides = {
            key: target.side
            for key, target in self.targets.items()
            if target.writer == catalogue.COUNTRY
        }
        self.lenient = context.strictness == LENIENT

    def normalize(self, raw):
        """``(clean, problems)`` of one row, see ``normalize_values``."""
        clean, problems = {}, []
        countries = self._side_countries(raw)
        for key, value in raw.items():
            target = self.targets.get(key)
            if target is None:
                clean[key] = squash(value) if isinstance(value, str) else value
                continue
            country = self._value_country(key, raw, countries[target.side])
            found = self._normalize_target(target, value, country, clean)
            for problem in found:
                problem.target = key
                problem.column = self.columns.get(key, "")
                if self.lenient and problem.severity == ERROR:
                    problem.severity = WARNING
            problems.extend(found)
        _check_bank_account(clean, problems, self.columns)
        for problem in problems:
            if problem.note:
                self._keep_in_notes(problem, raw, clean)
        return clean, problems

    def _keep_in_notes(self, problem, raw, clean):
        """Add the value ``problem`` left out to the notes of its side's partner
        when the row names that partner, else to the account's."""
        target = self.targets[problem.target]
        value = problem.params.get("value", "")
        params = {"column": problem.column or target.label, "value": value}
        for side in (target.side, catalogue.ACCOUNT):
            key = f"{side}.notes"
            if key in self.targets and any(raw.get(f"{side}.{part}") for part in _NAME_PARTS):
                clean.setdefault(key, []).append(Note(problem.note, params))
                return

    def _side_countries(self, raw):
        """``{side: ISO-2}``: the side's own country, else the contact's (for the
        spouse), else the account's, else the company's."""
        found = {}
        for key, value in raw.items():
            side = self.country_sides.get(key)
            if side is not None and (code := normalize_country(value).value):
                found[side] = code
        account = found.get(catalogue.ACCOUNT)
        contact = found.get(catalogue.CONTACT)
        default = self.context.default_country
        return {
            catalogue.ACCOUNT: account or contact or default,
            catalogue.CONTACT: contact or account or default,
            catalogue.SPOUSE: found.get(catalogue.SPOUSE) or contact or account or default,
        }

    def _value_country(self, key, raw, side_country):
        """The country that applies to a value: its companion code column, else its side's."""
        companion = catalogue.COUNTRY_COMPANIONS.get(key)
        if companion and raw.get(companion):
            code = normalize_country(raw[companion]).value
            if code:
                return code
        return side_country

    def _normalize_target(self, target, value, country, clean):
        """Clean the value(s) of one target into ``clean``; return the problems."""
        normalizer = self.normalizers.get(target.key)
        if normalizer is None:
            normalizer = self.normalizers[target.key] = _normalizer(target)
        context = self.context
        found = []
        for item in value if isinstance(value, list) else [value]:
            result = normalizer(item, context, country)
            found.extend(result.problems)
            if result.extra and f"{target.side}.extra_emails" in self.targets:
                clean.setdefault(f"{target.side}.extra_emails", []).extend(result.extra)
            if result.value is None or target.writer == catalogue.MERGED:
                continue
            if target.single:
                clean.setdefault(target.key, result.value)
            elif isinstance(result.value, list):
                clean.setdefault(target.key, []).extend(result.value)
            else:
                clean.setdefault(target.key, []).append(result.value)
        if (
            target.key in clean
            and context.lookup
            and target.writer in (catalogue.USER, catalogue.STATE)
        ):
            _resolve(target, clean, country, context, found)
        return found


def _resolve(target, clean, country, context, found):
    """Ask the lookup hook for a user or a state; drop the value if nothing matches."""
    text = clean[target.key]
    resolved = context.lookup(target.writer, text, country)
    if resolved is not None:
        clean[target.key] = resolved
        return
    del clean[target.key]
    if target.writer == catalogue.USER:
        message = _lt(
            "No user matches %(value)s: write the e-mail address or login of a user of the firm"
        )
        note = _lt("%(column)s: %(value)s (no such user)")
    else:
        message = _lt(
            "State %(value)s is not known in country %(country)s: use its name or code as "
            "listed in Odoo"
        )
        note = _lt("%(column)s: %(value)s (state not known)")
    found.append(_problem(message, text, WARNING, note, country=country))


def _check_bank_account(clean, problems, columns):
    """A BIC alone makes no bank account: left out with a warning, kept in the notes."""
    if "account.bic" in clean and "account.iban" not in clean:
        bic = clean.pop("account.bic")
        message = _lt("BIC %(value)s was left out: a bank account needs an IBAN in the same row")
        problem = _problem(message, bic, WARNING, _lt("%(column)s: %(value)s (no IBAN in the row)"))
        problem.target = "account.bic"
        problem.column = columns.get("account.bic", "")
        problems.append(problem)
