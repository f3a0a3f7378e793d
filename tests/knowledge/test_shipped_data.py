"""The shipped knowledge base: complete where it must be, and every fact sourced and dated."""

from datetime import date

import pycountry
import pytest

FOCUS = ["AM", "AZ", "GE", "KZ", "KG", "TJ", "TM", "UZ", "US", "IE", "NL", "DE", "GB", "FR", "RU",
         "TR", "AE", "SG"]  # fmt: skip
REQUIRED_PROVIDERS = ["google", "meta", "whatsapp", "microsoft", "apple", "x", "telegram", "tiktok",
                      "snap", "amazon", "cloudflare", "discord", "yandex", "vk", "mailru",
                      "binance"]  # fmt: skip
REQUIRED_INSTRUMENTS = ["budapest", "budapest_p2", "un_cybercrime", "untoc", "uncac", "ecmaa_1959",
                        "ecmaa_1959_p1", "ecmaa_1959_p2", "cis_minsk_1993", "cis_chisinau_2002",
                        "eu_2023_1543"]  # fmt: skip


def test_every_iso_country_has_a_record_with_english_and_russian_names(shipped):
    codes = {c.alpha_2 for c in pycountry.countries}
    assert {e.key for e in shipped.entries("jurisdiction")} == codes
    for entry in shipped.entries("jurisdiction"):
        names = entry.value("names")
        assert names and names.get("en") and names.get("ru"), entry.key
    assert shipped.jurisdiction("GE").value("names") == {"en": "Georgia", "ru": "Грузия"}
    assert shipped.jurisdiction("KZ").value("official_languages") == ["ru", "kk"]


def test_a_state_writing_in_a_language_without_law_declaring_it_still_has_one(shipped):
    # The translation warning compares the requesting state's languages with those the
    # requested side accepts: a state with none recorded was never told to translate.
    assert shipped.jurisdiction("US").value("official_languages") == ["en"]
    assert shipped.jurisdiction("MX").value("official_languages") == ["es"]


def test_eu_membership(shipped):
    members = [e.key for e in shipped.entries("jurisdiction") if e.value("eu_member")]
    assert len(members) == 27 and "DE" in members and "GB" not in members
    assert shipped.jurisdiction("GE").value("eu_member") is False


def test_coverage_of_providers_instruments_and_deep_profiles(shipped):
    providers = {e.key for e in shipped.entries("provider")}
    assert len(providers) >= 40
    assert set(REQUIRED_PROVIDERS) <= providers
    assert set(REQUIRED_INSTRUMENTS) <= {e.key for e in shipped.entries("instrument")}
    for code in FOCUS:
        assert shipped.jurisdiction(code) is not None
    deep = [c for c in FOCUS if shipped.jurisdiction(c).fact("authorities")]
    assert len(deep) >= 15


def test_every_shipped_fact_and_party_has_a_source_and_a_date(shipped):
    checked = 0
    for kind in ("jurisdiction", "instrument", "provider"):
        for entry in shipped.entries(kind):
            for fact in entry.facts():
                assert fact.source.get("url") or fact.source.get("doc"), (entry.key, fact.name)
                assert fact.verified_on <= date.today()
                assert fact.confidence in {"verified", "secondary"}
                checked += 1
            for party in entry.data.get("parties", []):
                assert party["source"] in entry.data["sources"], (entry.key, party["state"])
                assert party["verified_on"]
                checked += 1
    assert checked > 1500


@pytest.mark.parametrize(
    ("identifier_host", "provider"),
    [("gmail.com", "google"), ("instagram.com", "meta"), ("facebook.com", "meta"),
     ("outlook.com", "microsoft"), ("vk.com", "vk"), ("t.me", "telegram"), ("mail.ru", "mailru"),
     ("wa.me", "whatsapp"), ("icloud.com", "apple")],
)  # fmt: skip
def test_domains_point_to_their_provider(shipped, identifier_host, provider):
    assert shipped.provider_for_host(identifier_host) == provider


def test_brands_resolve_to_their_provider(shipped):
    assert shipped.provider_for_name("Instagram") == "meta"
    assert shipped.provider_for_name("whatsapp") == "whatsapp"
    assert shipped.provider_for_name("Gmail") == "google"
    assert shipped.provider_for_name("no such brand") is None


def test_focus_state_memberships_match_the_treaty_office_record(shipped):
    budapest = {p["state"]: p for p in shipped.instrument("budapest").data["parties"]}
    assert budapest["GE"]["in_force"] == "2012-10-01"
    assert budapest["AM"]["in_force"] == "2007-02-01"
    assert budapest["US"]["in_force"] == "2007-01-01"
    for outsider in ("KZ", "KG", "TJ", "TM", "UZ", "RU"):
        assert outsider not in budapest


def test_every_entity_serves_states_by_their_iso_code(shipped):
    """The plan matches the requesting state's ISO code against `serves`: 'UK' for the United
    Kingdom (ISO GB) never matched, and UK requests went to the provider's seat instead."""
    codes = {e.key for e in shipped.entries("jurisdiction")} | {"EEA", "ROW"}
    for provider in shipped.entries("provider"):
        for entity in provider.value("legal_entities") or []:
            assert set(entity.get("serves", [])) <= codes, (provider.key, entity)
