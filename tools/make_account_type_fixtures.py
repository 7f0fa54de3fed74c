#!/usr/bin/env python3
"""Regenerate the account-type fixture in crm_client_import/tests/data/.

    python3 tools/make_account_type_fixtures.py [--out DIR]

``account_types_nl.xlsx``: a Dutch client list of a Belgian firm with no account
type column (companies, private clients, a family and a household), drafted with
openpyxl (text cells) and written by LibreOffice (headless), documented in
tests/data/README.md. Each account's type is to be decided from its row.

Needs what ``make_reader_fixtures.py`` needs (LibreOffice, openpyxl).
"""

import argparse
import datetime
import shutil
import sys
import tempfile
from pathlib import Path

from make_mapping_fixtures import be_vat, draft
from make_reader_fixtures import DEFAULT_OUT, XLSX_FILTER, LibreOffice, national_number

NAME = "account_types_nl"

CLIENTS = [
    ["Klant", "Voornaam", "Achternaam", "E-mail", "GSM", "BTW-nummer", "Rijksregisternummer",
     "Gemeente", "Taal"],
    ["Bouwbedrijf De Clercq BV", "Koen", "De Clercq", "koen@declercq.example", "0471 10 20 30",
     be_vat(6301234), "", "Gent", ""],
    ["Bouwbedrijf De Clercq BV", "An", "De Clercq", "an@declercq.example", "", be_vat(6301234),
     "", "Gent", ""],
    ["Apotheek Maes", "Lies", "Maes", "lies@apotheekmaes.example", "", be_vat(6301235), "",
     "Brugge", ""],
    ["VZW De Speelberg", "Ann", "Verhoeven", "ann@speelberg.example", "", "", "", "Gent", ""],
    ["Peeters Jan", "Jan", "Peeters", "jan@peeters.example", "0472 11 22 33", "", "",
     "Antwerpen", ""],
    ["Hendrickx Els", "Els", "Hendrickx", "els@hendrickx.example", "", "",
     f"{national_number(datetime.date(1988, 3, 14), 122):011d}", "Leuven", ""],
    ["Marie Dubois", "Luc", "Dubois", "luc.dubois@dubois.example", "", "", "", "Namur", "fr"],
    ["Familie Janssens", "Tom", "Janssens", "tom@janssens.example", "", "", "", "Mechelen", ""],
    ["Jan Janssens en Marie Peeters", "Jan", "Janssens", "jan@janssens-peeters.example", "",
     "", "", "Lier", ""],
    ["Garage Vermeulen", "Bart", "Vermeulen", "bart@garagevermeulen.example", "", "", "",
     "Kortrijk", ""],
    ["Dr. Sofie Claes", "Sofie", "Claes", "sofie@drclaes.example", "", be_vat(6301236), "",
     "Hasselt", ""],
]  # fmt: skip


def build(out):
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        source = work / f"{NAME}.xlsx"
        draft(CLIENTS, source)
        converted = work / "out"
        LibreOffice(work).convert(source, XLSX_FILTER, converted)
        shutil.copyfile(converted / f"{NAME}.xlsx", out / f"{NAME}.xlsx")
        print(f"wrote {out / f'{NAME}.xlsx'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed to write the fixtures.")
    build(args.out)


if __name__ == "__main__":
    main()
