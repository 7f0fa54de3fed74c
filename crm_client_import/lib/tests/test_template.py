import io
import re
import zipfile

import openpyxl
import pytest

from lib import normalize
from lib.catalogue import Target, default_targets, targets_by_key
from lib.mapping import apply_mapping, suggest_mapping
from lib.template import (
    MAX_ROWS,
    TEMPLATE_KEYS,
    build_template,
    template_columns,
    template_example_rows,
    template_value_lists,
)


def _read(data):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def columns():
    return template_columns(default_targets())


@pytest.fixture(scope="module")
def workbook(columns):
    data = build_template(columns, template_example_rows(columns), template_value_lists())
    return _read(data)


def _rows(sheet):
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def test_template_columns_follow_the_standard_order(columns):
    labels = targets_by_key(default_targets())
    assert [key for key, _label in columns] == list(TEMPLATE_KEYS)
    assert all(label == labels[key].label for key, label in columns)
    keys = [key for key, _label in columns]
    assert keys.index("account.name") == 0
    assert (
        keys.index("account.vat")
        < keys.index("contact.first_name")
        < keys.index("spouse.first_name")
    )


def test_template_columns_add_integrator_fields_at_the_end():
    targets = [
        *default_targets(),
        Target("account.x_sector", "account", "Sector", field_name="x_sector"),
    ]
    keys = [key for key, _label in template_columns(targets)]
    assert keys[-1] == "account.x_sector"
    assert "contact.street" not in keys and "account.vat_country" not in keys


def test_header_row_is_bold_and_frozen(workbook, columns):
    sheet = workbook.worksheets[0]
    assert sheet.title == "Clients"
    assert [cell.value for cell in sheet[1]] == [label for _key, label in columns]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"


def test_two_example_rows_kept_as_text(workbook, columns):
    sheet = workbook.worksheets[0]
    rows = _rows(sheet)
    assert len(rows) == 3
    company, person = (dict(zip([key for key, _ in columns], row, strict=True)) for row in rows[1:])
    assert company["account.type"] == "company" and company["account.legal_form"] == "BV"
    assert company["contact.first_name"] and not company["spouse.first_name"]
    assert person["account.type"] == "individual" and person["spouse.first_name"]
    assert person["contact.national_number"] and person["spouse.national_number"]
    assert all(isinstance(value, str) for row in rows for value in row)
    assert sheet.cell(row=2, column=1).number_format == "@"
    assert sheet.column_dimensions["A"].number_format == "@"


def test_values_sheet_lists_the_value_lists(workbook):
    values = workbook["Values"]
    lists = template_value_lists()
    headers = [cell.value for cell in values[1]]
    assert headers == [label for label, _values in lists.values()]
    for position, (_label, expected) in enumerate(lists.values(), start=1):
        column = [
            values.cell(row=row, column=position).value for row in range(2, values.max_row + 1)
        ]
        assert [value for value in column if value is not None] == expected
    assert "BV" in lists["account.legal_form"][1] and "SRL" in lists["account.legal_form"][1]
    assert "BE" in lists["account.country"][1] and "NL" in lists["account.country"][1]
    assert lists["account.lang"][1][:4] == ["nl", "fr", "de", "en"]


def test_drop_downs_point_at_the_values_sheet(workbook, columns):
    sheet = workbook.worksheets[0]
    keys = [key for key, _label in columns]
    lists = template_value_lists()
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert len(validations) == len(lists)
    for list_position, (key, (_label, values)) in enumerate(lists.items(), start=1):
        letter = openpyxl.utils.get_column_letter(keys.index(key) + 1)
        values_letter = openpyxl.utils.get_column_letter(list_position)
        validation = validations[f"{letter}2:{letter}{MAX_ROWS + 1}"]
        assert validation.type == "list"
        assert validation.formula1 == (
            f"'Values'!${values_letter}$2:${values_letter}${len(values) + 1}"
        )


def test_drop_downs_allow_empty_cells_and_other_values(columns):
    # read the XML itself: openpyxl 3.1 reads allowBlank back as False
    data = build_template(columns, [], template_value_lists())
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    validations = re.findall(r"<dataValidation [^>]*>", sheet_xml)
    assert len(validations) == len(template_value_lists())
    for validation in validations:
        assert 'allowBlank="1"' in validation
        assert 'errorStyle="warning"' in validation


def test_every_template_value_is_read_by_its_normalizer():
    by_key = targets_by_key(default_targets())
    installed = ["nl_BE", "fr_BE", "de_DE", "en_US", "ro_RO"]
    context = normalize.NormalizeContext(installed_languages=installed)
    for key, (_label, values) in template_value_lists().items():
        normalizer = normalize.NORMALIZERS[by_key[key].normalizer]
        for value in values:
            result = normalizer(value, context, "BE")
            assert result.value is not None and not result.problems, (key, value)


def test_filled_in_template_maps_itself_and_its_examples_are_clean(workbook, columns):
    rows = _rows(workbook.worksheets[0])
    suggestion = suggest_mapping(rows[0], sample_rows=rows[1:])
    for column, (key, _label) in zip(suggestion.columns, columns, strict=True):
        assert (column.action, column.target, column.confidence) == ("sync", key, 100)
    context = normalize.NormalizeContext(default_country="BE", installed_languages=["nl_BE"])
    targets = targets_by_key(default_targets())
    cleaned = []
    for row in rows[1:]:
        clean, problems = normalize.normalize_values(
            apply_mapping(row, suggestion), targets, context
        )
        assert problems == []
        cleaned.append(clean)
    assert cleaned[0]["account.vat"] == "BE0412345614"
    assert cleaned[0]["account.company_registry"] == "0412345614"
    assert cleaned[1]["account.lang"] == "nl_BE"
    assert cleaned[1]["spouse.national_number"].startswith("01")


def test_translated_labels_and_sheet_names():
    columns = [("account.name", "Nom du compte"), ("account.country", "Pays")]
    lists = {"account.country": ("Codes pays", ["BE", "FR"])}
    data = build_template(
        columns,
        [["Dupont SRL", "BE"]],
        lists,
        sheet_title="Clients [import]",
        values_title="Valeurs d'exemple",
        max_rows=10,
    )
    workbook = _read(data)
    assert workbook.sheetnames == ["Clients import", "Valeurs d'exemple"]
    (validation,) = workbook.worksheets[0].data_validations.dataValidation
    assert str(validation.sqref) == "B2:B11"
    assert validation.formula1 == "'Valeurs d''exemple'!$A$2:$A$3"
    labels = {"account.name": ["Nom du compte"], "account.country": ["Pays"]}
    rows = _rows(workbook.worksheets[0])
    suggestion = suggest_mapping(rows[0], extra_labels=labels)
    assert [(c.target, c.confidence) for c in suggestion.columns] == [
        ("account.name", 100),
        ("account.country", 100),
    ]


def test_language_list_can_follow_the_installed_languages():
    assert template_value_lists(["nl_BE", "fr_BE"])["account.lang"][1] == ["nl_BE", "fr_BE"]


def test_example_rows_follow_any_column_order():
    columns = [("contact.last_name", "Last name"), ("account.x_sector", "Sector")]
    assert template_example_rows(columns) == [["Peeters", ""], ["Janssens", ""]]
