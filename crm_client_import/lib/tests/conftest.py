"""Fixtures for the reader tests: the real files in tests/data and a small
builder for hand-written XLSX packages (shapes no office program writes)."""

import io
import zipfile
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SHEET_MAIN_TYPE}"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG_REL_NS}">
<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

DEFAULT_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN_NS}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>"""


def styles_with_formats(*format_codes):
    """styles.xml whose cell style i+1 uses format_codes[i] (style 0 is General)."""
    numfmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{code}"/>' for i, code in enumerate(format_codes)
    )
    xfs = '<xf numFmtId="0"/>' + "".join(
        f'<xf numFmtId="{164 + i}"/>' for i in range(len(format_codes))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
        f"<numFmts>{numfmts}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>"
    )


def sheet_xml(rows_xml, dimension="A1", after_data=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData>{after_data}</worksheet>'
    )


def build_xlsx(
    sheets,
    shared_strings=None,
    styles=DEFAULT_STYLES,
    workbook_pr="",
    replace=None,
    compression=zipfile.ZIP_DEFLATED,
):
    """Bytes of an XLSX package.

    ``sheets``: list of (name, state, sheet xml). ``shared_strings``: list of
    <si> inner XML strings. ``replace``: {part name: bytes} written instead.
    """
    replace = replace or {}
    sheet_entries, rels, parts = [], [], {}
    for index, (name, state, xml) in enumerate(sheets, start=1):
        state_attr = f' state="{state}"' if state != "visible" else ""
        sheet_entries.append(
            f'<sheet name="{name}" sheetId="{index}"{state_attr} r:id="rId{index}"/>'
        )
        rels.append(
            f'<Relationship Id="rId{index}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
        parts[f"xl/worksheets/sheet{index}.xml"] = xml
    rels.append(f'<Relationship Id="rIdS" Type="{REL_NS}/styles" Target="styles.xml"/>')
    parts["xl/styles.xml"] = styles
    if shared_strings is not None:
        rels.append(
            f'<Relationship Id="rIdT" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        items = "".join(f"<si>{item}</si>" for item in shared_strings)
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}">{items}</sst>'
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f"{workbook_pr}<sheets>{''.join(sheet_entries)}</sheets></workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        f"{''.join(rels)}</Relationships>"
    )
    parts["[Content_Types].xml"] = CONTENT_TYPES
    parts["_rels/.rels"] = ROOT_RELS
    parts.update(replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, content in parts.items():
            package.writestr(name, content if isinstance(content, bytes) else content.encode())
    return buffer.getvalue()


def inline_row(number, *values):
    """A <row> of inline-string cells from column A."""
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values)
        if value is not None
    )
    return f'<row r="{number}">{cells}</row>'


class XlsxKit:
    """The builders above, handed to tests as a fixture (tests cannot import conftest)."""

    build = staticmethod(build_xlsx)
    sheet = staticmethod(sheet_xml)
    row = staticmethod(inline_row)
    styles = staticmethod(styles_with_formats)


@pytest.fixture(scope="session")
def xlsx():
    return XlsxKit()


@pytest.fixture(scope="session")
def data_dir():
    return DATA_DIR
