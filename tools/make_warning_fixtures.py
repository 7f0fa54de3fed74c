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

Needs what ``make_reader_fixtures.py`` needs (LibreOffice, openpyxl); it writes
the files with the helpers of ``make_mapping_fixtures.py``.
"""

from make_mapping_fixtures import CP1252_SEMICOLONS, be_vat, main, save_drafts
from make_reader_fixtures import XLSX_FILTER, iban_be

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


def build(out):
    save_drafts(
        [
            (BELGIAN_FIRM, "warnings_belgian_firm", "csv", CP1252_SEMICOLONS),
            (PHONES_AS_NUMBERS, "warnings_phones_as_numbers", "xlsx", XLSX_FILTER),
        ],
        out,
    )


if __name__ == "__main__":
    main(build, __doc__)
