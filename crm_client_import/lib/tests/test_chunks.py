"""Independent chunks (lib.chunks): rows that could touch one partner stay together."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_identity import NN_MARIE, NN_PIET, row

from lib import identity
from lib.chunks import RowClusters, chunking_mapping, partner_keys, row_keys, split_rows
from lib.identity import EXISTING, Entity, ResolveOptions, Resolver
from lib.mapping import IGNORE, suggest_mapping


def clusters_of(plans, partners=()):
    clusters = RowClusters()
    for index, plan in enumerate(plans):
        clusters.add_row(index, row_keys(plan))
    for partner in partners:
        clusters.join(partner_keys(partner))
    return clusters.clusters()


def existing(handle, name, is_company=True, parent=None, **values):
    is_account = parent is None
    return Entity(
        handle=handle,
        origin=EXISTING,
        keys=identity.entity_keys(dict(values, name=name), is_account, not is_company),
        name=name,
        is_account=is_account,
        is_person=not is_company,
        accounts={parent} if parent else set(),
        parent=parent,
    )


# --- which rows go together -------------------------------------------------------------


def test_rows_of_one_account_name_go_together_whatever_its_spelling():
    plans = [
        row(2, {"name": "Bakkerij Peeters BV"}),
        row(3, {"name": "Garage Martens"}),
        row(4, {"name": "bakkerij peeters b.v."}),
    ]
    assert clusters_of(plans) == [[0, 2], [1]]


def test_a_person_on_two_accounts_joins_them():
    plans = [
        row(2, {"name": "Acme"}, ("contact", {"name": "Piet Peeters", "email": "piet@mail.be"})),
        row(3, {"name": "Initech"}, ("contact", {"name": "Els Maes"})),
        row(4, {"name": "Globex"}, ("contact", {"name": "P. Peeters", "email": "PIET@mail.be"})),
    ]
    assert clusters_of(plans) == [[0, 2], [1]]


def test_an_individual_and_a_person_with_its_national_number_go_together():
    plans = [
        row(2, {"name": "Piet Peeters", "type": "individual", "national_number": NN_PIET}),
        row(3, {"name": "Acme"}, ("spouse", {"name": "Piet Peeters", "national_number": NN_PIET})),
    ]
    assert clusters_of(plans) == [[0, 1]]


def test_strong_account_keys_join_accounts_named_differently():
    plans = [
        row(2, {"name": "Acme", "vat": "BE0477472701"}),
        row(3, {"name": "Acme Belgium", "company_registry": "0477.472.701"}),
        row(4, {"name": "Initech", "ref": "C-12"}),
        row(5, {"name": "Initech Group", "ref": "c12"}),
    ]
    assert clusters_of(plans) == [[0, 1], [2, 3]]


def test_a_name_without_any_other_key_joins_nothing():
    plans = [
        row(2, None, ("contact", {"name": "Jan Peeters"})),
        row(3, None, ("contact", {"name": "Jan Peeters"})),
    ]
    # Without an account or an address, the rules never match a person by name.
    assert clusters_of(plans) == [[0], [1]]


def test_a_partner_of_the_database_joins_the_rows_that_may_find_it():
    plans = [
        row(2, {"name": "Acme"}),  # finds partner 7 by its name
        row(3, {"name": "Acme Holding", "vat": "BE0477472701"}),  # finds it by its VAT
        row(4, {"name": "Initech"}, ("contact", {"name": "Els Maes", "email": "els@x.be"})),
        row(5, {"name": "Globex"}, ("contact", {"name": "Els", "national_number": NN_MARIE})),
        row(6, {"name": "Hooli"}),
    ]
    assert clusters_of(plans) == [[0], [1], [2], [3], [4]]
    partners = [
        existing(7, "Acme", vat="BE0477472701"),
        existing(8, "Els Maes", is_company=False, parent=9, email="els@x.be"),
        existing(9, "Initech"),
        existing(10, "Els Maes", is_company=False, national_number=NN_MARIE),
    ]
    assert clusters_of(plans, partners[:1]) == [[0, 1], [2], [3], [4]]
    # Els (8) is found by e-mail and among the people of Initech; her namesake 10
    # by national number only: that row stays apart.
    assert clusters_of(plans, partners) == [[0, 1], [2], [3], [4]]
    partners[3] = existing(10, "Els Maes", is_company=False, parent=9, national_number=NN_MARIE)
    assert clusters_of(plans, partners) == [[0, 1], [2, 3], [4]]


def test_the_pass_that_plans_chunks_reads_who_is_who_and_the_names_of_shared_records():
    header = ["Account name", "VAT", "Legal form", "Tags", "BIC", "Phone", "First name", "Email"]
    mapping = suggest_mapping(header)
    assert all(column.action != IGNORE for column in mapping.columns)
    read = [c.header for c in chunking_mapping(mapping).columns if c.action != IGNORE]
    assert read == ["Account name", "VAT", "Legal form", "Tags", "BIC", "First name", "Email"]


# --- chunks ------------------------------------------------------------------------------


def test_chunks_are_whole_clusters_in_file_order():
    clusters = RowClusters()
    for index, keys in enumerate([["a"], ["b"], ["a"], ["c"], ["d"], ["c"], ["e"]]):
        clusters.add_row(index, [("account", key) for key in keys])
    assert clusters.chunks(2) == [[0, 2], [1, 3, 5], [4, 6]]
    assert clusters.chunks(100) == [[0, 1, 2, 3, 4, 5, 6]]
    assert clusters.chunks(1) == [[0, 2], [1], [3, 5], [4], [6]]


def test_split_rows_hands_each_chunk_its_rows_once_its_last_row_is_read():
    rows = [f"row {index}" for index in range(7)]
    seen = []

    def reading():
        for text in rows:
            seen.append(text)
            yield text

    parts = split_rows(reading(), [[0, 2], [1, 3, 5], [4, 6]])
    assert next(parts) == (0, ["row 0", "row 2"])
    assert seen == rows[:3], "handed over before the rows after it are read"
    assert list(parts) == [(1, ["row 1", "row 3", "row 5"]), (2, ["row 4", "row 6"])]


# --- properties: generated files where one person sits on many accounts -------------------

PEOPLE = [
    {"name": "Piet Peeters", "email": "piet@peeters.be", "national_number": NN_PIET},
    {"name": "Marie Peeters", "email": "thuis@peeters.be", "national_number": NN_MARIE},
    {"name": "Jan Peeters", "email": "thuis@peeters.be"},
    {"name": "Els Maes", "email": "els@maes.be"},
    {"name": "Luc Claes"},
    {"name": "Sofie Claes", "national_number": "92030334563"},
]
ACCOUNTS = [
    {"name": "Bakkerij Peeters", "vat": "BE0477472701"},
    {"name": "Peeters Holding"},
    {"name": "Maes BV", "vat": "BE0403170701"},
    {"name": "Claes & Co"},
    {"name": "Garage Martens", "ref": "C-12"},
    {"name": "Martens Garage", "ref": "C-12"},
    {"name": "Piet Peeters", "type": "individual", "national_number": NN_PIET},
    {"name": "Familie Claes", "type": "family"},
]


@st.composite
def client_files(draw):
    """Rows of a few people spread over many accounts: the busiest person sits on
    most of them; keys are left out at random, as exports do."""
    busy = draw(st.sampled_from(PEOPLE))
    plans = []
    for number in range(2, 2 + draw(st.integers(1, 40))):
        account = dict(draw(st.sampled_from(ACCOUNTS)))
        for key in ("vat", "ref", "national_number"):
            if key in account and draw(st.booleans()):
                del account[key]
        person = busy if draw(st.integers(0, 2)) else draw(st.sampled_from(PEOPLE))
        values = {
            key: value for key, value in person.items() if key == "name" or draw(st.booleans())
        }
        people = [("contact", values)]
        if draw(st.booleans()):
            people.append(("spouse", dict(draw(st.sampled_from(PEOPLE)))))
        plans.append(row(number, account if draw(st.integers(0, 5)) else None, *people))
    return plans


@st.composite
def databases(draw):
    """Partners already there: some of the same people and accounts."""
    partners = []
    for handle, account in enumerate(draw(st.lists(st.sampled_from(ACCOUNTS), max_size=3)), 100):
        partners.append(existing(handle, account["name"], **{
            key: value for key, value in account.items() if key in ("vat", "ref")
        }))  # fmt: skip
    for handle, person in enumerate(draw(st.lists(st.sampled_from(PEOPLE), max_size=3)), 200):
        parent = partners[0].handle if partners and draw(st.booleans()) else None
        values = {key: value for key, value in person.items() if key != "name"}
        partners.append(existing(handle, person["name"], is_company=False, parent=parent, **values))
    if partners:
        for partner in partners:
            if partner.parent is not None:
                partner.accounts = {partner.parent}
    return partners


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(client_files(), databases(), st.integers(1, 12))
def test_every_row_is_in_one_chunk_and_no_two_chunks_share_a_key(plans, partners, size):
    clusters = RowClusters()
    for index, plan in enumerate(plans):
        clusters.add_row(index, row_keys(plan))
    for partner in partners:
        clusters.join(partner_keys(partner))
    found = clusters.chunks(size)
    assert sorted(index for chunk in found for index in chunk) == list(range(len(plans)))
    owner = {}
    for number, chunk in enumerate(found):
        assert chunk == sorted(chunk)
        for index in chunk:
            for key in row_keys(plans[index]):
                assert owner.setdefault(key, number) == number, f"{key} in two chunks"
    for partner in partners:
        holders = {owner[key] for key in partner_keys(partner) if key in owner}
        assert len(holders) <= 1, f"partner {partner.handle} found from two chunks"


def fresh(partners):
    """The database as each process reads it: its own copies of the partners."""
    return copy.deepcopy(partners)


def decisions(plans, partners, policy):
    """Resolve ``plans`` in file order with one resolver, as one process decides a
    whole file: the resolutions, and the file identity every chunk shares."""
    file_identity = identity.FileIdentity()
    for plan in plans:
        file_identity.add(plan)
    resolver = Resolver(ResolveOptions(policy=policy), file_identity)
    for partner in fresh(partners):
        resolver.add(partner)
    return resolver.resolve(plans), file_identity


def outcome_table(plans, resolutions):
    """Each row's decision with partners named by the rows that first met them:
    comparable across runs whose new partners got other handles."""
    names, table = {}, {}
    for plan, resolution in zip(plans, resolutions, strict=True):
        handles = ([resolution.account] if resolution.account is not None else []) + list(
            resolution.people
        )
        named = [
            handle if handle > 0 else names.setdefault(handle, ("new", plan.number))
            for handle in handles
        ]
        codes = sorted(problem.code or problem.severity for problem in resolution.problems)
        table[plan.number] = (resolution.skipped, codes, named)
    return table


@PROPERTY_SETTINGS
@given(client_files(), databases(), st.integers(1, 12), st.sampled_from(["skip", "update"]))
def test_chunk_by_chunk_rows_are_decided_as_in_one_pass_and_touch_their_chunks_partners_only(
    plans, partners, size, policy
):
    whole, file_identity = decisions(plans, partners, policy)
    expected = outcome_table(plans, whole)
    clusters = RowClusters()
    for index, plan in enumerate(plans):
        clusters.add_row(index, row_keys(plan))
    for partner in partners:
        clusters.join(partner_keys(partner))
    chunk_of = {index: n for n, chunk in enumerate(clusters.chunks(size)) for index in chunk}
    touched = {}  # partner handle -> chunks whose rows make, update or link it
    for index, resolution in enumerate(whole):
        handles = [resolution.account, *resolution.people]
        handles += [handle for link in resolution.links for handle in (link.person, link.account)]
        for handle in handles:
            if handle is not None:
                touched.setdefault(handle, set()).add(chunk_of[index])
    assert all(len(chunks) == 1 for chunks in touched.values()), touched
    found = {}
    # Chunks in reverse order: another process may well run a later chunk first.
    for chunk in reversed(clusters.chunks(size)):
        part = [plans[index] for index in chunk]
        resolver = Resolver(ResolveOptions(policy=policy), file_identity)
        for partner in fresh(partners):
            resolver.add(partner)
        found.update(outcome_table(part, resolver.resolve(part)))
    assert found == expected
