"""The downloadable XLSX template (pure openpyxl; labels come translated from
the caller).

The template's headers are the catalogue labels, so a filled-in template maps
itself at full confidence; its drop-downs list the values the normalizers read.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import catalogue
from .errors import _lt
from .normalize import ACCOUNT_TYPES, COUNTRY_CODES, LEGAL_FORM_CODES
from .synonyms import LANGUAGE_VALUES

# Template columns, in the order a firm fills them in: the account, its
# identifiers, address and bank, then the contact, then the spouse.
TEMPLATE_KEYS = (
    "account.name",
    "account.type",
    "account.legal_form",
    "account.company_registry",
    "account.vat",
    "account.street",
    "account.zip",
    "account.city",
    "account.country",
    "account.lang",
    "account.email",
    "account.phone",
    "account.website",
    "account.iban",
    "account.bic",
    "account.tags",
    "account.assignee",
    "account.ref",
    "account.notes",
    "contact.first_name",
    "contact.last_name",
    "contact.email",
    "contact.mobile",
    "contact.phone",
    "contact.national_number",
    "contact.send_invitation",
    "spouse.first_name",
    "spouse.last_name",
    "spouse.email",
    "spouse.mobile",
    "spouse.national_number",
)

# A company with its contact person, and a private person with a spouse. The
# numbers pass their checks (enterprise number and national numbers by mod 97).
_EXAMPLES = (
    {
        "account.name": "Bakkerij Peeters BV",
        "account.type": "company",
        "account.legal_form": "BV",
        "account.company_registry": "0412.345.614",
        "account.vat": "BE0412345614",
        "account.street": "Kerkstraat 12",
        "account.zip": "9000",
        "account.city": "Gent",
        "account.country": "BE",
        "account.lang": "nl",
        "account.email": "info@bakkerij-peeters.example",
        "account.phone": "+32 9 223 45 67",
        "account.website": "www.bakkerij-peeters.example",
        "account.iban": "BE68 5390 0754 7034",
        "account.bic": "GKCCBEBB",
        "account.tags": "Vennootschapsbelasting, Btw maandelijks",
        "account.assignee": "an.dewilde@kantoor.example",
        "account.ref": "K0001",
        "account.notes": "Boekjaar sluit op 31/12",
        "contact.first_name": "Pieter",
        "contact.last_name": "Peeters",
        "contact.email": "pieter@bakkerij-peeters.example",
        "contact.mobile": "+32 471 23 45 67",
        "contact.send_invitation": "no",
    },
    {
        "account.name": "Jan Janssens",
        "account.type": "individual",
        "account.street": "Lindenlaan 5 bus 2",
        "account.zip": "2000",
        "account.city": "Antwerpen",
        "account.country": "BE",
        "account.lang": "nl",
        "account.tags": "Personenbelasting",
        "account.assignee": "an.dewilde@kantoor.example",
        "account.ref": "K0002",
        "contact.first_name": "Jan",
        "contact.last_name": "Janssens",
        "contact.email": "jan.janssens@mail.example",
        "contact.mobile": "+32 478 12 34 56",
        "contact.national_number": "85.07.30-033.28",
        "contact.send_invitation": "no",
        "spouse.first_name": "Els",
        "spouse.last_name": "Claes",
        "spouse.email": "els.claes@mail.example",
        "spouse.mobile": "+32 479 65 43 21",
        "spouse.national_number": "01.02.14-102.27",
    },
)

MAX_ROWS = 1000  # rows that get the drop-downs
_TEXT = "@"  # Excel must keep 0471..., 85073003328 or 9000 as typed
_SHEET_TITLE_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")


def template_columns(targets):
    """``[(key, label)]``: the standard template columns present in ``targets``,
    then the plain fields an integrator added to the catalogue."""
    by_key = {target.key: target for target in targets}
    standard_keys = {target.key for target in catalogue.default_targets()}
    keys = [key for key in TEMPLATE_KEYS if key in by_key]
    keys += [
        target.key
        for target in targets
        if target.key not in standard_keys and target.writer == catalogue.FIELD
    ]
    return [(key, by_key[key].label) for key in keys]


def template_example_rows(columns=None):
    """Two realistic Belgian rows aligned with ``columns`` (default: the standard
    template columns)."""
    if columns is None:
        columns = [(key, "") for key in TEMPLATE_KEYS]
    return [[example.get(key, "") for key, _label in columns] for example in _EXAMPLES]


def template_value_lists(languages=None):
    """``{key: (sheet label, values)}`` for the drop-downs of the template.

    ``languages``: the language codes to offer (e.g. the installed ones, as
    ``nl``, ``fr`` or ``nl_BE``); default nl, fr, de, en, ro.
    """
    return {
        "account.type": (_lt("Account types"), list(ACCOUNT_TYPES)),
        "account.legal_form": (_lt("Legal forms"), list(LEGAL_FORM_CODES)),
        "account.country": (_lt("Country codes"), list(COUNTRY_CODES)),
        "account.lang": (_lt("Languages"), list(languages or LANGUAGE_VALUES)),
        "contact.send_invitation": (_lt("Yes/No"), ["yes", "no"]),
    }


def _sheet_title(text):
    """A title Excel accepts: no []:*?/\\ and at most 31 characters."""
    return str(text).translate(_SHEET_TITLE_FORBIDDEN)[:31] or "Sheet"


def _quoted(title):
    return "'" + title.replace("'", "''") + "'"


def build_template(
    columns,
    example_rows,
    value_lists,
    sheet_title="Clients",
    values_title="Values",
    max_rows=MAX_ROWS,
):
    """The template as XLSX bytes.

    ``columns``: ``[(key, header label)]``; ``example_rows``: rows aligned with
    them; ``value_lists``: ``{key: (label, values)}``, each listed in a column of
    the values sheet and offered as a drop-down in the matching column of the
    first sheet (rows 2 to ``max_rows + 1``). Cells are formatted as text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    values_sheet = workbook.create_sheet(_sheet_title(values_title))
    bold = Font(bold=True)

    sheet.append([label for _key, label in columns])
    for cell in sheet[1]:
        cell.font = bold
    for row in example_rows:
        sheet.append([str(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.number_format = _TEXT
    sheet.freeze_panes = "A2"
    for position, (_key, label) in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(position)]
        dimension.width = max(12, len(str(label)) + 4)
        dimension.number_format = _TEXT

    list_ranges = {}
    for position, (key, (label, values)) in enumerate(value_lists.items(), start=1):
        letter = get_column_letter(position)
        values_sheet.cell(row=1, column=position, value=str(label)).font = bold
        for row, value in enumerate(values, start=2):
            values_sheet.cell(row=row, column=position, value=str(value))
        values_sheet.column_dimensions[letter].width = max(12, len(str(label)) + 4)
        last_row = len(values) + 1
        list_ranges[key] = f"{_quoted(values_sheet.title)}!${letter}$2:${letter}${last_row}"

    for position, (key, _label) in enumerate(columns, start=1):
        if key not in list_ranges:
            continue
        # A warning, not a stop: the import also reads names ("Belgique", "Frans").
        validation = DataValidation(
            type="list",
            formula1=list_ranges[key],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
        )
        letter = get_column_letter(position)
        validation.add(f"{letter}2:{letter}{max_rows + 1}")
        sheet.add_data_validation(validation)

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
