import dataclasses
import json

import pytest

from lib import catalogue, mapping, normalize, synonyms
from lib.catalogue import Target, default_targets, targets_by_key


def test_default_targets_is_a_fresh_list():
    first = default_targets()
    first.append(Target("account.x_sector", "account", "Sector", field_name="x_sector"))
    assert "account.x_sector" not in targets_by_key(default_targets())


def test_keys_are_unique_and_prefixed_by_their_side():
    targets = default_targets()
    assert len(targets_by_key(targets)) == len(targets)
    for target in targets:
        assert target.key.split(".")[0] == target.side


def test_catalogue_covers_the_brief():
    keys = set(targets_by_key(default_targets()))
    expected = {
        "account.name",
        "account.type",
        "contact.name",
        "contact.first_name",
        "contact.last_name",
        "contact.email",
        "contact.extra_emails",
        "contact.phone",
        "contact.mobile",
        "account.website",
        "account.street",
        "account.street2",
        "account.zip",
        "account.city",
        "account.state",
        "account.country",
        "contact.street",
        "contact.city",
        "contact.country",
        "account.vat",
        "account.vat_country",
        "account.company_registry",
        "contact.national_number",
        "account.legal_form",
        "account.ref",
        "account.lang",
        "account.iban",
        "account.iban_country",
        "account.bic",
        "account.notes",
        "account.tags",
        "account.assignee",
        "spouse.first_name",
        "spouse.last_name",
        "spouse.email",
        "spouse.phone",
        "spouse.mobile",
        "spouse.national_number",
    }
    assert expected <= keys


@pytest.mark.parametrize(
    ("key", "writer", "field_name"),
    [
        ("account.name", "field", "name"),
        ("account.company_registry", "field", "company_registry"),
        ("account.ref", "field", "ref"),
        ("account.notes", "field", "comment"),
        ("account.iban", "bank", None),
        ("account.bic", "bank", None),
        ("account.tags", "tags", "category_id"),
        ("account.assignee", "user", "user_id"),
        ("account.country", "country", "country_id"),
        ("account.state", "state", "state_id"),
        ("account.lang", "lang", "lang"),
        ("account.legal_form", "title", "title"),
        ("contact.mobile", "field", "mobile"),
        ("account.vat_country", "merged", None),
    ],
)
def test_how_targets_are_written(key, writer, field_name):
    target = targets_by_key(default_targets())[key]
    assert (target.writer, target.field_name) == (writer, field_name)


def test_multi_valued_targets():
    multi = {target.key for target in default_targets() if not target.single}
    assert multi == {
        "account.extra_emails",
        "contact.extra_emails",
        "account.notes",
        "contact.notes",
        "spouse.notes",
        "account.tags",
    }


def test_every_side_has_notes_and_only_the_accounts_have_header_synonyms():
    # A person's notes are found by the header grammar (role + noun), never by a
    # synonym of their own.
    by_key = targets_by_key(default_targets())
    for side in catalogue.SIDES:
        notes = by_key[f"{side}.notes"]
        assert (notes.writer, notes.field_name, notes.single) == ("field", "comment", False)
    assert "account.notes" in synonyms.HEADER_SYNONYMS
    assert not {"contact.notes", "spouse.notes"} & set(synonyms.HEADER_SYNONYMS)
    headers = ["Opmerkingen", "Notities", "Remarks", "Opmerking contactpersoon", "Notes partner"]
    suggestion = mapping.suggest_mapping(headers)
    assert [column.target for column in suggestion.columns] == [
        "account.notes",
        "account.notes",
        "account.notes",
        "contact.notes",
        "spouse.notes",
    ]


def test_every_named_normalizer_exists():
    for target in default_targets():
        assert target.normalizer in normalize.NORMALIZERS, target.key


def test_target_is_frozen_and_checks_its_arguments():
    target = default_targets()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.label = "Other"
    with pytest.raises(ValueError, match="side"):
        Target("company.name", "company", "Name", field_name="name")
    with pytest.raises(ValueError, match="field_name"):
        Target("account.x_sector", "account", "Sector")
    with pytest.raises(ValueError, match="writer"):
        Target("account.x_sector", "account", "Sector", writer="magic")
    with pytest.raises(ValueError, match="new:"):
        Target("new:x_sector", "account", "Sector", field_name="x_sector")


def test_targets_by_key_refuses_duplicates():
    targets = default_targets()
    with pytest.raises(ValueError, match=r"account\.name"):
        targets_by_key([*targets, targets[0]])


def test_labels_are_unique_once_folded():
    folded = [normalize.fold(target.label) for target in default_targets()]
    assert len(set(folded)) == len(folded)


def test_no_header_synonym_points_to_two_targets():
    seen = {}
    for key, languages in synonyms.HEADER_SYNONYMS.items():
        headers = [header for headers in languages.values() for header in headers]
        for header in headers + synonyms.WEAK_HEADER_SYNONYMS.get(key, []):
            folded = normalize.fold(header)
            assert seen.setdefault(folded, key) == key, f"{header!r}: {seen[folded]} and {key}"
    labels = {normalize.fold(target.label): target.key for target in default_targets()}
    for folded, key in seen.items():
        assert labels.get(folded, key) == key, f"{folded!r} is the label of {labels[folded]}"
    ignored = {normalize.fold(header) for header in synonyms.IGNORED_HEADERS}
    assert not ignored & (set(seen) | set(labels))


def test_synonyms_only_name_known_targets():
    keys = set(targets_by_key(default_targets()))
    assert set(synonyms.HEADER_SYNONYMS) <= keys
    assert set(synonyms.WEAK_HEADER_SYNONYMS) <= keys


def test_every_english_label_maps_itself_at_full_confidence():
    targets = default_targets()
    suggestion = mapping.suggest_mapping([target.label for target in targets])
    for target, column in zip(targets, suggestion.columns, strict=True):
        assert (column.action, column.target, column.confidence) == ("sync", target.key, 100)


def test_an_integrator_target_works_end_to_end():
    def sector(value, context, country):
        return normalize.Cleaned(value.strip().upper())

    targets = [
        *default_targets(),
        Target("account.x_sector", "account", "Sector", field_name="x_sector", normalizer=sector),
    ]
    suggestion = mapping.suggest_mapping(["Account name", "Sector"], targets)
    assert [column.target for column in suggestion.columns] == ["account.name", "account.x_sector"]
    raw = mapping.apply_mapping(["Acme", " bakery "], suggestion, targets)
    clean, problems = normalize.normalize_values(raw, targets)
    assert clean == {"account.name": "Acme", "account.x_sector": "BAKERY"}
    assert problems == []


def test_labels_are_json_friendly_strings():
    payload = [
        {"key": target.key, "label": target.label, "help": target.help}
        for target in default_targets()
    ]
    assert json.loads(json.dumps(payload)) == payload
    assert all(isinstance(target.label, str) and target.label for target in default_targets())


def test_companions_point_to_merged_country_targets():
    by_key = targets_by_key(default_targets())
    for key, companion in catalogue.COUNTRY_COMPANIONS.items():
        assert key in by_key
        assert by_key[companion].writer == catalogue.MERGED
        assert by_key[companion].normalizer == "country"
