"""The identity rules: who each row is (lib.identity)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import identity
from lib.errors import ERROR, WARNING
from lib.identity import (
    ACCOUNT,
    EXISTING,
    PERSON,
    Entity,
    ResolveOptions,
    Resolver,
    decide,
    names_compatible,
)
from lib.plan import Person, RowPlan, account_key

NN_PIET = "85073003328"
NN_MARIE = "90011503356"
NN_JAN_1 = "75120112351"
NN_JAN_2 = "68051523403"


def row(number, account=None, *people):
    """A planned row: ``account`` values, then ``(role, values)`` of each person."""
    return RowPlan(
        number=number,
        cells=[],
        account=dict(account) if account else None,
        account_key=account_key(account["name"]) if account else "",
        people=[Person(role, dict(values)) for role, values in people],
    )


def existing(handle, name, is_company=True, parent=None, active=True, **values):
    """A partner of the database as the lookup gives it."""
    is_account = parent is None
    is_person = not is_company
    return Entity(
        handle=handle,
        origin=EXISTING,
        keys=identity.entity_keys(dict(values, name=name), is_account, is_person),
        name=name,
        is_account=is_account,
        is_person=is_person,
        active=active,
        accounts={parent} if parent else set(),
        parent=parent,
    )


def resolve(rows, candidates=(), **options):
    """Resolve ``rows`` as the import does: the whole file's names first."""
    file_identity = identity.FileIdentity()
    for plan in rows:
        file_identity.add(plan)
    # Stored and read back, as a run reads what the start of the import found.
    file_identity = identity.FileIdentity.from_dict(file_identity.to_dict())
    resolver = Resolver(ResolveOptions(**options), file_identity)
    for candidate in candidates:
        resolver.add(candidate)
    return resolver, resolver.resolve(rows)


def errors(resolution):
    return [str(problem) for problem in resolution.problems if problem.severity == ERROR]


def warnings(resolution):
    return [str(problem) for problem in resolution.problems if problem.severity == WARNING]


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("Jan Jacobs", "Jan Jacobs", True),
        ("Jan Jacobs", "JACOBS Jan", True),
        ("J. Jacobs", "Jan Jacobs", True),
        ("Jacobs", "Jan Jacobs", True),
        ("Jan", "", True),
        ("Jan-Pieter Claes", "Jan Pieter Claes", True),
        ("Éloïse Dupré", "eloise dupre", True),
        ("Jan Jacobs", "Els Jacobs", False),
        ("Piet Janssens", "Marie Janssens", False),
        ("J. Jacobs", "Els Jacobs", False),
        ("Jan Jacobs", "Jan Peeters", False),
    ],
)
def test_names_that_can_be_one_person(first, second, compatible):
    assert names_compatible(first, second) is compatible
    assert names_compatible(second, first) is compatible


# --- deciding one entity -----------------------------------------------------------


def test_a_strong_key_that_disagrees_vetoes_a_name_match_as_a_conflict():
    garage = existing(12, "Garage Martens", vat="BE0312712855")
    keys = identity.account_keys({"name": "Garage Martens", "vat": "BE0677482840"})
    decision = decide(ACCOUNT, keys, [garage])
    assert decision.verdict == identity.CONFLICT
    assert decision.conflict == (garage, "vat")


def test_a_key_that_finds_nothing_never_vetoes_a_weaker_key():
    garage = existing(12, "Garage Martens")
    keys = identity.account_keys({"name": "Garage Martens", "vat": "BE0677482840"})
    assert decide(ACCOUNT, keys, [garage]).verdict == identity.MATCH


def test_the_strongest_agreeing_key_decides():
    by_vat = existing(1, "Martens NV", vat="BE0677482840")
    by_name = existing(2, "Garage Martens")
    keys = identity.account_keys({"name": "Garage Martens", "vat": "BE0677482840"})
    decision = decide(ACCOUNT, keys, [by_name, by_vat])
    assert (decision.verdict, decision.entity, decision.key) == (identity.MATCH, by_vat, "vat")


def test_two_candidates_on_the_best_key_are_ambiguous():
    twins = [
        existing(1, "Twin One", vat="BE0403170701"),
        existing(2, "Twin Two", vat="BE0403170701"),
    ]
    keys = identity.account_keys({"name": "Twin", "vat": "BE0403170701"})
    decision = decide(ACCOUNT, keys, twins)
    assert decision.verdict == identity.AMBIGUOUS
    assert set(decision.others) == set(twins)


def test_a_belgian_vat_number_and_an_enterprise_number_are_one_key():
    company = existing(5, "Bakkerij Claes", vat="BE0477472701")
    keys = identity.account_keys({"name": "Bakkerij Claes BV", "company_registry": "0477.472.701"})
    decision = decide(ACCOUNT, keys, [company])
    assert (decision.verdict, decision.key) == (identity.MATCH, "enterprise")


def test_a_shared_email_with_another_national_number_is_a_household():
    piet = existing(8, "Piet Janssens", False, email="info@janssens.be", national_number=NN_PIET)
    keys = identity.person_keys(
        {"name": "Marie Janssens", "email": "info@janssens.be", "national_number": NN_MARIE}
    )
    decision = decide(PERSON, keys, [piet], "Marie Janssens")
    assert decision.verdict == identity.CREATE
    assert decision.households == (piet,)


def test_a_shared_email_with_clearly_different_names_is_a_household():
    jan = existing(7, "Jan Jacobs", False, email="thuis@jacobs.be")
    keys = identity.person_keys({"name": "Els Jacobs", "email": "thuis@jacobs.be"})
    decision = decide(PERSON, keys, [jan], "Els Jacobs")
    assert (decision.verdict, decision.households) == (identity.CREATE, (jan,))


def test_a_national_number_outweighs_a_differently_written_name():
    piet = existing(8, "Janssens Pieter", False, national_number=NN_PIET)
    keys = identity.person_keys({"name": "Piet Janssens", "national_number": NN_PIET})
    decision = decide(PERSON, keys, [piet], "Piet Janssens")
    assert (decision.verdict, decision.key) == (identity.MATCH, "national_number")


def test_a_person_name_counts_only_within_the_same_account():
    spouse = existing(30, "Peeters", False, parent=20)
    keys = identity.person_keys({"name": "Peeters"})
    assert decide(PERSON, keys, [spouse], "Peeters", account=20).verdict == identity.MATCH
    assert decide(PERSON, keys, [spouse], "Peeters", account=21).verdict == identity.CREATE


# --- resolving rows ------------------------------------------------------------------


def test_a_spouse_on_the_taxpayers_row_is_never_the_taxpayer():
    plan = row(
        2,
        {"name": "Jan Jacobs", "type": "individual", "email": "thuis@jacobs.be"},
        ("spouse", {"name": "Els Jacobs", "email": "thuis@jacobs.be"}),
    )
    resolver, (resolution,) = resolve([plan], policy="update")
    assert len({resolution.account, *resolution.people}) == 2
    assert [e.name for e in resolver.new_entities()] == ["Jan Jacobs", "Els Jacobs"]
    assert any("shares the e-mail address" in text for text in warnings(resolution))


def test_a_taxpayer_and_spouse_known_by_one_last_name_need_their_numbers():
    household = {"name": "Huishouden Jacobs", "type": "family"}
    plans = [
        row(
            2,
            household,
            ("contact", {"name": "Jacobs", "email": "thuis@jacobs.be"}),
            ("spouse", {"name": "Jacobs", "email": "thuis@jacobs.be"}),
        ),
        row(
            3,
            household,
            ("contact", {"name": "Jacobs", "national_number": NN_PIET}),
            ("spouse", {"name": "Jacobs", "national_number": NN_MARIE}),
        ),
    ]
    _resolver, (unnumbered, numbered) = resolve(plans)
    assert "several people Jacobs" in errors(unnumbered)[0]
    assert len(set(numbered.people)) == 2


def test_rows_with_one_name_but_different_numbers_are_two_clients():
    plans = [
        row(2, {"name": "Jan Peeters", "type": "individual", "national_number": NN_JAN_1}),
        row(3, {"name": "Jan Peeters", "type": "individual", "national_number": NN_JAN_2}),
        row(4, {"name": "Jan Peeters", "type": "individual"}),
    ]
    resolver, resolutions = resolve(plans)
    assert resolutions[0].account != resolutions[1].account
    assert "this file names several clients Jan Peeters" in errors(resolutions[2])[0]
    assert len(resolver.new_entities()) == 2


def test_a_name_only_row_is_ambiguous_whatever_the_order_of_the_rows():
    plans = [
        row(2, {"name": "Jan Peeters", "type": "individual"}),
        row(3, {"name": "Jan Peeters", "type": "individual", "national_number": NN_JAN_1}),
        row(4, {"name": "Jan Peeters", "type": "individual", "national_number": NN_JAN_2}),
    ]
    _resolver, resolutions = resolve(plans)
    assert [bool(r.skipped) for r in resolutions] == [True, False, False]


def test_a_spouse_known_by_the_last_name_only_is_found_again_next_to_the_taxpayer():
    household = {"name": "Huishouden Peeters", "type": "family"}
    plan = row(2, household, ("contact", {"name": "Tom Peeters"}), ("spouse", {"name": "Peeters"}))
    first, (created,) = resolve([plan])
    assert not created.skipped
    database = [Entity(**vars_of(copy)) for copy in stored(first).values()]
    _second, (again,) = resolve([plan], database, policy="update")
    assert again.people == [1000 + abs(handle) for handle in created.people]


def test_namesakes_of_one_account_are_told_apart_by_national_number_only():
    claes = {"name": "Fam. Claes"}
    plans = [
        row(2, claes, ("contact", {"name": "Dirk Claes", "national_number": NN_JAN_1})),
        row(3, claes, ("contact", {"name": "Claes Dirk", "national_number": NN_JAN_2})),
        row(4, claes, ("contact", {"name": "Dirk Claes", "email": "dirk@claes.be"})),
    ]
    _resolver, resolutions = resolve(plans)
    assert [r.skipped for r in resolutions] == [False, False, True]
    assert len({r.people[0] for r in resolutions[:2]}) == 2


def test_a_file_client_named_like_a_database_client_with_another_number_is_a_conflict():
    jan = existing(40, "Jan Peeters", False, national_number=NN_JAN_1)
    plans = [row(2, {"name": "Jan Peeters", "type": "individual", "national_number": NN_JAN_2})]
    _resolver, (resolution,) = resolve(plans, [jan], policy="update")
    (text,) = errors(resolution)
    assert text.startswith("conflict: name matches Jan Peeters (#40) but national number")
    assert f"{NN_JAN_2} ≠ {NN_JAN_1}" in text


def test_a_skipped_row_makes_nothing_that_only_it_asked_for():
    twins = [
        existing(1, "Lies Twin", False, email="twin@x.be"),
        existing(2, "Lies Twin", False, email="twin@x.be"),
    ]
    plans = [
        row(2, {"name": "Twin Holding"}, ("contact", {"name": "Lies Twin", "email": "twin@x.be"}))
    ]
    resolver, (resolution,) = resolve(plans, twins, policy="update")
    assert resolution.skipped and resolution.account is None
    assert resolver.new_entities() == []


def test_a_skipped_row_leaves_the_client_of_the_other_rows_as_they_made_it():
    twins = [
        existing(1, "Lies Twin", False, email="twin@x.be"),
        existing(2, "Lies Twin", False, email="twin@x.be"),
    ]
    plans = [
        row(
            2, {"name": "Acme", "city": "Gent"}, ("contact", {"name": "Ann", "email": "a@acme.be"})
        ),
        row(
            3,
            {"name": "Acme", "phone": "+3291234567"},
            ("contact", {"name": "Lies Twin", "email": "twin@x.be"}),
        ),
    ]
    resolver, resolutions = resolve(plans, twins)
    assert resolutions[1].skipped
    (acme,) = [e for e in resolver.new_entities() if e.name == "Acme"]
    assert acme.file_values == {"name": "Acme", "city": "Gent"}
    assert acme.rows == [2]


def test_later_rows_fill_blanks_and_a_different_value_is_a_warning():
    plans = [
        row(2, {"name": "Acc A"}, ("contact", {"name": "Rik Moens", "email": "rik@m.be"})),
        row(
            3,
            {"name": "Acc B"},
            ("contact", {"name": "Rik Moens", "email": "rik@m.be", "mobile": "+32470123456"}),
        ),
        row(
            4,
            {"name": "Acc C"},
            ("contact", {"name": "Rik Moens", "email": "rik@m.be", "mobile": "+32470999999"}),
        ),
    ]
    resolver, resolutions = resolve(plans)
    (rik,) = [e for e in resolver.new_entities() if e.name == "Rik Moens"]
    assert rik.file_values["mobile"] == "+32470123456"
    assert rik.contributions[3] == {"mobile"}
    assert rik.accounts == {resolutions[0].account, resolutions[1].account, resolutions[2].account}
    assert [link.account for link in resolutions[1].links + resolutions[2].links] == [
        resolutions[1].account,
        resolutions[2].account,
    ]
    (text,) = warnings(resolutions[2])
    assert "+32470999999 differs from +32470123456 given on row 3" in text


def test_an_archived_match_is_skipped_unless_restoring_is_asked():
    sleeping = existing(9, "Sleeping BV", active=False)
    plans = [row(2, {"name": "Sleeping BV"})]
    _resolver, (resolution,) = resolve(plans, [sleeping])
    assert "archived client Sleeping BV (#9)" in errors(resolution)[0]
    resolver, (resolution,) = resolve(
        plans, [existing(9, "Sleeping BV", active=False)], restore_archived=True
    )
    assert not resolution.skipped and resolver.entities[9].restore


def test_a_person_with_only_a_name_is_found_again_in_the_same_account():
    household = existing(20, "Huishouden Peeters")
    spouse = existing(30, "Peeters", False, parent=20)
    plans = [row(2, {"name": "Huishouden Peeters"}, ("spouse", {"name": "Peeters"}))]
    _resolver, (resolution,) = resolve(plans, [household, spouse])
    assert (resolution.account, resolution.people) == (20, [30])


def test_namesakes_of_other_accounts_are_never_candidates():
    # A common name indexed across the file made the review grow as n².
    plans = [
        row(n, {"name": f"Bakkerij {n}"}, ("contact", {"name": "Jan Peeters"}))
        for n in range(2, 202)
    ]
    resolver, resolutions = resolve(plans)
    assert len({resolution.people[0] for resolution in resolutions}) == 200
    keys = identity.person_keys({"name": "Jan Peeters"})
    account = resolutions[-1].account
    found = resolver._candidates(PERSON, keys, account)
    assert [entity.handle for entity in found] == resolutions[-1].people


def test_a_batch_forgets_only_what_it_met():
    plans = [row(n, {"name": f"Garage {n}"}) for n in (2, 3)]
    resolver, _resolutions = resolve(plans)
    assert [entity.name for entity in resolver.met_in_batch()] == ["Garage 2", "Garage 3"]
    resolver.start_batch()
    assert resolver.met_in_batch() == []
    assert all(entity.rows == [] and not entity.first_met for entity in resolver.entities.values())
    resolver.resolve([row(4, {"name": "Garage 3"})])
    assert [(entity.name, entity.rows) for entity in resolver.met_in_batch()] == [("Garage 3", [4])]


def test_an_existing_client_keeps_its_keys_under_skip_and_takes_the_files_under_update():
    plans = [row(2, {"name": "Acme", "vat": "BE0477472701"})]
    resolver, _ = resolve(plans, [existing(3, "Acme")], policy="skip")
    assert "vat" not in resolver.entities[3].keys
    resolver, _ = resolve(plans, [existing(3, "Acme")], policy="update")
    assert resolver.entities[3].keys["vat"] == "BE0477472701"


# --- properties ----------------------------------------------------------------------
# Generated client lists are drawn from a population of real people and accounts:
# each has its own numbers and details, and rows name them as files do (numbers or
# e-mail left out, names written several ways, households sharing an address,
# namesakes, one person on several accounts).

NATIONAL_NUMBERS = [NN_PIET, NN_MARIE, NN_JAN_1, NN_JAN_2, "92030334563", "01010145656"]
HOUSEHOLD_EMAILS = ["thuis@peeters.be", "info@janssens.be"]
FIRST_NAMES = ["Jan", "Els", "Piet", "Marie"]
LAST_NAMES = ["Peeters", "Janssens"]
ACCOUNT_NAMES = ["Familie Peeters", "Jan Peeters", "Janssens BV", "Garage Martens"]
VATS = ["BE0477472701", "BE0403170701", "BE0312712855", "BE0202239951"]


@st.composite
def population(draw):
    numbers = iter(draw(st.permutations(NATIONAL_NUMBERS)))
    people = []
    for index in range(draw(st.integers(1, 6))):
        first, last = draw(st.sampled_from(FIRST_NAMES)), draw(st.sampled_from(LAST_NAMES))
        email = draw(st.sampled_from([*HOUSEHOLD_EMAILS, f"p{index}@mail.be", None]))
        person = {"first": first, "last": last, "email": email}
        if draw(st.booleans()):
            person["national_number"] = next(numbers)
        if draw(st.booleans()):
            person["mobile"] = f"+3247{index:07d}"
        people.append(person)
    vats = iter(draw(st.permutations(VATS)))
    accounts = []
    for _index in range(draw(st.integers(1, 4))):
        account = {
            "name": draw(st.sampled_from(ACCOUNT_NAMES)),
            "type": draw(st.sampled_from(["company", "family", "individual"])),
            "city": draw(st.sampled_from(["Gent", "Brugge"])),
        }
        if draw(st.booleans()):
            account["vat"] = next(vats)
        accounts.append(account)
    return people, accounts


def written_as(draw, person):
    """A person's values as one row gives them."""
    first, last = person["first"], person["last"]
    # Three ways, as exports write them. Initials ("J. Peeters") are matched too
    # (names_compatible), but a second run is only promised to change nothing for
    # names written in full: an initial may stand for two people of the file.
    ways = [f"{first} {last}", f"{last} {first}", f"{last.upper()} {first}"]
    name = draw(st.sampled_from(ways))
    values = {"name": name}
    for key in ("email", "national_number", "mobile"):
        if person.get(key) and draw(st.booleans()):
            values[key] = person[key]
    return values


@st.composite
def client_lists(draw):
    people, accounts = draw(population())
    rows = []
    for number in range(2, 2 + draw(st.integers(1, 20))):
        account = dict(draw(st.sampled_from(accounts)))
        if account.get("vat") and draw(st.booleans()):
            del account["vat"]
        chosen = draw(st.lists(st.sampled_from(people), min_size=1, max_size=2, unique_by=id))
        roles = ["contact", "spouse"]
        rows.append(
            row(
                number,
                account,
                *((role, written_as(draw, p)) for role, p in zip(roles, chosen, strict=False)),
            )
        )
    return rows


def rows_of(resolver, resolutions, plans):
    """``{handle: [planned values of each row it stands for]}``."""
    values = {}
    for plan, resolution in zip(plans, resolutions, strict=True):
        if resolution.skipped:
            continue
        if resolution.account is not None:
            values.setdefault(resolution.account, []).append(plan.account)
        for handle, person in zip(resolution.people, plan.people, strict=True):
            values.setdefault(handle, []).append(person.values)
    return values


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(client_lists(), st.sampled_from(["skip", "update", "fill", "create"]))
def test_no_partner_ever_holds_two_national_numbers_or_two_vat_numbers(plans, policy):
    resolver, resolutions = resolve(plans, policy=policy)
    for handle, values in rows_of(resolver, resolutions, plans).items():
        numbers = {v["national_number"] for v in values if v.get("national_number")}
        vats = {v["vat"] for v in values if v.get("vat")}
        assert len(numbers) <= 1, (handle, numbers)
        assert len(vats) <= 1, (handle, vats)


@PROPERTY_SETTINGS
@given(client_lists())
def test_every_row_has_one_resolution_and_a_skipped_row_leaves_no_trace(plans):
    resolver, resolutions = resolve(plans)
    assert [r.number for r in resolutions] == [plan.number for plan in plans]
    skipped = {r.number for r in resolutions if r.skipped}
    for resolution in resolutions:
        if resolution.skipped:
            assert resolution.account is None and resolution.people == [] and resolution.links == []
    for entity in resolver.entities.values():
        assert not skipped & set(entity.rows)
        assert entity.created_by not in skipped
        assert not skipped & set(entity.sources.values())


@PROPERTY_SETTINGS
@given(client_lists())
def test_the_people_of_one_row_are_different_partners(plans):
    _resolver, resolutions = resolve(plans)
    for plan, resolution in zip(plans, resolutions, strict=True):
        assert len(resolution.people) == len(set(resolution.people))
        if plan.account and plan.account.get("type") == "individual":
            assert resolution.account not in resolution.people


def stored(resolver):
    """The database after an import: what it wrote, as the lookup reads it back."""
    moved = {handle: 1000 + abs(handle) for handle in resolver.entities}
    copies = {}
    for entity in resolver.entities.values():
        copies[moved[entity.handle]] = Entity(
            handle=moved[entity.handle],
            origin=EXISTING,
            keys=dict(entity.keys),
            name=entity.name,
            is_account=entity.is_account,
            is_person=entity.is_person,
            accounts={moved[handle] for handle in entity.accounts},
            parent=moved.get(entity.parent),
            file_values=dict(entity.file_values),
        )
    return copies


@PROPERTY_SETTINGS
@given(client_lists())
def test_a_second_identical_run_under_update_changes_nothing(plans):
    first, first_resolutions = resolve(plans, policy="update")
    database = stored(first)
    candidates = [Entity(**{**vars_of(copy), "file_values": {}}) for copy in database.values()]
    second, second_resolutions = resolve(plans, candidates, policy="update")
    assert second.new_entities() == [], "the second run makes no partner"
    assert [r.skipped for r in second_resolutions] == [r.skipped for r in first_resolutions]
    for handle, before in database.items():
        after = second.entities[handle]
        assert (after.name, after.keys) == (before.name, before.keys)
        for name, value in after.file_values.items():
            if not isinstance(value, list) and name != "name":
                assert value == before.file_values.get(name), (name, value)


def vars_of(entity):
    return {name: getattr(entity, name) for name in entity.__dataclass_fields__}
