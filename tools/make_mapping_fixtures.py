#!/usr/bin/env python3
"""Regenerate the mapping fixtures in crm_client_import/tests/data/.

    python3 tools/make_mapping_fixtures.py [--out DIR]

Three client lists in the shapes issue 15 is about, each drafted with openpyxl
and written by LibreOffice (headless), documented in tests/data/README.md:

- ``mapping_taxdome_household.csv``: TaxDome's household layout, the taxpayer
  and the spouse on one row (CSV, ``,``, UTF-8, as TaxDome asks);
- ``mapping_contact_blocks.xlsx``: three "Contact N" column blocks per row;
- ``mapping_full_names.csv``: a column of full names, last name first, and a
  household "Claes Dirk & Sofie" (CSV, ``;``, Windows-1252, as Excel on a
  Belgian PC saves it).

Needs: LibreOffice (``soffice``), openpyxl, python-stdnum.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from stdnum.be import vat

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "crm_client_import" / "tests" / "data"
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
# separator, quote, charset (76 UTF-8, 1 Windows-1252), first line, cell formats,
# language, quoted as text, detect numbers, save as shown, formulas, trim, sheet
CSV_FILTER = "csv:Text - txt - csv (StarCalc):{sep},34,{charset},1,,0,false,true,true,false,false,1"


def be_vat(base):
    """A Belgian VAT number with valid check digits, from its first eight digits."""
    number = f"0{base:07d}" if base < 10**7 else str(base)
    return "BE" + number + f"{97 - int(number) % 97:02d}"


HOUSEHOLD = [
    ["Account name", "Account type", "Taxpayer First Name", "Taxpayer Last Name",
     "Taxpayer Email", "Taxpayer Phone", "Spouse First Name", "Spouse Last Name",
     "Spouse Email", "City"],
    ["Peeters-Claes household", "Family", "Jan", "Peeters", "jan@mapping-household.example",
     "+32 471 12 34 56", "Marie", "Claes", "marie@mapping-household.example", "Gent"],
    ["Maes household", "Family", "Luc", "Maes", "luc@mapping-household.example", "",
     "Els", "", "els@mapping-household.example", "Brugge"],
    ["Wouters Dirk", "Individual", "Dirk", "Wouters", "dirk@mapping-household.example", "",
     "", "", "", "Leuven"],
]  # fmt: skip

CONTACT_BLOCKS = [
    ["Company", "VAT", "Contact 1 Name", "Contact 1 Email", "Contact 2 First name",
     "Contact 2 Last name", "Contact 2 Email", "Contact 3 Name", "Contact 3 Mobile"],
    ["Bakkerij Blokken BV", be_vat(4774727), "Jan Blokken", "jan@mapping-blocks.example",
     "Els", "Blokken", "els@mapping-blocks.example", "Piet Blokken", "+32 471 23 45 67"],
    ["Garage Verhulst NV", be_vat(4031707), "An Verhulst", "an@mapping-blocks.example",
     "", "", "", "", ""],
]  # fmt: skip

FULL_NAMES = [
    ["Klant", "Naam en voornaam", "E-mail", "Gsm"],
    ["Schrijnwerkerij Peeters", "Peeters Jan", "jan@mapping-names.example", "+32 478 12 34 56"],
    ["Claes", "Claes Dirk & Sofie", "dirk@mapping-names.example", ""],
    ["Crèmerie Van den Broeck", "Van den Broeck Amélie", "amelie@mapping-names.example", ""],
]  # fmt: skip


def draft(rows, path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Klanten"
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"  # text, as typed: phones keep their leading 0
    workbook.save(path)


def convert(source, target_filter, outdir, profile):
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", target_filter, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


def build(out):
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        profile = work / "profile"
        jobs = [
            (HOUSEHOLD, "mapping_taxdome_household", "csv", CSV_FILTER.format(sep=44, charset=76)),
            (CONTACT_BLOCKS, "mapping_contact_blocks", "xlsx", XLSX_FILTER),
            (FULL_NAMES, "mapping_full_names", "csv", CSV_FILTER.format(sep=59, charset=1)),
        ]
        for rows, name, extension, target_filter in jobs:
            source = work / f"{name}.xlsx"
            draft(rows, source)
            converted = work / "out"
            convert(source, target_filter, converted, profile)
            # a CSV export of one sheet is named after it: mapping_...-Klanten.csv
            (written,) = converted.glob(f"{name}*.{extension}")
            shutil.copyfile(written, out / f"{name}.{extension}")
            print(f"wrote {out / f'{name}.{extension}'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    assert vat.is_valid(be_vat(4774727))
    build(args.out)


if __name__ == "__main__":
    main()
