"""Each warning code of the design fires where its condition holds, citing its sources."""

import copy

import pytest
from django.utils import translation

from evidesk.advisor.engine import advise
from evidesk.advisor.facts import parse_case
from evidesk.knowledge.snapshot import KnowledgeSnapshot
from evidesk.system.language import translated

PERIOD = {"from": "2026-10-01T00:00:00", "to": "2026-10-02T00:00:00", "tz": "Asia/Tbilisi"}
COMING = {"from": "2026-12-01T00:00:00", "to": "2026-12-31T00:00:00", "tz": "Asia/Tbilisi"}


def case(
    requesting="GE", identifier="someone@gmail.com", data=("subscriber",), period=PERIOD, **extra
):
    target = {"identifier": identifier, "data": list(data), **extra.pop("target", {})}
    if period is not None:
        target["period"] = period
    return parse_case({"as_of": "2026-11-28", "requesting_country": requesting,
                       "case": extra.pop("case", {}), "targets": [target]})  # fmt: skip


def with_facts(shipped, kind, key, **facts) -> KnowledgeSnapshot:
    records = copy.deepcopy(shipped.records)
    record = records[kind][key]
    record.setdefault("sources", {})["test"] = {"url": "https://test.example/fact"}
    for name, value in facts.items():
        record["facts"][name] = {"value": value, "source": "test", "verified_on": "2026-11-28",
                                 "confidence": "verified"}  # fmt: skip
    return KnowledgeSnapshot(records)


def without_parties(shipped, state) -> KnowledgeSnapshot:
    """The shipped data with `state` bound by no instrument: the UN conventions bind nearly all."""
    records = copy.deepcopy(shipped.records)
    for record in records["instrument"].values():
        record["parties"] = [p for p in record.get("parties", []) if p["state"] != state]
    return KnowledgeSnapshot(records)


def warnings(plan) -> dict:
    found = {w["code"]: w for w in plan["warnings"]}
    for target in plan["targets"]:
        found.update({w["code"]: w for w in target["warnings"]})
    return found


CASES = {
    "domestic_affiliate_available": lambda s: (case("KZ", "+77011234567", target={"provider": "Yandex Go"}), s),
    "provider_not_le_friendly": lambda s: (case(), with_facts(s, "provider", "google", cooperation="not_le_friendly")),
    "translation_required": lambda s: (case("DE", "198.51.100.7:443", target={"provider_country": "GE"}), s),
    "content_unavailable_e2ee": lambda s: (case(identifier="https://wa.me/995599123456", data=["content"], target={"provider": "whatsapp"}), s),
    "judicial_order_required": lambda s: (case(), with_facts(s, "provider", "google", judicial_order_required=True)),
    "retention_likely_expired": lambda s: (case(data=["traffic"]), with_facts(s, "provider", "google", retention=[{"category": "traffic", "days": 30}])),
    "data_stored_in_third_country": lambda s: (case(target={"provider_country": "IE"}), s),
    "no_common_instrument": lambda s: (case("UZ", "instagram.com/someone"), without_parties(s, "UZ")),
    "political_offence_risk": lambda s: (case(case={"offences": [{"name": "Insult of the President"}]}), s),
    "missing_timezone": lambda s: (case(period=None), s),
    "ip_without_port": lambda s: (case(identifier="198.51.100.7", target={"provider_country": "NL"}), s),
    "provider_unknown": lambda s: (case(identifier="x@unknown-mail.example"), s),
    "period_too_broad": lambda s: (case(data=["traffic"], period={"from": "2023-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}), s),
    "not_247_member": lambda s: (case("KZ"), s),
    "user_notification_risk": lambda s: (case(), s),
    "below_threshold": lambda s: (case(case={"damages": {"amount": 100, "currency": "USD"}}), s),
    "content_requires_higher_standard": lambda s: (case(data=["content"]), s),
    "dual_criminality": lambda s: (case(data=["content"]), s),
    "realtime_requires_requested_state_investigation": lambda s: (case(data=["content"], period=COMING, target={"realtime": True}), s),
    "period_mismatch": lambda s: (case(data=["traffic"], period=COMING), s),
    "preservation_expiring": lambda s: (case(target={"history": [{"type": "preservation", "sent": "2026-05-01"}]}), s),
    "ambiguous_local_time": lambda s: (case(period={"from": "2026-03-29T02:30:00", "to": "2026-03-29T03:30:00", "tz": "Europe/Berlin"}), s),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_warning_fires_with_a_message_and_sources(shipped, code):
    facts, snapshot = CASES[code](shipped)
    found = warnings(advise(facts, snapshot))
    assert code in found, sorted(found)
    assert len(found[code]["message"]) > 40 and found[code]["sources"]
    assert found[code]["severity"] in {"high", "medium", "low"}


def test_every_design_warning_code_is_covered():
    from evidesk.advisor.engine import rules

    assert set(CASES) == set(rules()["warnings"])


def test_the_domestic_affiliate_comes_first(shipped):
    steps = advise(case("KZ", "+77011234567", target={"provider": "Yandex Go"}), shipped)[
        "targets"
    ][0]["steps"]
    assert (steps[0]["action"], steps[0]["channel"]) == ("check_domestic", "domestic")
    assert "Yandex" in steps[0]["addressee"]


def test_a_lapsed_preservation_is_made_again(shipped):
    facts = case(target={"history": [{"type": "preservation", "sent": "2026-05-01"}]})
    target = advise(facts, shipped)["targets"][0]
    assert (
        "expired on 2026-07-30"
        in warnings({"warnings": [], "targets": [target]})["preservation_expiring"]["message"]
    )
    assert [s["action"] for s in target["steps"]][1:] == ["preserve", "disclose"]


def test_damages_in_another_currency(shipped):
    facts = case(case={"damages": {"amount": 10000, "currency": "GEL"}})
    plan = advise(facts, shipped)
    assert "below_threshold" not in warnings(plan)
    assert any("could not be compared" in note for note in plan["targets"][0]["notes"])
    rate = [{"from": "GEL", "to": "USD", "rate": 0.37, "date": "2026-11-27"}]
    converted = advise(facts, with_facts(shipped, "jurisdiction", "GE", exchange_rates=rate))
    warning = warnings(converted)["below_threshold"]
    assert "3,700 USD" in warning["message"]
    assert any("test.example" in s for s in warning["sources"])
    assert any("0.37 USD per GEL" in note for note in converted["targets"][0]["notes"])


def test_a_nonexistent_local_time_and_the_window_in_utc(shipped):
    target = advise(case(period={"from": "2026-03-29T02:30:00", "to": "2026-03-29T03:30:00",
                                 "tz": "Europe/Berlin"}), shipped)["targets"][0]  # fmt: skip
    assert (
        "did not exist"
        in warnings({"warnings": [], "targets": [target]})["ambiguous_local_time"]["message"]
    )
    assert target["period"]["from_utc"] == "2026-03-29T01:30:00Z"
    assert target["period"]["zone"] == "Europe/Berlin"


def test_the_languages_a_state_accepts_are_named_in_words(shipped):
    """Georgia takes requests in English or Russian: said so, not 'en, ru'."""
    facts, snapshot = CASES["translation_required"](shipped)
    message = warnings(advise(facts, snapshot))["translation_required"]["message"]
    assert "accepts requests in English, Russian" in str(message)
    with translation.override("ru"):
        assert "английский, русский" in translated(message)


def test_a_clock_change_names_the_moment_without_an_english_label(shipped):
    """'The local time to 2026-10-25T02:30:00 …' left the English word 'to' in every language."""
    target = advise(case(period={"from": "2026-10-24T22:00:00", "to": "2026-10-25T02:30:00",
                                 "tz": "Europe/Berlin"}), shipped)["targets"][0]  # fmt: skip
    message = warnings({"warnings": [], "targets": [target]})["ambiguous_local_time"]["message"]
    assert "The local time 2026-10-25T02:30:00 (Europe/Berlin) happened twice" in str(message)


def test_real_time_for_a_period_already_over_is_planned_as_stored_data(shipped):
    """Real-time collection of October, asked on 28 November: what happened is stored data, to be
    preserved and disclosed; a real-time request for it would be refused as impossible."""
    plan = advise(case(data=["traffic"], target={"realtime": True}), shipped)["targets"][0]
    actions = [s["action"] for s in plan["steps"]]
    assert "realtime_collect" not in actions and "preserve" in actions
    assert "period_mismatch" in {w["code"] for w in plan["warnings"]}
    ongoing = advise(case(data=["traffic"], period=COMING, target={"realtime": True}), shipped)
    assert "realtime_collect" in [s["action"] for s in ongoing["targets"][0]["steps"]]
    assert "period_mismatch" not in warnings(ongoing)


def test_a_us_request_to_kazakhstan_is_told_to_translate(shipped):
    plan = advise(case("US", "203.0.113.77:51234", target={"provider_country": "KZ"}), shipped)
    assert "translation_required" in warnings(plan)


def test_a_language_the_treaty_admits_is_offered_beside_the_requested_states_own(shipped):
    """The Kazakhstan-UAE agreement takes requests in English too (art. 1)."""
    fraud = {"offences": [{"name": "Fraud", "max_penalty_years": 10}]}
    plan = advise(case("AE", "kaspi:phone:+77015550123", case=fraud), shipped)
    warning = warnings(plan)["translation_required"]
    assert "English" in warning["message"] and "Russian" in warning["message"]
    assert any("mlat" in s.lower() or "zakon" in s.lower() for s in warning["sources"])
    with translation.override("ru"):
        assert "английский" in translated(warning["message"])
