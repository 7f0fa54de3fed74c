#!/usr/bin/env python3
"""Regenerate the reader fixtures in crm_client_import/tests/data/.

    python3 tools/make_reader_fixtures.py [--out DIR]

The workbooks are drafted with openpyxl, then opened and saved again by
LibreOffice (headless), so LibreOffice is the program that wrote every .xlsx,
.xls and .ods and the LibreOffice CSV exports. What LibreOffice cannot write
is built here and said so in tests/data/README.md.

Needs: LibreOffice (``soffice``), openpyxl. Optional, for two files:
``msoffcrypto-tool`` (pip; a real password-encrypted .xlsx, since LibreOffice
7.4 does not encrypt OOXML) and LibreOffice's Python bridge (Debian's
python3-uno, run as /usr/bin/python3; saves the password-protected .xls).
A missing optional tool leaves the existing file in place.
"""

import argparse
import csv
import datetime
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from html import escape
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "crm_client_import" / "tests" / "data"
PASSWORD = "geheim"

XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
XLS_FILTER = "xls:MS Excel 97"
ODS_FILTER = "ods:calc8"
HTML_FILTER = "html:HTML (StarCalc)"
# LibreOffice CSV filter options: separator, quote, charset, first line,
# cell formats, language, quoted as text, detect numbers, save as shown,
# formulas, trim spaces, sheet number (1-based). Charsets: 1 = Windows-1252,
# 76 = UTF-8, 65535 = UTF-16 with BOM.
CSV_FILTER = (
    "csv:Text - txt - csv (StarCalc):{sep},34,{charset},1,,0,false,true,true,false,false,{sheet}"
)

VAT_FORMAT = "0000000000"
NATIONAL_NUMBER_FORMAT = r"00\.00\.00\-000\.00"
MOBILE_FORMAT = "0### ## ## ##"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


# --- valid-looking Belgian numbers -------------------------------------------


def enterprise_number(base8):
    """A Belgian enterprise (VAT) number as an int: 8 digits + mod-97 check."""
    return base8 * 100 + (97 - base8 % 97)


def national_number(birth, serial):
    """A Belgian national register number (11 digits) as an int."""
    base = int(birth.strftime("%y%m%d")) * 1000 + serial
    checked = base + 2_000_000_000 if birth.year >= 2000 else base
    return base * 100 + (97 - checked % 97)


def iban_be(bank, account):
    """A Belgian IBAN, grouped by four, from a 3-digit bank and 7-digit account."""
    first10 = bank * 10_000_000 + account
    bban = f"{first10:010d}{(first10 % 97) or 97:02d}"
    check = 98 - int(bban + "111400") % 97  # B=11, E=14, then "00"
    iban = f"BE{check:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


# --- the client list ---------------------------------------------------------

HEADER = [
    "Accountnaam",
    "Type",
    "Voornaam",
    "Achternaam",
    "E-mail",
    "Telefoon",
    "GSM",
    "Straat",
    "Postcode",
    "Gemeente",
    "Land",
    "BTW-nummer",
    "Rijksregisternummer",
    "IBAN",
    "Geboortedatum",
    "Klant sinds",
    "Taal",
    "Tags",
]

D = datetime.date


def client_rows():
    """~15 clients: companies, self-employed, a couple filed jointly, one person twice."""
    return [
        ["Bakkerij Van den Broeck BV", "Bedrijf", "Jan", "Van den Broeck",
         "info@bakkerijvandenbroeck.be", 3292233445, "0471 23 45 67", "Kerkstraat 12", 9000,
         "Gent", "België", enterprise_number(1234567), None, iban_be(390, 754703),
         None, D(2015, 3, 1), "NL", "Vennootschapsbelasting; BTW"],
        ["Crèmerie Dupré SRL", "Bedrijf", "Françoise", "Dupré",
         "francoise.dupre@cremerie-dupre.be", 3281223344, "+32471625368", "Rue de Fer 25", 5000,
         "Namur", "België", enterprise_number(4774727), None, iban_be(1, 2345678),
         None, D(2018, 9, 15), "FR", "Horeca"],
        ["Ørsted Belgium NV", "Bedrijf", "Mette", "Sørensen", "mette.sorensen@orsted.example",
         3225551234, 471625368, "Avenue Louise 54 bus 3", 1050, "Elsene", "België",
         enterprise_number(8912345), None, iban_be(735, 1234567), None, D(2021, 1, 4), "EN",
         "Energie; Vennootschapsbelasting"],
        ["Peeters Jan", "Particulier", "Jan", "Peeters", "jan.peeters@telenet.be", 32471625368,
         None, "Dorpsstraat 3", 2000, "Antwerpen", "België", None,
         national_number(D(1985, 7, 30), 33), iban_be(63, 1122334), D(1985, 7, 30),
         D(2012, 1, 10), "NL", "Personenbelasting"],
        ["Peeters Bouw BV", "Bedrijf", "Jan", "Peeters", "jan.peeters@telenet.be", 32471625368,
         None, "Industrieweg 7", 2030, "Antwerpen", "België", enterprise_number(6543210), None,
         iban_be(63, 7788990), None, D(2019, 5, 20), "NL", "Vennootschapsbelasting"],
        ["Claes - Wouters", "Gezin", "Dirk & Sofie", "Claes - Wouters", "dirk.claes@skynet.be",
         None, "0486 11 22 33", "Lindelaan 8", 3000, "Leuven", "België", None,
         national_number(D(1979, 2, 14), 157), iban_be(1, 9988776), D(1979, 2, 14),
         D(2010, 6, 1), "NL", "Personenbelasting; Gezamenlijke aanslag"],
        ["Vandenberghe Luc", "Particulier", "Luc", "Vandenberghe", "luc.vdb@proximus.be",
         3250334455, None, "Markt 1", 8000, "Brugge", "België", None,
         national_number(D(2001, 2, 25), 123), iban_be(1, 4455667), D(2001, 2, 25),
         D(2021, 9, 1), "NL", "Personenbelasting; Starter"],
        ["Bakker Administratie B.V.", "Bedrijf", "Pieter", "de Vries",
         "p.devries@bakker-administratie.nl", 31201234567, "+31 6 12345678", "Herengracht 100",
         "1015 BS", "Amsterdam", "Nederland", None, None, "NL91 ABNA 0417 1643 00", None,
         D(2020, 2, 1), "NL", "Buitenland"],
        ["Sportclub Ledeberg VZW", "Vereniging", "Ann", "Verhoeven", "secretariaat@scledeberg.be",
         None, "0479 98 76 54", "Hundelgemsesteenweg 250", 9050, "Gent", "België",
         enterprise_number(4123987), None, iban_be(890, 1234321), None, D(2016, 11, 30), "NL",
         "VZW"],
        ["Dr. Lies Maes", "Vrij beroep", "Lies", "Maes", "dr.maes@artsenpraktijk.be", 3293334455,
         None, "Sint-Pietersnieuwstraat 41", 9000, "Gent", "België", enterprise_number(5876543),
         national_number(D(1972, 11, 5), 268), iban_be(737, 5566778), D(1972, 11, 5),
         D(2008, 4, 15), "NL", "Vrij beroep; BTW"],
        ["Boulangerie Lefèvre SRL", "Bedrijf", "Noël", "Lefèvre", "noel@boulangerie-lefevre.be",
         3242223344, None, "Rue Saint-Gilles 87", 4000, "Liège", "België",
         enterprise_number(7011223), None, iban_be(68, 2233445), None, D(2017, 1, 1), "FR",
         "Horeca; BTW"],
        ["Janssens An", "Particulier", "An", "Janssens", "an.janssens@gmail.com", None,
         "0472 55 66 77", "Dorpsstraat 3", 2000, "Antwerpen", "België", None,
         national_number(D(1987, 4, 12), 84), None, D(1987, 4, 12), D(2012, 1, 10), "NL",
         "Personenbelasting"],
        ["Müller & Zonen CommV", "Bedrijf", "Hans", "Müller", "hans@mullerzonen.be", 3211223344,
         None, "Grote Markt 5", 3500, "Hasselt", "België", enterprise_number(8345612), None,
         iban_be(335, 9876543), None, D(2014, 10, 1), "NL", "Handel"],
        ["Dubois Élise", "Particulier", "Élise", "Dubois", "elise.dubois@outlook.be", None,
         "+32 478 12 34 56", "Chaussée de Wavre 120", 1040, "Etterbeek", "België", None,
         national_number(D(1990, 10, 3), 212), iban_be(1, 1234567), D(1990, 10, 3),
         D(2022, 3, 14), "FR", "Personenbelasting"],
        ["Van Damme & Co BV", "Bedrijf", "Koen", "Van Damme", "koen@vandamme.be", 3256112233,
         471234567, "Kortrijksesteenweg 1", 8500, "Kortrijk", "België",
         enterprise_number(7654321), None, iban_be(1, 7654321), None, D(2023, 6, 1), "NL",
         "Vennootschapsbelasting"],
    ]  # fmt: skip


def _style_header(ws, row):
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")


def add_client_sheet(wb):
    ws = wb.create_sheet("Klanten")
    ws.append(HEADER)
    _style_header(ws, 1)
    formats = {
        "Telefoon": "0",  # a plain integer format, as Excel's "Number, 0 decimals"
        "GSM": MOBILE_FORMAT,  # only applies to the numbers in that column
        "Postcode": "0",
        "BTW-nummer": VAT_FORMAT,
        "Rijksregisternummer": NATIONAL_NUMBER_FORMAT,
        "Geboortedatum": DATE_FORMAT,
        "Klant sinds": DATE_FORMAT,
    }
    for values in client_rows():
        ws.append(values)
        for column, name in enumerate(HEADER, start=1):
            if name in formats:
                ws.cell(row=ws.max_row, column=column).number_format = formats[name]
    for column in "ABCDEFGHIJKLMNOPQR":
        ws.column_dimensions[column].width = 18
    return ws


def add_lists_sheet(wb):
    """A hidden sheet with the value lists, as firms keep for drop-downs."""
    ws = wb.create_sheet("Lijsten", 0)
    ws.append(["Type", "Taal"])
    for row in zip(
        ["Bedrijf", "Particulier", "Gezin", "Vereniging", "Vrij beroep"],
        ["NL", "FR", "EN", "DE", ""],
        strict=True,
    ):
        ws.append(list(row))
    ws.sheet_state = "hidden"


def add_grouped_sheet(wb):
    """Two header rows with merged group titles, a blank and a repeated title,
    a blank data row, formulas, a boolean, a percentage and a date-time."""
    ws = wb.create_sheet("Export met groepen")
    ws.append(["Klant", None, "Contact", None, "E-mail", None, "E-mail", "Opmerking",
               "Dossiers", "Saldo", "Actief", "BTW-tarief", "Laatste contact",
               "Ondernemingsnummer"])  # fmt: skip
    ws.append(["Naam", "Type", "Telefoon", "GSM", "Privé", None, "Werk", None, "Aantal",
               "Bedrag", "Ja/Nee", "%", "Datum en uur", "Nummer"])  # fmt: skip
    for cells in ("A1:B1", "C1:D1", "H1:H2"):
        ws.merge_cells(cells)
    _style_header(ws, 1)
    _style_header(ws, 2)
    data = [
        ["Crèmerie Dupré SRL", "Bedrijf", 3281223344, "+32471625368", "francoise@gmail.com",
         None, "francoise.dupre@cremerie-dupre.be", "Klant sinds 2018\nBetaalt stipt", "=2+3",
         "=0.1+0.2", True, 0.21, datetime.datetime(2024, 3, 5, 14, 30), 477472701],
        ["Peeters Jan", "Particulier", 32471625368, "0471 23 45 67", "jan.peeters@telenet.be",
         None, None, None, "=1+1", 1250.5, False, 0.06, datetime.datetime(2024, 1, 8, 9, 0),
         None],
        [],
        ["Ørsted Belgium NV", "Bedrijf", 3225551234, 471625368, None, None,
         "mette.sorensen@orsted.example", "Nieuwe klant", "=3*4", -42, True, 0.21,
         datetime.datetime(2023, 12, 29, 16, 45, 10), enterprise_number(8912345)],
    ]  # fmt: skip
    for values in data:
        ws.append(values)
    for row in ws.iter_rows(min_row=3):
        row[3].number_format = MOBILE_FORMAT
        row[11].number_format = "0%"
        row[12].number_format = DATETIME_FORMAT
        row[13].number_format = VAT_FORMAT
    ws["H3"].alignment = Alignment(wrap_text=True)


def draft_clients_workbook(path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    add_client_sheet(wb)
    add_lists_sheet(wb)
    add_grouped_sheet(wb)
    wb.active = 1  # Klanten
    wb.save(path)


def draft_header_only(path):
    wb = openpyxl.Workbook()
    wb.active.title = "Klanten"
    wb.active.append(HEADER)
    wb.save(path)


def draft_1904(path):
    """Dates in the 1904 date system (old Mac Excel)."""
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Klanten"
    ws.append(["Naam", "Geboortedatum", "Laatste contact"])
    ws.append(["Peeters Jan", D(1985, 7, 30), datetime.datetime(2024, 3, 5, 14, 30)])
    ws["B2"].number_format = DATE_FORMAT
    ws["C2"].number_format = DATETIME_FORMAT
    wb.save(path)


def draft_formatted_empty_rows(path):
    """Four clients, then 12,000 empty rows someone gave a fill colour, then a
    stray value: the shape of the 'ghost' sheets that claim a million rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Klanten"
    ws.append(["Accountnaam", "Postcode"])
    for name, postcode in [("Peeters Jan", 2000), ("Crèmerie Dupré SRL", 5000),
                           ("Ørsted Belgium NV", 1050), ("Janssens An", 2000)]:  # fmt: skip
        ws.append([name, postcode])
    fill = PatternFill("solid", fgColor="FFF2CC")
    for row in range(6, 12_006):
        ws.cell(row=row, column=1).fill = fill
    ws.cell(row=12_006, column=1, value="verdwaalde cel")
    wb.save(path)


# --- LibreOffice --------------------------------------------------------------


class LibreOffice:
    def __init__(self, work):
        self.profile = Path(work) / "lo-profile"
        self.env_arg = f"-env:UserInstallation=file://{self.profile}"

    def convert(self, source, target_filter, outdir):
        command = ["soffice", self.env_arg, "--headless", "--norestore",
                   "--convert-to", target_filter, "--outdir", str(outdir), str(source)]  # fmt: skip
        subprocess.run(command, check=True, timeout=300, capture_output=True)

    def save_with_password(self, source, target, filter_name):
        """Open ``source`` in a listening LibreOffice and store it with a password."""
        uno_python = shutil.which("python3", path="/usr/bin")
        if not uno_python or subprocess.run([uno_python, "-c", "import uno"]).returncode:
            print("  skipped: LibreOffice's Python bridge (python3-uno) is missing")
            return False
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        listener = subprocess.Popen(
            ["soffice", self.env_arg, "--headless", "--norestore",
             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            helper = UNO_SAVE_WITH_PASSWORD.format(port=port)
            args = [uno_python, "-c", helper, str(source), str(target), filter_name, PASSWORD]
            subprocess.run(args, check=True, timeout=120)
        finally:
            listener.terminate()
            listener.wait(timeout=30)
        return True


UNO_SAVE_WITH_PASSWORD = """
import sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for attempt in range(60):
    try:
        ctx = resolver.resolve(
            "uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
source, target, filter_name, password = sys.argv[1:5]
doc = desktop.loadComponentFromURL(
    uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
doc.storeToURL(uno.systemPathToFileUrl(target),
               (prop("FilterName", filter_name), prop("Password", password)))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
"""


# --- files LibreOffice cannot write --------------------------------------------


def google_sheets_csv(path):
    """The shape of Google Sheets' "Download > CSV": UTF-8 without BOM, commas,
    CRLF between records, quotes only where needed, LF inside quoted cells."""

    rows = [
        ["Account name", "Phone", "Mobile", "Postcode", "VAT number", "Notes"],
        ["Crèmerie Dupré SRL", "32471625368", "+32471625368", "5000", "BE0477472701",
         "Klant sinds 2018\nBetaalt stipt"],
        ["Bakkerij Van den Broeck BV", "3292233445", "0471 23 45 67", "9000", "BE0123456749",
         'Zegt "altijd" ja, nooit nee'],
        ["Ørsted Belgium NV", "3225551234", "0471 62 53 68", "1050", "0891234571",
         "Adres: Avenue Louise 54, bus 3\nBrussel"],
    ]  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def tiny_png():
    """A 1x1 PNG image, built by hand (the 'photo renamed to .csv' case)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def replace_members(source, target, replacements):
    """Copy a zip, swapping the content of some members."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy,
    ):
        for info in original.infolist():
            data = replacements.get(info.filename, original.read(info))
            copy.writestr(info.filename, data)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE sst [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>
"""


def zip_bomb_sheet(sheet_xml, padding=100 * 1024 * 1024):
    """The real sheet with 100 MB of spaces before </worksheet> (valid XML, packs ~1000x)."""
    end = sheet_xml.rindex(b"</worksheet>")
    return sheet_xml[:end] + b" " * padding + sheet_xml[end:]


def encrypt_xlsx(source, target):
    try:
        import msoffcrypto.format.ooxml as ooxml
    except ImportError:
        print("  skipped: msoffcrypto-tool is not installed (pip install msoffcrypto-tool)")
        return False
    with open(source, "rb") as plain, open(target, "wb") as encrypted:
        ooxml.OOXMLFile(plain).encrypt(PASSWORD, encrypted)
    return True


# --- HTML tables named .xls ------------------------------------------------------


def vat_text(base8):
    """An enterprise number as practice software prints it: BE 0123.456.749."""
    digits = f"{enterprise_number(base8):010d}"
    return f"BE {digits[:4]}.{digits[4:7]}.{digits[7:]}"


def practice_tool_xls(path):
    """The shape of an older practice-management program's "Export to Excel": an
    HTML report named .xls, as such programs (ASP, Delphi report writers) wrote
    them: upper-case tags, unquoted attributes, a Windows-1252 charset, a title
    above the table, &nbsp; in empty cells, <BR> inside the address, CRLF."""
    rows = [
        ["Dossier", "Naam", "Voornaam", "Adres", "Telefoon", "E-mail", "BTW", "Geboren"],
        ["D0012", "Crèmerie Dupré SRL", "Françoise", "Rue de Fer 25<BR>5000 Namur",
         "081 22 33 44", "francoise.dupre@cremerie-dupre.be", vat_text(4774727), "&nbsp;"],
        ["D0013", "Peeters", "Jan", "Dorpsstraat 3<BR>2000 Antwerpen", "0471 62 53 68",
         "jan.peeters@telenet.be", "&nbsp;", "30/07/1985"],
        ["D0014", "Van Damme &amp; Co BV", "Koen", "Kortrijksesteenweg 1<BR>8500 Kortrijk",
         "056 11 22 33", "koen@vandamme.be", vat_text(7654321), "&nbsp;"],
        ["D0015", "Müller &amp; Zonen CommV", "Hans", "Grote Markt 5<BR>3500 Hasselt",
         "&nbsp;", "hans@mullerzonen.be", vat_text(8345612), "&nbsp;"],
    ]  # fmt: skip
    lines = [
        "<HTML>",
        "<HEAD>",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1252">',
        "<TITLE>Klantenlijst</TITLE>",
        "</HEAD>",
        "<BODY>",
        "<H3>Klantenlijst per 31/12/2025</H3>",
        "<TABLE BORDER=1 CELLSPACING=0>",
    ]
    header, *data = rows
    lines.append("<TR>" + "".join(f"<TH>{text}</TH>" for text in header) + "</TR>")
    lines += ["<TR>" + "".join(f"<TD>{text}</TD>" for text in row) + "</TR>" for row in data]
    lines += ["</TABLE>", "</BODY>", "</HTML>", ""]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


def bank_export_xls(path):
    """The shape of a web bank's "Export to Excel" of its payees: an HTML page with
    Excel's namespaces and worksheet options, UTF-8, text cells kept as text by
    ``mso-number-format:"\\@"``, a header in <thead>, and a second table (the
    export's date) after the first."""
    payees = [
        ["Bakkerij Van den Broeck BV", iban_be(390, 754703), "GEBABEBB",
         "Kerkstraat 12, 9000 Gent", "info@bakkerijvandenbroeck.be"],
        ["Ørsted Belgium NV", iban_be(735, 1234567), "KREDBEBB",
         "Avenue Louise 54 bus 3, 1050 Elsene", "mette.sorensen@orsted.example"],
        ["Sportclub Ledeberg VZW", iban_be(890, 1234321), "VDSPBE91",
         "Hundelgemsesteenweg 250, 9050 Gent", ""],
    ]  # fmt: skip
    head = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<!--[if gte mso 9]><xml>
 <x:ExcelWorkbook>
  <x:ExcelWorksheets>
   <x:ExcelWorksheet>
    <x:Name>Begunstigden</x:Name>
    <x:WorksheetOptions><x:DisplayGridlines/></x:WorksheetOptions>
   </x:ExcelWorksheet>
  </x:ExcelWorksheets>
 </x:ExcelWorkbook>
</xml><![endif]-->
<style>
.text { mso-number-format:"\\@"; }
th { font-weight: bold; background: #DDEBF7; }
</style>
</head>
<body>
<table border="1">
<thead>
<tr><th>Naam begunstigde</th><th>Rekeningnummer</th><th>BIC</th><th>Adres</th><th>E-mail</th></tr>
</thead>
<tbody>
"""
    body = "".join(
        "<tr>" + "".join(f'<td class="text">{escape(cell)}</td>' for cell in payee) + "</tr>\n"
        for payee in payees
    )
    tail = """</tbody>
</table>
<br>
<table><tr><td>Export van 31/12/2025 10:15</td></tr></table>
</body>
</html>
"""
    path.write_bytes((head + body + tail).encode("utf-8"))


# --- main ----------------------------------------------------------------------


def build(out):
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        office = LibreOffice(work)
        drafts = work / "drafts"
        saved = work / "saved"
        drafts.mkdir()
        saved.mkdir()

        print("drafting workbooks with openpyxl")
        draft_clients_workbook(drafts / "clients_libreoffice.xlsx")
        draft_header_only(drafts / "header_only.xlsx")
        draft_1904(drafts / "dates_1904.xlsx")
        draft_formatted_empty_rows(drafts / "formatted_empty_rows.xlsx")

        print("saving them with LibreOffice")
        for name in ("clients_libreoffice", "header_only", "dates_1904", "formatted_empty_rows"):
            office.convert(drafts / f"{name}.xlsx", XLSX_FILTER, saved)
            shutil.copy(saved / f"{name}.xlsx", out / f"{name}.xlsx")
        for name in ("clients_libreoffice", "dates_1904"):
            office.convert(drafts / f"{name}.xlsx", XLS_FILTER, saved)
            shutil.copy(saved / f"{name}.xls", out / f"{name}.xls")
        office.convert(drafts / "clients_libreoffice.xlsx", ODS_FILTER, saved)
        shutil.copy(saved / "clients_libreoffice.ods", out / "clients_libreoffice.ods")

        print("exporting CSV with LibreOffice")
        lo_xlsx = out / "clients_libreoffice.xlsx"
        exports = {
            # Sheet 2 is "Klanten" (sheet 1 is the hidden "Lijsten").
            "clients_excel_semicolon_cp1252.csv": ("csv", ";", 1),
            "clients_utf8_bom.csv": ("csv", ",", 76),
            "clients_unicode_text.txt": ("txt", "\t", 65535),
        }
        for target, (extension, separator, charset) in exports.items():
            csv_dir = work / target
            options = CSV_FILTER.format(sep=ord(separator), charset=charset, sheet=2)
            office.convert(lo_xlsx, options.replace("csv:", extension + ":", 1), csv_dir)
            (exported,) = csv_dir.iterdir()
            data = exported.read_bytes()
            if target == "clients_utf8_bom.csv":
                data = b"\xef\xbb\xbf" + data  # LibreOffice 7.4 cannot add the BOM itself
            (out / target).write_bytes(data)

        print("exporting HTML with LibreOffice")
        office.convert(lo_xlsx, HTML_FILTER, work / "html")
        shutil.copy(work / "html" / "clients_libreoffice.html", out / "clients_libreoffice.htm")

        print("building the files LibreOffice cannot write")
        google_sheets_csv(out / "clients_google_sheets.csv")
        (out / "header_only.csv").write_bytes(";".join(HEADER).encode("cp1252") + b"\r\n")
        (out / "empty.csv").write_bytes(b"")
        (out / "image_renamed.csv").write_bytes(tiny_png())
        practice_tool_xls(out / "clients_practice_tool.xls")
        bank_export_xls(out / "clients_bank_export.xls")
        (out / "corrupt.xlsx").write_bytes(lo_xlsx.read_bytes()[: lo_xlsx.stat().st_size * 3 // 5])
        with zipfile.ZipFile(lo_xlsx) as package:
            sheet_xml = package.read("xl/worksheets/sheet2.xml")
        replace_members(lo_xlsx, out / "zip_bomb.xlsx",
                        {"xl/worksheets/sheet2.xml": zip_bomb_sheet(sheet_xml)})  # fmt: skip
        replace_members(lo_xlsx, out / "billion_laughs.xlsx",
                        {"xl/sharedStrings.xml": BILLION_LAUGHS})  # fmt: skip

        print("password-protected workbooks")
        encrypt_xlsx(lo_xlsx, out / "encrypted.xlsx")
        if office.save_with_password(saved / "clients_libreoffice.xls", work / "enc.xls",
                                     "MS Excel 97"):  # fmt: skip
            shutil.copy(work / "enc.xls", out / "encrypted.xls")
    for path in sorted(out.iterdir()):
        print(f"  {path.name:40} {path.stat().st_size:>9,} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    started = time.monotonic()
    build(args.out)
    print(f"done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
