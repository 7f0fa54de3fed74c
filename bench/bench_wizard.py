"""Time each step transition of the import wizard on a 1,000-row client list.

Run it in an Odoo shell on a database where crm_client_import is installed::

    python3 -m odoo shell -d DATABASE --no-http < bench/bench_wizard.py

(``make run`` makes one: ``client_import``; add ``--addons-path`` and the
``--db_*`` options it uses.) Set ``CCI_BENCH_ROWS`` for another size. Every
transition is measured the way the web client drives it: the button's method,
then reading back what the form shows (preview, column lines, review). Nothing
is kept: the transaction is rolled back at the end. The target is under one
second per transition; the figures are printed, not asserted.
"""

import base64
import csv
import io
import os
import random
import time

ROWS = int(os.environ.get("CCI_BENCH_ROWS", "1000"))
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
    "IBAN",
    "Taal",
    "Tags",
    "Klant sinds",
]
WIZARD_FIELDS = [
    "step",
    "upload_file_name",
    "file_type",
    "preview_html",
    "csv_encoding",
    "csv_delimiter",
    "sheet_id",
    "header_row",
    "account_name_line_id",
    "review_html",
    "excluded_rows_text",
    "tag_ids",
    "duplicate_policy",
]
LINE_FIELDS = ["header", "samples", "action", "account_target", "contact_target", "confidence"]


def client_list(rows):
    random.seed(7)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for number in range(rows):
        first = random.choice(["Jan", "An", "Luc", "Els", "Marie", "Pieter", "Sofie"])
        last = random.choice(["Peeters", "Maes", "Janssens", "Claes", "Wouters", "Dubois"])
        company = random.random() < 0.6
        writer.writerow(
            [
                f"{last} {'BV' if company else first} {number}",
                "Bedrijf" if company else "Particulier",
                first,
                last,
                f"{first.lower()}.{last.lower()}.{number}@example.com",
                f"09 2{random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}",
                f"0471 {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}",
                f"Kerkstraat {random.randint(1, 200)}",
                random.choice(["9000", "1000", "2000", "3000", "8000"]),
                random.choice(["Gent", "Brussel", "Antwerpen", "Leuven", "Brugge"]),
                "BE",
                "",
                "",
                random.choice(["nl", "fr"]),
                random.choice(["Monthly VAT", "Personal tax", ""]),
                f"{random.randint(1, 28):02d}/{random.randint(1, 12):02d}/2019",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def read_form(wizard):
    """What the form asks for after each button: the wizard and its column lines."""
    wizard.invalidate_recordset()
    wizard.read(WIZARD_FIELDS)
    wizard.line_ids.read(LINE_FIELDS)


def timed(label, function, wizard, results):
    start = time.perf_counter()
    function()
    read_form(wizard)
    env.flush_all()  # noqa: F821 (the Odoo shell's env)
    elapsed = time.perf_counter() - start
    results.append((label, elapsed))
    print(f"{label:<40} {elapsed * 1000:8.0f} ms", flush=True)


def main():
    Job = env["crm.client.import.job"]  # noqa: F821
    data = client_list(ROWS)
    print(f"Wizard step transitions, {ROWS} rows, {len(HEADER)} columns, {len(data)} bytes")
    results = []
    action = Job.action_open_wizard()
    wizard = env["crm.client.import.wizard"].browse(action["res_id"])  # noqa: F821
    timed(
        "open the wizard (menu)",
        lambda: None,
        wizard,
        results,
    )
    timed(
        "upload the file (read, detect, map)",
        lambda: wizard.write(
            {"upload_file": base64.b64encode(data).decode(), "upload_file_name": "bench.csv"}
        ),
        wizard,
        results,
    )
    timed(
        "change the delimiter (read again)",
        lambda: wizard.write({"csv_delimiter": ";"}),
        wizard,
        results,
    )
    timed("Continue: Upload -> Accounts", wizard.action_next_step, wizard, results)
    timed(
        "edit a column and save",
        lambda: wizard.write({"line_ids": [(1, wizard.line_ids[-1].id, {"action": "ignore"})]}),
        wizard,
        results,
    )
    timed("Continue: Accounts -> Settings", wizard.action_next_step, wizard, results)
    timed("Continue: Settings -> Contacts", wizard.action_next_step, wizard, results)
    timed("Continue: Contacts -> Review (review)", wizard.action_next_step, wizard, results)
    timed("Back: Review -> Contacts", wizard.action_previous_step, wizard, results)
    timed("Continue: Contacts -> Review again", wizard.action_next_step, wizard, results)
    timed(
        "leave rows out and update the review",
        lambda: (
            wizard.write({"excluded_rows_text": "2-11"}),
            wizard.action_refresh_review(),
        ),
        wizard,
        results,
    )
    review = wizard.job_id.review
    print(
        f"review: {review['new_accounts']} new accounts, {review['new_contacts']} new contacts, "
        f"{review['invalid_rows']} invalid rows, {review['excluded_rows']} left out"
    )
    slowest = max(results, key=lambda item: item[1])
    print(f"slowest: {slowest[0]} {slowest[1] * 1000:.0f} ms (target: under 1000 ms)")
    env.cr.rollback()  # noqa: F821


main()
