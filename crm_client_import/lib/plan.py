"""What each row of a client list asks for: an account, its people, or a skip.

Pure Python. ``RowPlanner.plan(row)`` maps, cleans and checks one row and says
what it asks for; the Odoo side then matches plans against the database and
writes them. The same planner serves the review step and the import itself, so
what the review shows is what the import does.

Rules, in the words of the firms' own tools:

- One contact per row; rows with the same account name share one account
  (``account_key`` groups them: case, accents and punctuation do not count).
- A row without an account name gives a contact that belongs to no account.
- An *individual* account and the person on its own row are one partner: the
  person's details complete the account instead of making a second partner.
- In an accounts-only import, the row's contact details (e-mail, phone...)
  describe the account itself.
- Spouse columns on a taxpayer's row give a second person on the same account.
  A spouse with a first name only takes the taxpayer's last name; a spouse with
  no name at all is left out with a warning.
- "Contact 2 ...", "Contact 3 ..." column blocks give more people of the account,
  each with its own identity; a block with details but no name is left out with
  a warning.
- A full-name column is split into first and last name in the mapping's order;
  "Dirk & Sofie Claes" there is two people of one household (the second is the
  spouse when the row has none), with a warning that says so.
- The account type is, by default, decided per row from what the row says (see
  ``account_type``); the reason is kept with the plan, and the user may give the
  accounts of one reason another type (``PlanOptions.type_overrides``).
"""

from dataclasses import dataclass, field

from . import catalogue, normalize
from .account_type import FROM_COLUMN, decide_account_type
from .errors import ERROR, WARNING, Problem, _lt
from .identity import person_name_key
from .mapping import RowMapper
from .names import full_name, split_household

ACCOUNTS_AND_CONTACTS = "accounts_contacts"
ACCOUNTS_ONLY = "accounts"
CONTACTS_ONLY = "contacts"

TYPE_PER_ROW = "per_row"
TYPE_FROM_BULK = "bulk"
TYPE_FROM_COLUMN = "column"
TYPE_LEFT_ALONE = "skip"

COMPANY = "company"
INDIVIDUAL = "individual"
# Every account type but "individual" is a company in Odoo's sense.
ACCOUNT_TYPES = (COMPANY, INDIVIDUAL, "family", "trust", "other")
# A new account whose type is left to a column and not given there.
DEFAULT_NEW_ACCOUNT_TYPE = "other"

CONTACT = catalogue.CONTACT
SPOUSE = catalogue.SPOUSE


@dataclass(frozen=True)
class PlanOptions:
    kind: str = ACCOUNTS_AND_CONTACTS
    account_type_mode: str = TYPE_PER_ROW
    # Per row: the type when nothing in the row tells; in bulk: every account's type.
    account_type: str = COMPANY
    # Per row: {reason: type} for the accounts the user gave another type by reason.
    type_overrides: dict = field(default_factory=dict)


@dataclass(slots=True)
class Person:
    """A contact person: ``values`` are keyed by field suffix (``name``, ``email``...).
    ``role`` (``contact`` or ``spouse``) says how the person is written; ``slot``
    which person of the row it is, for messages: "contact", "contact 2", "spouse"."""

    role: str
    values: dict
    slot: str = ""

    def __post_init__(self):
        self.slot = self.slot or self.role

    @property
    def keys(self):
        """Every key that says who this is, across rows: national number, e-mail.
        Two rows that share any of them are the same person."""
        keys = []
        if number := self.values.get("national_number"):
            keys.append(f"nn:{number}")
        if email := self.values.get("email"):
            keys.append(f"email:{email.lower()}")
        return keys

    @property
    def key(self):
        """The strongest key: national number first, then e-mail."""
        keys = self.keys
        return keys[0] if keys else ""


@dataclass(slots=True)
class RowPlan:
    number: int
    cells: list
    account: dict | None = None
    account_key: str = ""
    people: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # Why the account has its type (lib.account_type), when decided per row; not a field.
    account_type_reason: str = ""

    @property
    def errors(self):
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def skipped(self):
        return bool(self.errors)

    @property
    def reason(self):
        """Why the row is skipped, in English (the Odoo side translates problems)."""
        return "; ".join(str(problem) for problem in self.errors)


def account_key(name):
    """The grouping key of an account name: "Bakkerij Van den Broeck B.V." and
    "bakkerij van den broeck bv" are one account."""
    return normalize.fold(name or "")


class RowPlanner:
    """Plans rows with one mapping, catalogue and set of options."""

    def __init__(self, mapping, targets, context=normalize.DEFAULT_CONTEXT, options=None):
        self.mapping = mapping
        self.options = options or PlanOptions()
        all_targets = list(targets) + mapping.new_field_targets()
        all_targets += mapping.numbered_targets(all_targets)
        self.targets = catalogue.targets_by_key(all_targets)
        self.name_orders = mapping.name_splits()
        self.context = context
        self.columns = mapping.headers_by_target()
        self.row_mapper = RowMapper(mapping, self.targets)
        self.row_normalizer = normalize.RowNormalizer(self.targets, context, self.columns)

    def plan(self, row):
        raw = self.row_mapper.map(row.cells)
        clean, problems = self.row_normalizer.normalize(raw)
        plan = RowPlan(number=row.number, cells=row.cells, problems=problems)
        sides = self._split_sides(clean)
        if self.options.kind == ACCOUNTS_ONLY:
            # No contacts: the row's e-mail, phone... describe the account itself.
            _give_full_name(sides[CONTACT])
            _complete(sides[catalogue.ACCOUNT], sides[CONTACT])
        if self.options.kind != CONTACTS_ONLY:
            self._plan_account(plan, sides[catalogue.ACCOUNT], sides[CONTACT])
        if self.options.kind != ACCOUNTS_ONLY:
            self._plan_people(plan, sides)
        self._check_row(plan)
        return plan

    def _split_sides(self, clean):
        """``{side: {suffix: value}}``; the 2nd, 3rd... contacts under "contact2"..."""
        sides = {side: {} for side in catalogue.SIDES}
        for key, value in clean.items():
            target = self.targets.get(key)
            if target is None:
                continue
            if target.writer == catalogue.NEW_FIELD:
                sides[target.side][target.field_name] = value
            else:
                person, _dot, suffix = key.partition(".")
                sides.setdefault(person, {})[suffix] = value
        return sides

    def _plan_account(self, plan, values, contact):
        if not values.get("name"):
            return
        options = self.options
        mode = options.account_type_mode
        if mode == TYPE_PER_ROW:
            account_type, reason = decide_account_type(values, contact, options.account_type)
            if reason != FROM_COLUMN:
                account_type = options.type_overrides.get(reason, account_type)
            values["type"] = account_type
            plan.account_type_reason = reason
        elif mode == TYPE_FROM_BULK:
            values["type"] = options.account_type
        elif mode == TYPE_LEFT_ALONE:
            values.pop("type", None)
        elif not values.get("type") and values.get("legal_form"):
            values["type"] = COMPANY  # a legal form says it is a company
        plan.account = values
        plan.account_key = account_key(values["name"])

    def _plan_people(self, plan, sides):
        contact, spouse = sides[CONTACT], sides[SPOUSE]
        numbered = sorted(
            (int(person[len(CONTACT) :]), values)
            for person, values in sides.items()
            if person.startswith(CONTACT) and person != CONTACT
        )
        people = [(CONTACT, CONTACT, contact), (SPOUSE, SPOUSE, spouse)]
        people += [(f"{CONTACT}{n}", f"{CONTACT} {n}", values) for n, values in numbered]
        household = []
        for person, _slot, values in people:
            household += self._split_name(plan, person, values)
        if spouse.get("first_name") and not spouse.get("last_name") and not spouse.get("name"):
            spouse["last_name"] = contact.get("last_name", "")
        for _person, _slot, values in people:
            _give_full_name(values)
        if plan.account and plan.account.get("type") == INDIVIDUAL and contact:
            name = contact.get("name")
            # "Wouters Dirk" and "Dirk Wouters": one person, whatever the word order.
            if not name or person_name_key(name) == person_name_key(plan.account["name"]):
                _complete(plan.account, contact)
                contact.clear()
        for member in household:  # the spouse when the row has none
            if spouse:
                people.append((None, f"{CONTACT} {len(people)}", member))
            else:
                spouse.update(member)
        for person, slot, values in people:
            role = SPOUSE if person == SPOUSE else CONTACT
            if values.get("name") or (person == CONTACT and values):
                plan.people.append(Person(role, values, slot))
            elif values:
                # Some exports (Accounton) give the spouse's national number but no name:
                # the taxpayer's row still counts.
                plan.problems.append(
                    Problem(
                        LEFT_OUT_PERSON.get(person, LEFT_OUT_CONTACT),
                        params={"number": slot.rpartition(" ")[2]},
                        severity=WARNING,
                        target=f"{person}.name",
                    )
                )

    def _split_name(self, plan, person, values):
        """Split the person's full name in the mapping's order; return the other
        members of a household ("Dirk & Sofie Claes"), with a warning naming them."""
        order = self.name_orders.get(person)
        if not order or not values.get("name"):
            return []
        (first, last), *others = split_household(values.pop("name"), order)
        values.update(first_name=first, last_name=last)
        members = [{"name": full_name(*other)} for other in others]
        if members:
            plan.problems.append(
                Problem(
                    _lt("%(names)s are read as people of one household"),
                    params={
                        "names": ", ".join([full_name(first, last)] + [m["name"] for m in members])
                    },
                    severity=WARNING,
                    target=f"{person}.name",
                )
            )
        return members

    def _check_row(self, plan):
        kind = self.options.kind
        for person in plan.people:
            if not person.values.get("name"):
                _add_error(plan, f"{person.role}.name", NAMELESS_PERSON[person.role])
        if kind == ACCOUNTS_ONLY and not plan.account:
            _add_error(plan, "account.name", _lt("The account name is empty: every row needs one"))
        elif kind == CONTACTS_ONLY and not plan.people:
            _add_error(plan, "contact.name", _lt("The contact name is empty: every row needs one"))
        elif kind == ACCOUNTS_AND_CONTACTS and not plan.account and not plan.people:
            message = _lt("The row has neither an account name nor a contact name")
            _add_error(plan, "account.name", message)


LEFT_OUT_PERSON = {
    SPOUSE: _lt("The spouse's details were left out: the file gives no spouse name"),
}
LEFT_OUT_CONTACT = _lt(
    "The details of contact %(number)s were left out: the file gives no name for this contact"
)
NAMELESS_PERSON = {
    CONTACT: _lt("The contact has details but no name: fill the contact's name"),
}


def _add_error(plan, target, message):
    plan.problems.append(Problem(message, target=target))


def _give_full_name(values):
    """Replace first and last name by the ``name`` they make, unless one is given."""
    first = values.pop("first_name", "")
    last = values.pop("last_name", "")
    if not values.get("name") and (first or last):
        values["name"] = " ".join(part for part in (first, last) if part)


def _complete(account, person):
    """Fill the account's empty values from the person's (an individual is one
    partner); the person's notes are added to the account's."""
    for key, value in person.items():
        if key == "notes":
            account["notes"] = [*account.get("notes", []), *value]
        elif key != "name" and value and not account.get(key):
            account[key] = value
