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

Needs what ``make_reader_fixtures.py`` needs (LibreOffice, openpyxl), whose
LibreOffice helper, filters and Belgian numbers it uses.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
from make_reader_fixtures import (
    CSV_FILTER,
    DEFAULT_OUT,
    XLSX_FILTER,
    LibreOffice,
    enterprise_number,
)

UTF8_COMMAS = CSV_FILTER.format(sep=44, charset=76, sheet=1)
CP1252_SEMICOLONS = CSV_FILTER.format(sep=59, charset=1, sheet=1)


def be_vat(base7):
    """A Belgian VAT number with valid check digits: BE0 and seven digits, checked."""
    return f"BE{enterprise_number(base7):010d}"


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
    ["Bakkerij Blokken BV", be_vat(6201234), "Jan Blokken", "jan@mapping-blocks.example",
     "Els", "Blokken", "els@mapping-blocks.example", "Piet Blokken", "+32 471 23 45 67"],
    ["Garage Verhulst NV", be_vat(6201235), "An Verhulst", "an@mapping-blocks.example",
     "", "", "", "", ""],
]  # fmt: skip

FULL_NAMES = [
    ["Klant", "Naam en voornaam", "E-mail", "Gsm"],
    ["Schrijnwerkerij Peeters", "Peeters Jan", "jan@mapping-names.example", "+32 478 12 34 56"],
    ["Claes", "Claes Dirk & Sofie", "dirk@mapping-names.example", ""],
    ["Crèmerie Van den Broeck", "Van den Broeck Amélie", "amelie@mapping-names.example", ""],
]  # fmt: skip


def draft(rows, path):
    """A workbook of ``rows``: text cells formatted as text, as typed (phones keep
    their leading 0); numbers stay the plain numbers Excel makes of what looks like one."""
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


def save_drafts(jobs, out):
    """Draft the rows of each job, have LibreOffice write the file and copy it to
    ``out``. A job is (rows, name, extension, LibreOffice filter)."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        office = LibreOffice(work)
        for rows, name, extension, target_filter in jobs:
            source = work / f"{name}.xlsx"
            draft(rows, source)
            converted = work / "out"
            office.convert(source, target_filter, converted)
            # a CSV export of one sheet is named after it: mapping_...-Klanten.csv
            (written,) = converted.glob(f"{name}*.{extension}")
            shutil.copyfile(written, out / f"{name}.{extension}")
            print(f"wrote {out / f'{name}.{extension}'}")


def build(out):
    save_drafts(
        [
            (HOUSEHOLD, "mapping_taxdome_household", "csv", UTF8_COMMAS),
            (CONTACT_BLOCKS, "mapping_contact_blocks", "xlsx", XLSX_FILTER),
            (FULL_NAMES, "mapping_full_names", "csv", CP1252_SEMICOLONS),
        ],
        out,
    )


def main(build=build, doc=__doc__):
    """Write the fixtures ``build(out)`` makes; ``doc`` is the script's docstring."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    build(args.out)


if __name__ == "__main__":
    main()
