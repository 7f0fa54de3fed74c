import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.names import AUTO, FIRST_LAST, LAST_FIRST, full_name, split_full_name, split_household


@pytest.mark.parametrize(
    ("full", "order", "first", "last"),
    [
        ("Peeters Jan", LAST_FIRST, "Jan", "Peeters"),
        ("Peeters Jan", FIRST_LAST, "Peeters", "Jan"),
        ("Van den Broeck Marie", LAST_FIRST, "Marie", "Van den Broeck"),
        ("De Smet Anne-Sophie", LAST_FIRST, "Anne-Sophie", "De Smet"),
        ("Peeters-Janssens Marie Louise", LAST_FIRST, "Marie Louise", "Peeters-Janssens"),
        ("Marie Louise Peeters-Janssens", FIRST_LAST, "Marie Louise", "Peeters-Janssens"),
        ("Marie Van den Broeck", FIRST_LAST, "Marie", "Van den Broeck"),
        ("Anne de la Fontaine", FIRST_LAST, "Anne", "de la Fontaine"),
        ("Van den Broeck, Marie", FIRST_LAST, "Marie", "Van den Broeck"),  # the comma wins
        ("JANSSENS Peter", FIRST_LAST, "JANSSENS", "Peter"),  # an order chosen is kept
        ("JANSSENS Peter", AUTO, "Peter", "JANSSENS"),
        ("Madonna", LAST_FIRST, "", "Madonna"),
        ("", LAST_FIRST, "", ""),
    ],
)
def test_split_full_name_in_each_order(full, order, first, last):
    assert split_full_name(full, order) == (first, last)


@pytest.mark.parametrize(
    ("full", "order", "people"),
    [
        ("Dirk & Sofie Claes", AUTO, [("Dirk", "Claes"), ("Sofie", "Claes")]),
        ("Dirk en Sofie Claes", AUTO, [("Dirk", "Claes"), ("Sofie", "Claes")]),
        ("Claes Dirk & Sofie", AUTO, [("Dirk", "Claes"), ("Sofie", "Claes")]),
        ("Claes Dirk et Sofie", LAST_FIRST, [("Dirk", "Claes"), ("Sofie", "Claes")]),
        ("Jan & Els Van den Broeck", AUTO, [("Jan", "Van den Broeck"), ("Els", "Van den Broeck")]),
        ("Van den Broeck Jan & Els", AUTO, [("Jan", "Van den Broeck"), ("Els", "Van den Broeck")]),
        ("Dirk Claes & Sofie Peeters", AUTO, [("Dirk", "Claes"), ("Sofie", "Peeters")]),
        ("Claes Dirk + Peeters Sofie", LAST_FIRST, [("Dirk", "Claes"), ("Sofie", "Peeters")]),
        ("Jan Peeters", AUTO, [("Jan", "Peeters")]),
        ("Dirk & Sofie", AUTO, [("", "Dirk"), ("", "Sofie")]),  # no last name to share
    ],
)
def test_split_household(full, order, people):
    assert split_household(full, order) == people


def test_full_name_puts_the_first_name_first():
    assert full_name("Jan", "Van den Broeck") == "Jan Van den Broeck"
    assert full_name("", "Madonna") == "Madonna"


@given(
    st.lists(st.text(alphabet="abcdefghijKLMNOP'-", min_size=1, max_size=8), max_size=5),
    st.sampled_from([AUTO, FIRST_LAST, LAST_FIRST]),
)
def test_split_full_name_keeps_every_word_in_every_order(words, order):
    text = " ".join(words)
    first, last = split_full_name(text, order)
    assert sorted((first + " " + last).split()) == sorted(text.split())
