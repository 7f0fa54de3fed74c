"""The corpus of real header sets (tests/data/headers/, see its README) mapped
as an import maps them: preset detection, then ``suggest_mapping``."""

import json
from pathlib import Path

import pytest

from lib.catalogue import default_targets, numbered_key
from lib.mapping import SYNC, suggest_mapping
from lib.presets import match_preset, read_preset_file, shape

ADDON = Path(__file__).resolve().parents[2]
CORPUS = {
    path.stem: json.loads(path.read_text("utf-8"))
    for path in (ADDON / "tests/data/headers").glob("*.json")
}
PRESETS = read_preset_file((ADDON / "data/import_presets.xml").read_text("utf-8"))
KEYS = {target.key for target in default_targets()}


def mapped(data):
    headers = [header for header, _expected in data["headers"]]
    match = match_preset(headers, [shape(preset, preset.lines) for preset in PRESETS])
    mapping = suggest_mapping(headers, learned=match.key.lines if match else None)
    return [
        (
            column,
            numbered_key(column.target, column.contact_number) if column.action == SYNC else None,
        )
        for column in mapping.columns
    ]


def test_the_corpus_has_forty_sourced_sets_in_five_languages():
    assert len(CORPUS) >= 40
    assert {data["language"] for data in CORPUS.values()} >= {"nl", "fr", "en", "de", "ro"}
    for data in CORPUS.values():
        assert len(data["source"]) > 20 and data["headers"]
        for _header, expected in data["headers"]:
            assert (
                expected is None
                or expected.replace("contact2.", "contact.").replace("contact3.", "contact.")
                in KEYS
            )


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_no_column_is_wrongly_imported_at_full_confidence(name):
    wrong = [
        (column.header, got, expected)
        for (column, got), (_header, expected) in zip(
            mapped(CORPUS[name]), CORPUS[name]["headers"], strict=True
        )
        if got and got != expected and column.confidence >= 90
    ]
    assert wrong == []


def test_ninety_five_percent_of_the_columns_are_mapped_exactly_right():
    exact = total = 0
    for data in CORPUS.values():
        for (_column, got), (_header, expected) in zip(mapped(data), data["headers"], strict=True):
            exact += got == expected
            total += 1
    assert exact / total >= 0.95
