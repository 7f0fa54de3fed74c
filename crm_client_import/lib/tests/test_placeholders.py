"""A cell that only says "none" or "not applicable" is empty where an identifier
or a contact detail is expected, and never becomes one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import normalize as n
from lib import synonyms
from lib.catalogue import default_targets, targets_by_key
from lib.errors import INFO
from lib.placeholders import PLACEHOLDER_WORDS, is_placeholder

CONTEXT = n.NormalizeContext(default_country="BE", installed_languages=["nl_BE", "fr_BE"])
TARGETS = targets_by_key(default_targets())

# As firms type them, language by language.
TYPED = {
    "nl": ["n.v.t.", "N.V.T.", "nvt", "NVT", "n.v.t", "Geen", "geen btw", "Niet BTW-plichtig"],
    "fr": ["néant", "Néant", "NEANT", "n/a", "N/A", "s/o", "non assujetti", "Non-assujetti"],
    "en": ["N/A", "none", "None", "not applicable", "nil", "unknown"],
    "de": ["entfällt", "Entfällt", "entfallt", "keine", "KEINE", "keine Angabe", "Kein"],
    "ro": ["nu este", "Nu este", "nu e cazul", "nu se aplică", "Nu se aplica", "fără", "lipsă"],
    "signs": ["-", "/", "--", "—", "?", "...", "- -", "*"],
}
CASES = [(language, text) for language, texts in TYPED.items() for text in texts]

# Every normalizer that reads a placeholder as empty, with a value it accepts.
IDENTIFIER_NORMALIZERS = [
    "identifier",
    "email",
    "emails",
    "phone",
    "national_number",
    "vat",
    "enterprise_number",
    "iban",
    "bic",
    "url",
    "user",
    "country",
    "legal_form",
    "boolean",
    "language",
    "date",
    "integer",
    "float",
]


@pytest.mark.parametrize(("language", "text"), CASES)
def test_placeholders_in_each_language(language, text):
    assert is_placeholder(text), (language, text)


@pytest.mark.parametrize("name", IDENTIFIER_NORMALIZERS)
@pytest.mark.parametrize(("language", "text"), CASES)
def test_a_placeholder_is_empty_for_identifiers_and_contact_details(name, language, text):
    result = n.NORMALIZERS[name](f"  {text} ", CONTEXT, "BE")
    assert result.value is None
    (problem,) = result.problems
    assert problem.severity == INFO
    assert str(problem) == f"{text} read as empty"
    assert not problem.note


@pytest.mark.parametrize("name", ["char", "name", "text", "tags"])
@pytest.mark.parametrize("text", ["Geen", "n.v.t.", "-"])
def test_names_notes_and_tags_keep_the_text(name, text):
    result = n.NORMALIZERS[name](text, CONTEXT, "BE")  # "Geen" can be a surname
    assert result.value in (text, [text])
    assert result.problems == []


def test_account_types_that_look_like_placeholders_stay_account_types():
    assert n.normalize_account_type("Particulier").value == "individual"
    assert n.normalize_account_type("Privé").value == "individual"


@pytest.mark.parametrize(
    "text",
    [
        "0471 23 45 67",
        "jan@example.be",
        "BE0123456749",
        "Gent",
        "Jan",
        "nee",  # a yes/no answer
        "no",
        "nu",  # Romanian for no
        "NA",  # Namibia
        "x",  # yes, in a yes/no column
        "ka",  # Georgian
    ],
)
def test_values_are_not_placeholders(text):
    assert not is_placeholder(text)


@pytest.mark.parametrize(
    "table",
    [
        synonyms.BOOLEAN_VALUES,
        synonyms.LANGUAGE_VALUES,
        synonyms.LEGAL_FORMS,
        {code: [iso3, *names] for code, iso3, names in synonyms.COUNTRIES},
    ],
)
def test_no_value_of_a_list_is_a_placeholder(table):
    """The normalizers of these lists read placeholders as empty: no spelling they
    know may be one."""
    for canonical, names in table.items():
        for name in [str(canonical), *names]:
            assert not is_placeholder(name), name


def test_every_language_has_words():
    assert set(PLACEHOLDER_WORDS) == {"nl", "fr", "en", "de", "ro"}
    assert all(len(words) >= 5 for words in PLACEHOLDER_WORDS.values())


@given(
    word=st.sampled_from([w for words in PLACEHOLDER_WORDS.values() for w in words]),
    upper=st.booleans(),
    dots=st.booleans(),
    spaces=st.integers(0, 2),
)
def test_case_dots_and_spaces_do_not_matter(word, upper, dots, spaces):
    text = word.upper() if upper else word
    if dots:
        text = ".".join(text.split(" ")) + "."
    text = " " * spaces + text + " " * spaces
    assert is_placeholder(n.squash(text))
    assert n.normalize_vat(text, CONTEXT, "BE").value is None


@pytest.mark.parametrize(
    "text", ["n.v.t.", "NVT", "geen", "Particulier", "niet btw-plichtig", "Privé", "nu este"]
)
def test_a_placeholder_never_becomes_a_vat_number(text):
    for country in ("", "BE", "NL"):
        assert n.normalize_vat(text, CONTEXT, country).value is None
        assert n.normalize_enterprise_number(text, CONTEXT, country).value is None


def test_a_placeholder_in_a_row_is_empty_with_a_note_for_the_review():
    raw = {
        "account.name": "Bakkerij Peeters",
        "account.vat": "n.v.t.",
        "account.ref": "-",
        "contact.last_name": "Geen",
        "contact.email": "geen",
        "contact.phone": "/",
    }
    columns = {"account.vat": "BTW-nummer", "contact.email": "E-mail"}
    clean, problems = n.normalize_values(raw, TARGETS, CONTEXT, columns)
    assert clean == {"account.name": "Bakkerij Peeters", "contact.last_name": "Geen"}
    assert [(p.target, p.severity, str(p)) for p in problems] == [
        ("account.vat", INFO, "BTW-nummer: n.v.t. read as empty"),
        ("account.ref", INFO, "- read as empty"),
        ("contact.email", INFO, "E-mail: geen read as empty"),
        ("contact.phone", INFO, "/ read as empty"),
    ]
