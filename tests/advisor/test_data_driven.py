"""A change in the knowledge base changes the advice, with no code change."""

import copy

from evidesk.advisor.engine import advise
from evidesk.advisor.facts import parse_case
from evidesk.knowledge.snapshot import KnowledgeSnapshot

CASE = {
    "as_of": "2026-11-28",
    "requesting_country": "UZ",
    "case": {"damages": {"amount": 3000, "currency": "USD"}},
    "targets": [{"identifier": "instagram.com/some_account", "data": ["subscriber", "content"],
                 "period": {"from": "2026-10-01T00:00:00", "to": "2026-10-02T00:00:00", "tz": "Asia/Tashkent"}}],
}  # fmt: skip


def fact(value):
    return {"value": value, "source": "t", "verified_on": "2026-11-28", "confidence": "verified"}


def changed(shipped, kind, key, **facts) -> KnowledgeSnapshot:
    records = copy.deepcopy(shipped.records)
    record = records[kind][key]
    record.setdefault("sources", {})["t"] = {"url": "https://test.example/source"}
    record["facts"].update({name: fact(value) for name, value in facts.items()})
    return KnowledgeSnapshot(records)


def plan(snapshot):
    return advise(parse_case(CASE), snapshot)["targets"][0]


def test_a_provider_that_stops_accepting_preservation(shipped):
    before = next(s for s in plan(shipped)["steps"] if s["action"] == "preserve")
    assert before["channel"] == "direct_provider"
    after_snapshot = changed(shipped, "provider", "meta", accepts_foreign_preservation="no")
    after = next(s for s in plan(after_snapshot)["steps"] if s["action"] == "preserve")
    assert after["channel"] == "requested_authority"
    assert "direct_provider" not in after["alternatives"]


def test_a_new_de_minimis_rule_and_a_new_e2ee_fact_produce_warnings(shipped):
    codes = {w["code"] for w in plan(shipped)["warnings"]}
    assert "below_threshold" in codes  # the US threshold is USD 5,000
    snapshot = changed(
        shipped, "jurisdiction", "US", de_minimis={"amount": 1000, "currency": "USD"}
    )
    snapshot = changed(snapshot, "provider", "meta", content_e2ee="all")
    warnings = {w["code"]: w for w in plan(snapshot)["warnings"]}
    assert "below_threshold" not in warnings
    assert "https://test.example/source" in " ".join(
        warnings["content_unavailable_e2ee"]["sources"]
    )


def test_unknown_facts_lead_to_verify_advice_not_guesses(shipped):
    records = copy.deepcopy(shipped.records)
    facts = records["provider"]["meta"]["facts"]
    records["provider"]["meta"]["facts"] = {"headquarters": facts["headquarters"]}
    target = plan(KnowledgeSnapshot(records))
    preserve = next(s for s in target["steps"] if s["action"] == "preserve")
    assert preserve["channel"] != "direct_provider"
    assert "Preservation lasts 90 days" in preserve["why"]  # the US statute still answers
    disclose = next(s for s in target["steps"] if s["action"] == "disclose")
    assert "discloses directly to foreign authorities is unknown: verify" in disclose["why"]


def test_a_correction_in_the_database_reaches_the_advisor(kb, admin_user):
    from evidesk.knowledge.models import KnowledgeRecord
    from evidesk.knowledge.services import Correction, correct_fact, current_snapshot

    record = KnowledgeRecord.objects.get(kind="provider", key="meta")
    correct_fact(record, Correction("accepts_foreign_preservation", "no",
                                    source_url="https://test.example/meta", reason="policy changed"), admin_user)  # fmt: skip
    preserve = next(s for s in plan(current_snapshot())["steps"] if s["action"] == "preserve")
    assert preserve["channel"] == "requested_authority"


def test_a_withdrawal_ends_an_instrument_between_two_states(shipped):
    """Ukraine left the Minsk Convention of 1993 (effective 29 December 2023): a request between
    Ukraine and Russia can no longer rest on it; without the withdrawal on record it could."""
    from datetime import date

    from evidesk.advisor.instruments import common_instruments

    def keys(snapshot):
        found = common_instruments(snapshot, "UA", "RU", date(2026, 11, 29), [])
        return {c.entry.key for c in found}

    assert "cis_minsk_1993" not in keys(shipped)
    records = copy.deepcopy(shipped.records)
    for party in records["instrument"]["cis_minsk_1993"]["parties"]:
        party.pop("withdrawn", None)
    assert "cis_minsk_1993" in keys(KnowledgeSnapshot(records))


def test_an_instrument_its_successor_replaced_between_both_states_is_no_basis(shipped):
    """Chisinau 2002, art. 120(3): between its parties the 1993 Minsk Convention ceases to apply.
    Were Uzbekistan recorded as a Minsk party too, its request to Russia still rests on Chisinau
    alone, and Minsk is not named as also in force; with a Minsk party outside Chisinau, Minsk
    still applies (art. 120(4))."""
    records = copy.deepcopy(shipped.records)
    minsk = records["instrument"]["cis_minsk_1993"]
    for state in ("UZ", "TM"):
        minsk["parties"].append({"state": state, "in_force": "1994-05-19", "source": "edis74",
                                 "verified_on": "2026-12-07", "confidence": "secondary"})  # fmt: skip
    snapshot = KnowledgeSnapshot(records)

    def mla(requesting):
        raw = {**CASE, "as_of": "2026-12-07", "requesting_country": requesting, "case": {},
               "targets": [{"identifier": "user@mail.ru", "data": ["subscriber"],
                            "period": CASE["targets"][0]["period"]}]}  # fmt: skip
        steps = advise(parse_case(raw), snapshot)["targets"][0]["steps"]
        return next(s for s in steps if s["action"] == "disclose")

    between_chisinau_parties = mla("UZ")
    assert between_chisinau_parties["instrument"] == "cis_chisinau_2002"
    assert "Minsk" not in str(between_chisinau_parties["basis_note"])
    assert mla("TM")["instrument"] == "cis_minsk_1993"
