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
  both sides with different values vetoes the match. The strongest agreeing key
  decides between candidates; two candidates on that key are ambiguous and the
  row is skipped, never guessed.
- **An account whose key agrees with a partner of the database while a strong key
  disagrees is a conflict**: the row is skipped with both values and the
  partner named, and nothing is overwritten. When the partner is one this import
  made from an earlier row, it is simply another client of the file with the
  same name ("two clients named Jan Peeters").
- **Two people may share an e-mail address.** The same e-mail with a different
  national number, or with clearly different names, is two persons of one
  household: a new person is made, both keep the address, and the row says so.
  Two people of one row (a taxpayer and the spouse) are never one person.
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

ACCOUNT_KEYS = (REF, VAT, ENTERPRISE, NATIONAL_NUMBER, NAME)
PERSON_KEYS = (NATIONAL_NUMBER, EMAIL, NAME)
KEY_LABELS = {key.name: key.label for key in (*ACCOUNT_KEYS, EMAIL)}
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
        name=fold(values.get("name") or ""),
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


def _name_words(name):
    words = []
    for word in str(name or "").replace("-", " ").replace("&", " ").split():
        if folded := fold(word):
            words.append(folded)
    return words


def names_compatible(first, second):
    """Whether two names can be one person: "Jan Jacobs", "Jacobs Jan", "J. Jacobs"
    and "Jacobs" can; "Jan Jacobs" and "Els Jacobs" cannot. Every word of the
    shorter name must be in the longer one, an initial standing for any word
    that starts with it."""
    shorter, longer = sorted((_name_words(first), _name_words(second)), key=len)
    if not shorter:
        return True
    available = list(longer)
    # Whole words first, so that an initial does not take a word another needs.
    for word in sorted(shorter, key=len, reverse=True):
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


def _compare(keys, entity, key_order, account=None):
    """(agreeing, disagreeing) key names between planned ``keys`` and an entity."""
    agree, disagree = [], []
    for key in key_order:
        mine, theirs = keys.get(key.name), entity.keys.get(key.name)
        if not mine or not theirs:
            continue
        if key is NAME and key_order is PERSON_KEYS and account not in entity.accounts:
            continue  # a person's name only counts within the same account
        if mine == theirs:
            agree.append(key)
        elif key.strong:
            disagree.append(key)
    return agree, disagree


def decide(kind, keys, candidates, name="", account=None, exclude=()):
    """The decision for planned ``keys`` among ``candidates`` (entities).

    ``name`` is the planned name of a person (to tell two people sharing an
    e-mail address apart), ``account`` the handle of the person's account;
    ``exclude`` are handles that may not match (the other people of the row)."""
    key_order = ACCOUNT_KEYS if kind == ACCOUNT else PERSON_KEYS
    matches, vetoed = [], []
    for entity in candidates:
        agree, disagree = _compare(keys, entity, key_order, account)
        if not agree:
            continue
        if kind == PERSON and not agree[0].strong and not names_compatible(name, entity.name):
            disagree.append(NAME)
        if entity.handle in exclude:
            disagree.append(NAME)  # never the same person as another of the row
        if disagree:
            vetoed.append((entity, agree[0], disagree[0]))
        else:
            matches.append((key_order.index(agree[0]), entity, agree[0]))
    if matches:
        best = min(rank for rank, _entity, _key in matches)
        top = [(entity, key) for rank, entity, key in matches if rank == best]
        if len(top) > 1:
            return Decision(AMBIGUOUS, key=top[0][1].name, others=tuple(e for e, _k in top))
        return Decision(MATCH, top[0][0], key=top[0][1].name)
    if kind == ACCOUNT:
        existing = [item for item in vetoed if not item[0].is_own]
        if existing:
            entity, agreed, disagreed = min(existing, key=lambda item: key_order.index(item[1]))
            return Decision(CONFLICT, key=agreed.name, conflict=(entity, disagreed.name))
        return Decision(CREATE)
    households = tuple(entity for entity, agreed, _d in vetoed if agreed is EMAIL)
    return Decision(CREATE, households=households)


# --- resolving a batch of rows ------------------------------------------------------


class Resolver:
    """Decides, row by row in file order, which account and which people each row
    is, against the candidates of the database and the entities met so far.

    The import makes one resolver per batch: the database holds what earlier
    batches wrote. The review keeps one for the whole file and writes nothing:
    its entities stand for what the import would have written by then.
    """

    def __init__(self, options=None):
        self.options = options or ResolveOptions()
        self.entities = {}  # handle -> Entity
        self._index = {}  # (key name, value) -> set of handles
        self._next_handle = itertools.count(-1, -1)

    # --- the pool of entities

    def add(self, entity):
        """Add a candidate of the database; one met already keeps what it knows."""
        if entity.handle in self.entities:
            return self.entities[entity.handle]
        self.entities[entity.handle] = entity
        self._index_entity(entity)
        return entity

    def _index_entity(self, entity):
        for key_value in entity.keys.items():
            self._index.setdefault(key_value, set()).add(entity.handle)

    def _unindex_entity(self, entity):
        for key_value in entity.keys.items():
            self._index.get(key_value, set()).discard(entity.handle)

    def _candidates(self, kind, keys):
        handles = set()
        for key_value in keys.items():
            handles |= self._index.get(key_value, set())
        entities = (self.entities[handle] for handle in sorted(handles))
        wanted = "is_account" if kind == ACCOUNT else "is_person"
        return [entity for entity in entities if getattr(entity, wanted)]

    def new_entities(self):
        return [entity for entity in self.entities.values() if entity.origin == NEW]

    def start_batch(self):
        """Forget what the previous batch brought (the review's resolver lives on)."""
        for entity in self.entities.values():
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
        handle = account.handle if account else None
        candidates = self._candidates(PERSON, keys)
        decision = decide(PERSON, keys, candidates, values.get("name", ""), handle, chosen)
        target = f"{person.role}.name"
        if decision.verdict == AMBIGUOUS:
            row.problems.append(_ambiguous_problem(decision, target))
            return None
        if decision.verdict == CREATE:
            entity = self._new_entity(journal, values, plan.number, False, True, person.role)
            if account:
                entity.parent = account.handle
                entity.accounts.add(account.handle)
            for other in decision.households:
                row.problems.append(_household_problem(values, other, person.role))
            return entity
        entity = decision.entity
        if not self._usable(entity, row, target, journal):
            return None
        self._merge(entity, values, plan.number, row, journal, person.role)
        if account and account.handle != entity.handle and account.handle not in entity.accounts:
            entity.accounts.add(account.handle)
            if entity.origin == NEW and entity.parent is None:
                entity.parent = account.handle  # made with this batch: its first account
            else:
                row.links.append(Link(entity.handle, account.handle, plan.number))
        return entity

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
        """The keys the entity will have in the database once written."""
        file_keys = entity_keys(entity.file_values, entity.is_account, entity.is_person)
        writes = entity.is_own or self.options.policy in (UPDATE, FILL)
        if not writes:
            return
        keys = dict(entity.keys)
        for name, value in file_keys.items():
            if name not in keys or (entity.is_own or self.options.policy == UPDATE):
                keys[name] = value
        if keys != entity.keys:
            self._unindex_entity(entity)
            entity.keys = keys
            self._index_entity(entity)
        if entity.is_own or self.options.policy == UPDATE or not entity.name:
            entity.name = entity.file_values.get("name") or entity.name


def _differs(name, first, second):
    if name == "name":
        return fold(first) != fold(second)
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
