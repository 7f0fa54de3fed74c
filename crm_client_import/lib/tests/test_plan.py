import pytest

from lib import catalogue
from lib.errors import ERROR, WARNING
from lib.mapping import suggest_mapping
from lib.plan import (
    ACCOUNTS_ONLY,
    CONTACTS_ONLY,
    TYPE_FROM_COLUMN,
    TYPE_LEFT_ALONE,
    PlanOptions,
    RowPlanner,
    account_key,
)
from lib.readers import Row

HEADER = [
    "Account name", "Account type", "First name", "Last name", "Email",
    "Spouse first name", "Spouse national number",
]  # fmt: skip


def plan_row(cells, **options):
    mapping = suggest_mapping(HEADER)
    planner = RowPlanner(mapping, catalogue.default_targets(), options=PlanOptions(**options))
    return planner.plan(Row(2, cells))


def test_account_names_group_whatever_their_case_accents_and_dots():
    assert account_key("Bakkerij Van den Broeck B.V.") == account_key("bakkerij van den broeck bv")
    assert account_key("Crèmerie Dupré") == account_key("CREMERIE DUPRE")
    assert account_key("Acme") != account_key("Acme 2")


def test_a_company_row_gives_an_account_and_its_contact():
    plan = plan_row(["Acme BV", "Company", "Ann", "Smith", "ann@acme.be", "", ""])
    assert plan.account == {"name": "Acme BV", "type": "company"}
    assert [(person.role, person.values) for person in plan.people] == [
        ("contact", {"name": "Ann Smith", "email": "ann@acme.be"})
    ]
    assert plan.people[0].key == "email:ann@acme.be"
    assert not plan.skipped


def test_an_individual_and_their_own_row_are_one_person():
    cells = ["Marc Lambert", "Particulier", "Marc", "Lambert", "marc@x.be", "", ""]
    plan = plan_row(cells, account_type_mode=TYPE_FROM_COLUMN)
    assert plan.account == {"name": "Marc Lambert", "type": "individual", "email": "marc@x.be"}
    assert plan.people == []


def test_a_spouse_takes_the_taxpayers_last_name_when_only_a_first_name_is_given():
    cells = ["Janssens", "Family", "Jan", "Janssens", "", "Marie", "85073003328"]
    plan = plan_row(cells, account_type_mode=TYPE_FROM_COLUMN)
    spouse = plan.people[1]
    assert (spouse.role, spouse.values["name"]) == ("spouse", "Marie Janssens")
    assert spouse.key == "nn:85073003328"


def test_a_spouse_without_a_name_is_left_out_with_a_warning():
    plan = plan_row(["Janssens", "Family", "Jan", "Janssens", "", "", "85073003328"])
    assert [person.role for person in plan.people] == ["contact"]
    assert [(problem.severity, problem.target) for problem in plan.problems] == [
        (WARNING, "spouse.name")
    ]
    assert not plan.skipped


def test_a_contact_with_details_but_no_name_skips_the_row():
    plan = plan_row(["Acme", "Company", "", "", "info@acme.be", "", ""])
    assert plan.skipped
    assert plan.errors[0].target == "contact.name"


@pytest.mark.parametrize(
    ("kind", "cells", "target"),
    [
        (ACCOUNTS_ONLY, ["", "", "Ann", "Smith", "", "", ""], "account.name"),
        (CONTACTS_ONLY, ["Acme", "", "", "", "", "", ""], "contact.name"),
        ("accounts_contacts", ["", "", "", "", "", "", ""], "account.name"),
    ],
)
def test_each_kind_says_which_name_is_missing(kind, cells, target):
    plan = plan_row(cells, kind=kind)
    assert [(problem.severity, problem.target) for problem in plan.errors] == [(ERROR, target)]


def test_accounts_only_gives_the_rows_contact_details_to_the_account():
    plan = plan_row(["Acme", "", "Ann", "Smith", "info@acme.be", "", ""], kind=ACCOUNTS_ONLY)
    assert plan.account["email"] == "info@acme.be"
    assert plan.people == []


def test_contacts_only_ignores_the_account():
    plan = plan_row(["Acme", "", "Ann", "Smith", "", "", ""], kind=CONTACTS_ONLY)
    assert plan.account is None
    assert plan.people[0].values == {"name": "Ann Smith"}


def test_leaving_the_type_alone_drops_the_column_value():
    plan = plan_row(["Acme", "Bedrijf", "", "", "", "", ""], account_type_mode=TYPE_LEFT_ALONE)
    assert "type" not in plan.account


def plan_with(header, cells, **options):
    mapping = suggest_mapping(header)
    planner = RowPlanner(mapping, catalogue.default_targets(), options=PlanOptions(**options))
    return planner.plan(Row(2, cells))


def test_contact_blocks_give_one_person_each_with_their_own_keys():
    header = ["Company", "Contact 1 Name", "Contact 1 Email", "Contact 2 First name"]
    header += ["Contact 2 Last name", "Contact 2 Email", "Contact 3 Name", "Contact 3 Mobile"]
    cells = ["Acme BV", "Jan Peeters", "jan@acme.be", "Els", "Claes", "els@acme.be"]
    cells += ["Piet Maes", "+32 471 23 45 67"]
    plan = plan_with(header, cells)
    assert [(p.role, p.slot, p.values) for p in plan.people] == [
        ("contact", "contact", {"name": "Jan Peeters", "email": "jan@acme.be"}),
        ("contact", "contact 2", {"name": "Els Claes", "email": "els@acme.be"}),
        ("contact", "contact 3", {"name": "Piet Maes", "mobile": "+32471234567"}),
    ]
    assert [p.key for p in plan.people] == ["email:jan@acme.be", "email:els@acme.be", ""]
    assert not plan.problems


def test_a_contact_block_without_a_name_is_left_out_with_a_warning():
    header = ["Company", "Contact 1 Name", "Contact 2 Name", "Contact 2 Email"]
    plan = plan_with(header, ["Acme BV", "Jan Peeters", "", "info@acme.be"])
    assert [p.slot for p in plan.people] == ["contact"]
    assert [(p.severity, p.target, p.params) for p in plan.problems] == [
        (WARNING, "contact2.name", {"number": "2"})
    ]
    assert not plan.skipped


def test_a_bad_value_of_contact_two_names_its_column():
    header = ["Company", "Contact 2 Name", "Contact 2 Email"]
    plan = plan_with(header, ["Acme BV", "Els Claes", "els(at)acme"])
    (problem,) = plan.problems
    assert (problem.target, problem.column) == ("contact2.email", "Contact 2 Email")


def test_taxpayer_and_spouse_columns_give_two_people():
    header = ["Account name", "Taxpayer First Name", "Taxpayer Last Name", "Taxpayer Email"]
    header += ["Spouse First Name", "Spouse Email"]
    cells = ["Peeters family", "Jan", "Peeters", "jan@x.be", "Marie", "marie@x.be"]
    plan = plan_with(header, cells)
    assert [(p.role, p.values) for p in plan.people] == [
        ("contact", {"name": "Jan Peeters", "email": "jan@x.be"}),
        ("spouse", {"name": "Marie Peeters", "email": "marie@x.be"}),
    ]


@pytest.mark.parametrize(
    ("header", "cell", "name"),
    [
        ("Primary Contact", "Jan Peeters", "Jan Peeters"),
        ("Naam en voornaam", "Peeters Jan", "Jan Peeters"),
        ("Naam en voornaam", "Van den Broeck Marie", "Marie Van den Broeck"),
        ("Contactpersoon", "JANSSENS Peter", "Peter JANSSENS"),
    ],
)
def test_a_full_name_column_is_split_in_its_order(header, cell, name):
    plan = plan_with(["Company", header], ["Acme BV", cell])
    assert [p.values for p in plan.people] == [{"name": name}]


def test_a_household_in_a_full_name_column_gives_the_spouse_with_a_warning():
    plan = plan_with(
        ["Klant", "Contactpersoon", "E-mail"], ["Claes", "Dirk & Sofie Claes", "d@x.be"]
    )
    assert [(p.role, p.values) for p in plan.people] == [
        ("contact", {"name": "Dirk Claes", "email": "d@x.be"}),
        ("spouse", {"name": "Sofie Claes"}),
    ]
    (warning,) = plan.problems
    assert (warning.severity, warning.target) == (WARNING, "contact.name")
    assert warning.params == {"names": "Dirk Claes, Sofie Claes"}
    assert not plan.skipped


def test_a_household_beside_a_spouse_column_gives_another_contact():
    header = ["Klant", "Contactpersoon", "Spouse First Name", "Spouse Last Name"]
    plan = plan_with(header, ["Claes", "Dirk & Sofie Claes", "Marie", "Maes"])
    assert [(p.role, p.slot, p.values["name"]) for p in plan.people] == [
        ("contact", "contact", "Dirk Claes"),
        ("spouse", "spouse", "Marie Maes"),
        ("contact", "contact 2", "Sofie Claes"),
    ]


def test_the_name_split_order_of_the_mapping_is_used():
    mapping = suggest_mapping(["Company", "Primary Contact"])
    mapping.splits[0].order = "last_first"
    planner = RowPlanner(mapping, catalogue.default_targets())
    plan = planner.plan(Row(2, ["Acme", "Peeters Jan"]))
    assert plan.people[0].values == {"name": "Jan Peeters"}
