import pytest

from lib.masking import mask_iban, mask_national_number, mask_text

NATIONAL_NUMBERS = ["85.07.30-033.28", "85073003328", "85 07 30 033 28", "85/07/30-033/28"]
IBANS = ["BE68 5390 0754 7034", "BE68539007547034", "be68 5390 0754 7034"]


def digits(text):
    return "".join(char for char in text if char.isdigit())


def test_national_number_keeps_year_month_and_separators():
    assert mask_national_number("85.07.30-033.28") == "85.07.**-***.**"
    assert mask_national_number("85073003328") == "8507*******"


def test_iban_keeps_country_check_digits_and_last_four():
    assert mask_iban("BE68 5390 0754 7034") == "BE68 **** **** 7034"
    assert mask_iban("BE68539007547034") == "BE68********7034"


def test_short_values_never_show_more_than_the_start():
    assert mask_iban("BE68") == "BE68"
    assert mask_iban("BE6853") == "BE68**"
    assert mask_national_number(None) == ""


@pytest.mark.parametrize("number", NATIONAL_NUMBERS)
def test_national_numbers_in_sentences_are_masked(number):
    text = mask_text(f"Belgian national number {number} has a wrong check digit")
    assert digits(number) not in digits(text)
    assert number not in text
    assert text.startswith("Belgian national number 85")
    assert text.endswith(" has a wrong check digit")


@pytest.mark.parametrize("iban", IBANS)
def test_ibans_in_sentences_are_masked(iban):
    text = mask_text(f"IBAN {iban} has a wrong check digit: copy it again")
    assert "5390" not in text and "0754" not in text
    assert text.endswith("7034 has a wrong check digit: copy it again")


def test_foreign_iban_with_letters_in_the_bank_code():
    text = mask_text("GB82 WEST 1234 5698 7654 32 is refused")
    assert "WEST" not in text and "1234" not in text
    assert text.startswith("GB82 ") and text.endswith(" is refused")


def test_values_in_reprs_and_tracebacks_are_masked():
    text = mask_text("ValueError('85073003328', 'BE68539007547034')")
    assert "85073003328" not in text and "539007547034" not in text
    assert text == "ValueError('8507*******', 'BE68********7034')"


def test_a_mistyped_national_number_is_masked_too():
    text = mask_text("national number 85.07.30-033 has 9 digits instead of 11")
    assert "30-033" not in text
    assert text.endswith("has 9 digits instead of 11")


@pytest.mark.parametrize(
    "text",
    [
        "VAT BE0123456789 is not valid",
        "Date 31/12/2020 is not a date",
        "Rows skipped: 12",
        "Client import 42 failed",
        "Email bob@ is not valid",
        "",
    ],
)
def test_other_text_is_left_alone(text):
    assert mask_text(text) == text


def test_masking_twice_changes_nothing_more():
    once = mask_text("NN 85.07.30-033.28, IBAN BE68 5390 0754 7034")
    assert mask_text(once) == once


def test_none_and_empty_pass_through():
    assert mask_text(None) is None
    assert mask_text(False) is False
