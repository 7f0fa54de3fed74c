#!/usr/bin/env python3
"""Regenerate the bad-cell fixtures (issue 14) in crm_client_import/tests/data/.

    python3 tools/make_warning_fixtures.py [--out DIR]

Two client lists whose bad cells must never cost a client, each drafted with
openpyxl and written by LibreOffice (headless), documented in
tests/data/README.md:

- ``warnings_belgian_firm.csv``: a Belgian firm's list as Excel on a Belgian PC
  saves it (CSV, ``;``, Windows-1252): phone numbers written the local way,
  e-mail addresses with a space inside, a VAT "n.v.t." and an invalid one, an
  IBAN with a wrong check digit, an unknown country, a spouse's e-mail without
  the spouse's name, and a row whose contact has no name;
- ``warnings_phones_as_numbers.xlsx``: phone cells that are numbers, the "+" of
  ``+32 471 23 45 67`` lost as Excel loses it, and a row whose contact has no
  name, with a note that starts like a formula.

Needs what ``make_reader_fixtures.py`` needs (LibreOffice, openpyxl), whose
LibreOffice helper, filters and Belgian numbers it uses.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
from make_mapping_fixtures import be_vat
from make_reader_fixtures import CSV_FILTER, DEFAULT_OUT, XLSX_FILTER, LibreOffice, iban_be

BELGIAN_FIRM = [
    ["Klant", "Voornaam", "Achternaam", "E-mail", "Telefoon", "GSM", "Straat", "Postcode",
     "Gemeente", "Land", "BTW-nummer", "IBAN", "Opmerking", "Voornaam partner",
     "E-mail partner"],
    ["Bakkerij Verstraete BV", "Koen", "Verstraete", "koen@bakkerij-verstraete.be",
     "09 123 45 67", "0470 12 34 56", "Kerkstraat 12", "9000", "Gent", "België",
     be_vat(5123456), iban_be(390, 1234567), "Klant sinds 2015", "", ""],
    ["Frituur De Hoek", "Jan", "Janssens", "jan janssens@telenet.be", "02 987 65 43", "",
     "Markt 3", "2000", "Antwerpen", "België", "n.v.t.", "BE68 5390 0754 7035",
     "Open op zondag", "", ""],
    ["Vermeulen Els", "Els", "Vermeulen", "els vermeulen@skynet.be", "", "0486 12 34 56",
     "Dorpsstraat 5", "9050", "Gentbrugge", "Vlaanderen", "n.v.t.", iban_be(1, 2233445), "",
     "", "tom.vermeulen@skynet.be"],
    ["Schrijnwerkerij Maes", "", "", "info@schrijnwerkerij-maes.be", "09 223 45 67", "",
     "Stationsstraat 8", "9300", "Aalst", "België", be_vat(5234567), "", "- betaalt laat",
     "", ""],
    ["Crèmerie Lefèvre SRL", "Françoise", "Lefèvre", "francoise@cremerie-lefevre.be",
     "02 512 34 56", "0478 12 34 56", "Rue de l'Église 5", "1000", "Bruxelles", "België",
     be_vat(5345678), iban_be(1, 3344556), "", "", ""],
    ["Garage Claessens BV", "Dirk", "Claessens", "dirk@garage-claessens.be", "", "",
     "Industrieweg 7", "2030", "Antwerpen", "België", "BE0123456789", "", "", "", ""],
]  # fmt: skip

# Numbers as Excel keeps them once the "+" is lost: 32471234567 is +32 471 23 45 67.
PHONES_AS_NUMBERS = [
    ["Klant", "Contactpersoon", "Telefoon", "GSM", "E-mail", "Gemeente", "Opmerking"],
    ["Houtbouw Verbeke BV", "Pieter Verbeke", 3291234569, 32471234567,
     "pieter@houtbouw-verbeke.be", "Deinze", ""],
    ["Kapsalon Nathalie", "Nathalie Goossens", 3292234567, 32478123456,
     "nathalie@kapsalon-nathalie.be", "Gent", ""],
    ["Houthandel Claes", "", 32471987654, None, "info@houthandel-claes.be", "Lier",
     "- betaalt laat"],
]  # fmt: skip


def draft(rows, path):
    """A workbook of ``rows``: text cells formatted as text (as typed), numbers as
    the plain numbers Excel makes of what looks like one."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Klanten"
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    workbook.save(path)


def build(out):
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        office = LibreOffice(work)
        cp1252_semicolons = CSV_FILTER.format(sep=59, charset=1, sheet=1)
        jobs = [
            (BELGIAN_FIRM, "warnings_belgian_firm", "csv", cp1252_semicolons),
            (PHONES_AS_NUMBERS, "warnings_phones_as_numbers", "xlsx", XLSX_FILTER),
        ]
        for rows, name, extension, target_filter in jobs:
            source = work / f"{name}.xlsx"
            draft(rows, source)
            converted = work / "out"
            office.convert(source, target_filter, converted)
            (written,) = converted.glob(f"{name}*.{extension}")
            shutil.copyfile(written, out / f"{name}.{extension}")
            print(f"wrote {out / f'{name}.{extension}'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    build(args.out)


if __name__ == "__main__":
    main()
