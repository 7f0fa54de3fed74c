"""A bad cell never costs a client: by default the row is planned with a warning
and the value is kept (as typed, in E.164 or in the notes of its partner); the
strict mode skips the row."""

import pickle

import pytest

from lib import catalogue
from lib import normalize as n
from lib.errors import ERROR, WARNING, Note
from lib.mapping import suggest_mapping
from lib.plan import ACCOUNTS_ONLY, TYPE_FROM_COLUMN, PlanOptions, RowPlanner
from lib.readers import Row

HEADER = [
    "Klant", "Type", "Voornaam", "Achternaam", "E-mail", "Telefoon", "BTW-nummer",
    "Rijksregisternummer", "Voornaam partner", "E-mail partner",
]  # fmt: skip
GOOD = ["Bakkerij Peeters", "Bedrijf", "Jan", "Peeters", "jan@peeters.be", "09 223 45 67"]
GOOD += ["BE0403170701", "85.07.30-033.28", "", ""]


def plan_row(cells, strictness=n.LENIENT, **options):
    mapping = suggest_mapping(HEADER)
    context = n.NormalizeContext(default_country="BE", strictness=strictness)
    options = PlanOptions(account_type_mode=TYPE_FROM_COLUMN, **options)
    planner = RowPlanner(mapping, catalogue.default_targets(), context, options)
    return planner.plan(Row(2, cells))


def row(**cells):
    """GOOD with some cells changed, by header."""
    values = list(GOOD)
    for header, value in cells.items():
        values[HEADER.index(header)] = value
    return values


def test_the_mapping_reads_the_header():
    mapping = suggest_mapping(HEADER)
    assert [column.target for column in mapping.columns] == [
        "account.name", "account.type", "contact.first_name", "contact.last_name",
        "contact.email", "contact.phone", "account.vat", "contact.national_number",
        "spouse.first_name", "spouse.email",
    ]  # fmt: skip


def test_a_good_row_has_no_problem():
    plan = plan_row(GOOD)
    assert plan.problems == []
    assert plan.account["vat"] == "BE0403170701"
    assert plan.people[0].values["phone"] == "+3292234567"


@pytest.mark.parametrize(
    ("cells", "target"),
    [
        ({"E-mail": "jan peeters@telenet.be"}, "contact.email"),
        ({"Telefoon": "09 123 45 67"}, "contact.phone"),
        ({"BTW-nummer": "BE0123"}, "account.vat"),
        ({"BTW-nummer": "US123456789"}, "account.vat"),
        ({"Rijksregisternummer": "85.07.30-033.29"}, "contact.national_number"),
        ({"Voornaam partner": "Els", "E-mail partner": "els@"}, "spouse.email"),
    ],
)
def test_by_default_a_bad_cell_is_a_warning_and_the_strict_mode_skips_the_row(cells, target):
    values = row(**cells)
    plan = plan_row(values)
    assert not plan.skipped
    assert [(p.target, p.severity) for p in plan.problems] == [(target, WARNING)]
    assert plan.account["name"] == "Bakkerij Peeters"
    strict = plan_row(values, strictness=n.STRICT)
    assert strict.skipped
    assert [(p.target, p.severity) for p in strict.problems] == [(target, ERROR)]
    assert str(strict.problems[0]) in strict.reason


def test_local_belgian_numbers_that_libphonenumber_calls_unassigned_are_kept():
    plan = plan_row(row(Telefoon="02 987 65 43"))
    assert plan.people[0].values["phone"] == "+3229876543"
    (problem,) = plan.problems
    assert (problem.severity, problem.column, problem.note) == (WARNING, "Telefoon", "")


def test_a_dropped_value_goes_to_the_notes_of_its_partner():
    cells = {"E-mail": "jan peeters@telenet.be", "BTW-nummer": "BE0123"}
    cells |= {"Voornaam partner": "Els", "E-mail partner": "els@"}
    plan = plan_row(row(**cells))
    contact, spouse = plan.people
    assert plan.account["notes"] == ["BTW-nummer: BE0123 (not a valid VAT number)"]
    assert contact.values["notes"] == [
        "E-mail: jan peeters@telenet.be (not a valid e-mail address)"
    ]
    assert spouse.values["notes"] == ["E-mail partner: els@ (not a valid e-mail address)"]
    assert "email" not in contact.values and "email" not in spouse.values
    assert {p.target: p.note for p in plan.problems} == {
        "contact.email": "%(column)s: %(value)s (not a valid e-mail address)",
        "account.vat": "%(column)s: %(value)s (not a valid VAT number)",
        "spouse.email": "%(column)s: %(value)s (not a valid e-mail address)",
    }


def test_without_a_contact_name_the_value_goes_to_the_accounts_notes():
    cells = {"Voornaam": "", "Achternaam": "", "Telefoon": "", "Rijksregisternummer": ""}
    plan = plan_row(row(**cells, **{"E-mail": "info@peeters"}))
    assert plan.people == []
    assert not plan.skipped
    assert plan.account["notes"] == ["E-mail: info@peeters (not a valid e-mail address)"]


def test_an_individual_keeps_the_notes_of_its_own_row():
    cells = {"Klant": "Jan Peeters", "Type": "Particulier", "BTW-nummer": "n.v.t."}
    plan = plan_row(row(**cells, Rijksregisternummer="85.07.30"))
    assert plan.people == []
    assert plan.account["notes"] == ["Rijksregisternummer: 85.07.30 (not a valid national number)"]
    assert "vat" not in plan.account


def test_accounts_only_adds_the_contact_side_notes_to_the_accounts():
    cells = row(**{"E-mail": "jan peeters@telenet.be", "BTW-nummer": "BE0123"})
    plan = plan_row(cells, kind=ACCOUNTS_ONLY)
    assert plan.account["notes"] == [
        "BTW-nummer: BE0123 (not a valid VAT number)",
        "E-mail: jan peeters@telenet.be (not a valid e-mail address)",
    ]


def test_a_notes_line_keeps_its_template_and_survives_the_planning_processes():
    template = "%(column)s: %(value)s (not a valid VAT number)"
    note = Note(template, {"column": "BTW-nummer", "value": "BE0123"})
    assert note == "BTW-nummer: BE0123 (not a valid VAT number)"
    copy = pickle.loads(pickle.dumps(note))
    assert (copy, copy.message, copy.params) == (note, note.message, note.params)
    assert isinstance(copy, Note)
    plan = plan_row(row(**{"BTW-nummer": "BE0123"}))
    copy = pickle.loads(pickle.dumps(plan))
    assert copy.account["notes"][0].params == {"column": "BTW-nummer", "value": "BE0123"}
