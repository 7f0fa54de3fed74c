"""The translations are complete: every term of the .pot is translated in every
language, none is fuzzy, and each keeps the placeholders and markup of its term."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ADDON_DIR = Path(__file__).resolve().parents[2]
# This addon's folder, and the queue bridge's next to it in the repository.
I18N_DIRS = [
    path / "i18n"
    for path in (ADDON_DIR, ADDON_DIR.parent / "crm_client_import_queue")
    if (path / "i18n").is_dir()
]
LANGUAGES = ("de", "fr", "nl", "ro")
# What a translation must keep as it is: %(name)s and %s, {...} and {{ ... }}
# (folder names, mail templates), QWeb attributes and the tags of view terms.
KEPT = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{[^{}]*\}|\bt-[\w-]+=\"[^\"]*\"|</?\w+")


def kept_parts(text):
    return Counter(KEPT.findall(text))


def catalogue_problems(template, catalogue):
    """What is wrong with ``catalogue`` (a polib .po) against ``template`` (the .pot)."""
    entries = {entry.msgid: entry for entry in catalogue if not entry.obsolete}
    problems = []
    for term in template:
        entry = entries.get(term.msgid)
        if entry is None:
            problems.append(f"missing: {term.msgid!r}")
        elif not entry.msgstr.strip():
            problems.append(f"empty: {term.msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {term.msgid!r}")
        elif kept_parts(entry.msgstr) != kept_parts(term.msgid):
            problems.append(f"placeholders or markup differ: {term.msgid!r} / {entry.msgstr!r}")
    return problems


def _entry(msgid, msgstr="", fuzzy=False):
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [])


def _catalogue(*entries):
    catalogue = polib.POFile()
    catalogue.extend(entries)
    return catalogue


TEMPLATE = _catalogue(_entry("Rows read: %(count)s"), _entry('Hello <t t-out="object.name"/>'))


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ([_entry("Rows read: %(count)s", "Rijen gelezen: %(count)s")], "missing"),
        (
            [_entry("Rows read: %(count)s", ""), _entry('Hello <t t-out="object.name"/>', "x")],
            "empty",
        ),
        (
            [
                _entry("Rows read: %(count)s", "Rijen gelezen: %(count)s", fuzzy=True),
                _entry('Hello <t t-out="object.name"/>', 'Hallo <t t-out="object.name"/>'),
            ],
            "fuzzy",
        ),
        (
            [
                _entry("Rows read: %(count)s", "Rijen gelezen: %(aantal)s"),
                _entry('Hello <t t-out="object.name"/>', 'Hallo <t t-out="object.name"/>'),
            ],
            "placeholders",
        ),
        (
            [
                _entry("Rows read: %(count)s", "Rijen gelezen: %(count)s"),
                _entry('Hello <t t-out="object.name"/>', 'Hallo <t t-out="object.naam"/>'),
            ],
            "placeholders",
        ),
    ],
)
def test_the_check_finds_each_kind_of_problem(entries, problem):
    problems = catalogue_problems(TEMPLATE, _catalogue(*entries))
    assert problems
    assert problems[0].startswith(problem)


def test_the_check_accepts_a_complete_translation():
    catalogue = _catalogue(
        _entry("Rows read: %(count)s", "Rijen gelezen: %(count)s"),
        _entry('Hello <t t-out="object.name"/>', 'Hallo <t t-out="object.name"/>'),
    )
    assert catalogue_problems(TEMPLATE, catalogue) == []


@pytest.mark.parametrize("i18n_dir", I18N_DIRS, ids=lambda path: path.parent.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_term_is_translated(i18n_dir, language):
    template = polib.pofile(str(i18n_dir / f"{i18n_dir.parent.name}.pot"))
    catalogue = polib.pofile(str(i18n_dir / f"{language}.po"))
    assert len(template) > 20
    assert catalogue.metadata["Language"] == language
    assert catalogue_problems(template, catalogue) == []
