import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import catalogue
from lib.account_type import (
    COMPANY,
    COMPANY_NUMBER,
    CONTACT_NAME,
    FAMILY,
    FAMILY_WORD,
    FROM_COLUMN,
    INDIVIDUAL,
    LEGAL_FORM,
    NATIONAL_NUMBER,
    NO_EVIDENCE,
    PERSON_NAME,
    REASONS,
    TWO_PEOPLE,
    decide_account_type,
    has_legal_form,
    is_person_name,
)
from lib.mapping import suggest_mapping
from lib.plan import TYPE_FROM_BULK, PlanOptions, RowPlanner
from lib.readers import Row


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Belgian, Dutch, French, German, Luxembourg and Romanian companies
        ("Bakkerij Van den Broeck BV", (COMPANY, LEGAL_FORM)),
        ("Bakkerij Van den Broeck B.V.", (COMPANY, LEGAL_FORM)),
        ("BV Janssens", (COMPANY, LEGAL_FORM)),
        ("Tech Solutions NV", (COMPANY, LEGAL_FORM)),
        ("Crèmerie Dupré SRL", (COMPANY, LEGAL_FORM)),
        ("Lux Finance S.A.", (COMPANY, LEGAL_FORM)),
        ("Müller Consulting GmbH", (COMPANY, LEGAL_FORM)),
        ("Müller GmbH & Co. KG", (COMPANY, LEGAL_FORM)),
        ("VZW De Zonnebloem", (COMPANY, LEGAL_FORM)),
        ("ASBL Les Amis du Parc", (COMPANY, LEGAL_FORM)),
        ("Peeters & Partners CommV", (COMPANY, LEGAL_FORM)),
        ("Schrijnwerkerij Claes BVBA", (COMPANY, LEGAL_FORM)),
        ("Boulangerie Lambert SPRL", (COMPANY, LEGAL_FORM)),
        ("Café 't Hoekske VOF", (COMPANY, LEGAL_FORM)),
        ("Stichting De Linde", (COMPANY, LEGAL_FORM)),
        ("S.C. Popescu Construct S.R.L.", (COMPANY, LEGAL_FORM)),
        ("Acme Ltd.", (COMPANY, LEGAL_FORM)),
        ("jansen bv", (COMPANY, LEGAL_FORM)),
        # families and households
        ("Familie Peeters", (FAMILY, FAMILY_WORD)),
        ("Famille Dubois", (FAMILY, FAMILY_WORD)),
        ("The Smith Family", (FAMILY, FAMILY_WORD)),
        ("Fam. Janssens", (FAMILY, FAMILY_WORD)),
        ("Familia Popescu", (FAMILY, FAMILY_WORD)),
        ("Jan Janssens en Marie Peeters", (FAMILY, TWO_PEOPLE)),
        ("Dirk & Sofie Claes", (FAMILY, TWO_PEOPLE)),
        ("Claes Dirk & Sofie", (FAMILY, TWO_PEOPLE)),
        ("Luc et Claire Dubois", (FAMILY, TWO_PEOPLE)),
        ("John and Mary Smith", (FAMILY, TWO_PEOPLE)),
        ("Ion și Maria Popescu", (FAMILY, TWO_PEOPLE)),
        ("M. et Mme Dubois", (FAMILY, TWO_PEOPLE)),
        # private clients
        ("Marc Lambert", (INDIVIDUAL, PERSON_NAME)),
        ("Peeters Jan", (INDIVIDUAL, PERSON_NAME)),
        ("JANSSENS Peter", (INDIVIDUAL, PERSON_NAME)),
        ("Van den Broeck Marie", (INDIVIDUAL, PERSON_NAME)),
        ("Anne-Sophie de la Fontaine", (INDIVIDUAL, PERSON_NAME)),
        ("Dr. An De Smet", (INDIVIDUAL, PERSON_NAME)),
        ("Ana Popescu", (INDIVIDUAL, PERSON_NAME)),
        ("Koen De Sa", (INDIVIDUAL, PERSON_NAME)),  # "Sa" is a name, not a form
        ("Eenmanszaak Peeters", (INDIVIDUAL, PERSON_NAME)),  # a sole trader's form
        # nothing that tells: the default
        ("Garage Claes", (COMPANY, NO_EVIDENCE)),
        ("Janssens & Zonen", (COMPANY, NO_EVIDENCE)),
        ("Dupont et Fils", (COMPANY, NO_EVIDENCE)),
        ("Peeters Consulting", (COMPANY, NO_EVIDENCE)),
        ("Janssens", (COMPANY, NO_EVIDENCE)),
        ("Janssens - Peeters", (COMPANY, NO_EVIDENCE)),
        ("Hotel 2000", (COMPANY, NO_EVIDENCE)),
        ("Houthandel Claes", (COMPANY, NO_EVIDENCE)),  # a trade in one word with its goods
        ("Autobedrijf Peeters", (COMPANY, NO_EVIDENCE)),
        ("Vermeulen Dakwerken", (COMPANY, NO_EVIDENCE)),
        ("jan peeters", (COMPANY, NO_EVIDENCE)),  # no capitals: no person's shape
    ],
)
def test_the_name_alone_decides(name, expected):
    assert decide_account_type({"name": name}) == expected


def test_numbers_and_the_contact_decide():
    vat = {"name": "Garage Claes", "vat": "BE0123456749"}
    assert decide_account_type(vat) == (COMPANY, COMPANY_NUMBER)
    registry = {"name": "Dr. Jan Peeters", "company_registry": "0477472701"}
    assert decide_account_type(registry) == (COMPANY, COMPANY_NUMBER)
    number = {"national_number": "85073003328"}
    assert decide_account_type({"name": "Janssens"}, number) == (INDIVIDUAL, NATIONAL_NUMBER)
    assert decide_account_type({"name": "Janssens", **number}) == (INDIVIDUAL, NATIONAL_NUMBER)
    contact = {"first_name": "Dirk", "last_name": "Wouters"}
    assert decide_account_type({"name": "WOUTERS dirk"}, contact) == (INDIVIDUAL, CONTACT_NAME)
    assert decide_account_type({"name": "wouters dirk"}, {"name": "Dirk Wouters"}) == (
        INDIVIDUAL,
        CONTACT_NAME,
    )
    # Another contact than the account's name: the name's shape still tells.
    assert decide_account_type({"name": "Peeters Jan"}, {"name": "Els Peeters"}) == (
        INDIVIDUAL,
        PERSON_NAME,
    )


def test_stronger_evidence_wins():
    column = {"name": "Bakkerij Peeters BV", "type": "trust"}
    assert decide_account_type(column) == ("trust", FROM_COLUMN)
    legal_form = {"name": "Jan Peeters", "legal_form": "BV", "vat": "BE0123456749"}
    assert decide_account_type(legal_form) == (COMPANY, LEGAL_FORM)
    personal_form = {"name": "Jan Peeters", "legal_form": "Eenmanszaak"}
    assert decide_account_type(personal_form) == (INDIVIDUAL, PERSON_NAME)
    household = {"name": "Familie Peeters"}
    assert decide_account_type(household, {"national_number": "85073003328"}) == (
        FAMILY,
        FAMILY_WORD,
    )
    assert decide_account_type({"name": "Garage Claes"}, default="other") == (
        "other",
        NO_EVIDENCE,
    )


def test_every_reason_has_words_and_a_known_type():
    for reason, (account_type, label) in REASONS.items():
        assert label, reason
        assert account_type in (None, COMPANY, INDIVIDUAL, FAMILY)


FIRST = st.sampled_from(["Jan", "Marie", "Anne-Sophie", "Luc", "Ana", "Thomas", "Ion"])
LAST = st.sampled_from(["Peeters", "Dubois", "Müller", "Popescu", "Van den Broeck", "De Smet"])
FORM = st.sampled_from(["BV", "NV", "SRL", "SA", "GmbH", "VZW", "ASBL", "CommV", "SPRL"])


@given(first=FIRST, last=LAST, form=FORM, at_start=st.booleans())
def test_a_legal_form_makes_any_person_name_a_company(first, last, form, at_start):
    name = f"{first} {last}"
    assert is_person_name(name)
    named = f"{form} {name}" if at_start else f"{name} {form}"
    assert has_legal_form(named)
    assert decide_account_type({"name": named}) == (COMPANY, LEGAL_FORM)


@given(first=FIRST, second=FIRST, last=LAST, joiner=st.sampled_from(["en", "et", "and", "&"]))
def test_two_people_joined_make_a_family(first, second, last, joiner):
    name = f"{first} {last} {joiner} {second} {last}"
    assert decide_account_type({"name": name}) == (FAMILY, TWO_PEOPLE)


# --- in the planner ----------------------------------------------------------------

HEADER = ["Account name", "First name", "Last name", "Email", "National number"]


def plan_row(cells, header=HEADER, **options):
    mapping = suggest_mapping(header)
    planner = RowPlanner(mapping, catalogue.default_targets(), options=PlanOptions(**options))
    return planner.plan(Row(2, cells))


def test_by_default_each_row_says_its_type_and_why():
    company = plan_row(["Bakkerij Peeters BV", "Jan", "Peeters", "jan@bakkerij.example", ""])
    assert (company.account["type"], company.account_type_reason) == (COMPANY, LEGAL_FORM)
    assert company.people[0].values["name"] == "Jan Peeters"
    private = plan_row(["Peeters Jan", "Jan", "Peeters", "jan@peeters.example", ""])
    assert (private.account["type"], private.account_type_reason) == (INDIVIDUAL, CONTACT_NAME)
    assert private.people == [], "an individual and its row's person are one partner"
    assert "reason" not in private.account, "the reason is not a value to write"


def test_a_type_given_by_reason_replaces_the_evidence():
    overrides = {PERSON_NAME: COMPANY, NO_EVIDENCE: "other"}
    person = plan_row(["De Witte Raaf", "An", "Maes", "", ""], type_overrides=overrides)
    assert (person.account["type"], person.account_type_reason) == (COMPANY, PERSON_NAME)
    nothing = plan_row(["Janssens", "An", "Maes", "", ""], type_overrides=overrides)
    assert nothing.account["type"] == "other"
    untouched = plan_row(["Jan Peeters", "Jan", "Peeters", "", ""], type_overrides=overrides)
    assert untouched.account["type"] == INDIVIDUAL, "another reason keeps its type"


def test_a_type_column_wins_and_no_override_changes_it():
    header = ["Account name", "Account type", "First name", "Last name"]
    plan = plan_row(
        ["Marc Lambert", "Company", "Marc", "Lambert"],
        header,
        type_overrides={FROM_COLUMN: INDIVIDUAL},
    )
    assert (plan.account["type"], plan.account_type_reason) == (COMPANY, FROM_COLUMN)
    blank = plan_row(["Marc Lambert", "", "Marc", "Lambert"], header)
    assert (blank.account["type"], blank.account_type_reason) == (INDIVIDUAL, CONTACT_NAME)


def test_one_type_for_every_account_when_asked():
    plan = plan_row(
        ["Peeters Jan", "Jan", "Peeters", "", ""],
        account_type_mode=TYPE_FROM_BULK,
        account_type=COMPANY,
    )
    assert (plan.account["type"], plan.account_type_reason) == (COMPANY, "")


def test_the_contacts_national_number_makes_an_individual():
    plan = plan_row(["Janssens", "Els", "Maes", "", "85073003328"])
    assert (plan.account["type"], plan.account_type_reason) == (INDIVIDUAL, NATIONAL_NUMBER)
