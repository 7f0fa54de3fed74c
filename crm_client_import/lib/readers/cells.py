"""Turn stored spreadsheet values into the text a person sees in the cell.

Shared by the XLSX and XLS readers. The rules, in short:

* whole numbers are written without ``.0`` and without scientific notation;
* other numbers get at most 15 significant digits (what Excel keeps), in plain
  notation with a dot as decimal separator;
* integer patterns made of digit placeholders and literal text keep their
  zeros and literals: ``0000000000`` shows 123456789 as ``0123456789`` and
  ``0### ## ## ##`` shows 471234567 as ``0471 23 45 67``;
* date and time formats give ISO text: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM:SS``
  when the format shows a time too, ``HH:MM:SS`` for a time alone;
* every other number format (decimals, thousands separators, currency,
  percent, fractions, scientific) is NOT applied: the stored number is given
  as above, because how those formats look depends on the locale of whoever
  opens the file, and the value is what an import needs. So 21% is ``0.21``.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# Excel keeps 15 significant digits; anything beyond is float noise.
SIGNIFICANT_DIGITS = 15
# Last day Excel can show (9999-12-31) in the 1900 date system.
MAX_DATE_SERIAL = 2958465

_BRACKET = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.|_.|\*.")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_AM_PM = re.compile(r"AM/PM|A/P", re.IGNORECASE)


def general_number(value):
    """Text of a number as Excel's General format stores it, without exponent."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal("%.*g" % (SIGNIFICANT_DIGITS, value)), "f")
    return "0" if text == "-0" else text


def boolean_text(value):
    return "TRUE" if value else "FALSE"


def serial_to_datetime(serial, date1904=False):
    """Convert an Excel date serial to a datetime; None if Excel could not show it."""
    if serial < 0 or serial > MAX_DATE_SERIAL:
        return None
    if date1904:
        base = datetime.datetime(1904, 1, 1)
    else:
        base = datetime.datetime(1899, 12, 31)
        # Excel counts a 29 February 1900 that never was (serial 60).
        if serial >= 60:
            serial -= 1
    # Round to the second: stored times carry float noise (23:59:59.9999).
    return base + datetime.timedelta(seconds=round(serial * 86400))


def _split_sections(number_format):
    """Split a format on ``;`` outside quotes, brackets and escapes."""
    sections, current = [], []
    quoted = bracket = escaped = False
    for char in number_format:
        if escaped:
            escaped = False
        elif char == "\\" and not quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "[" and not quoted:
            bracket = True
        elif char == "]" and not quoted:
            bracket = False
        elif char == ";" and not (quoted or bracket):
            sections.append("".join(current))
            current = []
            continue
        current.append(char)
    sections.append("".join(current))
    return sections


class _Format:
    """What a number format does to a number, decided once per format string."""

    def __init__(self, kind, positive=None, negative=None):
        self.kind = kind  # "general" | "date" | "datetime" | "time" | "elapsed" | "pattern"
        self.positive = positive  # pattern tokens for numbers >= 0
        self.negative = negative  # pattern tokens for numbers < 0, or None


def _date_kind(section):
    """Return the date/time kind of a format section, or None if it shows no date."""
    elapsed = _ELAPSED.search(section)
    bare = _BRACKET.sub("", _ESCAPED.sub("", _QUOTED.sub("", section)))
    if "general" in bare.lower():
        return None
    if elapsed:
        return "elapsed"
    letters = bare.lower()
    has_time = "h" in letters or "s" in letters or bool(_AM_PM.search(bare))
    has_day = "d" in letters or "y" in letters
    # "m" means minutes next to hours or seconds, months otherwise.
    has_month = "m" in letters and not has_time
    if (has_day or has_month) and has_time:
        return "datetime"
    if has_day or has_month:
        return "date"
    if has_time:
        return "time"
    return None


def _pattern_tokens(section):
    """Tokens of an integer pattern (``0``, ``#``, ``?`` and literal text), or None.

    None means the section is something we do not apply: decimals, grouping,
    percent, exponent, conditions, text placeholder.
    """
    tokens = []
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            if end < 0:
                return None
            tokens.append(section[index + 1 : end])
            index = end + 1
            continue
        if char in "\\_*":
            if index + 1 >= len(section):
                return None
            # \x is the literal x, _x a space as wide as x, *x a fill we drop
            tokens.append({"\\": section[index + 1], "_": " ", "*": ""}[char])
            index += 2
            continue
        if char == "[":
            end = section.find("]", index)
            if end < 0:
                return None
            inside = section[index + 1 : end]
            if inside[:1] in "<>=":
                return None  # conditional sections: not applied
            if inside.startswith("$"):
                tokens.append(inside[1:].split("-")[0])  # currency or locale tag
            index = end + 1
            continue
        if char in "0#?":
            tokens.append(0 if char == "0" else (1 if char == "#" else 2))
            index += 1
            continue
        if char in ".,%eE@/":
            return None
        if char.isalpha():
            return None
        tokens.append(char)
        index += 1
    if not any(isinstance(token, int) for token in tokens):
        return None
    return tokens


# What a placeholder shows when no digit is left for it: 0 -> "0", # -> "", ? -> " "
_PLACEHOLDER_FILL = ("0", "", " ")


def _apply_pattern(tokens, digits):
    """Place ``digits`` (no leading zeros, "" for zero) into integer pattern tokens.

    Digits fill placeholders from the right; the leftmost placeholder takes
    any digits left over, so a short pattern never truncates a number.
    """
    placeholders = sum(1 for token in tokens if isinstance(token, int))
    out = []
    remaining = len(digits)
    seen = 0
    for token in reversed(tokens):
        if not isinstance(token, int):
            out.append(token)
            continue
        seen += 1
        if seen == placeholders and remaining > 0:
            out.append(digits[:remaining])
            remaining = 0
        elif remaining > 0:
            out.append(digits[remaining - 1])
            remaining -= 1
        else:
            out.append(_PLACEHOLDER_FILL[token])
    return "".join(reversed(out))


@lru_cache(maxsize=512)
def parse_format(number_format):
    """Analyse a number format string once; cached because formats are few."""
    if not number_format or number_format.lower() in ("general", "@"):
        return _Format("general")
    sections = _split_sections(number_format)
    kind = _date_kind(sections[0])
    if kind:
        return _Format(kind)
    positive = _pattern_tokens(sections[0])
    if positive is None:
        return _Format("general")
    negative = _pattern_tokens(sections[1]) if len(sections) > 1 else None
    return _Format("pattern", positive, negative)


def _elapsed_text(serial):
    seconds = round(abs(serial) * 86400)
    hours, rest = divmod(seconds, 3600)
    sign = "-" if serial < 0 else ""
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


def number_text(value, number_format="General", date1904=False, is_date=False):
    """Text a person sees for a numeric cell ``value`` shown with ``number_format``.

    ``is_date`` forces date handling when the reader already knows the cell is
    a date (xlrd decides that itself) but the format is not recognised here.
    """
    fmt = parse_format(number_format)
    kind = fmt.kind
    if is_date and kind not in ("date", "datetime", "time", "elapsed"):
        kind = "date"
    if kind in ("date", "datetime", "time"):
        moment = serial_to_datetime(value, date1904)
        if moment is None:
            return general_number(value)
        if kind == "date":
            return moment.strftime("%Y-%m-%d")
        if kind == "time":
            return moment.strftime("%H:%M:%S")
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "elapsed":
        return _elapsed_text(value)
    if kind == "pattern" and abs(value) < 1e15:
        tokens = fmt.positive
        sign = ""
        if value < 0:
            if fmt.negative is not None:
                tokens = fmt.negative
            else:
                sign = "-"
        # Excel rounds half away from zero when a format shows no decimals.
        rounded = Decimal(repr(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        digits = str(int(rounded))
        if digits == "0":
            digits = ""
        text = _apply_pattern(tokens, digits)
        return sign + text if sign and text else text
    return general_number(value)


def datetime_text(moment, number_format="General"):
    """Text of a date/time value already decoded (ISO date cells of XLSX)."""
    kind = parse_format(number_format).kind
    if kind == "time":
        return moment.strftime("%H:%M:%S")
    if kind == "date" or (kind != "datetime" and moment.time() == datetime.time()):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")
