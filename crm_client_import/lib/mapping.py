"""Which column feeds which target: header matching, combine, split, applying.

``suggest_mapping`` proposes a ``Mapping`` for a sheet; the user corrects it; the
job stores it as JSON (``Mapping.to_dict``) and calls ``apply_mapping`` on every
row, then ``normalize.normalize_values``.

How a header is matched, best first (confidence in brackets):

- ``learned`` (100): a choice saved in a preset for this header;
- ``exact`` (100): the target's catalogue label (or a translated label passed in)
  or its key;
- ``synonym`` (90, or 80 for a weak synonym): ``synonyms.HEADER_SYNONYMS``;
- ``grammar`` (the noun's confidence - 5): a role or side word and a noun the
  lines above know, read by ``headers.read_header``: "Taxpayer Email" is the
  contact's e-mail, "Naam partner" the spouse's name, "Contact 2 Phone" the
  phone of the row's second contact (``ColumnMapping.contact_number`` 2);
- ``fuzzy`` (100 x similarity - 20, so 65-79): the closest known header when the
  ``difflib`` ratio of the folded texts is at least ``FUZZY_CUTOFF`` (0.85: it
  takes "Adress" for "Address" or "Voornam" for "Voornaam", not "E-mial" for
  "E-mail" nor "Phone 2 - Type" for "Phone 1 - Value");
- ``values`` (60; 70 when they overrule a known header; 80 for a header that
  says little such as "Naam", "Nummer", "Type", "Code"): the sample values are
  all e-mail addresses, national numbers, enterprise or VAT numbers, IBANs,
  legal forms, account types or phones;
- ``none`` (0): no idea; the column is ignored and a new field is proposed.

A bare name header ("Naam", "Nom", "Name of spouse") is the person's last name
when a first-name column of the same person exists, else the full name. A
full-name column of a person with no first or last name column gets a ``Split``
whose order the user may change ("Peeters Jan" is common in Belgian exports).

A column is never imported on a guess: one below ``CHECK_CONFIDENCE`` (shown as
"check this") is left out, with a note naming the field it looks like.

Sample values also confirm a match (a fuzzy match gains 10) or decline it: a
declined fuzzy match is dropped, a declined synonym loses 30 and gets a note.
Two columns never feed one single-valued target of one person: the more
confident one (the leftmost on a tie) keeps it, the other is ignored with a note
naming it.
"""

import difflib
import itertools
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from . import catalogue, names
from .catalogue import NEW_FIELD_PREFIX, Target, numbered_key
from .errors import ERROR, ClientImportError, Problem, _lt
from .headers import ascii_words, person_target, read_header
from .names import NAME_ORDERS, split_full_name
from .normalize import (
    DEFAULT_CONTEXT,
    FIELD_TYPE_NORMALIZERS,
    fold,
    normalize_account_type,
    normalize_email,
    normalize_emails,
    normalize_enterprise_number,
    normalize_iban,
    normalize_legal_form,
    normalize_national_number,
    normalize_vat,
    parse_date,
    parse_float,
    parse_integer,
)
from .synonyms import (
    BOOLEAN_VALUES,
    CODE_SUFFIXES,
    GENERIC_NAME_HEADERS,
    HEADER_SYNONYMS,
    IGNORED_HEADERS,
    NAME_ORDER_HINTS,
    PERSON_NOUN_SYNONYMS,
    VAGUE_HEADERS,
    WEAK_HEADER_SYNONYMS,
)

SYNC = "sync"
IGNORE = "ignore"
NEW_FIELD = "new_field"
ACTIONS = (SYNC, IGNORE, NEW_FIELD)

LEARNED = "learned"
EXACT = "exact"
SYNONYM = "synonym"
GRAMMAR = "grammar"
FUZZY = "fuzzy"
VALUES = "values"
NONE = "none"

EXACT_CONFIDENCE = 100
SYNONYM_CONFIDENCE = 90
WEAK_SYNONYM_CONFIDENCE = 80
VALUES_CONFIDENCE = 60
VAGUE_VALUES_CONFIDENCE = 80  # a vague header ("Nummer") whose values all agree
REDIRECT_CONFIDENCE = 70  # a header's field declined by values that fit another one
GRAMMAR_PENALTY = 5  # a header read by the grammar is a little less sure than its noun
CHECK_CONFIDENCE = 70  # below this a suggestion is shown, never imported
FUZZY_CUTOFF = 0.85
FUZZY_MIN_LENGTH = 4  # shorter headers ("ID", "Nr") are too easy to mistake
CONFIRMED_SHARE = 0.8  # share of sample values that must fit to confirm a match
DECLINED_SHARE = 0.5  # below this share a match is declined
SAMPLE_SIZE = 50

FIELD_TYPES = tuple(FIELD_TYPE_NORMALIZERS)
NEW_FIELD_NAME_PREFIX = "x_cci_"
NEW_FIELD_NAME_MAX = 60
_NEW_FIELD_NAME = re.compile(r"x_[a-z0-9_]{1,58}")


def normalize_header(text):
    """Header text for matching: case, accents, spaces, punctuation and
    underscores do not count ("E-mail adres" == "e_mail_adres" == "EMAIL ADRES")."""
    return fold(text)


# --- the mapping objects ------------------------------------------------


@dataclass
class ColumnMapping:
    """What one column does. ``new_field`` is ``{"label", "type", "name", "side"}``
    (proposed for unmatched columns, used when ``action`` is ``new_field``).
    ``note`` is an English template shown next to the column, filled with
    ``note_params``: ``conflict_with`` is the header of the column that won the
    target; ``target`` and ``previous`` are target keys, to show as labels.
    ``contact_number`` says which contact of the row a ``contact.*`` target
    describes: 1 for the row's contact, N for the "Contact N" block of a row
    that lists several; spouse and account targets keep 1."""

    index: int
    header: str
    action: str = IGNORE
    target: str | None = None
    confidence: int = 0
    reason: str = NONE
    new_field: dict | None = None
    note: str = ""
    note_params: dict = field(default_factory=dict)
    contact_number: int = 1

    @property
    def conflict_with(self):
        return self.note_params.get("conflict_with")

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(
            index=int(data["index"]),
            header=str(data.get("header", "")),
            action=data.get("action", IGNORE),
            target=data.get("target"),
            confidence=int(data.get("confidence", 0)),
            reason=data.get("reason", NONE),
            new_field=dict(data["new_field"]) if data.get("new_field") else None,
            note=data.get("note", ""),
            note_params=dict(data.get("note_params") or {}),
            contact_number=int(data.get("contact_number") or 1),
        )


@dataclass
class Combine:
    """Several columns joined into one target (first + last name, street + number)."""

    target: str
    columns: list
    separator: str = " "

    @classmethod
    def from_dict(cls, data):
        return cls(
            target=data["target"],
            columns=[int(index) for index in data["columns"]],
            separator=data.get("separator", " "),
        )


@dataclass
class Split:
    """A full-name column split into first and last name, in the ``order`` of
    ``names.NAME_ORDERS`` (``auto``, ``first_last``, ``last_first``), for the
    ``contact_number``-th contact when the targets are ``contact.*``.

    When the column itself feeds the person's name (``contact.name``,
    ``spouse.name``), the planner splits it (and reads "Dirk & Sofie Claes" as a
    household); otherwise the split alone feeds the first and last names."""

    column: int
    first_target: str = "contact.first_name"
    last_target: str = "contact.last_name"
    order: str = names.AUTO
    contact_number: int = 1

    @classmethod
    def from_dict(cls, data):
        return cls(
            column=int(data["column"]),
            first_target=data.get("first_target", "contact.first_name"),
            last_target=data.get("last_target", "contact.last_name"),
            order=data.get("order") or names.AUTO,
            contact_number=int(data.get("contact_number") or 1),
        )

    @property
    def person(self):
        """The value-key prefix of the person: "contact", "contact2", "spouse"."""
        return numbered_key(self.first_target, self.contact_number).partition(".")[0]


@dataclass
class Mapping:
    """The columns of a sheet, plus combines and splits. A combine or a split
    reads its columns whatever their own action.

    ``value_maps`` replaces a firm's own cell values before they are cleaned:
    ``{target key: {cell text: value}}`` ("Zelfstandige" -> "individual" for the
    account type); case, accents and punctuation of the cell text do not count."""

    columns: list = field(default_factory=list)
    combines: list = field(default_factory=list)
    splits: list = field(default_factory=list)
    value_maps: dict = field(default_factory=dict)

    def __post_init__(self):
        self.value_maps = fold_value_maps(self.value_maps)

    def to_dict(self):
        return {
            "columns": [column.to_dict() for column in self.columns],
            "combines": [asdict(combine) for combine in self.combines],
            "splits": [asdict(split) for split in self.splits],
            "value_maps": self.value_maps,
        }

    @classmethod
    def from_dict(cls, data):
        """Read a stored mapping (job, preset, CLI ``--mapping``)."""
        try:
            return cls(
                columns=[ColumnMapping.from_dict(item) for item in data.get("columns", [])],
                combines=[Combine.from_dict(item) for item in data.get("combines", [])],
                splits=[Split.from_dict(item) for item in data.get("splits", [])],
                value_maps=dict(data.get("value_maps") or {}),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ClientImportError(
                _lt("The column mapping cannot be read (%(detail)s): map the columns again"),
                detail=repr(error),
            )

    def headers_by_target(self):
        """``{target key: header(s)}``, to name the column in row problems."""
        headers = {column.index: column.header for column in self.columns}
        by_target = {}
        for column in self.columns:
            if column.action != IGNORE:
                by_target.setdefault(_value_key(column), column.header)
        for combine in self.combines:
            labels = [headers.get(index, str(index)) for index in combine.columns]
            by_target.setdefault(combine.target, " + ".join(labels))
        for split in self.splits:
            for target in (split.first_target, split.last_target):
                key = numbered_key(target, split.contact_number)
                by_target.setdefault(key, headers.get(split.column, ""))
        return by_target

    def contact_numbers(self):
        """The numbers above 1 of the contacts the columns and splits describe."""
        numbers = {column.contact_number for column in self.columns if column.action == SYNC}
        numbers |= {split.contact_number for split in self.splits}
        return sorted(number for number in numbers if number > 1)

    def numbered_targets(self, targets):
        """The contact targets of the 2nd, 3rd... contacts, to add to the catalogue."""
        return catalogue.numbered_targets(targets, self.contact_numbers())

    def name_splits(self):
        """``{person: order}`` of the full-name columns the planner splits, by
        value-key prefix ("contact", "contact2", "spouse")."""
        synced = {column.index for column in self.columns if column.action == SYNC}
        return {split.person: split.order for split in self.splits if split.column in synced}

    def new_field_targets(self):
        """A ``Target`` for each new field, to pass to ``normalize_values``."""
        return [
            Target(
                key=NEW_FIELD_PREFIX + column.new_field["name"],
                side=column.new_field.get("side", catalogue.ACCOUNT),
                label=column.new_field["label"],
                type=column.new_field["type"],
                field_name=column.new_field["name"],
                writer=catalogue.NEW_FIELD,
                normalizer=FIELD_TYPE_NORMALIZERS[column.new_field["type"]],
            )
            for column in self.columns
            if column.action == NEW_FIELD
        ]

    def validate(self, targets):
        """Problems that make this mapping unusable, in words for the user."""
        by_key = _by_key(targets)
        problems = []
        headers = {}
        for column in self.columns:
            if column.index in headers:
                problems.append(_mapping_problem(_lt("Column %(column)s appears twice"), column))
            headers[column.index] = column.header
            problems.extend(_column_problems(column, by_key))
        problems.extend(_new_field_name_problems(self.columns))
        for combine in self.combines:
            problems.extend(_combine_problems(combine, headers, by_key))
        for split in self.splits:
            problems.extend(_split_problems(split, headers, by_key))
        problems.extend(_shared_target_problems(self, by_key))
        for target in self.value_maps:
            if target not in by_key:
                problems.append(
                    _mapping_problem(
                        _lt("Values are mapped for unknown field %(target)s"), None, target=target
                    )
                )
        return problems


def fold_value_maps(value_maps):
    """Value maps keyed by folded cell text, as ``apply_mapping`` looks them up."""
    return {
        target: {fold(source): value for source, value in values.items()}
        for target, values in (value_maps or {}).items()
    }


def _by_key(targets):
    if targets is None:
        return _DEFAULT_BY_KEY
    return targets if isinstance(targets, dict) else catalogue.targets_by_key(targets)


def _value_key(column):
    """The key a column's values go under: its target (``contact2.email`` for the
    second contact's), or ``new:<name>``."""
    if column.action == NEW_FIELD:
        return NEW_FIELD_PREFIX + column.new_field["name"]
    return numbered_key(column.target, column.contact_number) if column.target else None


def _mapping_problem(message, column=None, **params):
    if column is not None:
        params.setdefault("column", column.header or str(column.index + 1))
    return Problem(message=message, params=params, severity=ERROR)


def _column_problems(column, by_key):
    if column.action not in ACTIONS:
        message = _lt(
            "Column %(column)s has an unknown action %(action)s: choose sync, ignore or new field"
        )
        return [_mapping_problem(message, column, action=column.action)]
    if column.action == SYNC and not column.target:
        message = _lt(
            "Column %(column)s is to be imported but has no field: choose one or ignore it"
        )
        return [_mapping_problem(message, column)]
    if column.action == SYNC and column.target not in by_key:
        message = _lt(
            "Column %(column)s goes to an unknown field %(target)s: choose a field from the list"
        )
        return [_mapping_problem(message, column, target=column.target)]
    if column.contact_number < 1:
        message = _lt("Column %(column)s is for contact %(number)s: contacts are counted from 1")
        return [_mapping_problem(message, column, number=column.contact_number)]
    if column.action == NEW_FIELD:
        new_field = column.new_field or {}
        if not new_field.get("label") or new_field.get("type") not in FIELD_TYPES:
            message = _lt(
                "The new field of column %(column)s needs a label and a type (char, text, "
                "date, integer, float or boolean)"
            )
            return [_mapping_problem(message, column)]
        if not _NEW_FIELD_NAME.fullmatch(new_field.get("name") or ""):
            message = _lt(
                "The technical name %(name)s of the new field of column %(column)s is not "
                "valid: it starts with x_ and has only lower-case letters, digits and _"
            )
            return [_mapping_problem(message, column, name=new_field.get("name"))]
        if new_field.get("side", catalogue.ACCOUNT) not in catalogue.SIDES:
            message = _lt("The new field of column %(column)s must be on the account or contact")
            return [_mapping_problem(message, column)]
    return []


def _new_field_name_problems(columns):
    field_names = [
        (column.new_field or {}).get("name") for column in columns if column.action == NEW_FIELD
    ]
    duplicates = sorted({name for name in field_names if name and field_names.count(name) > 1})
    message = _lt("Two new fields are named %(name)s: rename one of them")
    return [_mapping_problem(message, name=name) for name in duplicates]


def _combine_problems(combine, headers, by_key):
    problems = []
    if combine.target not in by_key:
        message = _lt("Columns are combined into an unknown field %(target)s: choose another field")
        problems.append(_mapping_problem(message, target=combine.target))
    if len(combine.columns) < 2:
        message = _lt("A combine into %(target)s needs at least two columns")
        problems.append(_mapping_problem(message, target=combine.target))
    for index in combine.columns:
        if index not in headers:
            message = _lt(
                "A combine into %(target)s uses column number %(index)s, which the sheet "
                "does not have"
            )
            problems.append(_mapping_problem(message, target=combine.target, index=index + 1))
    return problems


def _split_problems(split, headers, by_key):
    problems = []
    if split.column not in headers:
        message = _lt("A name split uses column number %(index)s, which the sheet does not have")
        problems.append(_mapping_problem(message, index=split.column + 1))
    for target in (split.first_target, split.last_target):
        if target not in by_key:
            message = _lt("A name split goes to an unknown field %(target)s: choose another field")
            problems.append(_mapping_problem(message, target=target))
    if split.order not in NAME_ORDERS:
        message = _lt("A name split has an unknown order %(order)s: choose one from the list")
        problems.append(_mapping_problem(message, order=split.order))
    return problems


def _shared_target_problems(mapping, by_key):
    """Single-valued targets fed by more than one column, combine or split."""
    sources = defaultdict(list)  # (value key, target key) -> source headers
    for column in mapping.columns:
        if column.action == SYNC and column.target:
            sources[_value_key(column), column.target].append(column.header)
    headers = {column.index: column.header for column in mapping.columns}
    synced = {column.index for column in mapping.columns if column.action == SYNC}
    for combine in mapping.combines:
        labels = [headers.get(index, str(index + 1)) for index in combine.columns]
        sources[combine.target, combine.target].append(" + ".join(labels))
    for split in mapping.splits:
        if split.column in synced:
            continue  # its column feeds the name; the planner splits it
        for target in (split.first_target, split.last_target):
            key = numbered_key(target, split.contact_number)
            sources[key, target].append(headers.get(split.column, ""))
    message = _lt(
        "Columns %(columns)s all go to %(target)s, which takes one value: keep one, "
        "ignore the others or combine them"
    )
    return [
        _mapping_problem(message, columns=", ".join(labels), target=key)
        for (key, target), labels in sources.items()
        if len(labels) > 1 and target in by_key and by_key[target].single
    ]


# --- applying a mapping to a row ----------------------------------------


def apply_mapping(cells, mapping, targets=None):
    """Raw values of one row per target: ``{key: text}``, or ``{key: [texts]}``
    for multi-valued targets; new fields are keyed ``new:<x_name>``. Empty
    cells are left out. ``targets`` defaults to the standard catalogue and only
    tells which targets take several values. Many rows are mapped faster by one
    ``RowMapper``."""
    return RowMapper(mapping, targets).map(cells)


class RowMapper:
    """Maps the rows of one sheet as ``apply_mapping`` does; which column feeds
    which key is worked out once, not once per row."""

    def __init__(self, mapping, targets=None):
        by_key = _by_key(targets)
        multi_valued = {key for key, target in by_key.items() if not target.single}
        value_maps = mapping.value_maps

        def slot(index, key, target):
            """Where a text goes: ``(column, value key, value map, several values?)``."""
            return index, key, value_maps.get(target), target in multi_valued

        self.columns = [
            slot(column.index, _value_key(column), column.target)
            for column in mapping.columns
            if column.action != IGNORE
        ]
        self.combines = [
            (combine, slot(None, combine.target, combine.target)) for combine in mapping.combines
        ]
        synced = {column.index for column in mapping.columns if column.action == SYNC}
        self.splits = [
            (
                split,
                numbered_key(split.first_target, split.contact_number),
                numbered_key(split.last_target, split.contact_number),
            )
            for split in mapping.splits
            if split.column not in synced  # a synced name column is split by the planner
        ]

    def map(self, cells):
        values = {}
        for index, key, value_map, multi in self.columns:
            if text := _cell_text(cells, index):
                _put(values, key, text, value_map, multi)
        for combine, (_index, key, value_map, multi) in self.combines:
            parts = [_cell_text(cells, index) for index in combine.columns]
            if text := combine.separator.join(part for part in parts if part):
                _put(values, key, text, value_map, multi)
        for split, first_key, last_key in self.splits:
            first, last = split_full_name(_cell_text(cells, split.column), split.order)
            if first:
                values.setdefault(first_key, first)
            if last:
                values.setdefault(last_key, last)
        return values


def _put(values, key, text, value_map, multi):
    if value_map:
        text = value_map.get(fold(text), text)
    if multi:
        values.setdefault(key, []).append(text)
    else:
        values.setdefault(key, text)


def _cell_text(cells, index):
    value = cells[index] if index < len(cells) else None
    return "" if value is None else str(value).strip()


# --- new fields ---------------------------------------------------------

_BOOLEAN_WORDS = frozenset(fold(word) for words in BOOLEAN_VALUES.values() for word in words)
_INT32_MAX = 2**31 - 1  # Odoo integer fields are PostgreSQL int4
TEXT_MIN_LENGTH = 120


def infer_field_type(samples):
    """char, text, date, integer, float or boolean for a new field, from values.

    Numbers with a leading zero (phone, zip) and numbers too large for an Odoo
    integer stay char; 0/1 columns are integers, yes/no columns booleans.
    """
    values = [str(value).strip() for value in samples if value is not None and str(value).strip()]
    if not values:
        return "char"
    if any("\n" in value or len(value) > TEXT_MIN_LENGTH for value in values):
        return "text"
    if all(fold(value) in _BOOLEAN_WORDS and not value.isdigit() for value in values):
        return "boolean"

    def is_integer(value):
        number = parse_integer(value)
        leading_zero = len(value) > 1 and value.lstrip("+-").startswith("0")
        return number is not None and abs(number) <= _INT32_MAX and not leading_zero

    if all(is_integer(value) for value in values):
        return "integer"

    def is_float(value):
        has_decimals = "," in value or "." in value
        return parse_float(value) is not None and (has_decimals or is_integer(value))

    if all(is_float(value) for value in values):
        return "float"
    if all(parse_date(value, serials=False) for value in values):
        return "date"
    return "char"


def propose_field_name(header, existing_names=()):
    """``x_cci_<slug of the header>``: ASCII, at most 60 characters, unique
    against ``existing_names`` (a suffix _2, _3... is added)."""
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_words(header).lower()).strip("_") or "field"
    room = NEW_FIELD_NAME_MAX - len(NEW_FIELD_NAME_PREFIX)
    name = NEW_FIELD_NAME_PREFIX + slug[:room].rstrip("_")
    taken = set(existing_names)
    suffix = 2
    while name in taken:
        tail = f"_{suffix}"
        name = NEW_FIELD_NAME_PREFIX + slug[: room - len(tail)].rstrip("_") + tail
        suffix += 1
    return name


# --- suggesting a mapping -----------------------------------------------

_DEFAULT_BY_KEY = catalogue.targets_by_key(catalogue.default_targets())
_GENERIC_NAMES = frozenset(fold(header) for header in GENERIC_NAME_HEADERS)
_VAGUE_HEADERS = frozenset(fold(header) for header in VAGUE_HEADERS)
_BRACKETS = re.compile(r"\([^)]*\)")
_CODE_SUFFIXES = tuple(fold(suffix) for suffix in CODE_SUFFIXES)
_PERSON_NOUNS = {fold(noun): key for key, nouns in PERSON_NOUN_SYNONYMS.items() for noun in nouns}
_NAME_ORDER_HINTS = {
    fold(header): order for order, headers in NAME_ORDER_HINTS.items() for header in headers
}


class _HeaderIndex:
    """Folded header -> ``(target key or None, reason, confidence)``."""

    def __init__(self, by_key, extra_labels=None):
        self.entries = {}
        for key, target in by_key.items():
            self._add(key, key, EXACT, EXACT_CONFIDENCE)
            self._add(target.label, key, EXACT, EXACT_CONFIDENCE)
        for key, labels in (extra_labels or {}).items():
            for label in labels if key in by_key else ():
                self._add(label, key, EXACT, EXACT_CONFIDENCE)
        for key, languages in HEADER_SYNONYMS.items():
            for headers in languages.values() if key in by_key else ():
                for header in headers:
                    self._add(header, key, SYNONYM, SYNONYM_CONFIDENCE)
        for key, headers in WEAK_HEADER_SYNONYMS.items():
            for header in headers if key in by_key else ():
                self._add(header, key, SYNONYM, WEAK_SYNONYM_CONFIDENCE)
        for header in IGNORED_HEADERS:
            self._add(header, None, SYNONYM, SYNONYM_CONFIDENCE)
        self.fuzzy_candidates = [folded for folded in self.entries if len(folded) >= 3]

    def _add(self, header, key, reason, confidence):
        folded = fold(header)
        if folded and (folded not in self.entries or self.entries[folded][2] < confidence):
            self.entries[folded] = (key, reason, confidence)

    def match(self, folded):
        if folded in self.entries:
            return self.entries[folded]
        if len(folded) >= FUZZY_MIN_LENGTH:
            close = difflib.get_close_matches(
                folded, self.fuzzy_candidates, n=1, cutoff=FUZZY_CUTOFF
            )
            # "GesellschaftsformNr" is a code of the legal form, not the legal form
            if close and not _code_of(folded, close[0]):
                ratio = difflib.SequenceMatcher(None, folded, close[0]).ratio()
                return self.entries[close[0]][0], FUZZY, round(100 * ratio) - 20
        return None, NONE, 0

    def parts_match(self, text):
        """The one target every known part of "bankrekening/iban" agrees on."""
        parts = [fold(part) for part in text.split("/")]
        found = {self.entries[part][:2] for part in parts if part in self.entries}
        if len(parts) > 1 and len(found) == 1:
            (key, reason), confidence = found.pop(), SYNONYM_CONFIDENCE - GRAMMAR_PENALTY
            return (key, reason, confidence) if key else (None, NONE, 0)
        return None, NONE, 0


def _code_of(folded, candidate):
    return folded.startswith(candidate) and folded[len(candidate) :] in _CODE_SUFFIXES


def _accepts(normalizer, country=""):
    """A predicate: does the normalizer take this value without an error?"""

    def check(value):
        result = normalizer(value, DEFAULT_CONTEXT, country)
        return result.value is not None and all(p.severity != ERROR for p in result.problems)

    return check


_is_email = _accepts(normalize_email)
_is_national_number = _accepts(normalize_national_number)
_is_iban = _accepts(normalize_iban)
_VAT_SHAPE = re.compile(r"[A-Za-z]{2}\s*U?\d")  # a country prefix, then digits (ATU...)
_accepts_vat = _accepts(normalize_vat)


def _is_vat(value):
    """A VAT number with its country prefix: without a country, any text passes
    ``normalize_vat``."""
    return bool(_VAT_SHAPE.match(value)) and _accepts_vat(value)


_is_legal_form = _accepts(normalize_legal_form)
_is_account_type = _accepts(normalize_account_type)
_is_be_enterprise_number = _accepts(normalize_enterprise_number, "BE")


def _is_enterprise_number(value):
    return not value[:1].isalpha() and _is_be_enterprise_number(value)


_PHONE_SHAPE = re.compile(r"(?:\+|00?)[1-9][\d ./()-]{6,}")


def _is_phone(value):
    """A number written as a phone: "+32 471 23 45 67", "09 123 45 67", "0032..."."""
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE_SHAPE.fullmatch(value)) and 9 <= digits <= 15


# Targets whose values can confirm or decline a header match.
VALUE_CHECKS = {
    "contact.email": _is_email,
    "account.email": _is_email,
    "spouse.email": _is_email,
    "contact.extra_emails": _accepts(normalize_emails),
    "account.extra_emails": _accepts(normalize_emails),
    "contact.national_number": _is_national_number,
    "spouse.national_number": _is_national_number,
    "account.legal_form": _is_legal_form,
    "account.type": _is_account_type,
}

# Targets recognised from values alone, in this order (an enterprise number
# before a national number: a 10-digit enterprise number could pass as a
# national number that lost its leading zero).
VALUE_INFERENCE = (
    ("contact.email", _is_email),
    ("account.company_registry", _is_enterprise_number),
    ("contact.national_number", _is_national_number),
    ("account.vat", _is_vat),
    ("account.iban", _is_iban),
    ("account.legal_form", _is_legal_form),
    ("account.type", _is_account_type),
    ("contact.phone", _is_phone),
)


def _share(check, values):
    return sum(1 for value in values if check(value)) / len(values)


def _infer_target(values, by_key):
    for key, check in VALUE_INFERENCE:
        if key in by_key and _share(check, values) >= CONFIRMED_SHARE:
            return key
    return None


def _assign(column, key, reason, confidence):
    column.action = SYNC if key else IGNORE
    column.target = key
    column.reason = reason
    column.confidence = confidence


def _weigh_values(column, values, by_key):
    """Let sample values confirm, decline or replace the header's suggestion."""
    known_ignored = column.reason != NONE and column.target is None
    if not values or column.reason == LEARNED or known_ignored:
        return
    check = VALUE_CHECKS.get(column.target)
    vague = fold(column.header) in _VAGUE_HEADERS
    if column.target and check is None and not vague:
        return  # nothing to judge the values by
    if check is not None:
        share = _share(check, values)
        if share >= CONFIRMED_SHARE:
            if column.reason == FUZZY:
                column.confidence += 10
            return
        if share >= DECLINED_SHARE:
            return
    previous = column.target
    inferred = _infer_target(values, by_key)
    if inferred:
        if vague:
            confidence = VAGUE_VALUES_CONFIDENCE
        elif previous:
            confidence = REDIRECT_CONFIDENCE  # a known header, values that say otherwise
        else:
            confidence = VALUES_CONFIDENCE
        _assign(column, inferred, VALUES, confidence)
        column.contact_number = 1
        if previous:
            column.note = _lt(
                "The values look like %(target)s rather than %(previous)s: check the field"
            )
            column.note_params = {"target": inferred, "previous": previous}
    elif vague and check is None:
        return  # values that fit nothing leave the header's own meaning
    elif column.reason == FUZZY:
        _assign(column, None, NONE, 0)
    elif previous:
        column.confidence -= 30
        column.note = _lt("The values do not look like %(target)s: check the field")
        column.note_params = {"target": previous}


def _settle_conflicts(columns, by_key):
    """One column per single-valued target: the most confident, else the leftmost."""
    contenders = defaultdict(list)
    for column in columns:
        if column.action == SYNC and by_key[column.target].single:
            contenders[column.target, column.contact_number].append(column)
    for (key, _number), group in contenders.items():
        winner = max(group, key=lambda column: (column.confidence, -column.index))
        for column in group:
            if column is not winner:
                _assign(column, None, column.reason, column.confidence)
                column.note = _lt(
                    "Also fits %(target)s, which column %(conflict_with)s fills better: "
                    "choose another field, combine the columns or leave this one out"
                )
                column.note_params = {"target": key, "conflict_with": winner.header}


def _person(column):
    """``(side, number)`` of the person a synced column describes, else None."""
    side = column.target.partition(".")[0] if column.action == SYNC else None
    if side in (catalogue.CONTACT, catalogue.SPOUSE):
        return side, column.contact_number
    return None


def _names_a_person(reading):
    """Whether the header names a person ("Primary Contact", "Spouse", "Contact 2
    Name", "Naam partner"), so that the column holds a name."""
    if reading.noun:
        return fold(reading.noun) in _GENERIC_NAMES
    return not (reading.person and reading.side == catalogue.ACCOUNT)  # "Contact 2 Company"


def _read_by_grammar(column, reading, index, by_key):
    """Assign the target the header's role and noun give; False when they give none."""
    noun = fold(reading.noun)
    if (reading.person or reading.side == catalogue.CONTACT) and noun in _PERSON_NOUNS:
        key, confidence = _PERSON_NOUNS[noun], SYNONYM_CONFIDENCE
    else:
        key, _reason, confidence = index.match(noun)
    target = person_target(key, reading, by_key) if key else None
    if target is None:
        return False
    _assign(column, target, GRAMMAR, confidence - GRAMMAR_PENALTY)
    if target.startswith(catalogue.CONTACT + "."):
        column.contact_number = reading.number
    return True


def _name_columns(columns, named):
    """Decide the bare name columns (``named``: ``[(column, reading or None)]``): the
    person's last name when that person has a first-name column, else the full name.
    A bare "Naam" with no role is the account name, unless another column gives it."""
    persons = [_person(column) for column in columns]
    first_names = {p for p, c in zip(persons, columns, strict=True) if _part(c) == "first_name"}
    last_names = {p for p, c in zip(persons, columns, strict=True) if _part(c) == "last_name"}
    account_named = any(column.target == "account.name" for column in columns)
    for column, reading in named:
        if reading is None:
            side, number, confidence = catalogue.CONTACT, 1, WEAK_SYNONYM_CONFIDENCE
            if (side, 1) not in first_names and not account_named:
                _assign(column, "account.name", SYNONYM, confidence)
                continue
        elif reading.person is None and reading.side == catalogue.ACCOUNT:
            _assign(column, "account.name", GRAMMAR, SYNONYM_CONFIDENCE - GRAMMAR_PENALTY)
            continue
        else:
            side, number = reading.person or catalogue.CONTACT, reading.number
            confidence = SYNONYM_CONFIDENCE - GRAMMAR_PENALTY
        person = side, number
        part = "last_name" if person in first_names and person not in last_names else "name"
        _assign(column, f"{side}.{part}", SYNONYM if reading is None else GRAMMAR, confidence)
        column.contact_number = number if side == catalogue.CONTACT else 1


def _part(column):
    return column.target.partition(".")[2] if column.action == SYNC and column.target else ""


def _split_full_names(columns):
    """A ``Split`` for each full-name column of a person who has no first or last
    name column, in the order its header says ("Naam en voornaam"), else ``auto``."""
    parts = defaultdict(set)
    for column in columns:
        if person := _person(column):
            parts[person].add(_part(column))
    splits = []
    for column in columns:
        person = _person(column)
        if person and _part(column) == "name" and not parts[person] & {"first_name", "last_name"}:
            side, number = person
            splits.append(
                Split(
                    column=column.index,
                    first_target=f"{side}.first_name",
                    last_target=f"{side}.last_name",
                    order=_NAME_ORDER_HINTS.get(fold(column.header), names.AUTO),
                    contact_number=number,
                )
            )
    return splits


def _hold_guesses(columns):
    """Leave out a column suggested below ``CHECK_CONFIDENCE``, naming its field."""
    for column in columns:
        if column.action == SYNC and column.confidence < CHECK_CONFIDENCE:
            target = column.target
            _assign(column, None, column.reason, column.confidence)
            column.contact_number = 1
            if not column.note:
                column.note = _lt(
                    "Looks like %(target)s, but not surely: check the values and choose it"
                )
                column.note_params = {"target": target}


def _column_samples(sample_rows, count):
    samples = [[] for _ in range(count)]
    for row in itertools.islice(sample_rows or (), SAMPLE_SIZE):
        for index, value in enumerate(row[:count]):
            text = "" if value is None else str(value).strip()
            if text:
                samples[index].append(text)
    return samples


def suggest_mapping(
    headers,
    targets=None,
    sample_rows=None,
    learned=None,
    extra_labels=None,
    existing_field_names=(),
):
    """Propose a ``Mapping`` for a sheet.

    ``headers``: the header row. ``targets``: the catalogue (default: the
    standard one). ``sample_rows``: the first data rows (cells as text).
    ``learned``: ``{header: target key or None}`` saved in a preset (``None``
    means the user ignores that column; "contact2.email" is the second
    contact's e-mail); it wins at full confidence.
    ``extra_labels``: ``{target key: [labels]}`` matched exactly, e.g. the
    catalogue labels translated into the user's language.
    ``existing_field_names``: names new fields must not take.
    """
    by_key = _by_key(targets)
    index = _HeaderIndex(by_key, extra_labels)
    learned = {fold(header): key for header, key in (learned or {}).items()}
    samples = _column_samples(sample_rows, len(headers))
    columns = [ColumnMapping(index=i, header=header or "") for i, header in enumerate(headers)]
    named = []  # bare name columns, decided once every person's columns are known
    for column in columns:
        folded = fold(column.header)
        # "Telefon (primär)", "Email(s)": the words in brackets only qualify the noun
        plain = _BRACKETS.sub(" ", column.header)
        learned_key, number = catalogue.unnumbered_key(learned.get(folded))
        if folded in learned and (learned_key in by_key or not learned_key):
            _assign(column, learned_key or None, LEARNED, EXACT_CONFIDENCE)
            column.contact_number = number
        elif folded in _GENERIC_NAMES:
            named.append((column, None))
        elif folded in index.entries:
            _assign(column, *index.entries[folded])
        elif (reading := read_header(plain)) and _names_a_person(reading):
            named.append((column, reading))
        elif not (reading and _read_by_grammar(column, reading, index, by_key)):
            _assign(column, *index.match(fold(plain)))
            if column.confidence < CHECK_CONFIDENCE and (parts := index.parts_match(plain))[0]:
                _assign(column, *parts)
    _name_columns(columns, named)
    for column in columns:
        _weigh_values(column, samples[column.index], by_key)
    _settle_conflicts(columns, by_key)
    _hold_guesses(columns)
    taken = set(existing_field_names)
    for column in columns:
        if column.action == IGNORE and column.reason == NONE:
            name = propose_field_name(column.header, taken)
            taken.add(name)
            column.new_field = {
                "label": column.header.strip() or f"Column {column.index + 1}",
                "type": infer_field_type(samples[column.index]),
                "name": name,
                "side": catalogue.ACCOUNT,
            }
    return Mapping(columns=columns, splits=_split_full_names(columns))
