"""Tests of lib.readers on real files (tests/data) and hand-built hostile ones."""

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lib.errors import ClientImportError
from lib.readers import ReaderOptions, detect_file_type, messages, open_sheet, xlsx_source
from lib.readers import cells as cell_text
from lib.readers.csv_source import detect_delimiter, detect_encoding
from lib.readers.model import MAX_BLANK_RUN
from lib.safe_csv import restore

CLIENT_HEADER = [
    "Accountnaam", "Type", "Voornaam", "Achternaam", "E-mail", "Telefoon", "GSM", "Straat",
    "Postcode", "Gemeente", "Land", "BTW-nummer", "Rijksregisternummer", "IBAN",
    "Geboortedatum", "Klant sinds", "Taal", "Tags",
]  # fmt: skip


def raises(message, call, *args, **kwargs):
    """Run ``call`` and return the ClientImportError it must raise with ``message``."""
    with pytest.raises(ClientImportError) as caught:
        call(*args, **kwargs)
    assert caught.value.message == message, str(caught.value)
    return caught.value


def read_all(source, **options):
    sheet = open_sheet(source, ReaderOptions(**options))
    return sheet, list(sheet.rows())


def by_column(sheet, row):
    return dict(zip(sheet.header, row.cells, strict=False))


# --- file type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file_type"),
    [
        ("clients_libreoffice.xlsx", "xlsx"),
        ("clients_libreoffice.xls", "xls"),
        ("clients_excel_semicolon_cp1252.csv", "csv"),
        ("clients_utf8_bom.csv", "csv"),
        ("clients_unicode_text.txt", "csv"),
        ("clients_google_sheets.csv", "csv"),
        ("clients_libreoffice.htm", "html"),
        ("clients_practice_tool.xls", "html"),
        ("clients_bank_export.xls", "html"),
    ],
)
def test_file_type_comes_from_content(data_dir, name, file_type):
    assert detect_file_type((data_dir / name).read_bytes()) == file_type


def test_a_csv_name_on_an_xlsx_is_read_as_xlsx(data_dir, tmp_path):
    disguised = tmp_path / "klanten.csv"
    disguised.write_bytes((data_dir / "clients_libreoffice.xlsx").read_bytes())
    sheet = open_sheet(disguised)
    assert sheet.detection.file_type == "xlsx"
    assert sheet.header == CLIENT_HEADER


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", messages.EMPTY_FILE),
        ("image_renamed.csv", messages.NOT_A_SPREADSHEET),
        ("encrypted.xlsx", messages.PASSWORD_PROTECTED),
        ("encrypted.xls", messages.PASSWORD_PROTECTED),
        ("clients_libreoffice.ods", messages.ODS_NOT_SUPPORTED),
        ("corrupt.xlsx", messages.DAMAGED_FILE),
    ],
)
def test_refused_files(data_dir, name, message):
    raises(message, open_sheet, data_dir / name)
    if name == "encrypted.xls":
        # Only xlrd sees the FILEPASS record; by its container it is an .xls.
        assert detect_file_type((data_dir / name).read_bytes()) == "xls"
    else:
        raises(message, detect_file_type, (data_dir / name).read_bytes())


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        b"Naam;Telefoon\r\nJan\x00;0471\r\n",
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"><svg><text>Naam</text></svg>',
        b"<?xml version='1.0'?><Workbook/>",
        bytes(range(1, 9)) * 200,
    ],
)
def test_binary_or_markup_is_not_csv(data):
    raises(messages.NOT_A_SPREADSHEET, detect_file_type, data)


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hallo")
    raises(messages.NOT_A_SPREADSHEET, detect_file_type, buffer.getvalue())


def test_xlsb_is_named(xlsx):
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/xl/workbook.bin" ContentType="application/'
        'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>'
    )
    data = xlsx.build([], replace={"[Content_Types].xml": content_types})
    raises(messages.XLSB_NOT_SUPPORTED, detect_file_type, data)


def test_ole2_without_workbook_is_not_a_spreadsheet(data_dir):
    data = bytearray((data_dir / "clients_libreoffice.xls").read_bytes())
    # Rename the "Workbook" stream in the OLE2 directory (UTF-16 name).
    position = data.find("Workbook".encode("utf-16-le"))
    data[position : position + 16] = "Notebook".encode("utf-16-le")
    raises(messages.NOT_A_SPREADSHEET, open_sheet, bytes(data))


def test_truncated_ole2_is_damaged(data_dir):
    data = (data_dir / "clients_libreoffice.xls").read_bytes()[:1200]
    raises(messages.DAMAGED_FILE, open_sheet, data)


# --- size and row limits ----------------------------------------------------------


def test_size_limit_for_bytes_and_paths(data_dir):
    path = data_dir / "clients_libreoffice.xlsx"
    error = raises(messages.FILE_TOO_LARGE, open_sheet, path, ReaderOptions(max_bytes=1024))
    assert error.params == {"size": "0.0 MB", "limit": "0.0 MB"}
    raises(messages.FILE_TOO_LARGE, open_sheet, path.read_bytes(), ReaderOptions(max_bytes=1024))


def test_default_size_limit_is_50_mb():
    assert ReaderOptions().max_bytes == 50 * 1024 * 1024
    too_big = b"a;b\n" + b"1;2\n" * (13 * 1024 * 1024)
    error = raises(messages.FILE_TOO_LARGE, open_sheet, too_big)
    assert error.params["limit"] == "50.0 MB"


def test_row_limit_names_the_limit_and_the_row(data_dir):
    sheet = open_sheet(data_dir / "clients_libreoffice.xlsx", ReaderOptions(max_rows=10))
    assert len(sheet.preview(5)) == 5
    error = raises(messages.TOO_MANY_ROWS, list, sheet.rows())
    assert error.params == {"limit": 10, "row": 12}
    _, rows = read_all(data_dir / "clients_libreoffice.xlsx", max_rows=15)
    assert len(rows) == 15


# --- CSV -----------------------------------------------------------------------


def test_excel_semicolon_cp1252(data_dir):
    sheet, rows = read_all(data_dir / "clients_excel_semicolon_cp1252.csv")
    assert (sheet.detection.encoding, sheet.detection.delimiter) == ("cp1252", ";")
    assert sheet.header == CLIENT_HEADER
    first = by_column(sheet, rows[0])
    assert first["Accountnaam"] == "Bakkerij Van den Broeck BV"
    assert first["GSM"] == "0471 23 45 67"
    assert first["BTW-nummer"] == "0123456749"
    assert first["Postcode"] == "9000"
    assert first["Klant sinds"] == "01/03/2015"  # CSV text is kept as written
    assert rows[1].cells[0] == "Crèmerie Dupré SRL"
    assert rows[1].cells[6] == "+32471625368"
    assert rows[2].cells[:4] == ["Ørsted Belgium NV", "Bedrijf", "Mette", "Sørensen"]
    assert by_column(sheet, rows[3])["Telefoon"] == "32471625368"
    assert [row.number for row in rows] == list(range(2, 17))


def test_utf8_with_bom(data_dir):
    sheet, rows = read_all(data_dir / "clients_utf8_bom.csv")
    assert (sheet.detection.encoding, sheet.detection.delimiter) == ("utf-8-sig", ",")
    assert sheet.header[0] == "Accountnaam"
    assert rows[10].cells[2:4] == ["Noël", "Lefèvre"]


def test_utf16_tab_separated(data_dir):
    sheet, rows = read_all(data_dir / "clients_unicode_text.txt")
    assert (sheet.detection.encoding, sheet.detection.delimiter) == ("utf-16", "\t")
    assert rows[13].cells[:3] == ["Dubois Élise", "Particulier", "Élise"]


def test_google_sheets_export(data_dir):
    sheet, rows = read_all(data_dir / "clients_google_sheets.csv")
    assert (sheet.detection.encoding, sheet.detection.delimiter) == ("utf-8", ",")
    assert sheet.header == ["Account name", "Phone", "Mobile", "Postcode", "VAT number", "Notes"]
    # Record numbers, as a spreadsheet shows them, even with line breaks in cells.
    assert [row.number for row in rows] == [2, 3, 4]
    assert rows[0].cells == [
        "Crèmerie Dupré SRL", "32471625368", "+32471625368", "5000", "BE0477472701",
        "Klant sinds 2018\nBetaalt stipt",
    ]  # fmt: skip
    assert rows[1].cells[5] == 'Zegt "altijd" ja, nooit nee'
    assert rows[2].cells[5] == "Adres: Avenue Louise 54, bus 3\nBrussel"


def test_bomless_utf16_is_detected():
    data = "Naam\tGemeente\r\nCrèmerie Dupré\tGent\r\n".encode("utf-16-le")
    sheet, rows = read_all(data)
    assert sheet.detection.encoding == "utf-16-le"
    assert rows[0].cells == ["Crèmerie Dupré", "Gent"]


def test_chardet_guess_is_kept_within_western_code_pages():
    # chardet calls this ISO-8859-9 (Turkish); it is read as Windows-1252.
    data = "Naam;Plaats\nØrsted A/S;København\nCafé €;Liège\n".encode("cp1252")
    assert detect_encoding(data) == "cp1252"
    _, rows = read_all(data)
    assert rows[0].cells == ["Ørsted A/S", "København"]
    assert rows[1].cells == ["Café €", "Liège"]


def test_first_non_utf8_byte_far_into_the_file():
    data = b"Naam;Gemeente\n" + b"Jan;Gent\n" * 50_000 + "Noël;Liège\n".encode("cp1252")
    assert detect_encoding(data) == "cp1252"


def test_undefined_cp1252_bytes_fall_back_to_latin1():
    data = b"Naam;Code\nJan;\x81\x8d\xe9\n"
    assert detect_encoding(data) == "latin-1"
    assert read_all(data)[1][0].cells == ["Jan", "\x81\x8dé"]


def test_delimiter_detection_ignores_commas_in_cells():
    data = (
        "Naam;Adres;Postcode\n"
        '"Ørsted Belgium NV";"Avenue Louise 54, bus 3";1050\n'
        "Peeters Jan;Dorpsstraat 3, 1e verdiep;2000\n"
        "Janssens An;Markt 1;2000\n"
    ).encode()
    assert detect_delimiter(data, "utf-8") == ";"
    assert detect_delimiter(b"Naam|Postcode\nJan|9000\nAn|2000\n", "utf-8") == "|"
    assert detect_delimiter(b"Naam\nJan\nAn\n", "utf-8") == ","  # one column


def test_an_excel_separator_line_names_the_delimiter_and_is_no_row():
    data = "\ufeffsep=;\r\nNaam;Adres\r\nJan;Kerkstraat 1, Gent\r\n".encode()
    sheet, rows = read_all(data)
    assert (sheet.detection.delimiter, sheet.detection.header_row) == (";", 2)
    assert sheet.header == ["Naam", "Adres"]
    assert [(row.number, row.cells) for row in rows] == [(3, ["Jan", "Kerkstraat 1, Gent"])]
    # It wins over detection, and an explicit delimiter still drops the line.
    assert read_all(b"SEP=|\nA|B,C\n1|2,3\n")[0].header == ["A", "B,C"]
    assert read_all(b"sep=;\nA;B\n1;2\n", delimiter=";")[0].header == ["A", "B"]
    sheet, rows = read_all(b"sepal=;x\nA;B\n")  # an ordinary first line
    assert (sheet.detection.header_row, sheet.header, rows[0].cells) == (
        1,
        ["sepal=", "x"],
        ["A", "B"],
    )


def test_explicit_encoding_and_delimiter(data_dir):
    path = data_dir / "clients_excel_semicolon_cp1252.csv"
    sheet, rows = read_all(path, encoding="latin-1", delimiter=";")
    assert (sheet.detection.encoding, sheet.detection.delimiter) == ("iso8859-1", ";")
    assert rows[1].cells[0] == "Crèmerie Dupré SRL"
    sheet, rows = read_all(path, delimiter=",")
    assert len(sheet.header) == 1


def test_wrong_explicit_encoding_names_the_row():
    data = b"Naam;Gemeente\n" + b"Jan;Gent\n" * 20_000 + "Noël;Liège\n".encode("cp1252")
    sheet = open_sheet(data, ReaderOptions(encoding="utf-8"))
    assert sheet.preview(2)[0].cells == ["Jan", "Gent"]  # the preview stops before the bad byte
    error = raises(messages.DECODE_ERROR, list, sheet.rows())
    assert error.params == {"encoding": "utf-8", "row": 20_002}


def test_bad_options():
    data = b"a;b\n1;2\n"
    error = raises(messages.UNKNOWN_ENCODING, open_sheet, data, ReaderOptions(encoding="klingon"))
    assert error.params == {"encoding": "klingon"}
    raises(messages.INVALID_DELIMITER, open_sheet, data, ReaderOptions(delimiter=";;"))
    raises(messages.HEADER_ROW_INVALID, open_sheet, data, ReaderOptions(header_row=0))


def test_ragged_csv_rows_are_reported_and_kept():
    data = (
        b"Naam;Gemeente;Postcode\nJan;Gent;9000\nAn;Gent\nLuc;Brugge;8000;extra\n\nEls;Gent;9000\n"
    )
    sheet = open_sheet(data)
    rows = list(sheet.rows())
    assert [row.number for row in rows] == [2, 3, 4, 5, 6]
    assert rows[1].cells == ["An", "Gent", ""]  # padded to the header
    assert rows[2].cells == ["Luc", "Brugge", "8000", "extra"]  # longer row kept
    assert rows[3].cells == ["", "", ""]  # a blank line in the middle is not the end
    assert dataclasses.asdict(sheet.ragged_rows) == {"count": 2, "row_numbers": [3, 4]}
    list(sheet.rows())  # a second pass does not count them again
    assert sheet.ragged_rows.count == 2


def test_unclosed_quote_gives_a_row_number():
    data = b'Naam;Notitie\nJan;"begint hier\n' + b"x" * 200_000 + b"\n"
    error = raises(messages.CSV_UNREADABLE, lambda: list(open_sheet(data).rows()))
    assert error.params["row"] == 2


def test_header_row_option_and_first_non_empty_row():
    data = b"\n\nKlantenlijst 2024\n\nNaam;Gemeente\nJan;Gent\n"
    sheet = open_sheet(data)
    assert (sheet.detection.header_row, sheet.header) == (3, ["Klantenlijst 2024"])
    sheet = open_sheet(data, ReaderOptions(header_row=5))
    assert sheet.header == ["Naam", "Gemeente"]
    assert sheet.preview() == [(6, ["Jan", "Gent"])]
    error = raises(messages.HEADER_ROW_EMPTY, open_sheet, data, ReaderOptions(header_row=4))
    assert error.params == {"row": 4}
    raises(messages.HEADER_ROW_EMPTY, open_sheet, data, ReaderOptions(header_row=99))


def test_empty_and_header_only_csv(data_dir):
    raises(messages.CSV_EMPTY, open_sheet, b"\r\n  \t \r\n\r\n")
    error = raises(messages.HEADER_ONLY, open_sheet, data_dir / "header_only.csv")
    assert error.params == {"row": 1}
    raises(messages.HEADER_ONLY, open_sheet, b"Naam;Gemeente\n;\n\n")


def test_trailing_blank_lines_are_dropped_and_cells_trimmed():
    data = b"Naam;Gemeente;;\nJan;Gent;;\n;;;\n\n\n"
    sheet = open_sheet(data)
    assert sheet.header == ["Naam", "Gemeente"]
    assert [tuple(row) for row in sheet.rows()] == [(2, ["Jan", "Gent"])]


# --- HTML tables (the "Excel" exports of banks and older software) -----------------


def html_rows(data, **options):
    sheet = open_sheet(data, ReaderOptions(**options))
    return sheet.header, [row.cells for row in sheet.rows()]


def test_libreoffice_html_reads_as_its_csv_export(data_dir):
    # Both written by LibreOffice from the same sheet, each with the cells as shown.
    html_sheet, html_data = read_all(data_dir / "clients_libreoffice.htm")
    csv_sheet, csv_data = read_all(data_dir / "clients_excel_semicolon_cp1252.csv")
    assert html_sheet.header == csv_sheet.header == CLIENT_HEADER
    assert html_data == csv_data
    assert len(html_data) == 15
    assert by_column(html_sheet, html_data[0])["BTW-nummer"] == "0123456749"


def test_practice_tool_export_named_xls(data_dir):
    sheet, rows = read_all(data_dir / "clients_practice_tool.xls")
    assert (sheet.detection.file_type, sheet.detection.encoding) == ("html", "cp1252")
    assert sheet.header == [
        "Dossier", "Naam", "Voornaam", "Adres", "Telefoon", "E-mail", "BTW", "Geboren"
    ]  # fmt: skip
    assert [row.number for row in rows] == [2, 3, 4, 5]  # the title above is no row
    first = by_column(sheet, rows[0])
    assert first["Naam"] == "Crèmerie Dupré SRL"
    assert first["Adres"] == "Rue de Fer 25\n5000 Namur"
    assert first["Geboren"] == "", "&nbsp; is an empty cell"
    assert by_column(sheet, rows[1])["Telefoon"] == "0471 62 53 68"
    assert by_column(sheet, rows[2])["Naam"] == "Van Damme & Co BV"


def test_bank_export_reads_its_first_table_only(data_dir):
    sheet, rows = read_all(data_dir / "clients_bank_export.xls")
    assert sheet.header[:2] == ["Naam begunstigde", "Rekeningnummer"]
    assert [row.cells[0] for row in rows] == [
        "Bakkerij Van den Broeck BV", "Ørsted Belgium NV", "Sportclub Ledeberg VZW"
    ]  # fmt: skip
    assert rows[0].cells[1] == "BE43 3900 7547 0301"
    assert rows[2].cells[4] == ""


def test_spanning_cells_are_placed_like_merged_ranges():
    page = b"""<table>
    <tr><th rowspan="2">Naam</th><th colspan="2">Contact</th><th>Land</th></tr>
    <tr><th>E-mail</th><th>GSM</th><th></th></tr>
    <tr><td rowspan="2">Claes BV</td><td>a@claes.be</td><td>0471</td><td>BE</td></tr>
    <tr><td>b@claes.be</td><td colspan="2">0472</td></tr>
    <tr><td>Maes</td></tr>
    </table>"""
    assert html_rows(page) == (
        ["Naam", "Contact", "Contact (2)", "Land"],
        [
            ["", "E-mail", "GSM", ""],
            ["Claes BV", "a@claes.be", "0471", "BE"],
            ["", "b@claes.be", "0472", ""],
            ["Maes", "", "", ""],
        ],
    )
    # As with a merged range, the second header row takes the text above it.
    header, _rows = html_rows(page, header_row=2)
    assert header == ["Naam", "E-mail", "GSM"]


def test_cells_read_as_a_browser_shows_them():
    page = b"""<!DOCTYPE html><html><body><p>Export</p><table>
    <tr><td>Naam</td><td>Adres</td><td>Noot</td></tr>
    <tr><td>  Jan\n   Peeters </td><td><p>Markt 1</p><p>8000&nbsp;Brugge</p></td>
        <td><b>vip</b><!-- intern --> <table><tr><td>genest</td></tr></table></td></tr>
    </table><table><tr><td>Totaal</td></tr></table></body></html>"""
    assert html_rows(page) == (
        ["Naam", "Adres", "Noot"],
        [["Jan Peeters", "Markt 1\n8000 Brugge", "vip\ngenest"]],
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # Declared ISO-8859-1 is read as Windows-1252, as browsers do (0x80 is €).
        (
            '<meta charset="iso-8859-1"><table><tr><td>Prijs</td></tr><tr><td>€ 5 café</td>'
            "</tr></table>".encode("cp1252"),
            "cp1252",
        ),
        # A declared charset the bytes do not fit is not followed.
        (
            '<meta charset="utf-8"><table><tr><td>Prijs</td></tr><tr><td>€ 5 café</td>'
            "</tr></table>".encode("cp1252"),
            "cp1252",
        ),
        # A byte order mark wins over the declaration.
        (
            '<html><meta charset="windows-1252"><table><tr><td>Prijs</td></tr><tr>'
            "<td>€ 5 café</td></tr></table>".encode("utf-16"),
            "utf-16",
        ),
        (
            "\ufeff<table><tr><td>Prijs</td></tr><tr><td>€ 5 café</td></tr></table>".encode(),
            "utf-8-sig",
        ),
    ],
)
def test_html_encodings(data, encoding):
    sheet = open_sheet(data)
    assert sheet.detection.encoding == encoding
    assert [row.cells for row in sheet.rows()] == [["€ 5 café"]]


def test_html_without_a_table_and_declared_entities():
    raises(messages.HTML_WITHOUT_TABLE, open_sheet, b"<html><body><p>Geen data</p></body></html>")
    raises(messages.HEADER_ONLY, open_sheet, b"<table><tr><th>Naam</th></tr></table>")
    laughs = (
        b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<table><tr><td>Naam</td></tr><tr><td>&b;</td></tr></table>"
    )
    assert html_rows(laughs)[1] == [["&b;"]], "entities a page declares are never expanded"


def test_html_rows_restart_and_respect_the_row_limit(data_dir):
    sheet = open_sheet(data_dir / "clients_practice_tool.xls", ReaderOptions(max_rows=3))
    assert len(sheet.preview(2)) == 2
    with pytest.raises(ClientImportError) as caught:
        list(sheet.rows())
    assert caught.value.message == messages.TOO_MANY_ROWS


HTML_MEMORY_SCRIPT = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from lib.readers import open_sheet
row = "<tr>" + "<td>Bakkerij Van den Broeck BV</td><td>info@bakkerij.be</td>" * 4 + "</tr>"
page = ("<html><body><table>" + row * 100_000 + "</table></body></html>").encode()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for _row in open_sheet(page).rows())
print(count, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_html_is_read_as_a_stream():
    # A 20 MB page: its whole tree would take ten times that.
    library = str(Path(__file__).resolve().parents[1].parent)
    result = subprocess.run(
        [sys.executable, "-c", HTML_MEMORY_SCRIPT, library],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    rows, grown_mb = map(int, result.stdout.split())
    assert rows == 99_999
    assert grown_mb < 40, f"reading grew the memory by {grown_mb} MB"


# --- labels ---------------------------------------------------------------------


def test_blank_and_duplicate_header_names():
    data = b'E-mail;;E-mail;email;" Telefoon\n(vast) ";Column B\n1;2;3;4;5;6\n'
    sheet = open_sheet(data)
    assert sheet.header == [
        "E-mail", "Column B", "E-mail (2)", "email", "Telefoon (vast)", "Column B (2)",
    ]  # fmt: skip


# --- XLSX and XLS saved by LibreOffice ----------------------------------------------


@pytest.fixture(params=["xlsx", "xls"])
def workbook(request, data_dir):
    return data_dir / f"clients_libreoffice.{request.param}"


def test_sheets_are_listed_and_the_first_visible_one_is_read(workbook):
    sheet = open_sheet(workbook)
    assert sheet.detection.sheets == [
        {"name": "Lijsten", "hidden": True},
        {"name": "Klanten", "hidden": False},
        {"name": "Export met groepen", "hidden": False},
    ]
    assert sheet.detection.sheet == "Klanten"
    assert sheet.detection.header_row == 1
    assert sheet.header == CLIENT_HEADER
    json.dumps(dataclasses.asdict(sheet.detection))


def test_cells_read_as_a_person_sees_them(workbook):
    sheet, rows = read_all(workbook)
    assert [row.number for row in rows] == list(range(2, 17))
    bakery, cremerie, orsted, jan = (by_column(sheet, row) for row in rows[:4])
    assert bakery["Telefoon"] == "3292233445"  # a number with format "0"
    assert bakery["GSM"] == "0471 23 45 67"  # typed as text
    assert bakery["Postcode"] == "9000"
    assert bakery["BTW-nummer"] == "0123456749"  # 123456749 shown as 0000000000
    assert bakery["Klant sinds"] == "2015-03-01"  # DD/MM/YYYY date
    assert bakery["Geboortedatum"] == "" and bakery["Rijksregisternummer"] == ""
    assert cremerie["Accountnaam"] == "Crèmerie Dupré SRL"
    assert cremerie["GSM"] == "+32471625368"
    assert orsted["GSM"] == "0471 62 53 68"  # 471625368 shown as 0### ## ## ##
    assert orsted["Accountnaam"] == "Ørsted Belgium NV"
    assert jan["Telefoon"] == "32471625368"  # General, not 3.2471625368E10
    assert jan["Rijksregisternummer"] == "85.07.30-033.28"
    assert jan["Geboortedatum"] == "1985-07-30"
    assert by_column(sheet, rows[6])["Rijksregisternummer"] == "01.02.25-123.64"
    assert by_column(sheet, rows[7])["Postcode"] == "1015 BS"
    # The same person on two rows, and a couple on one row.
    assert rows[3].cells[4] == rows[4].cells[4] == "jan.peeters@telenet.be"
    assert rows[5].cells[:4] == ["Claes - Wouters", "Gezin", "Dirk & Sofie", "Claes - Wouters"]
    assert dataclasses.asdict(sheet.ragged_rows) == {"count": 0, "row_numbers": []}


def test_merged_blank_and_repeated_header_cells(workbook):
    sheet, rows = read_all(workbook, sheet="Export met groepen")
    assert sheet.header == [
        "Klant", "Klant (2)", "Contact", "Contact (2)", "E-mail", "Column F", "E-mail (2)",
        "Opmerking", "Dossiers", "Saldo", "Actief", "BTW-tarief", "Laatste contact",
        "Ondernemingsnummer",
    ]  # fmt: skip
    assert [row.number for row in rows] == [2, 3, 4, 5, 6]


def test_second_header_row_takes_a_vertical_merge(workbook):
    sheet = open_sheet(workbook, ReaderOptions(sheet="Export met groepen", header_row=2))
    assert sheet.header[:8] == [
        "Naam", "Type", "Telefoon", "GSM", "Privé", "Column F", "Werk", "Opmerking",
    ]  # fmt: skip


def test_formulas_booleans_percent_datetime_and_blank_rows(workbook):
    _, rows = read_all(workbook, sheet="Export met groepen", header_row=2)
    first, second, blank, third = rows
    assert first.cells[7] == "Klant sinds 2018\nBetaalt stipt"
    assert first.cells[8:] == ["5", "0.3", "TRUE", "0.21", "2024-03-05 14:30:00", "0477472701"]
    assert second.cells[2:4] == ["32471625368", "0471 23 45 67"]
    assert second.cells[8:13] == ["2", "1250.5", "FALSE", "0.06", "2024-01-08 09:00:00"]
    assert blank == (5, [""] * 14)
    assert third.number == 6
    assert third.cells[8:] == ["12", "-42", "TRUE", "0.21", "2023-12-29 16:45:10", "0891234515"]


def test_hidden_sheet_can_be_chosen_and_names_match_loosely(workbook):
    sheet = open_sheet(workbook, ReaderOptions(sheet="Lijsten"))
    assert sheet.header == ["Type", "Taal"]
    assert sheet.preview(2) == [(2, ["Bedrijf", "NL"]), (3, ["Particulier", "FR"])]
    assert open_sheet(workbook, ReaderOptions(sheet="klanten")).detection.sheet == "Klanten"


def test_unknown_sheet(workbook):
    error = raises(messages.UNKNOWN_SHEET, open_sheet, workbook, ReaderOptions(sheet="Blad1"))
    assert error.params == {"sheet": "Blad1", "sheets": "Lijsten, Klanten, Export met groepen"}


def test_rows_restart_and_preview_is_a_prefix(workbook):
    sheet = open_sheet(workbook)
    first = list(sheet.rows())
    assert list(sheet.rows()) == first
    assert sheet.preview(3) == first[:3]
    assert sheet.preview(100) == first


@pytest.mark.parametrize("extension", ["xlsx", "xls"])
def test_1904_date_system(data_dir, extension):
    _, rows = read_all(data_dir / f"dates_1904.{extension}")
    assert rows == [(2, ["Peeters Jan", "1985-07-30", "2024-03-05 14:30:00"])]


def test_header_only_workbook(data_dir):
    error = raises(messages.HEADER_ONLY, open_sheet, data_dir / "header_only.xlsx")
    assert error.params == {"row": 1}


def test_formatted_empty_rows_end_the_data_quickly(data_dir):
    started = time.monotonic()
    _, rows = read_all(data_dir / "formatted_empty_rows.xlsx")
    assert time.monotonic() - started < 2
    # The stray cell lies after more than MAX_BLANK_RUN blank rows: not read.
    assert [row.cells[0] for row in rows] == [
        "Peeters Jan", "Crèmerie Dupré SRL", "Ørsted Belgium NV", "Janssens An",
    ]  # fmt: skip


# --- hostile XLSX ------------------------------------------------------------------


def test_zip_bomb_fixture_is_refused_before_unpacking(data_dir):
    started = time.monotonic()
    error = raises(messages.COMPRESSION_BOMB, open_sheet, data_dir / "zip_bomb.xlsx")
    assert time.monotonic() - started < 1
    assert error.params["size"] == "100.0 MB"


def test_unpacked_total_and_member_count_are_capped(data_dir, monkeypatch):
    data = (data_dir / "clients_libreoffice.xlsx").read_bytes()
    monkeypatch.setattr(xlsx_source, "UNPACKED_PER_PACKED_BYTE", 1)
    error = raises(messages.COMPRESSION_BOMB, open_sheet, data, ReaderOptions(max_bytes=len(data)))
    assert error.params["packed"] == "0.0 MB"
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_source, "MAX_MEMBERS", 5)
    raises(messages.COMPRESSION_BOMB, open_sheet, data)


def test_billion_laughs_fixture_is_refused(data_dir):
    started = time.monotonic()
    error = raises(messages.XML_DTD_FORBIDDEN, open_sheet, data_dir / "billion_laughs.xlsx")
    assert error.params == {"part": "xl/sharedStrings.xml"}
    assert time.monotonic() - started < 1


LAUGHS = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_dtd_in_any_part_is_refused(xlsx, part):
    data = xlsx.build(
        [("Klanten", "visible", xlsx.sheet(xlsx.row(1, "Naam") + xlsx.row(2, "Jan")))]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        original = package.read(part).decode()
    declaration_end = original.index("?>") + 2
    poisoned = original[:declaration_end] + LAUGHS + original[declaration_end:]
    poisoned = poisoned.replace("Jan", "&b;")
    hostile = xlsx.build(
        [("Klanten", "visible", xlsx.sheet(xlsx.row(1, "Naam") + xlsx.row(2, "Jan")))],
        replace={part: poisoned},
    )
    error = raises(messages.XML_DTD_FORBIDDEN, lambda: list(open_sheet(hostile).rows()))
    assert error.params == {"part": part}


def test_damaged_sheet_data_fails_cleanly_after_a_lazy_preview(xlsx):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 30_000))
    broken = xlsx.sheet(rows).replace("</sheetData>", "<row r='x'><c></sheetData>")
    sheet = open_sheet(xlsx.build([("Klanten", "visible", broken)]))
    assert sheet.preview(3) == [(2, ["2"]), (3, ["3"]), (4, ["4"])]
    error = raises(messages.DAMAGED_FILE, list, sheet.rows())
    assert error.params == {"file_type": "xlsx"}


def test_corrupted_member_data_is_damaged(data_dir):
    data = bytearray((data_dir / "clients_libreoffice.xlsx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("xl/sharedStrings.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 40] = b"\x00" * 30
    raises(messages.DAMAGED_FILE, open_sheet, bytes(data))


def test_ghost_sheet_with_a_million_formatted_rows(xlsx):
    rows = [xlsx.row(1, "Naam", "Postcode"), xlsx.row(2, "Jan", "9000"), xlsx.row(4, "An", "2000")]
    rows.append("".join(f'<row r="{n}" s="0" customFormat="1"/>' for n in range(5, 1_048_577)))
    data = xlsx.build([("Klanten", "visible", xlsx.sheet("".join(rows), "A1:XFD1048576"))])
    started = time.monotonic()
    _, read = read_all(data)
    assert time.monotonic() - started < 5
    assert read == [(2, ["Jan", "9000"]), (3, ["", ""]), (4, ["An", "2000"])]


def test_blank_run_limit_is_counted_from_the_last_filled_row(xlsx):
    near = MAX_BLANK_RUN + 2
    rows = xlsx.row(1, "Naam") + xlsx.row(2, "Jan") + xlsx.row(near, "An")
    _, read = read_all(xlsx.build([("K", "visible", xlsx.sheet(rows))]))
    assert read[-1] == (near, ["An"])
    far = near + 1
    rows = xlsx.row(1, "Naam") + xlsx.row(2, "Jan") + xlsx.row(far, "An")
    _, read = read_all(xlsx.build([("K", "visible", xlsx.sheet(rows))]))
    assert read == [(2, ["Jan"])]


# --- XLSX cell kinds and number formats ------------------------------------------------


def test_cell_kinds(xlsx):
    strings = [
        "<t>Naam</t>",
        "<r><t>Crème</t></r><r><rPr><b/></rPr><t>rie</t></r><rPh><t>ignored</t></rPh>",
        "<t>Regel 1_x000D_\nRegel 2</t>",
    ]
    row2 = (
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
        '<c r="E2" t="str"><f>A2</f><v>Crèmerie</v></c>'
        '<c r="F2" t="d"><v>2024-03-05T00:00:00</v></c>'
        '<c r="H2"><f>1/0</f></c></row>'
    )
    sheet = xlsx.sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + row2)
    rows = list(open_sheet(xlsx.build([("K", "visible", sheet)], shared_strings=strings)).rows())
    assert rows == [
        (2, ["Crèmerie", "Regel 1\r\nRegel 2", "TRUE", "#N/A", "Crèmerie", "2024-03-05"])
    ]


def test_cells_without_references_and_prefixed_namespaces(xlsx):
    body = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><x:sheetData>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>Naam</x:t></x:is></x:c>'
        '<x:c t="inlineStr"><x:is><x:t>Telefoon</x:t></x:is></x:c></x:row>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>Jan</x:t></x:is></x:c>'
        "<x:c><x:v>32471625368</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    sheet = open_sheet(xlsx.build([("K", "visible", body)]))
    assert sheet.header == ["Naam", "Telefoon"]
    assert list(sheet.rows()) == [(2, ["Jan", "32471625368"])]


NUMBER_CASES = [
    # (stored value as in the XML, number format, text shown)
    ("3.2471625368E10", "General", "32471625368"),
    ("32471625368", "General", "32471625368"),
    ("0.30000000000000004", "General", "0.3"),
    ("1E-7", "General", "0.0000001"),
    ("1.5E+20", "General", "150000000000000000000"),
    ("-0", "General", "0"),
    ("123456789", "0000000000", "0123456789"),
    ("9000", "00000", "09000"),
    ("471234567", "0### ## ## ##", "0471 23 45 67"),
    ("85073003328", r"00\.00\.00\-000\.00", "85.07.30-033.28"),
    ("123456749", '"BE"0000000000', "BE0123456749"),
    ("12345678901", "000", "12345678901"),
    ("2.5", "0", "3"),
    ("-7", "0000", "-0007"),
    ("0", "#", ""),
    ("0.21", "0%", "0.21"),
    ("1234.5", "#,##0.00", "1234.5"),
    ("1234.5", "[$€-813] #,##0.00", "1234.5"),
    ("45356", "yyyy-mm-dd", "2024-03-05"),
    ("45356.604166666664", "dd/mm/yyyy hh:mm", "2024-03-05 14:30:00"),
    ("45356.999999999", "dd/mm/yyyy hh:mm:ss", "2024-03-06 00:00:00"),
    ("0.5", "h:mm", "12:00:00"),
    ("1.5", "[h]:mm:ss", "36:00:00"),
    ("45356", "[$-813]d mmmm yyyy;@", "2024-03-05"),
    ("45356", "mmm-yy", "2024-03-05"),
    ("-5", "dd/mm/yyyy", "-5"),
    ("59", "yyyy-mm-dd", "1900-02-28"),
    ("61", "yyyy-mm-dd", "1900-03-01"),
    ("5", '0 "dossiers"', "5 dossiers"),
    ("-5", "0;(0)", "(5)"),
    ("1", "[<10]0;0.00", "1"),
    ("1.25E+3", "General", "1250"),
]


def test_number_formats(xlsx):
    formats = sorted({number_format for _, number_format, _ in NUMBER_CASES})
    styles = xlsx.styles(*(escape(number_format, {'"': "&quot;"}) for number_format in formats))
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" s="{formats.index(fmt) + 1}"><v>{value}</v></c></row>'
        for n, (value, fmt, _) in enumerate(NUMBER_CASES, start=2)
    )
    data = xlsx.build([("K", "visible", xlsx.sheet(xlsx.row(1, "Waarde") + rows))], styles=styles)
    shown = [row.cells[0] for row in open_sheet(data).rows()]
    assert shown == [expected for _, _, expected in NUMBER_CASES]


def test_number_text_helpers():
    assert cell_text.general_number(0.1 + 0.2) == "0.3"
    assert cell_text.general_number(1e16) == "10000000000000000"
    assert cell_text.general_number(123456789012345678) == "123456789012345678"
    assert cell_text.number_text(45356, "yyyy-mm-dd", date1904=True) == "2028-03-06"
    assert cell_text.number_text(3e7, "yyyy-mm-dd") == "30000000"  # beyond year 9999


# --- streaming and memory --------------------------------------------------------------


def peak_memory_of_reading(data):
    """Peak traced memory while reading all rows of ``data`` (the bytes excluded)."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in open_sheet(data).rows())
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def csv_clients(count):
    lines = (b"Klant %d;32471%06d;Gent\n" % (n, n) for n in range(count))
    return b"Naam;Telefoon;Gemeente\n" + b"".join(lines)


def xlsx_clients(xlsx, count):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>32471{n:06d}</v></c></row>'
        for n in range(2, count + 2)
    )
    return xlsx.build([("K", "visible", xlsx.sheet(xlsx.row(1, "Nr", "Telefoon") + rows))])


def test_csv_iteration_memory_does_not_grow_with_rows():
    # Both files are larger than the reader's fixed buffers (1 MB decode chunks).
    small_count, small_peak = peak_memory_of_reading(csv_clients(60_000))
    big_count, big_peak = peak_memory_of_reading(csv_clients(240_000))
    assert (small_count, big_count) == (60_000, 240_000)
    assert big_peak < small_peak + 512 * 1024


def test_xlsx_iteration_memory_does_not_grow_with_rows(xlsx):
    # Both sheets pack to more than the reader's fixed 64 KB read size.
    small_count, small_peak = peak_memory_of_reading(xlsx_clients(xlsx, 25_000))
    big_count, big_peak = peak_memory_of_reading(xlsx_clients(xlsx, 75_000))
    assert (small_count, big_count) == (25_000, 75_000)
    assert big_peak < small_peak + 512 * 1024


# --- property: text survives a round trip ----------------------------------------------

WESTERN = "àáâäçèéêëìíîïñòóôöùúûüýÿÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜßØøÅåÆæŒœ€‘’“”–«»°"
ASCII = "".join(chr(code) for code in range(32, 127))
WIDTH = 3


def csv_cells(alphabet):
    cell = st.text(alphabet=alphabet + "\n\r\t", max_size=12)
    first = st.text(alphabet=alphabet, min_size=1, max_size=8).filter(str.strip)
    return st.lists(st.tuples(first, *[cell] * (WIDTH - 1)).map(list), min_size=1, max_size=6)


def shown(row):
    """What the reader gives back: blank cells at the end of a row become "", and a
    cell that looks guarded against formulas reads as it was before the guard."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return [restore(cell) for cell in row[:end]] + [""] * (len(row) - end)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_csv_round_trip(data, encoding, delimiter):
    alphabet = ASCII + WESTERN
    if encoding != "cp1252":
        alphabet += "Ørsted 東京 Ελλάδα ŁódźĞ"
    rows = data.draw(csv_cells(alphabet))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([f"kolom{n}" for n in range(WIDTH)])
    writer.writerows(rows)
    raw = buffer.getvalue().encode(encoding)
    if encoding == "cp1252":
        # Text that is also valid UTF-8 is read as UTF-8, rightly: skip it.
        assume(raw.isascii() or detect_encoding(raw) != "utf-8")
    sheet = open_sheet(raw, ReaderOptions(delimiter=delimiter))
    assert (
        sheet.detection.encoding
        in {
            "utf-8": {"utf-8"},
            "utf-8-sig": {"utf-8-sig"},
            "utf-16": {"utf-16"},
            "cp1252": {"cp1252", "utf-8"},
        }[encoding]
    )
    assert [row.cells for row in sheet.rows()] == [shown(row) for row in rows]


XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t"),
    max_size=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(XML_TEXT, min_size=WIDTH, max_size=WIDTH), min_size=1, max_size=5))
def test_xlsx_round_trip(rows):
    # openpyxl writes "_x0041_" as is, where Excel would escape it; skip that text.
    assume(not any(re.search(r"_x[0-9A-Fa-f]{4}_", cell) for row in rows for cell in row))
    rows = [["x" + row[0], *row[1:]] for row in rows]  # a first cell is never blank
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.append([f"kolom{n}" for n in range(WIDTH)])
    for values in rows:
        worksheet.append(values)
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                cell.data_type = "s"  # text, also when it starts with "="
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = open_sheet(buffer.getvalue())
    assert [row.cells for row in sheet.rows()] == [shown(row) for row in rows]


def test_every_message_is_a_plain_template():
    """Each message renders with its params and has no stray placeholders."""
    for name in dir(messages):
        template = getattr(messages, name)
        if name.isupper() and isinstance(template, str):
            placeholders = re.findall(r"%\((\w+)\)s", template)
            rendered = template % dict.fromkeys(placeholders, "x")
            assert "%(" not in rendered, name


def test_chardet_is_followed_only_when_sure():
    russian = "Имя;Город\nИван Петров;Москва\nОльга Смирнова;Санкт-Петербург\n" * 5
    assert detect_encoding(russian.encode("cp1251")) == "cp1251"
    assert detect_encoding("Naam;Code\nJan;Úê\n".encode("cp1252")) == "cp1252"
