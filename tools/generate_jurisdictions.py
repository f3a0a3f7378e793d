"""Write the base record of every ISO 3166-1 country into the knowledge base's data folder.

Names (English, Russian), official languages and time zones come from the datasets the product
ships with (pycountry's ISO 3166 list, Unicode CLDR through Babel, the IANA tz database through
tzdata); EU membership from the source cited below. Facts other than these, and their sources,
are kept as they are in existing files. Run after upgrading those packages:

    .venv/bin/python tools/generate_jurisdictions.py
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import sys
from datetime import date
from pathlib import Path

import pycountry
import yaml
from babel import Locale, languages

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "src/evidesk/knowledge/data/jurisdictions"
TODAY = date.today().isoformat()

EU_MEMBERS = set(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

SOURCES = {
    "iso3166-pycountry": {
        "url": "https://www.iso.org/iso-3166-country-codes.html",
        "doc": f"ISO 3166-1 as packaged in pycountry {importlib.metadata.version('pycountry')}",
        "publisher": "ISO",
    },
    "cldr-babel": {
        "url": "https://cldr.unicode.org/",
        "doc": "Unicode CLDR territory names and official languages, "
        f"Babel {importlib.metadata.version('babel')}",
        "publisher": "Unicode Consortium",
    },
    "iana-tzdb": {
        "url": "https://www.iana.org/time-zones",
        "doc": f"IANA tz database zone.tab, tzdata {importlib.metadata.version('tzdata')}",
        "publisher": "IANA",
    },
    "eu-members-list": {
        "url": "https://dataprivacymanager.net/glossary/eu-member-states/",
        "doc": "Glossary: EU member states (lists the 27 members)",
        "publisher": "Data Privacy Manager",
    },
}


def fact(value, source: str, confidence: str = "verified", locator: str | None = None) -> dict:
    record = {"value": value, "source": source, "verified_on": TODAY, "confidence": confidence}
    if locator:
        record["locator"] = locator
    return record


DE_FACTO_NOTE = (
    "de facto official (CLDR territory data, Babel's get_official_languages with de_facto=True);"
    " no de jure official language is recorded"
)


def zones_by_country() -> dict[str, list[str]]:
    text = importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text()
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone = line.split("\t")[:3]
            zones.setdefault(code, []).append(zone)
    return zones


def base_facts(code: str, zones: dict[str, list[str]]) -> dict:
    country = pycountry.countries.get(alpha_2=code)
    english = Locale("en").territories.get(code, country.name)
    facts = {"names": fact({"en": english, "ru": Locale("ru").territories.get(code)}, "cldr-babel")}
    if facts["names"]["value"]["ru"] is None:
        del facts["names"]["value"]["ru"]
    official = list(languages.get_official_languages(code))
    if official:
        facts["official_languages"] = fact(official, "cldr-babel")
    elif de_facto := list(languages.get_official_languages(code, de_facto=True)):
        # The United States declares no official language, yet writes its requests in English.
        facts["official_languages"] = fact(de_facto, "cldr-babel")
        facts["official_languages"]["note"] = DE_FACTO_NOTE
    if zones.get(code):
        facts["timezones"] = fact(zones[code], "iana-tzdb", locator="zone.tab")
    facts["eu_member"] = fact(code in EU_MEMBERS, "eu-members-list", "secondary")
    return facts


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    zones = zones_by_country()
    for country in pycountry.countries:
        code = country.alpha_2
        path = FOLDER / f"{code}.yaml"
        existing = yaml.safe_load(path.read_text()) if path.exists() else {}
        generated = base_facts(code, zones)
        used = {f["source"] for f in generated.values()}
        record = {
            "code": code,
            "sources": {
                **{k: v for k, v in SOURCES.items() if k in used},
                **existing.get("sources", {}),
            },
            "facts": {
                **generated,
                **{k: v for k, v in existing.get("facts", {}).items() if k not in generated},
            },
        }
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100))
    print(f"wrote {len(pycountry.countries)} jurisdiction files to {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
