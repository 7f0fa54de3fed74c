"""Normalizers and the row entry point.

Check digits are computed here with each scheme's own rule, so the tests do
not trust the code under test (nor stdnum) for what is valid.
"""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import normalize as n
from lib import synonyms
from lib.catalogue import Target, default_targets, targets_by_key
from lib.errors import ERROR, WARNING
from lib.mapping import ColumnMapping, Mapping

CONTEXT = n.NormalizeContext(default_country="BE", installed_languages=["nl_BE", "fr_BE", "en_US"])


# --- independent check digit rules --------------------------------------


def national_number(first_nine, born_after_2000=False):
    """A Belgian national number with its check digits (97 - number mod 97,
    where people born from 2000 on have a 2 put in front of the number)."""
    base = int(("2" if born_after_2000 else "") + first_nine)
    return first_nine + "%02d" % (97 - base % 97)


def enterprise_number(first_eight):
    """A Belgian enterprise (and VAT) number: 8 digits + 97 - (number mod 97)."""
    return first_eight + "%02d" % (97 - int(first_eight) % 97)


def iban_checksum_ok(iban):
    """ISO 13616: country and check digits moved to the end, letters as numbers,
    the whole mod 97 is 1."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def nl_vat_ok(number):
    """Dutch BTW: 9 digits weighted 9..2 (last digit -1) sum to a multiple of 11."""
    digits = [int(d) for d in number[:9]]
    return sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True)) % 11 == 0


def fr_vat_ok(number):
    """French TVA: key = (12 + 3 * (SIREN mod 97)) mod 97."""
    return int(number[:2]) == (12 + 3 * (int(number[2:]) % 97)) % 97


def de_vat_ok(number):
    """German USt-IdNr: ISO 7064 mod 11,10 over 9 digits."""
    product = 10
    for digit in number[:8]:
        total = (int(digit) + product) % 10 or 10
        product = 2 * total % 11
    return (11 - product) % 10 == int(number[8])


def lu_vat_ok(number):
    """Luxembourg TVA: the first 6 digits mod 89 are the last 2."""
    return int(number[:6]) % 89 == int(number[6:])


NN_1985 = national_number("850730033")  # 85.07.30-033.xx, born 1985
NN_2001 = national_number("010214102", born_after_2000=True)
NN_JANUARY_2000 = national_number("000105123", born_after_2000=True)
BIS = national_number("854730033")  # birth month 07 + 40 (sex unknown)
BIS_20 = national_number("852730033")  # birth month 07 + 20
VAT_BE = enterprise_number("04123456")
VAT_BE_OLD = enterprise_number("04777777")


def test_independent_rules_agree_with_known_examples():
    # published examples: stdnum's docs and the IBAN registry
    assert national_number("850730033") == "85073003328"
    assert nl_vat_ok("004495445B01")
    assert fr_vat_ok("40303265045")
    assert de_vat_ok("136695976")
    assert lu_vat_ok("15027442")


@pytest.mark.parametrize(
    "table",
    [
        synonyms.LEGAL_FORMS,
        synonyms.ACCOUNT_TYPE_VALUES,
        synonyms.LANGUAGE_VALUES,
        synonyms.BOOLEAN_VALUES,
        {code: [iso3, *names] for code, iso3, names in synonyms.COUNTRIES},
    ],
)
def test_value_tables_never_give_one_spelling_two_meanings(table):
    seen = {}
    for canonical, names in table.items():
        for name in [canonical, *names]:
            assert seen.setdefault(n.fold(name), canonical) == canonical, name


# --- text ---------------------------------------------------------------


def test_fold():
    assert n.fold("Œuvre Ærø Straße") == n.fold("oeuvre aero strasse")
    assert n.fold("Ţară / Țară") == "taratara"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Jan   van der  Berg ", "Jan van der Berg"),
        ("McDonald", "McDonald"),
        ("JANSSENS\u00a0Peter", "JANSSENS Peter"),
        ("line\nbreak", "line break"),
        ("   ", None),
    ],
)
def test_names_are_trimmed_and_never_recased(raw, clean):
    assert n.normalize_char(raw).value == clean


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\u00a0\u2003\u200b\u3000")))
def test_squash_makes_one_space_of_every_run_of_unicode_whitespace(text):
    assert n.squash(text) == re.sub(r"\s+", " ", text).strip()


def test_text_keeps_line_breaks():
    assert n.normalize_text("  first\r\nsecond  \n").value == "first\nsecond"


def test_url():
    assert n.normalize_url(" www.example.be ").value == "www.example.be"
    assert n.normalize_url("www.exa mple.be").problems[0].severity == WARNING


def test_user_emails_are_lower_cased_names_kept():
    assert n.normalize_user(" An.DeWilde@Kantoor.be ").value == "an.dewilde@kantoor.be"
    assert n.normalize_user("An De Wilde").value == "An De Wilde"


# --- e-mail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("jan@example.be", "jan@example.be"),
        ("  Jan.Peeters@Example.BE ", "Jan.Peeters@example.be"),
        ("mailto:jan@example.be", "jan@example.be"),
        ("MAILTO:jan@example.be", "jan@example.be"),
        ("<jan@example.be>", "jan@example.be"),
        ("Jan Peeters <jan@example.be>", "jan@example.be"),
        ("jan@example.be.", "jan@example.be"),
        ('"Peeters, Jan" <jan@example.be>', "jan@example.be"),
        ("jan+btw@example.be", "jan+btw@example.be"),
    ],
)
def test_email_forms(raw, clean):
    result = n.normalize_email(raw)
    assert (result.value, result.problems, result.extra) == (clean, [], [])


def test_email_domain_is_idna_encoded_and_local_part_kept():
    result = n.normalize_email("josé@crème.be")
    local, domain = result.value.split("@")
    assert local == "josé"
    assert domain.startswith("xn--") and domain.endswith(".be")
    assert domain.isascii()
    assert domain.split(".")[0].encode().decode("idna") == "crème"


@pytest.mark.parametrize("separator", ["; ", ", ", " ", ";", "\n"])
def test_several_emails_in_one_cell(separator):
    result = n.normalize_email(f"jan@example.be{separator}els@example.be{separator}x@y.be")
    assert result.value == "jan@example.be"
    assert result.extra == ["els@example.be", "x@y.be"]
    (warning,) = result.problems
    assert warning.severity == WARNING
    assert "els@example.be, x@y.be" in str(warning)


def test_invalid_second_email_is_a_warning_and_the_first_is_kept():
    result = n.normalize_email("jan@example.be; els@example")
    assert result.value == "jan@example.be"
    assert result.extra == []
    assert [p.severity for p in result.problems] == [WARNING]


def test_duplicate_addresses_in_a_cell_count_once():
    result = n.normalize_email("jan@example.be; JAN@example.be")
    assert (result.value, result.extra, result.problems) == ("jan@example.be", [], [])


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("jan.example.be", "needs exactly one @"),
        ("jan@@example.be", "needs exactly one @"),
        ("jan@example", "domain"),
        ("jan@exa_mple.be", "domain"),
        ("jan@-example.be", "domain"),
        (".jan@example.be", "before the @"),
        ("ja..n@example.be", "before the @"),
        ("Jan Peeters", "needs exactly one @"),
        ("jan janssens@telenet.be", "remove spaces"),
        ("jan janssens@telenet.be.", "remove spaces"),
        ("jan@telenet .be", "domain"),
        ("Jan Peeters jan@example.be", "remove spaces"),
    ],
)
def test_invalid_emails_are_errors_with_a_reason(raw, fragment):
    result = n.normalize_email(raw)
    assert result.value is None
    (problem,) = result.problems
    assert problem.severity == ERROR
    assert fragment in str(problem)
    assert problem.note  # the address is kept in the notes


# E-mail cells as firms' files hold them.
@pytest.mark.parametrize(
    ("raw", "clean", "extra"),
    [
        (" jan@telenet.be ", "jan@telenet.be", []),
        ("jan@telenet.be.", "jan@telenet.be", []),  # a full stop after the address
        ("jan@telenet.be..", "jan@telenet.be", []),
        ("jan@telenet.be, els@telenet.be", "jan@telenet.be", ["els@telenet.be"]),
        ("jan@telenet.be,els@telenet.be", "jan@telenet.be", ["els@telenet.be"]),
        ("jan@telenet.be;els@telenet.be;", "jan@telenet.be", ["els@telenet.be"]),
        ("jan@telenet.be / els@telenet.be", "jan@telenet.be", ["els@telenet.be"]),
        ("jan@telenet.be els@telenet.be", "jan@telenet.be", ["els@telenet.be"]),
        ("jan@telenet.be (privé)", "jan@telenet.be", []),
        ('"Janssens, Jan" <jan@telenet.be>', "jan@telenet.be", []),
        ("Jan <jan@telenet.be>, Els <els@telenet.be>", "jan@telenet.be", ["els@telenet.be"]),
        ("'jan@telenet.be'", "jan@telenet.be", []),
        ("JAN@TELENET.BE", "JAN@telenet.be", []),
        ("jan@müller.de", "jan@xn--mller-kva.de", []),
        ("jan@telenet.be | els@telenet.be", "jan@telenet.be", ["els@telenet.be"]),
    ],
)
def test_email_cells_as_firms_type_them(raw, clean, extra):
    result = n.normalize_email(raw)
    assert (result.value, result.extra) == (clean, extra)
    assert all(problem.severity == WARNING for problem in result.problems)


def test_a_space_inside_an_address_never_makes_another_address():
    result = n.normalize_email("jan janssens@telenet.be")
    assert (result.value, result.extra) == (None, [])
    (problem,) = result.problems
    assert problem.params["value"] == "jan janssens@telenet.be"
    result = n.normalize_email("jan janssens@telenet.be; els@telenet.be")
    assert (result.value, result.extra) == (None, ["els@telenet.be"])
    assert [p.params["value"] for p in result.problems] == ["jan janssens@telenet.be"]


def test_an_invalid_address_after_the_first_is_a_warning_kept_in_the_notes():
    result = n.normalize_email("jan@telenet.be; els janssens@telenet.be")
    assert (result.value, result.extra) == ("jan@telenet.be", [])
    (problem,) = result.problems
    assert (problem.severity, problem.params["value"]) == (WARNING, "els janssens@telenet.be")
    assert problem.note


def test_extra_emails_normalizer_keeps_all_valid_addresses():
    result = n.normalize_emails("a@example.be; bad@; b@example.be")
    assert result.value == ["a@example.be", "b@example.be"]
    assert [p.severity for p in result.problems] == [WARNING]
    assert n.normalize_emails("").value is None


# --- phone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "clean"),
    [
        ("0471 23 45 67", "BE", "+32471234567"),
        ("0471/23.45.67", "BE", "+32471234567"),
        ("+32471625368", "", "+32471625368"),
        ("32471625368", "BE", "+32471625368"),  # stored as a number, "+" lost
        ("32471625368", "", "+32471625368"),
        ("471234567", "BE", "+32471234567"),  # stored as a number, "0" lost
        ("+32 (0)471 23 45 67", "", "+32471234567"),
        ("0032 471 23 45 67", "BE", "+32471234567"),
        ("0032471234567", "", "+32471234567"),
        ("09 223 45 67", "BE", "+3292234567"),
        ("06 12 34 56 78", "NL", "+31612345678"),
        ("01 42 68 53 00", "FR", "+33142685300"),
        ("+49 30 1234567", "BE", "+49301234567"),
    ],
)
def test_phones(raw, country, clean):
    result = n.normalize_phone(raw, CONTEXT, country)
    assert (result.value, result.problems) == (clean, [])


# Numbers as people type them in each country: national forms with spaces, dots,
# slashes and dashes, the international prefix 00, "+CC (0)", and numbers that
# lost their "+" when a spreadsheet stored them as numbers.
PHONES_AS_TYPED = {
    "BE": [
        ("0471 23 45 67", "+32471234567"),
        ("0471/23.45.67", "+32471234567"),
        ("0471.23.45.67", "+32471234567"),
        ("0471-23-45-67", "+32471234567"),
        ("471234567", "+32471234567"),  # stored as a number: the 0 is lost
        ("+32 (0)471 23 45 67", "+32471234567"),
        ("0032 471 23 45 67", "+32471234567"),
        ("0032 (0)9 223 45 67", "+3292234567"),
        ("32471625368", "+32471625368"),  # stored as a number: the "+" is lost
        ("09 223 45 67", "+3292234567"),
        ("09/223.45.67", "+3292234567"),
        ("03 234 56 78", "+3232345678"),
        ("050 12 34 56", "+3250123456"),
    ],
    "NL": [
        ("06-12345678", "+31612345678"),
        ("06 1234 5678", "+31612345678"),
        ("020-1234567", "+31201234567"),
        ("010 123 4567", "+31101234567"),
        ("+31 (0)20 123 4567", "+31201234567"),
        ("0031 6 12345678", "+31612345678"),
        ("31612345678", "+31612345678"),
    ],
    "FR": [
        ("06 12 34 56 78", "+33612345678"),
        ("01.42.68.53.00", "+33142685300"),
        ("04 91 12 34 56", "+33491123456"),
        ("+33 (0)1 42 68 53 00", "+33142685300"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("33612345678", "+33612345678"),
    ],
    "LU": [
        ("621 123 456", "+352621123456"),
        ("27 12 34 56", "+35227123456"),
        ("46 12 34", "+352461234"),
        ("+352 621 123 456", "+352621123456"),
        ("00352 27123456", "+35227123456"),
        ("352621123456", "+352621123456"),
    ],
    "RO": [
        ("0721 234 567", "+40721234567"),
        ("0721.234.567", "+40721234567"),
        ("021 123 4567", "+40211234567"),
        ("0264 123 456", "+40264123456"),
        ("+40 721 234 567", "+40721234567"),
        ("0040 21 123 4567", "+40211234567"),
        ("40721234567", "+40721234567"),
    ],
}
NO_COMPANY_COUNTRY = n.NormalizeContext()


@pytest.mark.parametrize(
    ("country", "raw", "clean"),
    [(country, raw, clean) for country, cases in PHONES_AS_TYPED.items() for raw, clean in cases],
)
def test_phones_as_people_type_them_in_each_country(country, raw, clean):
    result = n.normalize_phone(raw, NO_COMPANY_COUNTRY, country)
    assert (result.value, result.problems) == (clean, [])


@pytest.mark.parametrize(
    ("raw", "country", "clean"),
    [
        # unassigned ranges that Belgians still write: possible numbers, not valid ones
        ("09 123 45 67", "BE", "+3291234567"),
        ("02 987 65 43", "BE", "+3229876543"),
        ("3291234569", "BE", "+3291234569"),  # an XLSX number that lost its "+"
        ("3291234569", "", "+3291234569"),
        ("+32 9 123 45 67", "", "+3291234567"),
        ("06 12 34 56 78", "BE", "+32612345678"),  # a Dutch mobile read in Belgium
    ],
)
def test_a_possible_but_not_valid_phone_is_kept_in_e164_with_a_problem(raw, country, clean):
    result = n.normalize_phone(raw, NO_COMPANY_COUNTRY, country)
    assert result.value == clean
    (problem,) = result.problems
    assert problem.severity == ERROR  # a warning unless the strict mode is chosen
    assert not problem.note  # the number is stored, nothing goes to the notes


@pytest.mark.parametrize(
    ("raw", "country", "fragment"),
    [
        ("0471", "BE", "not a valid number in BE"),
        ("0471 23 45 67", "", "has no country code and the row has no country"),
        ("+32 123", "", "not a valid international number"),
        ("call me", "BE", "not a valid number in BE"),
        ("0471 23 45 67 (GSM)", "BE", "not a valid number in BE"),
    ],
)
def test_a_phone_that_is_not_even_possible_is_kept_as_typed_with_a_problem(raw, country, fragment):
    result = n.normalize_phone(raw, NO_COMPANY_COUNTRY, country)
    assert result.value == raw
    (problem,) = result.problems
    assert problem.severity == ERROR
    assert fragment in str(problem)


def test_a_valid_reading_in_the_companys_country_beats_a_possible_one_in_the_rows():
    # 0471... is a Belgian mobile; in the Netherlands it is at most possible
    result = n.normalize_phone("0471 23 45 67", CONTEXT, "NL")
    assert (result.value, result.problems) == ("+32471234567", [])
    only_possible = n.normalize_phone("09 123 45 67", CONTEXT, "NL")
    assert only_possible.value == "+3191234567"  # the row's country comes first
    assert "not a valid number in NL" in str(only_possible.problems[0])


def test_one_number_read_again_in_another_country_gets_that_countrys_reading():
    # Parsed numbers are cached: the cache must tell the countries apart.
    readings = [n.normalize_phone("06 12 34 56 78", CONTEXT, c) for c in ("NL", "BE", "FR", "NL")]
    values = [reading.value for reading in readings]
    assert values == ["+31612345678", "+32612345678", "+33612345678", "+31612345678"]
    assert [len(reading.problems) for reading in readings] == [0, 1, 0, 0]
    assert "not a valid number in BE" in str(readings[1].problems[0])


# --- Belgian national number --------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (NN_1985, NN_1985),
        ("85.07.30-033.28", "85073003328"),  # stdnum's documented example
        ("85 07 30 033 28", "85073003328"),
        (NN_2001, NN_2001),
        (NN_2001.lstrip("0"), NN_2001),  # Excel dropped the leading zero
        (NN_JANUARY_2000.lstrip("0"), NN_JANUARY_2000),  # 8 digits left
        (BIS, BIS),
        (BIS_20, BIS_20),
        ("98.47.28-997.65", "98472899765"),  # stdnum's BIS example
    ],
)
def test_valid_national_numbers(raw, clean):
    assert len(clean) == 11
    result = n.normalize_national_number(raw)
    assert (result.value, result.problems) == (clean, [])


def test_national_number_test_data_is_well_built():
    assert NN_2001.startswith("01") and len(NN_2001.lstrip("0")) == 10
    assert len(NN_JANUARY_2000.lstrip("0")) == 8
    # the 2000+ rule matters: with the 1900 rule these check digits are wrong
    assert 97 - int(NN_2001[:9]) % 97 != int(NN_2001[9:])


def _wrong_check(number):
    return number[:9] + "%02d" % ((int(number[9:]) + 1) % 97)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("85.07.30-033.61", "wrong check digit"),
        (_wrong_check(NN_1985), "wrong check digit"),
        (_wrong_check(NN_2001), "wrong check digit"),
        (_wrong_check(BIS), "wrong check digit"),
        ("85.07.30-033", "has 9 digits instead of 11"),
        ("850730033280", "has 12 digits instead of 11"),
        ("0850730033", "has 10 digits instead of 11"),  # a typed leading zero is kept
        (national_number("851330033"), "impossible birth date"),  # month 13
        (national_number("856330033"), "impossible birth date"),  # month 63
        ("85.07.30/033-2B", "may only contain digits"),
        ("00000000000", "is not a Belgian national number"),
    ],
)
def test_invalid_national_numbers_say_why(raw, fragment):
    result = n.normalize_national_number(raw)
    assert result.value is None
    (problem,) = result.problems
    assert problem.severity == ERROR
    assert fragment in str(problem)
    assert raw in str(problem)


def test_the_briefs_example_message():
    (problem,) = n.normalize_national_number("85.07.30-033.61").problems
    assert str(problem) == (
        "Belgian national number 85.07.30-033.61 has a wrong check digit: check the number "
        "on the identity card"
    )


# --- VAT and enterprise number ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "clean"),
    [
        ("BE" + VAT_BE, "", "BE" + VAT_BE),
        (f"BE{VAT_BE[:4]}.{VAT_BE[4:7]}.{VAT_BE[7:]}", "", "BE" + VAT_BE),
        (f"BE {VAT_BE}", "", "BE" + VAT_BE),
        ("be" + VAT_BE, "", "BE" + VAT_BE),
        (VAT_BE, "BE", "BE" + VAT_BE),  # NumNum: vat_id + vat_country_code
        (VAT_BE[1:], "BE", "BE" + VAT_BE),  # 9 digits: Excel dropped the 0
        ("NL004495445B01", "", "NL004495445B01"),
        ("004495445B01", "NL", "NL004495445B01"),
        ("FR 40 303 265 045", "", "FR40303265045"),
        ("DE 136 695 976", "", "DE136695976"),
        ("LU15027442", "", "LU15027442"),
        ("15027442", "LU", "LU15027442"),
    ],
)
def test_valid_vat_numbers(raw, country, clean):
    result = n.normalize_vat(raw, CONTEXT, country)
    assert (result.value, result.problems) == (clean, [])


def test_vat_test_data_is_valid_by_each_countrys_rule():
    assert int(VAT_BE[:8]) % 97 + int(VAT_BE[8:]) == 97
    assert nl_vat_ok("004495445B01") and fr_vat_ok("40303265045")
    assert de_vat_ok("136695976") and lu_vat_ok("15027442")
    assert not nl_vat_ok("004495446B01") and not fr_vat_ok("41303265045")
    assert not de_vat_ok("136695977") and not lu_vat_ok("15027443")


@pytest.mark.parametrize(
    ("raw", "country", "fragment"),
    [
        ("BE" + VAT_BE[:8] + "%02d" % (int(VAT_BE[8:]) + 1), "", "wrong check digit"),
        ("BE0123456789", "", "wrong check digit"),  # NumNum's example number
        ("NL004495446B01", "", "NL"),
        ("FR41303265045", "", "wrong check digit"),
        ("DE136695977", "", "wrong check digit"),
        ("LU15027443", "", "wrong check digit"),
        ("BE04123456", "", "wrong number of digits for BE"),
        (VAT_BE, "", "no country code"),
    ],
)
def test_invalid_vat_numbers(raw, country, fragment):
    result = n.normalize_vat(raw, CONTEXT, country)
    assert result.value is None
    assert result.problems[0].severity == ERROR
    assert fragment in str(result.problems[0])


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("US 12-3456789", "US"),  # stdnum has no VAT check for the United States
        ("123456789", "US"),
        ("NVT 2024", "NV"),  # a word, not a country code
        ("XX0123456749", "XX"),
        ("ZZ 123", "ZZ"),
    ],
)
def test_a_vat_prefix_without_a_check_is_invalid_and_never_stored(raw, country):
    result = n.normalize_vat(raw, CONTEXT, country if raw[:1].isdigit() else "")
    assert result.value is None
    (problem,) = result.problems
    assert (problem.severity, problem.params["country"]) == (ERROR, country)
    assert "cannot be checked" in str(problem)
    assert problem.note


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("XI 123456782", "XI123456782"),  # Northern Ireland, checked as the United Kingdom
        ("GR 094259216", "EL094259216"),  # Greece: Greek VAT numbers use EL
        ("CHE-116.281.710 MWST", "CHE116281710MWST"),
        ("NO 974760673 MVA", "NO974760673MVA"),
        ("GB 980780684", "GB980780684"),
        ("RO 18547290", "RO18547290"),
    ],
)
def test_vat_prefixes_stdnum_checks(raw, clean):
    result = n.normalize_vat(raw, CONTEXT, "")
    assert (result.value, result.problems) == (clean, [])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (VAT_BE, VAT_BE),
        (f"{VAT_BE[:4]}.{VAT_BE[4:7]}.{VAT_BE[7:]}", VAT_BE),
        ("BE " + VAT_BE, VAT_BE),
        (VAT_BE[1:], VAT_BE),  # 9 digits: Excel dropped the 0
    ],
)
def test_enterprise_number_is_the_ten_digit_form(raw, clean):
    result = n.normalize_enterprise_number(raw, CONTEXT, "BE")
    assert (result.value, result.problems) == (clean, [])


def test_invalid_enterprise_numbers():
    wrong = n.normalize_enterprise_number(VAT_BE[:9] + str((int(VAT_BE[9]) + 1) % 10))
    assert "wrong check digit" in str(wrong.problems[0])
    short = n.normalize_enterprise_number("0412.345")
    assert "10 digits" in str(short.problems[0])
    assert short.problems[0].severity == ERROR


def test_enterprise_number_of_another_country_is_kept():
    assert n.normalize_enterprise_number("KvK 12345678", CONTEXT, "NL").value == "KvK 12345678"


# --- IBAN and BIC -------------------------------------------------------

IBANS = {
    "BE": "BE68539007547034",
    "NL": "NL91ABNA0417164300",
    "FR": "FR1420041010050500013M02606",
    "DE": "DE89370400440532013000",
    "LU": "LU280019400644750000",
}


@pytest.mark.parametrize("country", sorted(IBANS))
def test_valid_ibans(country):
    iban = IBANS[country]
    assert iban_checksum_ok(iban)
    spaced = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)).lower()
    for raw in (iban, spaced):
        result = n.normalize_iban(raw)
        assert (result.value, result.problems) == (iban, [])


@pytest.mark.parametrize("country", sorted(IBANS))
def test_ibans_with_wrong_check_digits(country):
    iban = IBANS[country]
    wrong = iban[:2] + "%02d" % ((int(iban[2:4]) + 1) % 100) + iban[4:]
    assert not iban_checksum_ok(wrong)
    result = n.normalize_iban(wrong)
    assert result.value is None
    assert "wrong check digit" in str(result.problems[0])
    assert result.problems[0].severity == ERROR


def test_iban_with_a_separate_country_code():
    assert n.normalize_iban("68 5390 0754 7034", CONTEXT, "BE").value == IBANS["BE"]


def test_not_an_iban():
    result = n.normalize_iban("1234")
    assert result.value is None and result.problems[0].severity == ERROR


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("GEBABEBB", "GEBABEBB"), ("gkcc be bb", "GKCCBEBB"), ("ABNANL2AXXX", "ABNANL2AXXX")],
)
def test_valid_bics(raw, clean):
    assert n.normalize_bic(raw).value == clean


@pytest.mark.parametrize("raw", ["GEBABEB", "GEBA1EBB", "GEBABEBBXX", "12345678"])
def test_invalid_bics(raw):
    result = n.normalize_bic(raw)
    assert result.value is None
    assert "8 or 11" in str(result.problems[0])


# --- choices ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("BE", "BE"),
        ("be", "BE"),
        ("BEL", "BE"),
        ("Belgium", "BE"),
        ("België", "BE"),
        ("Belgie", "BE"),
        ("Belgique", "BE"),
        ("Belgien", "BE"),
        ("Nederland", "NL"),
        ("Pays-Bas", "NL"),
        ("Niederlande", "NL"),
        ("The Netherlands", "NL"),
        ("NLD", "NL"),
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("Duitsland", "DE"),
        ("Germany", "DE"),
        ("Luxemburg", "LU"),
        ("Luxembourg", "LU"),
        ("Frankrijk", "FR"),
        ("Frankreich", "FR"),
        ("France", "FR"),
        ("Verenigd Koninkrijk", "GB"),
        ("UK", "GB"),
        ("Zwitserland", "CH"),
        ("Suisse", "CH"),
        ("Noorwegen", "NO"),
        ("Verenigde Staten", "US"),
        ("Canada", "CA"),
        ("Marokko", "MA"),
        ("Maroc", "MA"),
        ("Turkije", "TR"),
        ("România", "RO"),
        ("Roemenië", "RO"),
        ("Espagne", "ES"),
        ("Oostenrijk", "AT"),
    ],
)
def test_countries(raw, code):
    assert n.normalize_country(raw).value == code


def test_country_table_covers_the_eu_and_neighbours():
    eu = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
    assert set(eu.split()) | {"GB", "CH", "NO", "US", "CA", "MA", "TR"} <= set(n.COUNTRY_CODES)


def test_unknown_country_is_a_warning():
    result = n.normalize_country("Atlantis")
    assert result.value is None
    assert result.problems[0].severity == WARNING
    assert "Atlantis" in str(result.problems[0])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("BV", "BV"),
        ("bv", "BV"),
        ("B.V.", "BV"),
        ("Besloten Vennootschap", "BV"),
        ("BVBA", "BV"),  # renamed by the 2019 Belgian company code
        ("B.V.B.A.", "BV"),
        ("NV", "NV"),
        ("Naamloze vennootschap", "NV"),
        ("VOF", "VOF"),
        ("CommV", "CommV"),
        ("Comm.V.", "CommV"),
        ("CV", "CV"),
        ("CVBA", "CV"),
        ("VZW", "VZW"),
        ("v.z.w.", "VZW"),
        ("Stichting", "Stichting"),
        ("Eenmanszaak", "Eenmanszaak"),
        ("Maatschap", "Maatschap"),
        ("SPRL", "SRL"),
        ("SRL", "SRL"),
        ("Société privée à responsabilité limitée", "SRL"),
        ("SA", "SA"),
        ("Société anonyme", "SA"),
        ("SC", "SC"),
        ("SCRL", "SC"),
        ("SNC", "SNC"),
        ("SComm", "SComm"),
        ("ASBL", "ASBL"),
        ("a.s.b.l.", "ASBL"),
        ("GmbH", "GmbH"),
        ("AG", "AG"),
        ("Ltd", "Ltd"),
        ("Ltd.", "Ltd"),
        ("Limited", "Ltd"),
        ("SARL", "SARL"),
    ],
)
def test_legal_forms(raw, code):
    assert n.normalize_legal_form(raw).value == code


def test_unknown_legal_form_is_a_warning():
    result = n.normalize_legal_form("Kolchoz")
    assert result.value is None and result.problems[0].severity == WARNING


@pytest.mark.parametrize(
    ("raw", "account_type"),
    [
        ("Company", "company"),
        ("Bedrijf", "company"),
        ("Onderneming", "company"),
        ("Société", "company"),
        ("Firmă", "company"),
        ("BV", "company"),
        ("GmbH", "company"),
        ("Private person", "individual"),
        ("Particulier", "individual"),
        ("Persoon", "individual"),
        ("Natuurlijk persoon", "individual"),
        ("Personne physique", "individual"),
        ("Persoană fizică", "individual"),
        ("Individual", "individual"),
        ("Familie", "family"),
        ("Gezin", "family"),
        ("Famille", "family"),
        ("Family", "family"),
        ("Trust", "trust"),
        ("Fiducie", "trust"),
        ("Other", "other"),
        ("Andere", "other"),
    ],
)
def test_account_types(raw, account_type):
    assert n.normalize_account_type(raw).value == account_type


def test_unknown_account_type_is_a_warning():
    result = n.normalize_account_type("Martian")
    assert result.value is None and result.problems[0].severity == WARNING


INSTALLED = ["nl_BE", "nl_NL", "fr_FR", "de_DE", "en_US", "en_GB"]


@pytest.mark.parametrize(
    ("raw", "installed", "code"),
    [
        ("nl", INSTALLED, "nl_BE"),
        ("NL", INSTALLED, "nl_BE"),
        ("Nederlands", INSTALLED, "nl_BE"),
        ("Dutch", INSTALLED, "nl_BE"),
        ("Néerlandais", INSTALLED, "nl_BE"),
        ("nl", ["nl_NL", "en_US"], "nl_NL"),
        ("nl_NL", INSTALLED, "nl_NL"),
        ("nl-NL", INSTALLED, "nl_NL"),
        ("fr", INSTALLED, "fr_FR"),  # no fr_BE installed
        ("fr", ["fr_BE", "fr_FR"], "fr_BE"),
        ("fr_BE", INSTALLED, "fr_FR"),  # fr_BE not installed: any French
        ("Français", INSTALLED, "fr_FR"),
        ("Frans", INSTALLED, "fr_FR"),
        ("Duits", INSTALLED, "de_DE"),
        ("Deutsch", INSTALLED, "de_DE"),
        ("Allemand", INSTALLED, "de_DE"),
        ("en", INSTALLED, "en_US"),
        ("English", ["en_GB"], "en_GB"),
        ("N", INSTALLED, "nl_BE"),
        ("F", INSTALLED, "fr_FR"),
        ("es", ["es_ES", "en_US"], "es_ES"),
    ],
)
def test_languages(raw, installed, code):
    assert n.normalize_language(raw, installed).value == code


def test_language_not_installed_or_unknown():
    missing = n.normalize_language("Duits", ["nl_BE", "en_US"])
    assert missing.value is None
    assert "not installed" in str(missing.problems[0])
    unknown = n.normalize_language("Klingon", ["nl_BE"])
    assert "not recognised" in str(unknown.problems[0])
    assert unknown.problems[0].severity == missing.problems[0].severity == WARNING


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("yes", True),
        ("Yes", True),
        ("ja", True),
        ("oui", True),
        ("da", True),
        ("1", True),
        ("true", True),
        ("x", True),
        ("X", True),
        ("no", False),
        ("nee", False),
        ("non", False),
        ("nu", False),
        ("0", False),
        ("false", False),
        ("FALSE", False),
    ],
)
def test_booleans(raw, flag):
    assert n.normalize_boolean(raw).value is flag


def test_unknown_boolean_is_a_warning():
    result = n.normalize_boolean("maybe")
    assert result.value is None and result.problems[0].severity == WARNING


@pytest.mark.parametrize(
    ("raw", "tags"),
    [
        ("VIP, Btw ; vip | Personenbelasting", ["VIP", "Btw", "Personenbelasting"]),
        ("  one  ", ["one"]),
        ("a,,b", ["a", "b"]),
        ("* myContacts ::: Klanten ::: Leveranciers", ["Klanten", "Leveranciers"]),
        ("Groot  klant", ["Groot klant"]),
        ("", None),
    ],
)
def test_tags(raw, tags):
    assert n.normalize_tags(raw).value == tags


# --- dates and numbers --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("31/12/2024", "2024-12-31"),
        ("31-12-2024", "2024-12-31"),
        ("31.12.2024", "2024-12-31"),
        ("1/2/2024", "2024-02-01"),
        ("2024-12-31", "2024-12-31"),
        ("2024-12-31 00:00:00", "2024-12-31"),
        ("2024-12-31T08:30", "2024-12-31"),
        ("31/12/85", "1985-12-31"),
        ("45292", "2024-01-01"),  # Excel serial of 1 January 2024
        ("45292.5", "2024-01-01"),
        ("29/02/2024", "2024-02-29"),
    ],
)
def test_dates(raw, iso):
    assert n.normalize_date(raw).value == iso


def test_excel_serials_follow_the_1900_system():
    # 1 January 1970 is Excel serial 25569 (the Unix epoch in Excel)
    assert n.parse_date("25569") == date(1970, 1, 1)
    assert n.parse_date("25569", serials=False) is None


@pytest.mark.parametrize("raw", ["12/31/2024", "31/02/2023", "5", "99999", "yesterday", "2024"])
def test_invalid_or_ambiguous_dates_are_not_guessed(raw):
    result = n.normalize_date(raw)
    assert result.value is None
    assert result.problems[0].severity == WARNING


def test_numbers():
    assert n.normalize_integer("1 234").value == 1234
    assert n.normalize_integer("12.0").value == 12
    assert n.normalize_integer("12.5").problems[0].severity == WARNING
    assert n.normalize_float("12,5").value == 12.5
    assert n.normalize_float("1.234,56").value == 1234.56
    assert n.normalize_float("1,234.56").value == 1234.56
    assert n.normalize_float("abc").problems[0].severity == WARNING


# --- the row entry point ------------------------------------------------

TARGETS = targets_by_key(default_targets())


def test_normalize_values_cleans_a_whole_row():
    raw = {
        "account.name": "  Bakkerij  Peeters BV ",
        "account.type": "Bedrijf",
        "account.legal_form": "BVBA",
        "account.vat": VAT_BE[1:],
        "account.vat_country": "België",
        "account.company_registry": VAT_BE,
        "account.country": "Belgique",
        "account.lang": "Nederlands",
        "account.iban": IBANS["BE"],
        "account.bic": "gebabebb",
        "account.tags": ["VIP, Btw", "vip; Jaarrekening"],
        "account.notes": ["first note", "second\nnote"],
        "contact.first_name": "Pieter",
        "contact.email": "Pieter <pieter@example.be>; info@example.be",
        "contact.mobile": "0471 23 45 67",
        "contact.national_number": NN_1985,
        "contact.send_invitation": "nee",
        "spouse.mobile": "478123456",
        "spouse.national_number": NN_2001.lstrip("0"),
    }
    clean, problems = n.normalize_values(raw, TARGETS, CONTEXT)
    assert clean == {
        "account.name": "Bakkerij Peeters BV",
        "account.type": "company",
        "account.legal_form": "BV",
        "account.vat": "BE" + VAT_BE,
        "account.company_registry": VAT_BE,
        "account.country": "BE",
        "account.lang": "nl_BE",
        "account.iban": IBANS["BE"],
        "account.bic": "GEBABEBB",
        "account.tags": ["VIP", "Btw", "vip", "Jaarrekening"],
        "account.notes": ["first note", "second\nnote"],
        "contact.first_name": "Pieter",
        "contact.email": "pieter@example.be",
        "contact.extra_emails": ["info@example.be"],
        "contact.mobile": "+32471234567",
        "contact.national_number": NN_1985,
        "contact.send_invitation": False,
        "spouse.mobile": "+32478123456",
        "spouse.national_number": NN_2001,
    }
    assert [(p.target, p.severity) for p in problems] == [("contact.email", WARNING)]


def test_phone_region_is_the_rows_country_then_the_companys():
    row_nl = {"account.country": "Nederland", "contact.phone": "06 12 34 56 78"}
    clean, problems = n.normalize_values(row_nl, TARGETS, CONTEXT)
    assert (clean["contact.phone"], problems) == ("+31612345678", [])
    contact_fr = {"account.country": "NL", "contact.country": "FR", "contact.phone": "0142685300"}
    assert n.normalize_values(contact_fr, TARGETS, CONTEXT)[0]["contact.phone"] == "+33142685300"
    company_be = {"contact.phone": "0471 23 45 67"}
    assert n.normalize_values(company_be, TARGETS, CONTEXT)[0]["contact.phone"] == "+32471234567"
    nowhere = n.NormalizeContext()
    clean, problems = n.normalize_values(company_be, TARGETS, nowhere)
    assert clean["contact.phone"] == "0471 23 45 67"  # kept as typed
    assert [p.severity for p in problems] == [WARNING]
    assert "no country code" in str(problems[0])


def test_vat_country_column_wins_over_the_row_country():
    raw = {"account.country": "BE", "account.vat": "004495445B01", "account.vat_country": "NL"}
    clean, problems = n.normalize_values(raw, TARGETS, CONTEXT)
    assert clean == {"account.country": "BE", "account.vat": "NL004495445B01"}
    assert problems == []


def test_iban_country_column():
    raw = {"account.iban": "91ABNA0417164300", "account.iban_country": "Nederland"}
    assert n.normalize_values(raw, TARGETS, CONTEXT)[0] == {"account.iban": IBANS["NL"]}


def test_strict_and_default_modes():
    raw = {
        "contact.last_name": "Peeters",
        "contact.email": "not an address",
        "contact.mobile": "12",
        "contact.national_number": _wrong_check(NN_1985),
        "account.vat": "BE0123456789",
        "account.iban": "BE69539007547034",
        "account.bic": "XX",
        "account.country": "Atlantis",
        "account.lang": "Klingon",
        "account.name": "Kept",
    }
    columns = {"contact.email": "E-mail", "account.country": "Land"}
    strict_context = n.NormalizeContext(default_country="BE", strictness=n.STRICT)
    strict_clean, strict = n.normalize_values(raw, TARGETS, strict_context, columns)
    assert n.NormalizeContext().strictness == n.LENIENT
    default_clean, default = n.normalize_values(raw, TARGETS, CONTEXT, columns)
    assert strict_clean == default_clean
    assert default_clean == {
        "account.name": "Kept",
        "contact.last_name": "Peeters",
        "contact.mobile": "12",  # not even a possible number: kept as typed
        "contact.notes": [
            "E-mail: not an address (not a valid e-mail address)",
            f"National number: {_wrong_check(NN_1985)} (not a valid national number)",
        ],
        "account.notes": [
            "VAT number: BE0123456789 (not a valid VAT number)",
            "IBAN: BE69539007547034 (not a valid IBAN)",
            "BIC: XX (not a valid BIC)",
            "Land: Atlantis (country not recognised)",
            "Language: Klingon (language not recognised)",
        ],
    }
    severities = {p.target: p.severity for p in strict}
    assert severities == {
        "contact.email": ERROR,
        "contact.mobile": ERROR,
        "contact.national_number": ERROR,
        "account.vat": ERROR,
        "account.iban": ERROR,
        "account.bic": ERROR,
        "account.country": WARNING,
        "account.lang": WARNING,
    }
    assert {p.severity for p in default} == {WARNING}
    assert len(default) == len(strict)
    email_problem = next(p for p in strict if p.target == "contact.email")
    assert email_problem.column == "E-mail"
    assert str(email_problem).startswith("E-mail: ")


def test_bic_without_iban_is_dropped_with_a_warning():
    clean, problems = n.normalize_values({"account.bic": "GEBABEBB"}, TARGETS, CONTEXT)
    assert clean == {}
    assert [(p.target, p.severity) for p in problems] == [("account.bic", WARNING)]


def test_lookup_hook_resolves_users_and_states():
    calls = []

    def lookup(kind, text, country):
        calls.append((kind, text, country))
        return {"user": {"an@kantoor.be": 7}, "state": {"Antwerpen": 12}}[kind].get(text)

    context = n.NormalizeContext(default_country="BE", lookup=lookup)
    raw = {"account.assignee": "An@Kantoor.be", "account.state": "Antwerpen"}
    clean, problems = n.normalize_values(raw, TARGETS, context)
    assert clean == {"account.assignee": 7, "account.state": 12}
    assert problems == []
    assert calls == [("user", "an@kantoor.be", "BE"), ("state", "Antwerpen", "BE")]
    clean, problems = n.normalize_values({"account.assignee": "nobody"}, TARGETS, context)
    assert clean == {}
    assert problems[0].severity == WARNING and "No user matches nobody" in str(problems[0])


def test_without_a_hook_users_and_states_pass_through():
    raw = {"account.assignee": " An De Wilde ", "account.state": "Antwerpen"}
    clean, problems = n.normalize_values(raw, default_targets(), CONTEXT)
    assert clean == {"account.assignee": "An De Wilde", "account.state": "Antwerpen"}
    assert problems == []


def test_new_fields_and_unknown_keys():
    mapping = Mapping(
        columns=[
            ColumnMapping(
                0,
                "Geboortedatum",
                "new_field",
                new_field={"label": "Birth date", "type": "date", "name": "x_cci_birth_date"},
            )
        ]
    )
    targets = targets_by_key(default_targets() + mapping.new_field_targets())
    raw = {"new:x_cci_birth_date": "30/07/1985", "new:x_cci_other": "  kept  "}
    clean, problems = n.normalize_values(raw, targets, CONTEXT)
    assert clean == {"new:x_cci_birth_date": "1985-07-30", "new:x_cci_other": "kept"}
    assert problems == []


def test_custom_normalizer_callable():
    def upper(value, context, country):
        return n.Cleaned(value.upper() + "/" + country)

    target = Target("account.x_code", "account", "Code", field_name="x_code", normalizer=upper)
    clean, _ = n.normalize_values({"account.x_code": "ab"}, [target], CONTEXT)
    assert clean == {"account.x_code": "AB/BE"}


def test_a_full_realistic_row_cleans_without_problems():
    raw = {
        "account.name": "Bakkerij Peeters BV",
        "account.legal_form": "BV",
        "account.vat": "BE" + VAT_BE,
        "account.country": "BE",
        "account.street": "Kerkstraat 12",
        "account.zip": "9000",
        "account.city": "Gent",
        "account.lang": "nl",
        "account.iban": IBANS["BE"],
        "account.tags": ["VIP, Btw"],
        "contact.first_name": "Pieter",
        "contact.last_name": "Peeters",
        "contact.email": "pieter@example.be",
        "contact.phone": "09 223 45 67",
        "contact.mobile": "0471 23 45 67",
        "contact.national_number": NN_1985,
    }
    # Speed is measured by bench/bench_import.py, not asserted here.
    clean, problems = n.normalize_values(raw, TARGETS, CONTEXT)
    assert problems == []
    assert clean["contact.mobile"] == "+32471234567"
    assert clean["account.vat"] == "BE" + VAT_BE


@given(st.text(max_size=30))
def test_normalizers_never_raise(text):
    for name, normalizer in n.NORMALIZERS.items():
        result = normalizer(text, CONTEXT, "BE")
        assert isinstance(result, n.Cleaned), name
        assert all(isinstance(problem.message, str) for problem in result.problems)
