"""`kb validate` catches every kind of mistake in a data file and names the file and field."""

from pathlib import Path

import pytest
import yaml

from evidesk.cli import main
from evidesk.knowledge import files

TODAY = "2026-11-28"


def fact(value, source="src"):
    return {"value": value, "source": source, "verified_on": TODAY, "confidence": "verified"}


def good_provider(pid="acme", domains=("acme.example",)):
    return {
        "id": pid,
        "name": "Acme Mail",
        "brands": ["Acme"],
        "domains": list(domains),
        "sources": {"src": {"url": "https://acme.example/law-enforcement"}},
        "facts": {"headquarters": fact("US"), "preservation_days": fact(90)},
    }


def write(folder: Path, kind_folder: str, name: str, data) -> None:
    (folder / kind_folder).mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    (folder / kind_folder / f"{name}.yaml").write_text(text)


def problems_for(tmp_path, kind_folder, name, data) -> list[files.Problem]:
    write(tmp_path, "jurisdictions", "US", {"code": "US"})
    write(tmp_path, kind_folder, name, data)
    return files.read_folder(tmp_path, today=files.date.fromisoformat(TODAY)).problems


def test_a_good_folder_passes(tmp_path):
    assert problems_for(tmp_path, "providers", "acme", good_provider()) == []


BROKEN = [
    (
        "fact without source",
        lambda p: p["facts"]["headquarters"].pop("source"),
        "facts.headquarters.source",
    ),
    ("fact without date", lambda p: p["facts"]["headquarters"].pop("verified_on"), "verified_on"),
    ("source not listed", lambda p: p["facts"]["headquarters"].update(source="nowhere"), "nowhere"),
    (
        "unknown fact",
        lambda p: p["facts"].update(favourite_colour=fact("red")),
        "facts.favourite_colour",
    ),
    (
        "wrong type",
        lambda p: p["facts"].update(preservation_days=fact("ninety")),
        "preservation_days",
    ),
    ("bad enum", lambda p: p["facts"].update(cooperation=fact("friendly")), "facts.cooperation"),
    ("bad country", lambda p: p["facts"].update(headquarters=fact("USA")), "headquarters"),
    ("unknown country", lambda p: p["facts"].update(headquarters=fact("ZZ")), "headquarters"),
    (
        "bad confidence",
        lambda p: p["facts"]["headquarters"].update(confidence="sure"),
        "confidence",
    ),
    (
        "future date",
        lambda p: p["facts"]["headquarters"].update(verified_on="2099-01-01"),
        "future",
    ),
    ("source without url", lambda p: p["sources"].update(src={"publisher": "x"}), "sources.src"),
    ("extra key", lambda p: p.update(colour="red"), "colour"),
    ("bad domain", lambda p: p.update(domains=["not a domain"]), "domains"),
    ("unknown parent", lambda p: p.update(parent="nobody"), "parent"),
]


@pytest.mark.parametrize(("label", "breaks", "where"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_mistake_is_caught_with_file_and_field(tmp_path, label, breaks, where):
    record = good_provider()
    breaks(record)
    problems = problems_for(tmp_path, "providers", "acme", record)
    assert problems, label
    assert all(p.file == "providers/acme.yaml" for p in problems)
    assert any(where in f"{p.field} {p.message}" for p in problems), problems


def test_duplicate_domains_across_providers(tmp_path):
    write(tmp_path, "providers", "other", good_provider("other", ["acme.example"]))
    problems = problems_for(tmp_path, "providers", "acme", good_provider())
    assert any("acme.example also belongs to" in p.message for p in problems)


def test_file_name_must_match_the_key(tmp_path):
    problems = problems_for(tmp_path, "providers", "wrongname", good_provider())
    assert any(p.field == "id" and "file name" in p.message for p in problems)


def test_unreadable_yaml_and_wrong_shapes(tmp_path):
    unreadable = problems_for(tmp_path / "a", "providers", "x", "id: [unclosed")
    assert [p.file for p in unreadable] == ["providers/x.yaml"]
    assert "not readable YAML" in unreadable[0].message
    a_list = problems_for(tmp_path / "b", "providers", "y", "- a list\n")
    assert "one mapping" in a_list[0].message


def test_instrument_party_must_be_a_known_state_and_listed_once(tmp_path):
    instrument = {
        "id": "treaty",
        "name": {"en": "A treaty"},
        "kind": "bilateral",
        "sources": {"src": {"url": "https://treaties.example/1"}},
        "parties": [
            {"state": "US", "in_force": "2001-01-01", "source": "src", "verified_on": TODAY,
             "confidence": "verified"},
            {"state": "QQ", "source": "src", "verified_on": TODAY, "confidence": "verified"},
        ],
    }  # fmt: skip
    problems = problems_for(tmp_path, "instruments", "treaty", instrument)
    assert any("parties.QQ" in p.field for p in problems)
    instrument["parties"][1]["state"] = "US"
    problems = problems_for(tmp_path, "instruments", "treaty", instrument)
    assert any("listed twice" in p.message for p in problems)


def test_jurisdiction_code_must_be_iso(tmp_path):
    write(tmp_path, "jurisdictions", "XK", {"code": "XK"})
    problems = files.read_folder(tmp_path).problems
    assert any(p.file == "jurisdictions/XK.yaml" and "ISO 3166-1" in p.message for p in problems)


def test_cli_validate_exits_non_zero_naming_file_and_field(tmp_path, capsys):
    record = good_provider()
    record["facts"]["preservation_days"]["value"] = -5
    write(tmp_path, "providers", "acme", record)
    assert main(["kb", "validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "providers/acme.yaml: facts.preservation_days.value" in err
    assert "evidesk: error: 1 problem(s)" in err


def test_cli_validate_passes_on_the_shipped_data(capsys):
    assert main(["kb", "validate"]) == 0
    assert "Knowledge base OK: 249 jurisdictions" in capsys.readouterr().out


def test_exchange_rates_are_checked(tmp_path):
    source = {"src": {"url": "https://nbg.example/rates"}}
    good = {"code": "GE", "sources": source, "facts": {"exchange_rates": fact(
        [{"from": "GEL", "to": "USD", "rate": 0.37, "date": "2026-11-27"}])}}  # fmt: skip
    write(tmp_path / "a", "jurisdictions", "GE", good)
    assert files.read_folder(tmp_path / "a").problems == []
    bad = {"code": "GE", "sources": source, "facts": {"exchange_rates": fact(
        [{"from": "lari", "to": "USD", "rate": -1, "date": "someday"}])}}  # fmt: skip
    write(tmp_path / "b", "jurisdictions", "GE", bad)
    fields = {p.field for p in files.read_folder(tmp_path / "b").problems}
    assert {"facts.exchange_rates.value.0.from", "facts.exchange_rates.value.0.rate",
            "facts.exchange_rates.value.0.date"} <= fields  # fmt: skip


def test_time_zones_must_be_iana_zones(tmp_path, capsys):
    source = {"src": {"url": "https://www.iana.org/time-zones"}}
    georgia = {"code": "GE", "sources": source,
               "facts": {"timezones": fact(["Asia/Tbilisi", "Mars/Olympus"])}}  # fmt: skip
    write(tmp_path, "jurisdictions", "GE", georgia)
    provider = good_provider()
    provider["facts"]["records_timezone"] = fact("Pacific Time")
    write(tmp_path, "providers", "acme", provider)
    problems = files.read_folder(tmp_path, today=files.date.fromisoformat(TODAY)).problems
    assert {(p.file, p.field) for p in problems} == {
        ("jurisdictions/GE.yaml", "facts.timezones.value.1"),
        ("providers/acme.yaml", "facts.records_timezone.value"),
    }
    assert main(["kb", "validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Mars/Olympus is not a time zone of the IANA database" in err
    assert "Pacific Time is not a time zone of the IANA database" in err
