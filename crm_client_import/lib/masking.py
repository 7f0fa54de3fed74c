"""Hide national numbers and IBANs on every screen, file and message: the one rule.

The skipped-rows report is the one place where a client's original cells are given
back in full; everywhere else (review, chatter, mails, notifications, the undo
report, error messages, the job form, the wizard's preview and samples) a person
recognises the value by its start and end:

    >>> mask_national_number("85.07.30-033.28")
    '85.07.**-***.**'
    >>> mask_iban("BE68 5390 0754 7034")
    'BE68 **** **** 7034'
    >>> mask_text("IBAN BE68 5390 0754 7035 has a wrong check digit")
    'IBAN BE68 **** **** 7035 has a wrong check digit'

Separators are kept, so the masked value still looks like what the user typed.
"""

import re

MASK = "*"
# Digits of a national number left visible: the birth year and month.
NATIONAL_NUMBER_VISIBLE = 4
IBAN_VISIBLE_START = 4
IBAN_VISIBLE_END = 4
MIN_HIDDEN = 4
# A run of this many digits or more (with separators) may be a national number, a
# mistyped one, or a phone or account number: masked. Dates (8 digits) stay readable.
LONG_DIGIT_RUN = 9

# Compact, or in groups of four; groups after the bank code hold a digit, so the
# words that follow an IBAN in a sentence are not taken for a part of it.
_IBAN = re.compile(
    r"(?<![\w*])[A-Z]{2}\d{2}"
    r"(?:[A-Z0-9]{10,30}|[ ][A-Z0-9]{4}(?:[ ](?=[A-Z]{0,3}\d)[A-Z0-9]{4}){1,6}(?:[ ]\d{1,3})?)"
    r"(?![\w*])",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<![\w*])\d(?:[ .\-/]?\d)+(?![\w*])")


def _mask_characters(text, keep_start, keep_end=0):
    """Replace the letters and digits of ``text`` by ``MASK`` except the first
    ``keep_start`` and the last ``keep_end`` of them; other characters are kept."""
    total = sum(char.isalnum() for char in text)
    if total < keep_start + keep_end + MIN_HIDDEN:
        keep_end = 0  # too short: showing the end would show most of it
    result = []
    seen = 0
    for char in text:
        if char.isalnum():
            seen += 1
            if keep_start < seen <= total - keep_end:
                char = MASK
        result.append(char)
    return "".join(result)


def mask_national_number(value):
    """``85.07.30-033.28`` → ``85.07.**-***.**``: only the birth year and month show."""
    text = "" if value is None else str(value)
    return _mask_characters(text, NATIONAL_NUMBER_VISIBLE)


def mask_iban(value):
    """``BE68 5390 0754 7034`` → ``BE68 **** **** 7034``."""
    text = "" if value is None else str(value)
    return _mask_characters(text, IBAN_VISIBLE_START, IBAN_VISIBLE_END)


_MASK_BY_VALUE = {"national_number": mask_national_number, "iban": mask_iban}


def mask_for_target(key):
    """The masking of a value of the target ``key`` ("contact.national_number",
    "spouse.national_number", "account.iban"...), or None for values shown as they are."""
    return _MASK_BY_VALUE.get(key.rpartition(".")[2]) if key else None


def _mask_digit_run(match):
    run = match.group()
    if sum(char.isdigit() for char in run) < LONG_DIGIT_RUN:
        return run
    return mask_national_number(run)


def mask_text(value):
    """``value`` (any text: a message, a reason, a traceback) with every IBAN and every
    long run of digits masked. Anything else, VAT numbers included, is left alone."""
    if not value:
        return value
    text = _IBAN.sub(lambda match: mask_iban(match.group()), str(value))
    return _DIGIT_RUN.sub(_mask_digit_run, text)
