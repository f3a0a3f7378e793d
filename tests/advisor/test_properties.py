"""Properties that hold for every generated case, whatever the knowledge base says."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidesk.advisor import instruments
from evidesk.advisor.engine import advise, rules
from evidesk.advisor.facts import CATEGORIES, parse_case
from evidesk.knowledge.files import SHIPPED_DIR
from evidesk.knowledge.snapshot import KnowledgeSnapshot

SNAPSHOT = KnowledgeSnapshot.from_folder(SHIPPED_DIR)
COUNTRIES = ["AM", "AZ", "GE", "KZ", "KG", "TJ", "TM", "UZ", "MD", "UA", "US", "IE", "NL", "DE",
             "GB", "FR", "RU", "TR", "AE", "SG", "BR", "JP"]  # fmt: skip
PROVIDERS = [e.key for e in SNAPSHOT.entries("provider")]
IDENTIFIERS = ["someone@gmail.com", "instagram.com/some_account", "https://vk.com/id1",
               "t.me/channel", "198.51.100.7", "198.51.100.7:4431", "user@mail.ru",
               "contact@unknown.example", "+995599123456", "binance:uid:1234"]  # fmt: skip
ZONES = ["Asia/Tbilisi", "Europe/Berlin", "America/New_York", None]


@st.composite
def cases(draw):
    as_of = draw(st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    start = as_of - timedelta(days=draw(st.integers(0, 900)))
    length = draw(st.integers(0, 800))
    targets = []
    for _ in range(draw(st.integers(1, 3))):
        target = {
            "identifier": draw(st.sampled_from(IDENTIFIERS)),
            "data": draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=4, unique=True)),
            "realtime": draw(st.booleans()),
            "period": {"from": f"{start}T00:00:00", "to": f"{start + timedelta(days=length)}T23:59:59",
                       "tz": draw(st.sampled_from(ZONES))},
        }  # fmt: skip
        if draw(st.booleans()):
            target["provider"] = draw(st.sampled_from(PROVIDERS))
        if draw(st.booleans()):
            target["provider_country"] = draw(st.sampled_from(COUNTRIES))
        if draw(st.booleans()):
            sent = as_of - timedelta(days=draw(st.integers(0, 200)))
            target["history"] = [
                {"type": "preservation", "channel": "direct_provider", "sent": sent}
            ]
        targets.append(target)
    case = {"offences": [{"name": "Fraud", "max_penalty_years": 5}], "stage": "investigation"}
    if draw(st.booleans()):
        case["damages"] = {"amount": draw(st.integers(0, 100000)), "currency": "USD"}
    if draw(st.booleans()):
        case["emergency"] = {"threat": "a threat to life"}
    raw = {"as_of": as_of, "requesting_country": draw(st.sampled_from(COUNTRIES)), "case": case,
           "targets": targets}  # fmt: skip
    return parse_case(raw)


def member_247(state, as_of):
    return instruments.binding(
        SNAPSHOT.instrument(rules()["instruments"]["network_247"]), state, as_of
    )


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(cases())
def test_preservation_never_comes_after_disclosure(case):
    for target in advise(case, SNAPSHOT)["targets"]:
        actions = [s["action"] for s in target["steps"]]
        if "disclose" in actions:
            later = actions[actions.index("disclose") :]
            assert "preserve" not in later and "extend_preservation" not in later


@PROPERTY_SETTINGS
@given(cases())
def test_direct_provider_only_where_the_provider_accepts(case):
    for target in advise(case, SNAPSHOT)["targets"]:
        provider = SNAPSHOT.provider(target["provider"]) if target["provider"] else None
        for step in target["steps"]:
            if step["channel"] != "direct_provider":
                continue
            assert provider is not None
            if step["action"] == "preserve":
                assert provider.value("accepts_foreign_preservation") in {"yes", "courtesy"}
            if step["action"] == "disclose":
                # The provider's policy allows it, or an agreement lets the order reach it.
                policy = provider.value("foreign_disclosure") or {}
                agreement = SNAPSHOT.instrument(step["instrument"]) if step["instrument"] else None
                ordered = (agreement.value("orders_to_providers") if agreement else None) or []
                assert all(
                    policy.get(c) in {"direct", "case_by_case"} or c in ordered
                    for c in step["data"]
                )


@PROPERTY_SETTINGS
@given(cases())
def test_network_247_only_when_both_states_are_members_on_the_date(case):
    for target in advise(case, SNAPSHOT)["targets"]:
        for step in target["steps"]:
            if "network_247" in (step["channel"], *step["alternatives"]):
                assert member_247(case.requesting_country, case.as_of)
                assert member_247(target["provider_country"], case.as_of)


@PROPERTY_SETTINGS
@given(cases())
def test_every_step_and_warning_cites_a_source(case):
    plan = advise(case, SNAPSHOT)
    for warning in plan["warnings"]:
        assert warning["sources"], warning
    for target in plan["targets"]:
        for item in [*target["steps"], *target["warnings"]]:
            assert item["sources"] and all(s.strip() for s in item["sources"]), item


@PROPERTY_SETTINGS
@given(cases())
def test_the_plan_is_deterministic(case):
    assert advise(case, SNAPSHOT) == advise(case, SNAPSHOT)


@PROPERTY_SETTINGS
@given(cases())
def test_codes_come_from_the_stable_vocabulary(case):
    actions = {"check_domestic", "preserve", "extend_preservation", "disclose", "emergency_disclose",
               "realtime_collect", "consult", "follow_up"}  # fmt: skip
    channels = {"domestic", "open_source", "network_247", "requested_authority", "direct_provider",
                "police_cooperation", "mla", "protocol2_art6", "protocol2_art7", "protocol2_art9",
                "eu_epoc", "eu_epoc_pr", "emergency_provider"}  # fmt: skip
    for target in advise(case, SNAPSHOT)["targets"]:
        for step in target["steps"]:
            assert step["action"] in actions and step["channel"] in channels
            assert set(step["alternatives"]) <= channels
        for warning in target["warnings"]:
            assert warning["code"] in rules()["warnings"] and warning["severity"] in {
                "high",
                "medium",
                "low",
            }


@pytest.mark.parametrize("as_of", [date(2006, 1, 1), date(2012, 9, 30), date(2012, 10, 1)])
def test_247_membership_follows_entry_into_force(as_of):
    """Georgia joined the 24/7 Network when the Convention entered into force for it."""
    case = parse_case({"as_of": as_of, "requesting_country": "GE",
                       "targets": [{"identifier": "someone@gmail.com", "data": ["subscriber"],
                                    "period": {"from": "2005-01-01T00:00:00Z", "to": "2005-01-02T00:00:00Z"}}]})  # fmt: skip
    steps = advise(case, SNAPSHOT)["targets"][0]["steps"]
    preserve = next(s for s in steps if s["action"] == "preserve")
    uses_247 = "network_247" in (preserve["channel"], *preserve["alternatives"])
    assert uses_247 == (as_of >= date(2012, 10, 1))
