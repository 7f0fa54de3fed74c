import json
from pathlib import Path

import pytest

from lib.catalogue import default_targets
from lib.presets import match_preset, read_preset_file, shape

ADDON = Path(__file__).resolve().parents[2]
PRESETS = read_preset_file((ADDON / "data/import_presets.xml").read_text("utf-8"))
SHAPES = [shape(preset.xml_id, preset.lines) for preset in PRESETS]


def headers_of(name):
    data = json.loads((ADDON / f"tests/data/headers/{name}.json").read_text("utf-8"))
    return [header for header, _target in data["headers"]]


@pytest.mark.parametrize(
    ("corpus", "preset"),
    [
        ("outlook", "preset_outlook"),
        ("google_contacts", "preset_google_contacts"),
        ("google_contacts_legacy", "preset_google_contacts_legacy"),
        ("xero_contacts", "preset_xero"),
        ("octopus_csv", "preset_octopus"),
        ("softpro_parteneri", "preset_softpro"),
        ("numnum_en", "preset_numnum"),
        ("accounton_en", "preset_accounton"),
    ],
)
def test_an_export_is_recognised_by_its_headers(corpus, preset):
    assert match_preset(headers_of(corpus), SHAPES).key == preset


def test_a_few_extra_or_missing_columns_still_match():
    headers = [*headers_of("outlook")[:-4], "Klantnummer", "Dossierbeheerder"]
    match = match_preset(headers, SHAPES)
    assert match.key == "preset_outlook"
    assert 0.75 <= match.file_share < 1 and match.preset_share < 1


@pytest.mark.parametrize(
    "corpus", ["taxdome_nl", "kleisteen", "crm_prospects_contact_blocks", "mice_operations"]
)
def test_other_files_match_no_preset(corpus):
    # the TaxDome preset knows three languages: one of them is too little of it
    assert match_preset(headers_of(corpus), SHAPES) is None


def test_too_few_common_headers_match_nothing():
    assert match_preset(["First Name", "Last Name", "Company"], SHAPES) is None


def test_every_shipped_preset_names_its_source_and_known_fields():
    keys = {target.key for target in default_targets()}
    assert len(PRESETS) >= 14
    for preset in PRESETS:
        assert preset.description and preset.name
        assert {target for target in preset.lines.values() if target} <= keys, preset.xml_id
