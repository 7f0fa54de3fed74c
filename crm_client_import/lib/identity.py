"""Who is who: the identity rules of an import, decided here and only here.

The Odoo side looks candidates up in bulk (``models/import_candidates.py``) and
writes what is decided here; the review step runs this very code without
writing, so a dry run and the import report the same decisions.

The rules, as a firm's office manager can check them:

- **A match needs a key that agrees and no key that disagrees.** Keys, strongest
  first:

  - accounts: reference, VAT, enterprise number, national number (individuals),
    then the name (case, accents and punctuation do not count);
  - people: national number, e-mail, then the name among the contacts of the
    same account (so a person with no other key is found again on a re-import).

  A *strong* key (reference, VAT, enterprise number, national number) present on
  both sides with different values vetoes the match. A strong key that agrees
  decides alone; e-mail and name do not: two partners found by them (or two
  found by numbers) are ambiguous and the row is skipped, never guessed.
- **An account whose key agrees with a partner of the database while a strong key
  disagrees is a conflict**: the row is skipped with both values and the
  partner named, and nothing is overwritten. When the partner is one this import
  made from an earlier row, it is simply another client of the file with the
  same name ("two clients named Jan Peeters").
- **Two people may share an e-mail address.** The same e-mail with a different
  national number, or with clearly different names, is two persons of one
  household: a new person is made, both keep the address, and the row says so.
  And one name in one account with two different e-mail addresses, and no
  national number to tie them, is two people as well.
  Two people of one row (a taxpayer and the spouse) are never one person.
- **Namesakes need numbers.** When the file names several clients alike (two "Jan
  Peeters" with different numbers, or two people of one account bearing one
  name), a row that gives only that name is skipped, whatever the order of the
  rows: it would be a guess.
- **Rows of one client merge.** Later rows fill what earlier rows left empty; a
  different value on a later row is a warning on that row, and the first value
  is kept. Lists (tags, extra e-mails, notes) add up.
- **A row is whole or nothing.** A row with an error changes nothing: the
  account or person it alone would have made is not made.
- **Archived matches** are restored when the user asks for it; otherwise their
  rows are skipped with a message saying how to restore them.

Partners of internal users and of the companies are never candidates: the Odoo
side leaves them out of every lookup.
"""

import dataclasses
import itertools
from dataclasses import dataclass, field

from .errors import ERROR, WARNING, Problem, _lt
from .mapping import IGNORE
from .normalize import fold

ACCOUNT = "account"
PERSON = "person"

# Where an entity comes from: a partner that was there before the import, a
# partner this import made from an earlier batch, or one this batch makes.
EXISTING = "existing"
OWN = "own"
NEW = "new"

# Verdicts of one decision
MATCH = "match"
CREATE = "create"
CONFLICT = "conflict"
AMBIGUOUS = "ambiguous"
# Problem codes besides those verdicts
ARCHIVED = "archived"
SHARED_EMAIL = "shared_email"

# Duplicate policies (the job's ``duplicate_policy``)
SKIP = "skip"
UPDATE = "update"
FILL = "fill"
CREATE_ALWAYS = "create"


@dataclass(frozen=True)
class Key:
    name: str
    label: str
    strong: bool  # a disagreement vetoes any match


REF = Key("ref", _lt("reference"), True)
VAT = Key("vat", _lt("VAT"), True)
ENTERPRISE = Key("enterprise", _lt("enterprise number"), True)
NATIONAL_NUMBER = Key("national_number", _lt("national number"), True)
NAME = Key("name", _lt("name"), False)
EMAIL = Key("email", _lt("e-mail"), False)
# A person's name within the account, whatever the order of its words ("Peeters
# Marie" is "Marie Peeters")...
PERSON_NAME = Key("person_name", _lt("name"), False)
# ...or, below it, a full name written another way ("M. Peeters"; see names_alike)
NAME_ALIKE = Key("name_alike", _lt("name"), False)

ACCOUNT_KEYS = (REF, VAT, ENTERPRISE, NATIONAL_NUMBER, NAME)
PERSON_KEYS = (NATIONAL_NUMBER, EMAIL, PERSON_NAME, NAME_ALIKE)
KEY_LABELS = {key.name: key.label for key in (*ACCOUNT_KEYS, *PERSON_KEYS)}
# Values that several rows add up instead of the first one winning
ADDING_UP = ("notes", "tags", "extra_emails")


# --- comparable key values ------------------------------------------------------


def code(value):
    """Letters and digits, upper case: "BE 0477.472.701" is "BE0477472701"."""
    return "".join(char for char in str(value or "").upper() if char.isalnum())


def digits(value):
    return "".join(char for char in str(value or "") if char.isdigit())


def enterprise_number(registry, vat):
    """The enterprise number, or the one a Belgian VAT number holds: in Belgium the
    two are one number (BE0477472701 is enterprise 0477472701)."""
    if number := code(registry):
        return number
    vat = code(vat)
    return vat[2:] if vat.startswith("BE") and len(vat) == 12 else ""


def account_keys(values):
    """Comparable keys of an account's planned values (or a partner's fields)."""
    return _present(
        ref=code(values.get("ref")),
        vat=code(values.get("vat")),
        enterprise=enterprise_number(values.get("company_registry"), values.get("vat")),
        national_number=digits(values.get("national_number")),
        name=fold(values.get("name") or ""),
    )


def person_keys(values):
    return _present(
        national_number=digits(values.get("national_number")),
        email=(values.get("email") or "").strip().lower(),
        person_name=person_name_key(values.get("name")),
    )


def entity_keys(values, is_account, is_person):
    """The keys an entity is found by: an individual is an account and a person."""
    keys = account_keys(values) if is_account else {}
    if is_person:
        keys = {**person_keys(values), **keys}
    return keys


def _present(**keys):
    return {name: value for name, value in keys.items() if value}


# --- names ------------------------------------------------------------------------


def person_name_key(name):
    """A person's name for comparison, whatever the order of its words."""
    return "".join(sorted(_name_words(name)))


def _same_name(first, second):
    return person_name_key(first) == person_name_key(second)


def _name_words(name):
    words = []
    for word in str(name or "").replace("-", " ").replace("&", " ").split():
        if folded := fold(word):
            words.append(folded)
    return words


def names_alike(first, second):
    """Two full names (a first and a last name at least) that can be one person: a
    last name alone is not enough to tell a taxpayer from the spouse."""
    first_words, second_words = _name_words(first), _name_words(second)
    full = len(first_words) > 1 and len(second_words) > 1
    return full and (_covered(first_words, second_words) or _covered(second_words, first_words))


def names_compatible(first, second):
    """Whether two names can be one person: "Jan Jacobs", "Jacobs Jan", "J. Jacobs"
    and "Jacobs" can; "Jan Jacobs" and "Els Jacobs" cannot. Every word of one name
    must be in the other, an initial standing for any word that starts with it."""
    first, second = _name_words(first), _name_words(second)
    return _covered(first, second) or _covered(second, first)


def written_name(current, new):
    """The name an update leaves on a partner: the file's, unless it is the same name
    written another way (word order, initials): then the fuller of the two, so that
    a second import never renames back and forth."""
    if not current or not new:
        return new or current
    if not names_compatible(current, new):
        return new  # a real change of name
    current_words, new_words = _name_words(current), _name_words(new)
    fuller = _covered(current_words, new_words) and sum(map(len, new_words)) > sum(
        map(len, current_words)
    )
    return new if fuller else current


def _covered(words, other):
    """Whether every word of ``words`` is one of ``other`` (an initial, one that
    starts with it)."""
    available = list(other)
    # Whole words first, so that an initial does not take a word another needs.
    for word in sorted(words, key=len, reverse=True):
        found = next((w for w in available if w == word), None)
        if found is None and len(word) == 1:
            found = next((w for w in available if w.startswith(word)), None)
        if found is None:
            return False
        available.remove(found)
    return True


# --- entities -----------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Entity:
    """An account or a person as the import sees it: a partner of the database, or
    one the import makes. ``handle`` is the partner id, or a negative number for a
    partner still to be made."""

    handle: int
    origin: str
    keys: dict
    name: str = ""
    is_account: bool = False  # an account: never made someone's contact
    is_person: bool = False  # may be a contact person (not a company)
    active: bool = True
    accounts: set = field(default_factory=set)  # persons: handles of their accounts
    parent: int | None = None  # persons: the handle of their own account
    role: str = ""  # persons: "contact" or "spouse", as first met in the file
    file_values: dict = field(default_factory=dict)  # what the file said, merged
    sources: dict = field(default_factory=dict)  # value name -> row that gave it
    met: bool = False  # the import met it before (an earlier batch) or in this batch
    met_as: str = ""  # ACCOUNT or PERSON: the part it plays in the file, as first met
    record_id: int | None = None  # the import's log record of this partner, if any
    record_action: str = ""  # what that record says: created, updated or unchanged
    # This batch only: values it brings, and which row brought which
    batch_values: dict = field(default_factory=dict)
    contributions: dict = field(default_factory=dict)  # row number -> set of names
    rows: list = field(default_factory=list)  # row numbers of this batch, in order
    created_by: int | None = None  # the row that makes a new entity
    restore: bool = False  # archived, restored by this batch
    first_met: bool = False  # met for the first time by this import, in this batch

    @property
    def is_own(self):
        """Made by this import (now or from an earlier batch)."""
        return self.origin != EXISTING


@dataclass(frozen=True)
class Decision:
    verdict: str
    entity: Entity | None = None
    key: str = ""  # the key that matched, or that the ambiguity or conflict is on
    others: tuple = ()  # AMBIGUOUS: the candidates
    conflict: tuple = ()  # CONFLICT: (entity, key that disagrees)
    households: tuple = ()  # CREATE: people who share the e-mail address


@dataclass(frozen=True)
class ResolveOptions:
    policy: str = SKIP
    restore_archived: bool = False


@dataclass(slots=True)
class Link:
    person: int
    account: int
    row: int


@dataclass(slots=True)
class RowResolution:
    """What one row is: its account and people (handles), the links it adds, and
    its problems (errors skip the row)."""

    number: int
    account: int | None = None
    people: list = field(default_factory=list)  # handles, in the row's order
    links: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def skipped(self):
        return any(problem.severity == ERROR for problem in self.problems)


# --- deciding -------------------------------------------------------------------------


def _compare(keys, entity, key_order, name="", account=None):
    """(agreeing, disagreeing) key names between planned ``keys`` and an entity."""
    agree, disagree = [], []
    for key in key_order:
        if key in (PERSON_NAME, NAME_ALIKE):
            # A person's name counts within the same account only.
            if account in entity.accounts and name:
                exact = keys.get(PERSON_NAME.name) == entity.keys.get(PERSON_NAME.name)
                if exact if key is PERSON_NAME else names_alike(name, entity.name):
                    agree.append(key)
            continue
        mine, theirs = keys.get(key.name), entity.keys.get(key.name)
        if not mine or not theirs:
            continue
        if mine == theirs:
            agree.append(key)
        elif key.strong:
            disagree.append(key)
    return agree, disagree


def _differ(keys, entity, key):
    mine, theirs = keys.get(key), entity.keys.get(key)
    return bool(mine and theirs and mine != theirs)


def decide(kind, keys, candidates, name="", account=None, exclude=()):
    """The decision for planned ``keys`` among ``candidates`` (entities).

    ``name`` is the planned name of a person (to tell two people sharing an
    e-mail address apart), ``account`` the handle of the person's account;
    ``exclude`` are handles that may not match (the other people of the row)."""
    key_order = ACCOUNT_KEYS if kind == ACCOUNT else PERSON_KEYS
    matches, vetoed = [], []
    for entity in candidates:
        agree, disagree = _compare(keys, entity, key_order, name, account)
        if not agree:
            continue
        if kind == PERSON and not agree[0].strong:
            # Without a number, a different name or e-mail address is another person.
            if not names_compatible(name, entity.name):
                disagree.append(NAME)
            if agree[0] is PERSON_NAME and _differ(keys, entity, "email"):
                disagree.append(EMAIL)
        if entity.handle in exclude:
            disagree.append(NAME)  # never the same person as another of the row
        if disagree:
            vetoed.append((entity, agree[0], disagree[0]))
        else:
            matches.append((key_order.index(agree[0]), entity, agree[0]))
    if matches:
        # A strong key (a number) is sure enough to decide alone. Below it, e-mail
        # and name are not: two partners they find are two guesses, never one; a
        # name written another way counts only when nothing else agrees.
        strong = [match for match in matches if match[2].strong]
        weak = [match for match in matches if match[2] is not NAME_ALIKE]
        tier = sorted(strong or weak or matches, key=lambda match: match[0])
        entities = list(dict.fromkeys(entity for _rank, entity, _key in tier))
        best = tier[0][2].name
        if len(entities) > 1:
            return Decision(AMBIGUOUS, key=best, others=tuple(entities))
        return Decision(MATCH, entities[0], key=best)
    if kind == ACCOUNT:
        existing = [item for item in vetoed if not item[0].is_own]
        if existing:
            entity, agreed, disagreed = min(existing, key=lambda item: key_order.index(item[1]))
            return Decision(CONFLICT, key=agreed.name, conflict=(entity, disagreed.name))
        return Decision(CREATE)
    households = tuple(entity for entity, agreed, _d in vetoed if agreed is EMAIL)
    return Decision(CREATE, households=households)


# --- what the whole file says of who is who --------------------------------------------

STRONG_ACCOUNT_KEYS = tuple(key.name for key in ACCOUNT_KEYS if key.strong)
# Planned values the file identity needs: a quick first pass reads only these.
IDENTITY_SUFFIXES = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "type",
        "ref",
        "vat",
        "vat_country",
        "company_registry",
        "national_number",
        "email",
    }
)
CLASH = ""  # two different values of a key under one name
MEMBER = "member"  # index entries of the people of an account


def person_scopes(plan, keys):
    """Where a person's name is looked at across the file: within its account, and
    with its e-mail address (``keys`` are the person's keys)."""
    scopes = [plan.account_key] if plan.account_key else []
    if email := keys.get("email"):
        scopes.append("@" + email)
    return scopes


def identity_mapping(mapping):
    """The mapping with only the columns the file identity reads: a quick first pass."""
    columns = [
        column
        if column.action == IGNORE or (column.target or "").split(".")[-1] in IDENTITY_SUFFIXES
        else dataclasses.replace(column, action=IGNORE)
        for column in mapping.columns
    ]
    return dataclasses.replace(mapping, columns=columns)


class FileIdentity:
    """What the whole file says of its clients' names, read before any row is decided.

    A row that names a client by its name alone says who it is through the other
    rows of that name. Knowing them before the first row makes each decision the
    same whatever the order of the rows, and the same on a second run:

    - an account name whose rows give one value of a strong key (reference, VAT,
      enterprise or national number) lends it to its rows that give none;
    - an account name whose rows give two values of one is several clients: a row
      that gives only the name is skipped, saying which number to add;
    - a person's name within one account, or with one e-mail address, likewise
      lends its one national number, or, with two numbers, or two e-mail
      addresses and no number, or borne by two people of one row ("Jan Peeters"
      and "J. Peeters"), makes rows without a national number skip.
    """

    def __init__(self):
        self.accounts = {}  # account name key -> {strong key: value, or CLASH}
        # scope (account key, or "@" e-mail) -> {person name key: the name as first written}
        self.people = {}
        self._numbers = {}  # (scope, name) of a group's first member -> numbers
        self._emails = {}  # likewise -> e-mail addresses
        self._group = {}  # (scope, name) -> a member of its group (see _root)
        self._keyless = set()  # account names and scopes with rows that give no number

    def add(self, plan):
        if plan.account:
            keys = account_keys(plan.account)
            name = keys.get("name", "")
            known = self.accounts.setdefault(name, {})
            given = False
            for key in STRONG_ACCOUNT_KEYS:
                if value := keys.get(key):
                    given = True
                    if known.setdefault(key, value) != value:
                        known[key] = CLASH
            if not given:
                self._keyless.add(name)
        on_row = []  # (root, name) of the people of this row so far
        for person in plan.people:
            name = person.values.get("name", "")
            keys = person_keys(person.values)
            scopes = person_scopes(plan, keys)
            if not keys.get("person_name") or not scopes:
                continue
            # One person on one row: its name in its account and with its e-mail
            # address are one person, whose numbers are the same.
            root = None
            for scope in scopes:
                self.people.setdefault(scope, {}).setdefault(keys["person_name"], name)
                root = self._join(root, (scope, keys["person_name"]))
                if not keys.get("national_number"):
                    self._keyless.add(scope)
            if number := keys.get("national_number"):
                self._numbers[self._root(root)].add(number)
            if email := keys.get("email"):
                self._emails[self._root(root)].add(email)
            for other, other_name in on_row:
                if names_alike(name, other_name) or _same_name(name, other_name):
                    for member in (root, other):
                        self._numbers[self._root(member)].add(CLASH)
            on_row.append((root, name))

    def _root(self, member):
        while self._group[member] != member:
            member = self._group[member]
        return member

    def _join(self, first, second):
        """Put ``second`` (a new or known member) in the group of ``first``."""
        if second not in self._group:
            self._group[second] = second
            self._numbers[second], self._emails[second] = set(), set()
        if first is None:
            return second
        first, second = self._root(first), self._root(second)
        if first != second:
            self._group[second] = first
            self._numbers[first] |= self._numbers.pop(second)
            self._emails[first] |= self._emails.pop(second)
        return first

    def _group_numbers(self, member):
        """The numbers of a member's group; with no number but two e-mail addresses,
        the name is borne by two people (CLASH)."""
        root = self._root(member)
        numbers = self._numbers[root]
        if not numbers and len(self._emails.get(root, ())) > 1:
            return {CLASH}
        return numbers

    def account_clash(self, name):
        return CLASH in self.accounts.get(name, {}).values()

    def account_keys_of(self, name):
        """The strong keys the file gives the account ``name`` (none when it clashes)."""
        known = self.accounts.get(name, {})
        return {} if CLASH in known.values() else dict(known)

    def numbers_of(self, scopes, name):
        """The national numbers the file gives this person's name, written any way,
        in its account and with its e-mail address; CLASH among them for namesakes."""
        numbers = set()
        for scope in scopes:
            for key, other in self.people.get(scope, {}).items():
                if key == person_name_key(name) or names_alike(name, other):
                    numbers |= self._group_numbers((scope, key))
        return numbers

    def to_dict(self):
        """What a later run needs: the names of account names and scopes that have
        rows without a number, with the numbers of their groups."""
        accounts = {
            name: keys
            for name, keys in self.accounts.items()
            if keys and (CLASH in keys.values() or name in self._keyless)
        }
        people = []
        for scope in sorted(self._keyless & set(self.people)):
            for key, name in sorted(self.people[scope].items()):
                if numbers := self._group_numbers((scope, key)):
                    people.append([scope, name, sorted(numbers)])
        return {"accounts": accounts, "people": people}

    @classmethod
    def from_dict(cls, data):
        identity = cls()
        data = data or {}
        identity.accounts = {name: dict(keys) for name, keys in data.get("accounts", {}).items()}
        for scope, name, numbers in data.get("people", []):
            member = (scope, person_name_key(name))
            identity.people.setdefault(scope, {})[member[1]] = name
            identity._group[member] = member
            identity._numbers[member] = set(numbers)
        return identity


# --- resolving a batch of rows ------------------------------------------------------


class Resolver:
    """Decides, row by row in file order, which account and which people each row
    is, against the candidates of the database and the entities met so far.

    The import makes one resolver per batch: the database holds what earlier
    batches wrote. The review keeps one for the whole file and writes nothing:
    its entities stand for what the import would have written by then.
    """

    def __init__(self, options=None, file_identity=None):
        self.options = options or ResolveOptions()
        self.file_identity = file_identity or FileIdentity()
        self.entities = {}  # handle -> Entity
        self._index = {}  # (key name, value) -> set of handles
        self._next_handle = itertools.count(-1, -1)
        self._met_in_batch = {}  # handles of the entities this batch met, in order

    # --- the pool of entities

    def add(self, entity):
        """Add a candidate of the database; one met already keeps what it knows."""
        if entity.handle in self.entities:
            return self.entities[entity.handle]
        self.entities[entity.handle] = entity
        self._index_entity(entity)
        return entity

    def _index_entity(self, entity):
        for key_value in self._index_keys(entity):
            self._index.setdefault(key_value, set()).add(entity.handle)

    def _unindex_entity(self, entity):
        for key_value in self._index_keys(entity):
            self._index.get(key_value, set()).discard(entity.handle)

    @staticmethod
    def _index_keys(entity):
        """An entity is found by its keys, and as a member of each of its accounts.

        A person's name counts within the same account only (``_compare``), where the
        members are found anyway: indexed across the file, a common name would bring
        every namesake of the file to every row, and the review would grow as n²."""
        keys = [item for item in entity.keys.items() if item[0] != PERSON_NAME.name]
        return [*keys, *((MEMBER, account) for account in entity.accounts)]

    def _candidates(self, kind, keys, account=None):
        handles = set()
        for key_value in keys.items():
            handles |= self._index.get(key_value, set())
        if account is not None:
            handles |= self._index.get((MEMBER, account), set())
        entities = (self.entities[handle] for handle in sorted(handles))
        wanted = "is_account" if kind == ACCOUNT else "is_person"
        return [entity for entity in entities if getattr(entity, wanted)]

    def new_entities(self):
        return [entity for entity in self.entities.values() if entity.origin == NEW]

    def met_in_batch(self):
        """The entities the rows of this batch met, in the order they met them."""
        met = (self.entities.get(handle) for handle in self._met_in_batch)
        return [entity for entity in met if entity is not None]

    def start_batch(self):
        """Forget what the previous batch brought (the review's resolver lives on)."""
        met, self._met_in_batch = self._met_in_batch, {}
        for handle in met:
            if (entity := self.entities.get(handle)) is None:
                continue  # made by a row that was rolled back
            entity.batch_values = {}
            entity.contributions = {}
            entity.rows = []
            entity.created_by = None
            entity.restore = False
            entity.first_met = False
            if entity.origin == NEW:
                entity.origin = OWN

    # --- rows

    def resolve(self, plans):
        """``RowResolution`` of each of ``plans`` (rows the planner kept), in order."""
        return [self._resolve_row(plan) for plan in plans]

    def _resolve_row(self, plan):
        row = RowResolution(plan.number)
        journal = _Journal(self)
        account = None
        if plan.account:
            account = self._resolve_account(plan, row, journal)
            row.account = account.handle if account else None
        chosen = {row.account} if account and account.is_person else set()
        for person in plan.people:
            entity = self._resolve_person(plan, person, account, chosen, row, journal)
            if entity is not None:
                chosen.add(entity.handle)
                row.people.append(entity.handle)
        if row.skipped:
            journal.rollback()
            row.account, row.people, row.links = None, [], []
        return row

    def _resolve_account(self, plan, row, journal):
        values = plan.account
        keys = account_keys(values)
        if not any(keys.get(name) for name in STRONG_ACCOUNT_KEYS):
            if self.file_identity.account_clash(keys.get("name")):
                row.problems.append(_name_only_problem(values["name"], "account.name"))
                return None
            keys.update(self.file_identity.account_keys_of(keys.get("name")))
        decision = decide(ACCOUNT, keys, self._candidates(ACCOUNT, keys))
        if decision.verdict == AMBIGUOUS:
            row.problems.append(_ambiguous_problem(decision, "account.name"))
            return None
        if decision.verdict == CONFLICT:
            row.problems.append(_conflict_problem(decision, keys, "account.name"))
            return None
        if decision.verdict == CREATE:
            is_person = values.get("type") == "individual"
            return self._new_entity(journal, values, plan.number, True, is_person)
        entity = decision.entity
        if not self._usable(entity, row, "account.name", journal):
            return None
        self._merge(entity, values, plan.number, row, journal, ACCOUNT)
        return entity

    def _resolve_person(self, plan, person, account, chosen, row, journal):
        values = person.values
        keys = person_keys(values)
        target = f"{person.role}.name"
        if not keys.get("national_number"):
            scopes = person_scopes(plan, keys)
            numbers = self.file_identity.numbers_of(scopes, values.get("name", ""))
            if CLASH in numbers or len(numbers) > 1:
                row.problems.append(_namesake_problem(values.get("name", ""), target))
                return None
            if numbers:
                # The file gives this person's number on another row: it is theirs.
                values = {**values, "national_number": numbers.pop()}
                keys = person_keys(values)
        handle = account.handle if account else None
        candidates = self._candidates(PERSON, keys, handle)
        decision = decide(PERSON, keys, candidates, values.get("name", ""), handle, chosen)
        if decision.verdict == AMBIGUOUS:
            row.problems.append(_ambiguous_problem(decision, target))
            return None
        if decision.verdict == CREATE:
            entity = self._new_entity(journal, values, plan.number, False, True, person.role)
            if account:
                entity.parent = account.handle
                self._join(entity, account.handle)
            for other in decision.households:
                row.problems.append(_household_problem(values, other, person.role))
            return entity
        entity = decision.entity
        if not self._usable(entity, row, target, journal):
            return None
        self._merge(entity, values, plan.number, row, journal, person.role)
        if account and account.handle != entity.handle and account.handle not in entity.accounts:
            self._join(entity, account.handle)
            if entity.origin == NEW and entity.parent is None:
                entity.parent = account.handle  # made with this batch: its first account
            else:
                row.links.append(Link(entity.handle, account.handle, plan.number))
        return entity

    def _join(self, entity, account):
        """The person becomes a contact of ``account`` (found as its member)."""
        self._unindex_entity(entity)
        entity.accounts.add(account)
        self._index_entity(entity)

    def _new_entity(self, journal, values, number, is_account, is_person, role=""):
        entity = Entity(
            handle=next(self._next_handle),
            origin=NEW,
            keys={},
            name=values.get("name", ""),
            is_account=is_account,
            is_person=is_person,
            role=role,
            created_by=number,
        )
        journal.created.append(entity)
        self.entities[entity.handle] = entity
        self._merge(entity, values, number, None, None, ACCOUNT if is_account else role)
        return entity

    def _usable(self, entity, row, target, journal):
        """An archived match is restored when asked for, else its row is skipped."""
        if entity.active or entity.restore:
            return True
        if not self.options.restore_archived:
            row.problems.append(
                Problem(
                    _lt(
                        "matches the archived client %(partner)s (#%(id)s): choose to "
                        "restore archived clients on the Settings step, or leave this row out"
                    ),
                    {"partner": entity.name, "id": entity.handle},
                    target=target,
                    code=ARCHIVED,
                )
            )
            return False
        journal.save(entity)
        entity.restore = True
        return True

    # --- merging what rows say about one entity

    def _merge(self, entity, values, number, row, journal, role):
        """Add a row's values to an entity. Later rows fill blanks; a different value
        is a warning on that row. Keys follow what the database will hold."""
        if journal is not None:
            journal.save(entity)
        self._met_in_batch[entity.handle] = True
        if not entity.met:
            entity.met = entity.first_met = True
            entity.met_as = ACCOUNT if role == ACCOUNT else PERSON
        if number not in entity.rows:
            entity.rows.append(number)
        brought = entity.contributions.setdefault(number, set())
        for name, value in values.items():
            if value in (None, "", []):
                continue
            known = entity.file_values.get(name)
            if name in ADDING_UP and not isinstance(value, list):
                value = [value]
            if isinstance(value, list):
                added = [item for item in value if item not in (known or [])]
                if added:
                    entity.file_values[name] = [*(known or []), *added]
                    entity.batch_values[name] = [*entity.batch_values.get(name, []), *added]
                    brought.add(name)
                continue
            if name == "name" and known and names_compatible(known, value):
                value = written_name(known, value)  # the fuller spelling of one name
                known = None if value != known else known
            if known in (None, ""):
                entity.file_values[name] = value
                entity.sources[name] = number
                entity.batch_values[name] = value
                brought.add(name)
            elif row is not None and _differs(name, known, value):
                row.problems.append(_value_conflict_problem(entity, name, known, value, role))
        if not brought:
            del entity.contributions[number]
        self._follow_keys(entity, journal)

    def _follow_keys(self, entity, journal):
        """The name and keys the entity will have in the database once written."""
        writes = entity.is_own or self.options.policy in (UPDATE, FILL)
        if not writes:
            return
        file_name = entity.file_values.get("name")
        if entity.is_own:
            entity.name = file_name or entity.name
        elif self.options.policy == UPDATE:
            entity.name = written_name(entity.name, file_name)
        elif not entity.name:
            entity.name = file_name or ""
        file_keys = entity_keys(
            {**entity.file_values, "name": entity.name}, entity.is_account, entity.is_person
        )
        keys = dict(entity.keys)
        for name, value in file_keys.items():
            if name not in keys or entity.is_own or self.options.policy == UPDATE:
                keys[name] = value
        if keys != entity.keys:
            self._unindex_entity(entity)
            entity.keys = keys
            self._index_entity(entity)


def _differs(name, first, second):
    if name == "name":
        return not names_compatible(first, second)
    return first != second


class _Journal:
    """What one row changed in the resolver, so that a skipped row changes nothing."""

    def __init__(self, resolver):
        self.resolver = resolver
        self.saved = {}  # handle -> copy of the entity before the row
        self.created = []

    def save(self, entity):
        if entity.handle in self.saved or entity in self.created:
            return
        copy = dataclasses.replace(entity)
        for name in ("keys", "file_values", "sources", "batch_values"):
            setattr(copy, name, dict(getattr(entity, name)))
        copy.accounts = set(entity.accounts)
        copy.contributions = {row: set(names) for row, names in entity.contributions.items()}
        copy.rows = list(entity.rows)
        self.saved[entity.handle] = copy

    def rollback(self):
        resolver = self.resolver
        for entity in self.created:
            resolver._unindex_entity(entity)
            del resolver.entities[entity.handle]
        for handle, copy in self.saved.items():
            resolver._unindex_entity(resolver.entities[handle])
            resolver.entities[handle] = copy
            resolver._index_entity(copy)


# --- messages -------------------------------------------------------------------------


def _partner_list(entities):
    return ", ".join(f"{entity.name} (#{entity.handle})" for entity in entities[:5])


def _ambiguous_problem(decision, target):
    others = decision.others
    if all(entity.is_own for entity in others):
        return Problem(
            _lt(
                "%(count)s clients of this file match on %(key)s (%(name)s): give a "
                "national, VAT or enterprise number to tell them apart"
            ),
            {"count": len(others), "key": KEY_LABELS[decision.key], "name": others[0].name},
            target=target,
            code=AMBIGUOUS,
        )
    shown = [entity for entity in others if not entity.is_own]
    return Problem(
        _lt("ambiguous: %(key)s matches %(partners)s"),
        {"key": KEY_LABELS[decision.key], "partners": _partner_list(shown)},
        target=target,
        code=AMBIGUOUS,
    )


def _name_only_problem(name, target):
    return Problem(
        _lt(
            "this file names several clients %(name)s and this row gives no number to tell "
            "which one: add the national, VAT or enterprise number"
        ),
        {"name": name},
        target=target,
        code=AMBIGUOUS,
    )


def _namesake_problem(name, target):
    return Problem(
        _lt(
            "this file names several people %(name)s (in this account or with this e-mail "
            "address) and this row gives no national number to tell which one: add it"
        ),
        {"name": name},
        target=target,
        code=AMBIGUOUS,
    )


def _conflict_problem(decision, keys, target):
    entity, key = decision.conflict
    return Problem(
        _lt(
            "conflict: %(key)s matches %(partner)s (#%(id)s) but %(other)s %(value)s ≠ "
            "%(partner_value)s; nothing was changed"
        ),
        {
            "key": KEY_LABELS[decision.key],
            "partner": entity.name,
            "id": entity.handle,
            "other": KEY_LABELS[key],
            "value": keys[key],
            "partner_value": entity.keys[key],
        },
        target=target,
        code=CONFLICT,
    )


def _household_problem(values, other, role):
    return Problem(
        _lt(
            "shares the e-mail address %(email)s with %(partner)s: imported as a separate "
            "person of the same household"
        ),
        {"email": values.get("email", ""), "partner": other.name},
        severity=WARNING,
        target=f"{role}.email",
        code=SHARED_EMAIL,
    )


def _value_conflict_problem(entity, name, known, value, role):
    side = "account" if role == "account" else role
    return Problem(
        _lt(
            "%(value)s differs from %(known)s given on row %(row)s for the same client: "
            "%(known)s is kept"
        ),
        {"value": value, "known": known, "row": entity.sources.get(name, "")},
        severity=WARNING,
        target=f"{side}.{name}",
    )
