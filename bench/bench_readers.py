#!/usr/bin/env python3
"""Benchmark the client-list readers against the reader of Odoo's base_import.

    python3 bench/bench_readers.py [--rows 100000] [--strict]

Generates, in a temporary directory, an XLSX (shared strings, number formats,
as Excel and LibreOffice write them) and a UTF-8 CSV of realistic client data,
15 columns. Each reader then reads every row of each file in a fresh child
process, which reports the time taken and its peak resident memory above the
baseline it had after its imports (Linux VmHWM, reset after the imports; not
ru_maxrss, which a child inherits from its parent's peak). What is measured:

* ours: ``open_sheet(path)`` then iterating ``Sheet.rows()`` to the end;
* base_import: ``Import._read_xlsx`` / ``Import._read_csv`` of the installed
  Odoo, called on a minimal stand-in for the record (it only reads
  ``self.file``), which returns every row as a list of strings. With xlrd 1.x
  (Odoo's pin on Python 3.11) its _read_xlsx reads XLSX with xlrd; with
  xlrd 2.x it uses openpyxl in normal (not read-only) mode;
* for XLSX also openpyxl's read-only mode, values only, as a reference.

Both include reading the file from disk. Odoo must be importable (``import
odoo``); its addons are found next to the odoo package. Targets: ours at
least as fast as base_import per file type, and peak memory below 150 MB
above baseline for the 100,000-row files. ``--strict`` exits 1 when a target
is missed.
"""

import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from xml.sax.saxutils import escape

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "crm_client_import"))
from lib.readers.sheet import column_letter  # noqa: E402 (the addon's library, by path)

MEMORY_TARGET_MB = 150

HEADER = [
    "Accountnaam", "Type", "Voornaam", "Achternaam", "E-mail", "Telefoon", "GSM", "Straat",
    "Postcode", "Gemeente", "Land", "BTW-nummer", "IBAN", "Klant sinds", "Tags",
]  # fmt: skip
FIRST_NAMES = ["Jan", "An", "Luc", "Els", "Françoise", "Noël", "Søren", "Élise", "Pieter",
               "Sofie", "Koen", "Lies", "Dirk", "Ann", "Hans", "Mette", "Bram"]  # fmt: skip
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Dupré", "Van den Broeck", "Claes", "Wouters",
              "Lefèvre", "Müller", "Vandenberghe", "de Vries", "Ørsted", "Dubois", "Jacobs",
              "Mertens", "Willems", "Goossens", "Van Damme"]  # fmt: skip
CITIES = [(9000, "Gent"), (2000, "Antwerpen"), (1000, "Brussel"), (3000, "Leuven"),
          (8000, "Brugge"), (5000, "Namur"), (4000, "Liège"), (3500, "Hasselt"),
          (8500, "Kortrijk"), (1050, "Elsene")]  # fmt: skip
STREETS = ["Kerkstraat", "Dorpsstraat", "Stationsstraat", "Rue de Fer", "Markt",
           "Chaussée de Wavre", "Industrieweg", "Lindelaan", "Grote Markt"]  # fmt: skip
TYPES = ["Bedrijf", "Particulier", "Gezin", "Vereniging", "Vrij beroep"]
TAGS = ["Personenbelasting", "Vennootschapsbelasting", "BTW", "Horeca", "Starter", "VZW"]
COMPANY_FORMS = ["BV", "NV", "SRL", "CommV", "VZW"]


def client_records(count, seed=2024):
    """Yield realistic client rows: (values, is_company) with typed values."""
    rng = random.Random(seed)
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        kind = rng.choice(TYPES)
        company = kind in ("Bedrijf", "Vereniging")
        name = f"{last} {rng.choice(COMPANY_FORMS)}" if company else f"{last} {first}"
        postcode, city = rng.choice(CITIES)
        base8 = rng.randrange(2_000_000, 9_999_999)
        vat = base8 * 100 + (97 - base8 % 97) if company else None
        account = rng.randrange(10**9, 10**10)
        yield [
            f"{name} {index}",
            kind,
            first,
            last,
            f"{first.lower()}.{index}@example.be",
            32_400_000_000 + rng.randrange(99_999_999),
            f"0{rng.randrange(470, 499)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
            f"{rng.randrange(10, 99)}",
            f"{rng.choice(STREETS)} {rng.randrange(1, 250)}",
            postcode,
            city,
            "België",
            vat,
            f"BE{rng.randrange(10, 99)} {account // 10**6:04d} {account % 10**6:06d}",
            datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000)),
            "; ".join(rng.sample(TAGS, rng.randrange(1, 3))),
        ]


EXCEL_EPOCH = datetime.date(1899, 12, 30)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0000000000"/>
<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""  # noqa: E501


def write_xlsx(path, count):
    """Write the clients as Excel does: shared strings, a dimension, styles."""
    strings, string_list = {}, []

    def shared(text):
        if text not in strings:
            strings[text] = len(string_list)
            string_list.append(text)
        return strings[text]

    last = f"{column_letter(len(HEADER))}{count + 1}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><dimension ref="A1:{last}"/>'
                f"<sheetData>".encode()
            )
            rows = [(HEADER, None)] + [(values, None) for values in client_records(count)]
            for number, (values, _) in enumerate(rows, start=1):
                cells = []
                for column, value in enumerate(values, start=1):
                    ref = f"{column_letter(column)}{number}"
                    if value is None:
                        continue
                    if isinstance(value, str):
                        cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
                    elif isinstance(value, datetime.date):
                        serial = (value - EXCEL_EPOCH).days
                        cells.append(f'<c r="{ref}" s="2"><v>{serial}</v></c>')
                    else:
                        style = ' s="1"' if HEADER[column - 1] == "BTW-nummer" else ""
                        cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
                sheet.write(f'<row r="{number}">{"".join(cells)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in string_list)
        package.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" '
            f'count="{len(string_list)}" uniqueCount="{len(string_list)}">{items}</sst>',
        )
        package.writestr("xl/styles.xml", STYLES)
        package.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{RELS}"><sheets><sheet name="Klanten" sheetId="1" r:id="rId1"/>'
            f"</sheets></workbook>",
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f"</Relationships>",
        )
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            f"</Relationships>",
        )


def write_csv(path, count):
    """The same clients as a Google-Sheets-style CSV (UTF-8, commas, CRLF)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for values in client_records(count):
            values[11] = f"{values[11]:010d}" if values[11] else ""
            values[13] = values[13].strftime("%d/%m/%Y")
            writer.writerow(values)


# --- child process: one reader, one file -------------------------------------------


def odoo_import_class():
    """The base_import model class of the installed Odoo (no database needed)."""
    import odoo
    from odoo.tools import config

    addons = os.path.abspath(os.path.join(os.path.dirname(odoo.__file__), "..", "addons"))
    config.parse_config([f"--addons-path={addons}"])
    from odoo.addons.base_import.models import base_import

    return base_import.Import


class OdooRecordStandIn:
    """Just what Import._read_* use of ``self``: the file bytes and the sibling readers."""

    def __init__(self, import_class, data):
        self.file = data
        for name in ("_read_xlsx", "_read_xls", "_read_xls_book", "_read_csv"):
            setattr(self, name, getattr(import_class, name).__get__(self))


def memory_kb(field):
    """A memory figure of this process from /proc/self/status, in kB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def reset_peak_memory():
    """Start the peak (VmHWM) afresh at the current size; False where Linux cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def child(reader, file_type, path):
    if reader == "ours":
        from lib.readers import open_sheet
    elif reader == "base_import":
        import_class = odoo_import_class()
    else:
        import openpyxl
    # ru_maxrss would carry the parent's peak over the fork and exec, so the peak
    # is the process's own high-water mark (VmHWM), reset after the imports.
    baseline = memory_kb("VmRSS") if reset_peak_memory() else memory_kb("VmHWM")
    started = time.perf_counter()
    if reader == "ours":
        rows = sum(1 for _ in open_sheet(path).rows())
    elif reader == "base_import":
        with open(path, "rb") as handle:
            record = OdooRecordStandIn(import_class, handle.read())
        read = record._read_xlsx if file_type == "xlsx" else record._read_csv
        _, content = read({"quoting": '"'})
        rows = len(content) - 1  # the header is one of them
    else:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    seconds = time.perf_counter() - started
    peak = memory_kb("VmHWM")
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": (peak - baseline) / 1024}))


def run_child(reader, file_type, path):
    command = [sys.executable, os.path.abspath(__file__), "--child", reader, file_type, path]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{reader} on {file_type} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


READERS = {
    "ours": "crm_client_import lib.readers",
    "base_import": "Odoo base_import Import._read_*",
    "openpyxl_ro": "openpyxl read-only, values only (reference)",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows per file")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--child", nargs=3, metavar=("READER", "TYPE", "PATH"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    try:
        odoo_import_class()
    except Exception as error:  # any import failure means: no Odoo to compare with
        print(f"Odoo is not importable ({type(error).__name__}: {error}).", file=sys.stderr)
        print("The comparison with base_import needs `import odoo` to work.", file=sys.stderr)
        sys.exit(2)
    import openpyxl
    import xlrd

    import odoo

    print(f"Python {sys.version.split()[0]}, Odoo {odoo.release.version}, "
          f"openpyxl {openpyxl.__version__}, xlrd {xlrd.__VERSION__}")  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        files = {
            "xlsx": os.path.join(work, "clients.xlsx"),
            "csv": os.path.join(work, "clients.csv"),
        }
        write_xlsx(files["xlsx"], args.rows)
        write_csv(files["csv"], args.rows)
        sizes = ", ".join(
            f"{kind} {os.path.getsize(path) / 2**20:.1f} MB" for kind, path in files.items()
        )
        print(f"{args.rows:,} rows x {len(HEADER)} columns: {sizes}")
        results = {}
        for file_type, path in files.items():
            readers = ["ours", "base_import"] + (["openpyxl_ro"] if file_type == "xlsx" else [])
            for reader in readers:
                results[reader, file_type] = run_child(reader, file_type, path)

    print()
    print(f"{'file':5} {'reader':46} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    for (reader, file_type), result in results.items():
        rate = result["rows"] / result["seconds"]
        print(f"{file_type:5} {READERS[reader]:46} {result['rows']:>9,} {result['seconds']:>8.2f} "
              f"{rate:>9,.0f} {result['peak_mb']:>8.1f}")  # fmt: skip
    print("(peak MB: peak resident memory above the child's baseline after imports)")
    print()
    missed = 0
    for file_type in files:
        ours, odoo_reader = results["ours", file_type], results["base_import", file_type]
        for target, met in (
            (f"{file_type}: at least as fast as base_import",
             ours["seconds"] <= odoo_reader["seconds"]),
            (f"{file_type}: peak memory below {MEMORY_TARGET_MB} MB above baseline",
             ours["peak_mb"] < MEMORY_TARGET_MB),
        ):  # fmt: skip
            missed += not met
            print(f"{'MET    ' if met else 'NOT MET'}  {target}")
    if args.rows != 100_000:
        print(f"(targets are set for 100,000 rows; this run used {args.rows:,})")
    if args.strict and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
