"""Tell the file type from its content, never from its name."""

import codecs
import io
import re
import zipfile

from xlrd.compdoc import CompDoc

from ..errors import ClientImportError
from . import messages

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Main part content types of an OOXML workbook ([Content_Types].xml).
WORKBOOK_CONTENT_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    b"application/vnd.ms-excel.template.macroEnabled.main+xml",
)
XLSB_CONTENT_TYPE = b"application/vnd.ms-excel.sheet.binary.macroEnabled.main"
# Formats that are certainly not text even when their first bytes have no NUL.
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"{\\rtf")
MARKUP_STARTS = (b"<?xml", b"<html", b"<!doctype", b"<table")
# How web pages start (after a BOM, blanks and an XML declaration), lower-cased.
HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<table")
XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
SAMPLE_SIZE = 64 * 1024
# Bytes that text never holds; tab, CR, LF, FF and ctrl-Z (old DOS end of file) excepted.
CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x1A), *range(0x1B, 0x20)])


class _NullLog:
    """xlrd writes warnings to a log file; we have nowhere to show them."""

    def write(self, text):
        pass


NULL_LOG = _NullLog()


def bomless_utf16(sample):
    """Return "utf-16-le"/"utf-16-be" when ``sample`` is UTF-16 text without BOM, else None.

    ASCII-range text in UTF-16 has a NUL in every other byte, and only there.
    """
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if even_nuls == 0 and odd_nuls * 10 >= half * 3:
        return "utf-16-le"
    if odd_nuls == 0 and even_nuls * 10 >= half * 3:
        return "utf-16-be"
    return None


def _zip_type(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ClientImportError(messages.DAMAGED_FILE, file_type="zip")
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            with archive.open("mimetype") as member:
                if member.read(100).startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                    raise ClientImportError(messages.ODS_NOT_SUPPORTED)
        if "[Content_Types].xml" not in names:
            raise ClientImportError(messages.NOT_A_SPREADSHEET)
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            raise ClientImportError(messages.DAMAGED_FILE, file_type="xlsx")
        try:
            content_types = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise ClientImportError(messages.DAMAGED_FILE, file_type="xlsx")
    if XLSB_CONTENT_TYPE in content_types:
        raise ClientImportError(messages.XLSB_NOT_SUPPORTED)
    if any(content_type in content_types for content_type in WORKBOOK_CONTENT_TYPES):
        return "xlsx"
    raise ClientImportError(messages.NOT_A_SPREADSHEET)


def _ole2_type(data):
    try:
        stream_names = {entry.name for entry in CompDoc(data, logfile=NULL_LOG).dirlist}
    except Exception:  # CompDocError, or struct/index errors on a truncated container
        raise ClientImportError(messages.DAMAGED_FILE, file_type="xls")
    # An encrypted .xlsx is an OLE2 container holding the encrypted zip.
    if "EncryptedPackage" in stream_names:
        raise ClientImportError(messages.PASSWORD_PROTECTED)
    if "Workbook" in stream_names or "Book" in stream_names:
        return "xls"
    raise ClientImportError(messages.NOT_A_SPREADSHEET)


def _is_html(sample):
    """Whether ``sample``, the start of a file, is the start of a web page."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        codec = bomless_utf16(sample) or "latin-1"
        sample = sample.removeprefix(codecs.BOM_UTF8)
    head = sample[:1024].decode(codec, "ignore").lstrip().lower()
    head = XML_DECLARATION.sub("", head, count=1).lstrip()
    return head.startswith(HTML_STARTS)


def _is_binary(sample):
    if sample.startswith(BINARY_SIGNATURES):
        return True
    if sample.lstrip()[:20].lower().startswith(MARKUP_STARTS):
        return True
    if b"\x00" in sample:
        return bomless_utf16(sample) is None
    controls = sum(sample.count(byte) for byte in CONTROL_BYTES)
    return controls * 100 > len(sample)


def detect_file_type(data):
    """Return "xlsx", "xls", "html" or "csv" from the bytes of a file.

    Raises ClientImportError for an empty file, a password-protected workbook,
    a damaged zip, and anything that is neither a workbook nor text.
    """
    if not data:
        raise ClientImportError(messages.EMPTY_FILE)
    if data.startswith(ZIP_SIGNATURES):
        return _zip_type(data)
    if data.startswith(OLE2_SIGNATURE):
        return _ole2_type(data)
    sample = data[:SAMPLE_SIZE]
    if _is_html(sample):
        return "html"
    if sample.startswith(TEXT_BOMS) or not _is_binary(sample):
        return "csv"
    raise ClientImportError(messages.NOT_A_SPREADSHEET)
