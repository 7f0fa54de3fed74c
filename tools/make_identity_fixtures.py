#!/usr/bin/env python3
"""Regenerate the identity fixtures in crm_client_import/tests/data/identity/.

    python3 tools/make_identity_fixtures.py [--out DIR]

Small client lists, one per case of the identity rules (issue 12), shaped like a
Belgian firm's exports: households sharing an e-mail address, namesakes, people
on several accounts, placeholders where a number should be, local phone numbers
and names written several ways. Each is drafted with openpyxl and written by
LibreOffice (headless): the CSVs as Excel saves "CSV (semicolon)" on a Belgian
PC (``;``, Windows-1252), the XLSX as LibreOffice saves a workbook, with the
mobile numbers stored as numbers and dates as dates.

Needs what ``make_reader_fixtures.py`` needs (LibreOffice, openpyxl).
"""

import argparse
import datetime
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
from make_mapping_fixtures import be_vat
from make_mapping_fixtures import draft as draft_text
from make_reader_fixtures import (
    CSV_FILTER,
    DATE_FORMAT,
    DEFAULT_OUT,
    MOBILE_FORMAT,
    XLSX_FILTER,
    LibreOffice,
    iban_be,
)

NN_PIET = "85.07.30-033.28"
NN_MARIE = "90.01.15-033.56"
NN_JAN_1 = "75.12.01-123.51"
NN_JAN_2 = "68.05.15-234.03"
NN_KAREL = "92.03.03-345.63"

PEOPLE = ["Klant", "Type", "Voornaam", "Achternaam", "E-mail", "Rijksregisternummer"]
SPOUSE = ["Voornaam partner", "Naam partner", "E-mail partner"]

FILES = {
    # 1a: a taxpayer and the spouse sharing the household's address
    "shared_email_spouse.csv": [
        [*PEOPLE, *SPOUSE],
        [
            "Jan Jacobs",
            "Particulier",
            "Jan",
            "Jacobs",
            "thuis@jacobs.example",
            "",
            "Els",
            "",
            "thuis@jacobs.example",
        ],
    ],
    # 1b: two people of one family, one address, two national numbers, two imports
    "household_first.csv": [
        PEOPLE,
        ["Familie Janssens", "Familie", "Piet", "Janssens", "info@janssens.example", NN_PIET],
    ],
    "household_second.csv": [
        PEOPLE,
        ["Familie Janssens", "Familie", "Marie", "Janssens", "info@janssens.example", NN_MARIE],
    ],
    # 1c: both in one file
    "household_both.csv": [
        PEOPLE,
        ["Familie Janssens", "Familie", "Piet", "Janssens", "info@janssens.example", NN_PIET],
        ["Familie Janssens", "Familie", "Marie", "Janssens", "info@janssens.example", NN_MARIE],
    ],
    # 2: partners that are not clients: a user's e-mail; a person who is an account
    "not_clients.csv": [
        ["Klant", "Type", "Voornaam", "Achternaam", "E-mail"],
        ["Brouwerij Het Anker", "Vennootschap", "Anne", "Boekhouder", "admin@example.com"],
        ["Jacobs Bouw BV", "Vennootschap", "Jan", "Jacobs", "jan@jacobs-individual.example"],
    ],
    # 4: a name match against a conflicting VAT number
    "name_against_vat.csv": [
        ["Klant", "BTW-nummer", "Gemeente"],
        ["Garage Martens", be_vat(6774828), "Brugge"],
    ],
    # 5: two clients named Jan Peeters, and a row that gives only the name
    "two_jan_peeters.csv": [
        [*PEOPLE, "GSM"],
        [
            "Jan Peeters",
            "Particulier",
            "Jan",
            "Peeters",
            "jan@peeters-gent.example",
            NN_JAN_1,
            "0470 11 22 33",
        ],
        [
            "Jan Peeters",
            "Particulier",
            "Jan",
            "Peeters",
            "jan@peeters-brugge.example",
            NN_JAN_2,
            "0470 44 55 66",
        ],
        ["JAN PEETERS", "Particulier", "Jan", "Peeters", "", "", "09 123 45 67"],
    ],
    # 6: a row whose contact matches two partners: the row is skipped whole
    "ambiguous_contact.csv": [
        ["Klant", "Voornaam", "Achternaam", "E-mail"],
        ["Tweeling Holding", "Lies", "Tweeling", "lies@tweeling.example"],
    ],
    # 7: one person on three rows (three accounts); the third row brings the mobile
    "person_on_three_rows.csv": [
        ["Klant", "Voornaam", "Achternaam", "E-mail", "GSM"],
        ["Moens Advies", "Rik", "Moens", "rik@moens.example", ""],
        ["Moens Vastgoed", "Rik", "Moens", "rik@moens.example", ""],
        ["Moens Holding", "Rik", "Moens", "rik@moens.example", "0478 12 34 56"],
    ],
    # 8: a client that was archived
    "archived_client.csv": [
        ["Klant", "Voornaam", "Achternaam", "E-mail"],
        ["Slapend Bureau BV", "Sofie", "Slaap", "sofie@slapend.example"],
    ],
    # 9: fill blanks only, on an individual
    "fill_individual.csv": [
        ["Klant", "Type", "Gemeente", "BTW-nummer"],
        ["Solo Peters", "Vennootschap", "Hasselt", "n.v.t."],
    ],
    # 10: a spouse known by a last name only, imported three times
    "spouse_name_only.csv": [
        [*PEOPLE, "Naam partner"],
        [
            "Huishouden Peeters",
            "Familie",
            "Tom",
            "Peeters",
            "tom@huishouden-peeters.example",
            "",
            "Peeters",
        ],
    ],
}

# 3: placeholders where the VAT number should be
PLACEHOLDERS = [
    ["Klant", "BTW-nummer", "Gemeente"],
    ["Bakkerij Smet", "n.v.t.", "Gent"],
    ["Dokter Wauters", "geen", "Leuven"],
    ["Kapsalon Lotte", "nvt", "Aalst"],
    ["Jan Claes", "Particulier", "Mechelen"],
    ["Vzw De Brug", "niet btw-plichtig", "Antwerpen"],
    ["Els Van Damme", "Privé", "Kortrijk"],
    ["Garage Verstraete", be_vat(4771111), "Ieper"],
]

# 11: an individual's own details: mobile stored as a number, a birth date
DETAILS_HEADER = ["Klant", "Type", "GSM", "Rijksregisternummer", "Functie", "Geboortedatum", "IBAN"]
DETAILS = [
    ["Karel Indekeu", "Particulier", 470123456, NN_KAREL, "Zelfstandige",
     datetime.date(1992, 3, 3), iban_be(539, 7547034)],
]  # fmt: skip


def draft_details(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Klanten"
    sheet.append(DETAILS_HEADER)
    for row in DETAILS:
        sheet.append(row)
    for cell in sheet["C"][1:]:
        cell.number_format = MOBILE_FORMAT
    for cell in sheet["F"][1:]:
        cell.number_format = DATE_FORMAT
    workbook.save(path)


def build(out):
    out.mkdir(parents=True, exist_ok=True)
    cp1252_semicolons = CSV_FILTER.format(sep=59, charset=1, sheet=1)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        office = LibreOffice(work)
        jobs = [(name, rows, draft_text) for name, rows in FILES.items()]
        jobs.append(("vat_placeholders.xlsx", PLACEHOLDERS, draft_text))
        jobs.append(("individual_details.xlsx", None, None))
        for name, rows, drafter in jobs:
            stem, extension = name.rsplit(".", 1)
            source = work / f"{stem}.xlsx"
            if drafter:
                drafter(rows, source)
            else:
                draft_details(source)
            converted = work / "out"
            office.convert(
                source, cp1252_semicolons if extension == "csv" else XLSX_FILTER, converted
            )
            # a CSV export of one sheet is named after it: name-Klanten.csv
            (written,) = converted.glob(f"{stem}*.{extension}")
            shutil.copyfile(written, out / name)
            written.unlink()
            print(f"wrote {out / name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT / "identity")
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    build(args.out)


if __name__ == "__main__":
    main()
