import pytest

from lib.catalogue import default_targets
from lib.headers import Reading, read_header, words
from lib.mapping import Mapping, suggest_mapping


@pytest.mark.parametrize(
    ("header", "reading"),
    [
        ("Taxpayer First Name", Reading("contact", 1, None, "first name")),
        ("Naam partner", Reading("spouse", 1, None, "naam")),
        ("Prénom de l'époux", Reading("spouse", 1, None, "prenom")),
        ("Nom de famille du conjoint", Reading("spouse", 1, None, "nom de famille")),
        ("Vorname Ehepartner", Reading("spouse", 1, None, "vorname")),
        ("Nume soț/soție", Reading("spouse", 1, None, "nume")),
        ("Contact 2 Email", Reading("contact", 2, None, "email")),
        ("Contact3_FirstName", Reading("contact", 3, None, "first name")),
        ("Contactpersoon 2 gsm", Reading("contact", 2, None, "gsm")),
        ("Personne de contact 2 - Téléphone", Reading("contact", 2, None, "telephone")),
        ("Primary Contact", Reading("contact", 1, None, "")),
        ("Spouse", Reading("spouse", 1, None, "")),
        ("Customer: Telephone number", Reading(None, 1, "account", "telephone number")),
        ("Contact person: First name", Reading(None, 1, "contact", "first name")),
        ("E-mail bedrijf", Reading(None, 1, "account", "e mail")),
        ("Email", None),
        ("Phone 1 - Value", None),
    ],
)
def test_read_header(header, reading):
    assert read_header(header) == reading


def test_words_cut_camel_case_and_numbers():
    assert words("Contact1_FirstName") == ["contact", "1", "first", "name"]
    assert words("E-mail du conjoint") == ["e", "mail", "du", "conjoint"]


def targets_of(headers, sample_rows=None):
    mapping = suggest_mapping(headers, sample_rows=sample_rows)
    return [(c.target, c.contact_number) if c.target else None for c in mapping.columns]


def test_taxdome_household_columns_go_to_taxpayer_and_spouse():
    headers = [
        "Taxpayer First Name", "Taxpayer Last Name", "Taxpayer Email", "Taxpayer Phone",
        "Spouse First Name", "Spouse Last Name", "Spouse Email", "Spouse Phone",
    ]  # fmt: skip
    assert targets_of(headers) == [
        ("contact.first_name", 1), ("contact.last_name", 1), ("contact.email", 1),
        ("contact.phone", 1), ("spouse.first_name", 1), ("spouse.last_name", 1),
        ("spouse.email", 1), ("spouse.phone", 1),
    ]  # fmt: skip


def test_numbered_contact_blocks_each_get_their_number():
    headers = ["Company", "Contact 1 First name", "Contact 1 Email", "Contact 2 First name"]
    headers += ["Contact 2 Last name", "Contact 2 Email", "Contact 3 Name", "Contact 3 Mobile"]
    assert targets_of(headers) == [
        ("account.name", 1), ("contact.first_name", 1), ("contact.email", 1),
        ("contact.first_name", 2), ("contact.last_name", 2), ("contact.email", 2),
        ("contact.name", 3), ("contact.mobile", 3),
    ]  # fmt: skip


def test_a_bare_name_is_the_last_name_beside_a_first_name_of_the_same_person():
    assert targets_of(["Klant", "Naam partner", "Voornaam partner"]) == [
        ("account.name", 1), ("spouse.last_name", 1), ("spouse.first_name", 1)
    ]  # fmt: skip
    assert targets_of(["Klant", "Naam partner", "Voornaam"]) == [
        ("account.name", 1), ("spouse.name", 1), ("contact.first_name", 1)
    ]  # fmt: skip
    assert targets_of(["Klant", "Naam", "Email"]) == [
        ("account.name", 1), ("contact.name", 1), ("contact.email", 1)
    ]  # fmt: skip
    assert targets_of(["Naam", "Email"]) == [("account.name", 1), ("contact.email", 1)]


def test_role_words_never_give_a_person_a_field_it_has_not():
    # a spouse has no city; contact 2's company is not contact 2's name
    assert targets_of(["Spouse City", "Contact 2 Company"]) == [None, None]
    mapping = suggest_mapping(["Spouse City", "Contact 2 Company"])
    assert [column.action for column in mapping.columns] == ["ignore", "ignore"]


def test_side_words_pick_the_record():
    headers = ["Customer: Name", "Customer: E-mail address", "Contact person: Address line 1"]
    assert targets_of(headers) == [("account.name", 1), ("account.email", 1), ("contact.street", 1)]


def test_full_name_columns_get_a_split_in_the_order_the_header_says():
    mapping = suggest_mapping(["Bedrijf", "Naam en voornaam", "Contact 2", "Spouse Name"])
    splits = {(s.column, s.first_target, s.contact_number, s.order) for s in mapping.splits}
    assert splits == {
        (1, "contact.first_name", 1, "last_first"),
        (2, "contact.first_name", 2, "auto"),
        (3, "spouse.first_name", 1, "auto"),
    }
    assert mapping.name_splits() == {"contact": "last_first", "contact2": "auto", "spouse": "auto"}
    assert Mapping.from_dict(mapping.to_dict()) == mapping
    assert mapping.validate(default_targets()) == []


def test_no_split_when_the_person_has_first_and_last_name_columns():
    mapping = suggest_mapping(["Contact name", "First name", "Last name"])
    assert mapping.splits == []


@pytest.mark.parametrize(
    "header",
    ["Row", "Reason", "Rij", "Reden", "Ligne", "Raison", "Zeile", "Grund", "Rând", "Motiv"],
)
def test_the_skipped_rows_files_own_columns_are_left_out(header):
    rows = [["3"], ["BE0477.472.701"]] if header != "Row" else [["3"]]
    column = suggest_mapping(
        ["Account name", header], sample_rows=[["Acme", r[0]] for r in rows]
    ).columns[1]
    assert (column.action, column.target, column.new_field) == ("ignore", None, None)


@pytest.mark.parametrize(
    ("header", "values", "target"),
    [
        ("Naam", ["jan@example.be", "els@example.be"], "contact.email"),
        ("Nummer", ["BE0477472701", "BE0403170701"], "account.vat"),
        ("Code", ["85.07.30-033.28", "01021410227"], "contact.national_number"),
        ("Nummer", ["0471 23 45 67", "+32 9 123 45 67"], "contact.phone"),
        ("Type", ["Company", "Individual"], "account.type"),
    ],
)
def test_vague_headers_are_decided_by_their_values(header, values, target):
    column = suggest_mapping([header], sample_rows=[[value] for value in values]).columns[0]
    assert (column.action, column.target, column.confidence) == (
        "sync",
        target,
        80 if header != "Type" else 90,
    )


def test_an_unknown_header_with_telling_values_is_only_suggested():
    rows = [["jan@example.be"], ["els@example.be"]]
    column = suggest_mapping(["Kolom 4"], sample_rows=rows).columns[0]
    assert (column.action, column.target, column.confidence) == ("ignore", None, 60)
    assert column.note_params == {"target": "contact.email"}


def test_old_stored_mappings_without_numbers_or_orders_still_load():
    stored = {
        "columns": [{"index": 0, "header": "Naam", "action": "sync", "target": "contact.name"}],
        "splits": [
            {"column": 0, "first_target": "contact.first_name", "last_target": "contact.last_name"}
        ],
    }
    mapping = Mapping.from_dict(stored)
    assert mapping.columns[0].contact_number == 1
    assert (mapping.splits[0].order, mapping.splits[0].contact_number) == ("auto", 1)


def test_a_learned_choice_may_name_a_numbered_contact():
    mapping = suggest_mapping(["Mail 2", "Mail"], learned={"Mail 2": "contact2.email"})
    assert (mapping.columns[0].target, mapping.columns[0].contact_number) == ("contact.email", 2)
    assert mapping.columns[0].reason == "learned"


def test_names_are_not_taken_for_vat_numbers():
    # without a country prefix any text would pass as a VAT number
    column = suggest_mapping(["Naam"], sample_rows=[["Bakkerij Peeters"]]).columns[0]
    assert (column.action, column.target) == ("sync", "account.name")
