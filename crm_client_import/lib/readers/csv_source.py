"""CSV: encoding and delimiter detection, then a streaming csv.reader."""

import codecs
import csv
import io
import re
from collections import Counter

import chardet

from ..errors import ClientImportError
from . import messages
from .sniff import SAMPLE_SIZE, bomless_utf16

# Tried in this order; on a tie the earlier one wins (a tab or semicolon that
# splits every line the same way is a stronger sign than a comma).
DELIMITERS = ("\t", ";", ",", "|")
DEFAULT_DELIMITER = ","
# A first line "sep=;" names the delimiter for Excel, which hides it: not a row.
SEPARATOR_HINT = re.compile(r"sep=([^\r\n\"])\r?\n", re.IGNORECASE)
DETECTION_RECORDS = 100
DECODE_CHUNK = 1024 * 1024
# chardet guesses (lower case) we follow, when it is sure of them, mapped to
# the codec then used. Any other or unsure guess gives Windows-1252, what Excel
# writes in Belgium and the Netherlands: chardet calls short Western text
# ISO-8859-1, Turkish ISO-8859-9 or even Cyrillic with low confidence, and
# Windows-1252 reads Latin-1 text the same while adding €, œ and curly quotes.
CHARDET_CODECS = {
    "windows-1250": "cp1250",
    "iso-8859-2": "cp1250",
    "windows-1251": "cp1251",
    "koi8-r": "cp1251",
    "iso-8859-5": "cp1251",
    "windows-1253": "cp1253",
    "iso-8859-7": "cp1253",
}
CHARDET_MIN_CONFIDENCE = 0.9
# chardet is "sure" of a Cyrillic code page after two accented letters; a
# guess needs this many non-ASCII bytes to count.
CHARDET_MIN_EVIDENCE = 64
FALLBACK_CODEC = "cp1252"


def _first_decode_error(data, encoding):
    """Offset of the first byte ``encoding`` cannot decode, or None if all decodes.

    Decodes in chunks and throws the text away: memory stays flat.
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    try:
        while offset < len(data):
            decoder.decode(data[offset : offset + DECODE_CHUNK], final=False)
            offset += DECODE_CHUNK
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        return max(0, offset + error.start)
    return None


def _guess_single_byte_codec(data, near):
    """Ask chardet about the bytes around the first non-UTF-8 byte."""
    window = data[max(0, near - SAMPLE_SIZE // 2) : near + SAMPLE_SIZE // 2]
    if len(window) - len(window.decode("ascii", "ignore")) < CHARDET_MIN_EVIDENCE:
        return FALLBACK_CODEC
    guess = chardet.detect(window)
    if (guess.get("confidence") or 0) < CHARDET_MIN_CONFIDENCE:
        return FALLBACK_CODEC
    return CHARDET_CODECS.get((guess.get("encoding") or "").lower(), FALLBACK_CODEC)


def detect_encoding(data):
    """Return the codec name to decode ``data`` with.

    Order: a BOM, then UTF-16 without BOM, then strict UTF-8, then chardet's
    guess restricted to a few single-byte code pages; Latin-1 if even that
    guess cannot decode the bytes (Latin-1 decodes anything).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = bomless_utf16(data[:SAMPLE_SIZE])
    if utf16:
        return utf16
    bad_byte = _first_decode_error(data, "utf-8")
    if bad_byte is None:
        return "utf-8"
    codec = _guess_single_byte_codec(data, bad_byte)
    if _first_decode_error(data, codec) is None:
        return codec
    return "latin-1"


def chosen_encoding(data, options, detect):
    """The codec the options name, else the one ``detect(data)`` finds."""
    if not options.encoding:
        return detect(data)
    try:
        return codecs.lookup(options.encoding).name
    except LookupError:
        raise ClientImportError(messages.UNKNOWN_ENCODING, encoding=options.encoding)


def _sample_text(data, encoding):
    """The start of the file, decoded leniently, and whether it is only a part."""
    sample = data[:SAMPLE_SIZE]
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample, final=False)
    return text.lstrip("\ufeff"), len(data) > len(sample)


def _widths(text, delimiter, truncated):
    widths = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                widths.append(len(record))
            if len(widths) > DETECTION_RECORDS:
                truncated = False  # we stopped early: the last record is whole
                break
    except csv.Error:
        return []
    if truncated and widths:
        widths.pop()  # the sample may have cut the last record
    return widths


def detect_delimiter(data, encoding):
    """Pick the delimiter that splits the first records most consistently.

    Each candidate parses the sample with quotes honoured; the score is the
    share of records having the most common width, then that width. A
    candidate that never splits a record scores nothing.
    """
    text, truncated = _sample_text(data, encoding)
    best, best_score = DEFAULT_DELIMITER, (0.0, 0)
    for delimiter in DELIMITERS:
        widths = _widths(text, delimiter, truncated)
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def separator_hint(data, encoding):
    """The delimiter a first line such as ``sep=;`` names, or None."""
    text, _truncated = _sample_text(data, encoding)
    match = SEPARATOR_HINT.match(text)
    return match.group(1) if match else None


class CsvSource:
    """A CSV file as rows of text; ``iter_rows`` can be called again to restart."""

    file_type = "csv"
    sheets = ()
    sheet_name = None
    merges = ()

    def __init__(self, data, options):
        self.data = data
        self.encoding = chosen_encoding(data, options, detect_encoding)
        self.separator_hint = separator_hint(data, self.encoding)
        if options.delimiter is not None:
            if len(options.delimiter) != 1 or options.delimiter in '"\r\n':
                raise ClientImportError(
                    messages.INVALID_DELIMITER, delimiter=repr(options.delimiter)
                )
            self.delimiter = options.delimiter
        else:
            self.delimiter = self.separator_hint or detect_delimiter(data, self.encoding)

    def iter_rows(self):
        """Yield ``(record number, cells, number of fields)`` for every record."""
        stream = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        reader = csv.reader(stream, delimiter=self.delimiter, quotechar='"', strict=False)
        number = 0
        try:
            for record in reader:
                number += 1
                if number == 1 and self.separator_hint:
                    continue
                if number == 1 and record and record[0].startswith("\ufeff"):
                    record[0] = record[0][1:]  # a BOM the chosen encoding kept
                yield number, record, len(record)
        except UnicodeDecodeError:
            # The decoder reads ahead of the parser: find the line of the bad byte.
            bad_byte = _first_decode_error(self.data, self.encoding) or 0
            line = self.data.count(b"\n", 0, bad_byte) + 1
            raise ClientImportError(messages.DECODE_ERROR, encoding=self.encoding, row=line)
        except csv.Error:
            raise ClientImportError(
                messages.CSV_UNREADABLE, row=number + 1, limit=csv.field_size_limit()
            )
