"""Which preset a file's headers match, and the presets shipped with the addon.

A preset knows the headers of one kind of file (an export of the tool a firm
leaves). A file matches it when most of the file's headers are the preset's and
most of the preset's headers are in the file: a TaxDome template in three
languages or a short hand-made list does not pass for an Outlook export.
"""

import ast
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .normalize import fold

FILE_SHARE = 0.75  # of the file's headers, known to the preset
PRESET_SHARE = 0.5  # of the preset's headers, found in the file
MIN_COMMON = 4  # headers in common, at the least


@dataclass(frozen=True)
class PresetShape:
    """A preset as detection sees it: its key (a record id) and its headers."""

    key: object
    headers: frozenset


@dataclass(frozen=True)
class PresetMatch:
    key: object
    file_share: float
    preset_share: float


def shape(key, headers):
    return PresetShape(key, frozenset(filter(None, (fold(header) for header in headers))))


def match_preset(headers, shapes):
    """The ``PresetMatch`` of the preset that fits ``headers`` best, or None."""
    found = {fold(header) for header in headers} - {""}
    best = None
    for candidate in shapes:
        common = len(found & candidate.headers)
        if common < MIN_COMMON:
            continue
        match = PresetMatch(candidate.key, common / len(found), common / len(candidate.headers))
        if match.file_share < FILE_SHARE or match.preset_share < PRESET_SHARE:
            continue
        if best is None or _score(match) > _score(best):
            best = match
    return best


def _score(match):
    return match.file_share + match.preset_share


# --- the presets shipped in data/import_presets.xml ------------------------


@dataclass
class PresetDefinition:
    """A preset record of the data file: ``lines`` is ``{header: target key, or
    None for a column to leave out or import into a new field}``."""

    xml_id: str
    name: str
    description: str
    lines: dict = field(default_factory=dict)


def read_preset_file(text):
    """The presets of ``data/import_presets.xml``, without Odoo: for the benchmark
    and the tests, which check the same data the addon loads."""
    presets = []
    for record in ET.fromstring(text).iter("record"):
        if record.get("model") != "crm.client.import.preset":
            continue
        fields = {node.get("name"): node for node in record.findall("field")}
        preset = PresetDefinition(
            xml_id=record.get("id"),
            name=fields["name"].text,
            description=(fields["description"].text or "") if "description" in fields else "",
        )
        for line in _commands(fields["line_ids"].get("eval")):
            target = line.get("target") if line.get("action", "sync") == "sync" else None
            preset.lines[line["header"]] = target
        presets.append(preset)
    return presets


def _commands(expression):
    """The value dicts of ``Command.create({...})`` calls in an ``eval`` attribute."""
    return [
        ast.literal_eval(node.args[0])
        for node in ast.walk(ast.parse(expression, mode="eval"))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "create"
    ]
