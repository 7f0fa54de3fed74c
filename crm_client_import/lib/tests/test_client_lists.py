"""The corpus check of issue 14: no row of the project's client lists (the sample
file and tests/data, see ``bench/bench_skipped_rows.py``) is skipped for a bad
optional cell under the default settings."""

import pytest
from bench_skipped_rows import CLIENT_LISTS, for_an_optional_cell, import_outcome

from lib.normalize import STRICT


def skipped_for_an_optional_cell(outcome):
    return sorted(
        number
        for number, problems in outcome.skipped.items()
        if any(map(for_an_optional_cell, problems))
    )


def test_the_corpus_holds_the_sample_and_the_client_lists_of_the_tests():
    names = {path.name for path in CLIENT_LISTS}
    assert {"sample_clients.csv", "clients_libreoffice.xlsx", "warnings_belgian_firm.csv"} <= names
    assert not names & {"zip_bomb.xlsx", "encrypted.xlsx", "image_renamed.csv", "empty.csv"}


@pytest.mark.parametrize("path", CLIENT_LISTS, ids=lambda path: path.name)
def test_no_row_is_skipped_for_a_bad_optional_cell(path):
    outcome = import_outcome(path)
    assert outcome.rows > 0
    assert skipped_for_an_optional_cell(outcome) == []


def test_the_check_finds_the_rows_the_strict_mode_skips_for_a_bad_cell():
    (path,) = [path for path in CLIENT_LISTS if path.name == "warnings_belgian_firm.csv"]
    assert skipped_for_an_optional_cell(import_outcome(path)) == []
    assert skipped_for_an_optional_cell(import_outcome(path, STRICT)) == [2, 3, 4, 7]
    assert sorted(import_outcome(path).skipped) == [5], "a contact with no name"
