import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import mapping
from lib.catalogue import Target, default_targets
from lib.errors import ERROR, ClientImportError
from lib.mapping import (
    ColumnMapping,
    Combine,
    Mapping,
    Split,
    apply_mapping,
    infer_field_type,
    normalize_header,
    propose_field_name,
    split_full_name,
    suggest_mapping,
)

# Real header sets, each header with the target it must land on (None: ignored).
ACCOUNTON = {
    "Firstname": "contact.first_name",
    "Lastname": "contact.last_name",
    "Email": "contact.email",
    "Responsible": "account.assignee",
    "Address": "account.street",
    "Company": "account.name",
    "Type": "account.type",
    "Registration Number": "contact.national_number",
    "Spouse Registration Number": "spouse.national_number",
    "Have to send invitation mail": "contact.send_invitation",
    "Labels": "account.tags",
    "Mobile Number": "contact.mobile",
    "Loop Variable": None,
    "LoopVariable.iteration.placeholder": None,
}

NUMNUM = {
    "title": "account.name",
    "company_type": "account.legal_form",
    "last_name": "contact.last_name",
    "first_name": "contact.first_name",
    "vat_id": "account.vat",
    "vat_country_code": "account.vat_country",
    "address": "account.street",
    "address_zip": "account.zip",
    "address_city": "account.city",
    "address_country": "account.country",
    "email": "contact.email",
    "telephone": "contact.phone",
    "cellphone": "contact.mobile",
    "fax": None,
    "website": "account.website",
    "iban_country_code": "account.iban_country",
    "iban": "account.iban",
    "bic": "account.bic",
    "doc_language": "account.lang",
    "vat_percentage": None,
    "vat_shifted": None,
    "payment_term": None,
    "auto_reminder": None,
    "contactperson_first_name": None,  # first_name is the clearer column
    "contactperson_last_name": None,
    "peppol_scheme_id": None,
    "peppol_endpoint_id": None,
    "identification_scheme_id": None,
    "identification_id": None,
    "private_notes": "account.notes",
    "external_id": "account.ref",
    "sort_order": None,
}

# NumNum's own names of its columns ("Data kolom"), in Dutch.
NUMNUM_NL = {
    "Titel": "account.name",
    "Familienaam": "contact.last_name",
    "Voornaam": "contact.first_name",
    "Vennootschapsvorm": "account.legal_form",
    "BTW-nummer": "account.vat",
    "BTW-landcode": "account.vat_country",
    "Adres": "account.street",
    "Postcode": "account.zip",
    "Plaats": "account.city",
    "Land": "account.country",
    "Telefoon": "contact.phone",
    "GSM": "contact.mobile",
    "Faxnummer": None,
    "Website": "account.website",
    "IBAN-landcode": "account.iban_country",
    "IBAN": "account.iban",
    "BIC": "account.bic",
    "Documenttaal": "account.lang",
    "BTW verlegd": None,
    "Betalingstermijn (dagen)": None,
    "Contactpersoon voornaam": None,
    "Contactpersoon familienaam": None,
    "Interne notities": "account.notes",
    "Extern ID": "account.ref",
}

TAXDOME_EN = {
    "Account name": "account.name",
    "Contact name": "contact.name",
    "First name": "contact.first_name",
    "Last name": "contact.last_name",
    "Email": "contact.email",
    "Phone": "contact.phone",
    "City": "account.city",
    "Account type": "account.type",
    "Tags": "account.tags",
    "Assignees": "account.assignee",
}

TAXDOME_NL = {
    "Accountnaam": "account.name",
    "Contactnaam": "contact.name",
    "Voornaam": "contact.first_name",
    "Achternaam": "contact.last_name",
    "e-mail": "contact.email",
    "Telefoonnummer": "contact.phone",
    "Stad": "account.city",
    "Toegewezenen": "account.assignee",
}

TAXDOME_FR = {
    "Nom du compte": "account.name",
    "Nom du contact": "contact.name",
    "Prénom": "contact.first_name",
    "Nom de famille": "contact.last_name",
    "E-mail": "contact.email",
    "Téléphone": "contact.phone",
    "Ville": "account.city",
    "Type de compte": "account.type",
    "Mots clés": "account.tags",
    "Cessionnaires": "account.assignee",
}

TAXDOME_RO = {
    "Nume cont": "account.name",
    "Nume contact": "contact.name",
    "Prenume": "contact.first_name",
    "Nume de familie": "contact.last_name",
    "E-mail": "contact.email",
    "Telefon": "contact.phone",
    "Oraș": "account.city",
    "Tip cont": "account.type",
    "Etichete": "account.tags",
    "Cesionari": "account.assignee",
}

GOOGLE_OLD = {
    "Name": "contact.name",  # with given and family name columns: the full name
    "Given Name": "contact.first_name",
    "Additional Name": None,
    "Family Name": "contact.last_name",
    "Name Prefix": None,
    "Birthday": "contact.birthdate",
    "Occupation": None,  # Organization 1 - Title is the clearer job title
    "Notes": "account.notes",
    "Group Membership": "account.tags",
    "E-mail 1 - Type": None,
    "E-mail 1 - Value": "contact.email",
    "E-mail 2 - Type": None,
    "E-mail 2 - Value": "contact.extra_emails",
    "Phone 1 - Type": None,
    "Phone 1 - Value": "contact.phone",
    "Address 1 - Type": None,
    "Address 1 - Formatted": None,
    "Address 1 - Street": "account.street",
    "Address 1 - City": "account.city",
    "Address 1 - Region": "account.state",
    "Address 1 - Postal Code": "account.zip",
    "Address 1 - Country": "account.country",
    "Address 1 - Extended Address": "account.street2",
    "Organization 1 - Type": None,
    "Organization 1 - Name": "account.name",
    "Organization 1 - Title": "contact.function",
    "Website 1 - Type": None,
    "Website 1 - Value": "account.website",
}

GOOGLE_NEW = {
    "First Name": "contact.first_name",
    "Middle Name": None,
    "Last Name": "contact.last_name",
    "Nickname": None,
    "Organization Name": "account.name",
    "Organization Title": "contact.function",
    "Birthday": "contact.birthdate",
    "Notes": "account.notes",
    "Labels": "account.tags",
    "E-mail 1 - Label": None,
    "E-mail 1 - Value": "contact.email",
    "Phone 1 - Label": None,
    "Phone 1 - Value": "contact.phone",
    "Address 1 - Label": None,
    "Address 1 - Street": "account.street",
    "Address 1 - City": "account.city",
    "Address 1 - Postal Code": "account.zip",
    "Address 1 - Country": "account.country",
}

OUTLOOK = {
    "Title": None,  # a salutation; Company is the account name
    "First Name": "contact.first_name",
    "Middle Name": None,
    "Last Name": "contact.last_name",
    "Suffix": None,
    "Company": "account.name",
    "Department": None,
    "Job Title": "contact.function",
    "Business Street": "account.street",
    "Business Street 2": "account.street2",
    "Business City": "account.city",
    "Business State": "account.state",
    "Business Postal Code": "account.zip",
    "Business Country/Region": "account.country",
    "Home Street": "contact.street",
    "Home City": "contact.city",
    "Home Postal Code": "contact.zip",
    "Home Country/Region": "contact.country",
    "Business Fax": None,
    "Business Phone": "contact.phone",
    "Company Main Phone": "account.phone",
    "Home Phone": None,
    "Mobile Phone": "contact.mobile",
    "Categories": "account.tags",
    "E-mail Address": "contact.email",
    "E-mail Display Name": None,
    "E-mail 2 Address": "contact.extra_emails",
    "E-mail 3 Address": "contact.extra_emails",
    "Notes": "account.notes",
    "Web Page": "account.website",
}

HUBSPOT = {
    "Record ID": "account.ref",
    "First Name": "contact.first_name",
    "Last Name": "contact.last_name",
    "Email": "contact.email",
    "Phone Number": "contact.phone",
    "Mobile Phone Number": "contact.mobile",
    "Company Name": "account.name",
    "Street Address": "account.street",
    "City": "account.city",
    "State/Region": "account.state",
    "Postal Code": "account.zip",
    "Country/Region": "account.country",
    "Website URL": "account.website",
    "Contact owner": "account.assignee",
    "Job Title": "contact.function",
    "Lifecycle Stage": None,
    "Create Date": None,
    "Associated Company": None,  # Company Name is the clearer column
}

# A Belgian Dutch-speaking office's own list: "Naam" + "Voornaam" is last name
# + first name.
OFFICE_NL = {
    "Klantnaam": "account.name",
    "Rechtsvorm": "account.legal_form",
    "Ondernemingsnummer": "account.company_registry",
    "BTW-nummer": "account.vat",
    "Straat": "account.street",
    "Postcode": "account.zip",
    "Gemeente": "account.city",
    "Land": "account.country",
    "Taal": "account.lang",
    "Naam": "contact.last_name",
    "Voornaam": "contact.first_name",
    "E-mailadres": "contact.email",
    "Gsm": "contact.mobile",
    "Rijksregisternummer": "contact.national_number",
    "Opmerkingen": "account.notes",
    "Dossierbeheerder": "account.assignee",
    "Klantnummer": "account.ref",
    "Voornaam partner": "spouse.first_name",
    "Familienaam partner": "spouse.last_name",
    "Rijksregisternummer partner": "spouse.national_number",
    "Rekeningnummer": "account.iban",
}

OFFICE_FR = {
    "Dénomination": "account.name",
    "Forme juridique": "account.legal_form",
    "Numéro d'entreprise": "account.company_registry",
    "Numéro de TVA": "account.vat",
    "Rue": "account.street",
    "Code postal": "account.zip",
    "Localité": "account.city",
    "Pays": "account.country",
    "Langue": "account.lang",
    "Nom": "contact.last_name",
    "Prénom": "contact.first_name",
    "Courriel": "contact.email",
    "GSM": "contact.mobile",
    "Numéro national": "contact.national_number",
    "Remarques": "account.notes",
    "Gestionnaire": "account.assignee",
    "Prénom du conjoint": "spouse.first_name",
    "Nom du conjoint": "spouse.last_name",
    "Compte bancaire": "account.iban",
}

OFFICE_DE = {
    "Firma": "account.name",
    "Rechtsform": "account.legal_form",
    "Vorname": "contact.first_name",
    "Nachname": "contact.last_name",
    "E-Mail": "contact.email",
    "Telefon": "contact.phone",
    "Handy": "contact.mobile",
    "Straße": "account.street",
    "PLZ": "account.zip",
    "Ort": "account.city",
    "Land": "account.country",
    "USt-IdNr.": "account.vat",
    "Sprache": "account.lang",
    "Notizen": "account.notes",
    "Kundennummer": "account.ref",
}

OFFICE_RO = {
    "Denumire": "account.name",
    "Formă juridică": "account.legal_form",
    "CUI": "account.vat",
    "Nr. Reg. Com.": "account.company_registry",
    "Adresă": "account.street",
    "Cod poștal": "account.zip",
    "Localitate": "account.city",
    "Județ": "account.state",
    "Țară": "account.country",
    "Nume": "contact.last_name",
    "Prenume": "contact.first_name",
    "Email": "contact.email",
    "Telefon mobil": "contact.mobile",
    "Limba": "account.lang",
    "Observații": "account.notes",
    "Responsabil": "account.assignee",
}

OFFICE_EN = {
    "Client name": "account.name",
    "Legal form": "account.legal_form",
    "Company number": "account.company_registry",
    "VAT number": "account.vat",
    "Street": "account.street",
    "Zip code": "account.zip",
    "Town": "account.city",
    "Country": "account.country",
    "Language": "account.lang",
    "Contact person": "contact.name",
    "Email address": "contact.email",
    "Mobile": "contact.mobile",
    "National number": "contact.national_number",
    "Bank account": "account.iban",
    "SWIFT": "account.bic",
    "Comments": "account.notes",
    "Account manager": "account.assignee",
    "Spouse first name": "spouse.first_name",
    "Spouse email": "spouse.email",
}

HEADER_SETS = {
    "accounton": ACCOUNTON,
    "numnum": NUMNUM,
    "numnum_nl": NUMNUM_NL,
    "taxdome_en": TAXDOME_EN,
    "taxdome_nl": TAXDOME_NL,
    "taxdome_fr": TAXDOME_FR,
    "taxdome_ro": TAXDOME_RO,
    "google_old": GOOGLE_OLD,
    "google_new": GOOGLE_NEW,
    "outlook": OUTLOOK,
    "hubspot": HUBSPOT,
    "office_nl": OFFICE_NL,
    "office_fr": OFFICE_FR,
    "office_de": OFFICE_DE,
    "office_ro": OFFICE_RO,
    "office_en": OFFICE_EN,
}


@pytest.mark.parametrize("name", sorted(HEADER_SETS))
def test_real_header_sets_map_to_the_expected_targets(name):
    expected = HEADER_SETS[name]
    suggestion = suggest_mapping(list(expected))
    got = {column.header: column.target for column in suggestion.columns}
    assert got == expected
    for column in suggestion.columns:
        assert column.action == ("sync" if column.target else "ignore")
    assert suggestion.validate(default_targets()) == []


def test_header_normalization():
    assert normalize_header("E-mail adres") == "emailadres"
    assert normalize_header("e_mail_adres") == normalize_header("E-mail adres")
    assert normalize_header("EMAIL ADRES") == normalize_header("E-mail adres")
    assert normalize_header("  Téléphone  ") == "telephone"
    assert normalize_header("Straße") == normalize_header("Strasse")
    assert normalize_header("Oraș") == "oras"
    assert normalize_header("𝐄-𝐦𝐚𝐢𝐥") == "email"  # compatibility letters fold too


def test_reasons_and_confidences():
    columns = suggest_mapping(["Email", "Telefoon", "Titel", "Adress", "Kolom 7"]).columns
    summary = [(c.reason, c.confidence) for c in columns]
    assert summary[0] == ("exact", 100)
    assert summary[1] == ("synonym", 90)
    assert summary[2] == ("synonym", 80)  # weak synonym
    assert summary[3][0] == "fuzzy" and 65 <= summary[3][1] < 80
    assert summary[4] == ("none", 0)


def test_fuzzy_takes_typos_but_not_different_words():
    columns = suggest_mapping(["Voornam", "Postcde", "E-mial", "Nr"]).columns
    assert [c.target for c in columns] == ["contact.first_name", "account.zip", None, None]


def test_learned_choices_win_at_full_confidence():
    learned = {"e_mail_adres": "account.email", "Telefoon": None}
    columns = suggest_mapping(["E-mail adres", "Telefoon"], learned=learned).columns
    assert (columns[0].target, columns[0].reason, columns[0].confidence) == (
        "account.email",
        "learned",
        100,
    )
    assert (columns[1].action, columns[1].reason) == ("ignore", "learned")


def test_learned_choice_for_an_unknown_target_is_skipped():
    columns = suggest_mapping(["Email"], learned={"Email": "account.x_gone"}).columns
    assert columns[0].target == "contact.email"


def test_translated_labels_passed_in_match_exactly():
    labels = {"account.name": ["Nom du compte client"], "account.vat": ["Numéro de TVA client"]}
    columns = suggest_mapping(
        ["Nom du compte client", "Numéro de TVA client"], extra_labels=labels
    ).columns
    assert [(c.target, c.reason, c.confidence) for c in columns] == [
        ("account.name", "exact", 100),
        ("account.vat", "exact", 100),
    ]


def test_two_columns_never_share_a_single_valued_target():
    columns = suggest_mapping(["E-mail", "Email address", "Tags", "Labels"]).columns
    assert (columns[0].action, columns[0].target) == ("sync", "contact.email")
    assert (columns[1].action, columns[1].target) == ("ignore", None)
    assert columns[1].conflict_with == "E-mail"
    assert columns[1].note_params["target"] == "contact.email"
    assert "%(conflict_with)s" in columns[1].note
    # tags take several values: both columns keep them
    assert [c.target for c in columns[2:]] == ["account.tags", "account.tags"]


def test_conflict_keeps_the_more_confident_column_even_if_it_comes_later():
    columns = suggest_mapping(["Email address", "Email"]).columns
    assert [c.target for c in columns] == [None, "contact.email"]
    assert columns[0].conflict_with == "Email"


def test_generic_name_header_depends_on_its_neighbours():
    assert suggest_mapping(["Naam", "Email"]).columns[0].target == "account.name"
    assert suggest_mapping(["Naam", "Voornaam"]).columns[0].target == "contact.last_name"
    both = suggest_mapping(["Name", "First name", "Last name"]).columns
    assert both[0].target == "contact.name"


def test_values_reveal_a_column_with_a_vague_header():
    rows = [["jan@example.be", "85.07.30-033.28"], ["els@example.be", "01021410227"]]
    columns = suggest_mapping(["Info", "Kolom B"], sample_rows=rows).columns
    # "Info" says little: its values decide; "Kolom B" says nothing: only a suggestion
    assert [(c.action, c.target, c.reason, c.confidence) for c in columns] == [
        ("sync", "contact.email", "values", 80),
        ("ignore", None, "values", 60),
    ]
    assert columns[1].note_params == {"target": "contact.national_number"}


def test_values_tell_an_enterprise_number_from_a_national_number():
    rows = [["0412.345.614"], ["0876543270"], ["876543270"]]
    column = suggest_mapping(["Registration Number"], sample_rows=rows).columns[0]
    assert (column.target, column.reason) == ("account.company_registry", "values")
    assert column.note_params == {
        "target": "account.company_registry",
        "previous": "contact.national_number",
    }


def test_values_redirect_a_company_type_column_holding_account_types():
    rows = [["Company"], ["Individual"], ["Company"]]
    column = suggest_mapping(["company_type"], sample_rows=rows).columns[0]
    assert (column.target, column.reason) == ("account.type", "values")


def test_values_confirm_a_fuzzy_match():
    plain = suggest_mapping(["E-mail adress"]).columns[0]
    rows = [["jan@example.be"], ["els@example.be"]]
    confirmed = suggest_mapping(["E-mail adress"], sample_rows=rows).columns[0]
    assert plain.reason == confirmed.reason == "fuzzy"
    assert confirmed.confidence == plain.confidence + 10


def test_values_decline_a_synonym_with_a_note():
    rows = [["Jan"], ["Els"], ["Piet"]]
    column = suggest_mapping(["Email"], sample_rows=rows).columns[0]
    assert (column.target, column.confidence) == ("contact.email", 70)
    assert column.note_params == {"target": "contact.email"}


def test_values_drop_a_declined_fuzzy_match():
    rows = [["Jan"], ["Els"], ["Piet"]]
    column = suggest_mapping(["E-mail adress"], sample_rows=rows).columns[0]
    assert (column.action, column.target, column.reason) == ("ignore", None, "none")


def test_values_without_a_check_leave_the_header_match_alone():
    rows = [["not a phone"]]
    column = suggest_mapping(["Phone"], sample_rows=rows).columns[0]
    assert (column.target, column.confidence) == ("contact.phone", 100)


def test_unmatched_columns_get_a_new_field_proposal():
    rows = [["12/03/1985", "yes", "Brussels office"], ["01/10/1990", "no", "Ghent office"]]
    columns = suggest_mapping(
        ["Klant sinds", "Vip", "Kantoor"], sample_rows=rows, existing_field_names=["x_cci_vip"]
    ).columns
    assert all(c.action == "ignore" for c in columns)
    assert [c.new_field["type"] for c in columns] == ["date", "boolean", "char"]
    assert [c.new_field["name"] for c in columns] == [
        "x_cci_klant_sinds",
        "x_cci_vip_2",
        "x_cci_kantoor",
    ]
    assert columns[0].new_field["label"] == "Klant sinds"


def test_known_ignored_headers_get_no_new_field():
    column = suggest_mapping(["Loop Variable"]).columns[0]
    assert (column.action, column.new_field) == ("ignore", None)


def test_integrator_targets_are_matched_by_label():
    targets = [
        *default_targets(),
        Target("account.x_sector", "account", "Sector", field_name="x_sector"),
    ]
    column = suggest_mapping(["sector"], targets).columns[0]
    assert (column.target, column.reason) == ("account.x_sector", "exact")


# --- serialization and validation ---------------------------------------


def _mapping():
    return Mapping(
        columns=[
            ColumnMapping(0, "Voornaam", "ignore"),
            ColumnMapping(1, "Naam", "ignore"),
            ColumnMapping(2, "Straat", "ignore"),
            ColumnMapping(3, "Nr", "ignore"),
            ColumnMapping(4, "E-mail", "sync", "contact.email", 100, "exact"),
            ColumnMapping(5, "Labels", "sync", "account.tags", 90, "synonym"),
            ColumnMapping(6, "Groep", "sync", "account.tags", 90, "synonym"),
            ColumnMapping(
                7,
                "Geboortedatum",
                "new_field",
                new_field={"label": "Birth date", "type": "date", "name": "x_cci_birth_date"},
            ),
            ColumnMapping(8, "Partner", "ignore"),
        ],
        combines=[
            Combine("account.name", [0, 1]),
            Combine("account.street", [2, 3]),
        ],
        splits=[Split(8, "spouse.first_name", "spouse.last_name")],
    )


def test_mapping_round_trips_through_json():
    original = _mapping()
    original.columns[4].note = "note %(conflict_with)s"
    original.columns[4].note_params = {"conflict_with": "Mail"}
    restored = Mapping.from_dict(json.loads(json.dumps(original.to_dict())))
    assert restored == original


def test_mapping_from_bad_json_raises_a_readable_error():
    with pytest.raises(ClientImportError):
        Mapping.from_dict({"columns": [{"header": "no index"}]})
    with pytest.raises(ClientImportError):
        Mapping.from_dict({"combines": [{"columns": [0, 1]}]})


def test_validate_reports_each_kind_of_problem():
    broken = Mapping(
        columns=[
            ColumnMapping(0, "A", "sync", "account.nope"),
            ColumnMapping(1, "B", "sync", None),
            ColumnMapping(2, "C", "copy"),
            ColumnMapping(3, "D", "sync", "contact.email"),
            ColumnMapping(4, "E", "sync", "contact.email"),
            ColumnMapping(5, "F", "new_field", new_field={"label": "F", "type": "money"}),
            ColumnMapping(
                6, "G", "new_field", new_field={"label": "G", "type": "char", "name": "G"}
            ),
            ColumnMapping(
                7, "H", "new_field", new_field={"label": "H", "type": "char", "name": "x_h"}
            ),
            ColumnMapping(
                8, "I", "new_field", new_field={"label": "I", "type": "char", "name": "x_h"}
            ),
        ],
        combines=[Combine("account.nope", [0, 42]), Combine("account.name", [1])],
        splits=[Split(99, "contact.first_name", "contact.nope")],
    )
    problems = broken.validate(default_targets())
    assert all(problem.severity == ERROR for problem in problems)
    texts = [str(problem) for problem in problems]
    expected_fragments = [
        "Column A goes to an unknown field account.nope",
        "Column B is to be imported but has no field",
        "Column C has an unknown action copy",
        "Columns D, E all go to contact.email",
        "The new field of column F needs a label and a type",
        "The technical name G of the new field of column G is not valid",
        "Two new fields are named x_h",
        "Columns are combined into an unknown field account.nope",
        "uses column number 43, which the sheet does not have",
        "A combine into account.name needs at least two columns",
        "A name split uses column number 100",
        "A name split goes to an unknown field contact.nope",
    ]
    for fragment in expected_fragments:
        assert any(fragment in text for text in texts), fragment


def test_validate_sees_a_combine_clashing_with_a_column():
    clash = _mapping()
    clash.columns[0] = ColumnMapping(0, "Voornaam", "sync", "account.name")
    texts = [str(problem) for problem in clash.validate(default_targets())]
    assert texts == [
        "Columns Voornaam, Voornaam + Naam all go to account.name, which takes "
        "one value: keep one, ignore the others or combine them"
    ]


def test_validate_accepts_a_good_mapping():
    assert _mapping().validate(default_targets()) == []


# --- applying -----------------------------------------------------------


def test_apply_mapping_with_combine_split_multi_and_new_field():
    cells = [
        "Jan",
        "Peeters",
        "Kerkstraat",
        "12",
        " jan@example.be ",
        "VIP, Btw",
        "",
        "30/07/1985",
        "CLAES Els",
    ]
    assert apply_mapping(cells, _mapping()) == {
        "contact.email": "jan@example.be",
        "account.tags": ["VIP, Btw"],
        "new:x_cci_birth_date": "30/07/1985",
        "account.name": "Jan Peeters",
        "account.street": "Kerkstraat 12",
        "spouse.first_name": "Els",
        "spouse.last_name": "CLAES",
    }


def test_apply_mapping_collects_several_columns_of_a_multi_valued_target():
    cells = ["", "", "", "", "", "VIP", "Btw", "", ""]
    assert apply_mapping(cells, _mapping())["account.tags"] == ["VIP", "Btw"]


def test_apply_mapping_skips_empty_cells_and_short_rows():
    assert apply_mapping(["", "  ", None], _mapping()) == {}
    combine_only_number = ["", "", "", "12"]
    assert apply_mapping(combine_only_number, _mapping()) == {"account.street": "12"}


def test_apply_mapping_with_a_custom_separator():
    custom = Mapping(
        columns=[ColumnMapping(0, "A"), ColumnMapping(1, "B")],
        combines=[Combine("account.street", [0, 1], separator=", bus ")],
    )
    assert apply_mapping(["Kerkstraat 12", "3"], custom) == {
        "account.street": "Kerkstraat 12, bus 3"
    }


def test_new_field_targets_follow_the_field_type():
    (target,) = _mapping().new_field_targets()
    assert (target.key, target.type, target.normalizer, target.side) == (
        "new:x_cci_birth_date",
        "date",
        "date",
        "account",
    )


def test_headers_by_target_names_the_source_columns():
    headers = _mapping().headers_by_target()
    assert headers["account.name"] == "Voornaam + Naam"
    assert headers["contact.email"] == "E-mail"
    assert headers["spouse.first_name"] == "Partner"
    assert headers["new:x_cci_birth_date"] == "Geboortedatum"


def test_suggested_mapping_applies_to_a_numnum_row():
    headers = list(NUMNUM)
    row = dict.fromkeys(headers, "")
    row.update(
        title="Bakkerij Janssen BV",
        company_type="BV",
        last_name="Janssen",
        first_name="Pieter",
        vat_id="0412345614",
        vat_country_code="BE",
        address="Kerkstraat 12",
        address_zip="9000",
        address_city="Gent",
        address_country="BE",
        email="info@bakkerijjanssen.example",
        fax="+32 9 123 45 68",
    )
    suggestion = suggest_mapping(headers, sample_rows=[list(row.values())])
    values = apply_mapping(list(row.values()), suggestion)
    assert values == {
        "account.name": "Bakkerij Janssen BV",
        "account.legal_form": "BV",
        "contact.last_name": "Janssen",
        "contact.first_name": "Pieter",
        "account.vat": "0412345614",
        "account.vat_country": "BE",
        "account.street": "Kerkstraat 12",
        "account.zip": "9000",
        "account.city": "Gent",
        "account.country": "BE",
        "contact.email": "info@bakkerijjanssen.example",
    }


# --- names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [
        ("Jan Peeters", "Jan", "Peeters"),
        ("Jean Pierre Dupont", "Jean Pierre", "Dupont"),
        ("Peeters, Jan", "Jan", "Peeters"),
        ("Van den Broeck, Marie", "Marie", "Van den Broeck"),
        ("Jan van der Berg", "Jan", "van der Berg"),
        ("Marie Van den Broeck", "Marie", "Van den Broeck"),
        ("Anne de la Fontaine", "Anne", "de la Fontaine"),
        ("Jacques du Bois", "Jacques", "du Bois"),
        ("Marine le Pen", "Marine", "le Pen"),
        ("Ursula von der Leyen", "Ursula", "von der Leyen"),
        ("Jan ter Horst", "Jan", "ter Horst"),
        ("Jan ten Bosch", "Jan", "ten Bosch"),
        ("Gerard 't Hooft", "Gerard", "'t Hooft"),
        ("JANSSENS Peter", "Peter", "JANSSENS"),
        ("Peter JANSSENS", "Peter", "JANSSENS"),
        ("VAN DEN BROECK Marie", "Marie", "VAN DEN BROECK"),
        ("Marie van den BROECK", "Marie", "van den BROECK"),
        ("van der Berg Jan", "Jan", "van der Berg"),
        ("De Smet", "", "De Smet"),
        ("Thi Le", "Thi", "Le"),
        ("Madonna", "", "Madonna"),
        ("  Jan   McDonald  ", "Jan", "McDonald"),
        ("JAN PEETERS", "JAN", "PEETERS"),
        ("", "", ""),
    ],
)
def test_split_full_name(full, first, last):
    assert split_full_name(full) == (first, last)


@given(st.lists(st.text(alphabet="abcdefghijKLMNOP'-", min_size=1, max_size=8), max_size=5))
def test_split_full_name_keeps_every_word(words):
    text = " ".join(words)
    first, last = split_full_name(text)
    assert sorted((first + " " + last).split()) == sorted(text.split())


# --- new fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([], "char"),
        (["", "  "], "char"),
        (["12", "7", "-3"], "integer"),
        (["0", "1", "1"], "integer"),
        (["9000", "2000"], "integer"),
        (["0471234567", "0478123456"], "char"),  # leading zero: a phone, not a number
        (["32471625368"], "char"),  # too large for an Odoo integer
        (["12,5", "3.75", "1.234,56"], "float"),
        (["yes", "no", "ja"], "boolean"),
        (["x", ""], "boolean"),
        (["31/12/2024", "2024-01-05", "05.03.1999"], "date"),
        (["45292"], "integer"),  # an Excel serial is not taken for a date without a header hint
        (["Some words", "12"], "char"),
        (["a\nb"], "text"),
        (["x" * 200], "text"),
    ],
)
def test_infer_field_type(samples, expected):
    assert infer_field_type(samples) == expected


def test_propose_field_name():
    assert propose_field_name("Geboortedatum") == "x_cci_geboortedatum"
    assert propose_field_name("Numéro d'entrée (É)") == "x_cci_numero_d_entree_e"
    assert propose_field_name("!!!") == "x_cci_field"
    assert propose_field_name("Vip", ["x_cci_vip", "x_cci_vip_2"]) == "x_cci_vip_3"
    long_name = propose_field_name("word " * 30)
    assert len(long_name) <= 60 and not long_name.endswith("_")
    long_twice = propose_field_name("word " * 30, [long_name])
    assert len(long_twice) <= 60 and long_twice.endswith("_2") and long_twice != long_name


@given(st.text(max_size=80), st.lists(st.text(max_size=70), max_size=5))
def test_proposed_field_names_are_valid_and_new(header, existing):
    name = propose_field_name(header, existing)
    assert mapping._NEW_FIELD_NAME.fullmatch(name)
    assert len(name) <= 60 and name not in existing and name.isascii()


@given(st.text(max_size=40))
def test_header_folding_is_idempotent(text):
    assert normalize_header(normalize_header(text)) == normalize_header(text)


def test_value_maps_replace_a_firms_own_values_before_cleaning():
    from lib.mapping import Mapping, apply_mapping, suggest_mapping

    mapping = suggest_mapping(["Account name", "Account type", "Tags"])
    mapping.value_maps = {
        "account.type": {"Zelfstandige": "individual"},
        "account.tags": {"VIP": "Top client"},
    }
    restored = Mapping.from_dict(mapping.to_dict())
    raw = apply_mapping(["Acme", "ZELFSTANDIGE", "vip"], Mapping.from_dict(restored.to_dict()))
    assert raw["account.type"] == "individual"
    assert raw["account.tags"] == ["Top client"]
    assert apply_mapping(["Acme", "Bedrijf", ""], restored)["account.type"] == "Bedrijf"


def test_value_maps_for_an_unknown_field_are_refused():
    from lib.mapping import suggest_mapping

    mapping = suggest_mapping(["Account name"])
    mapping.value_maps = {"account.planet": {"x": "y"}}
    assert [problem.params["target"] for problem in mapping.validate(None)] == ["account.planet"]
