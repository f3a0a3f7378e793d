import json
from pathlib import Path

import pytest
import yaml

from evidesk.cli import main

SCENARIO = Path(__file__).parents[1] / "scenarios/01-ge-gmail-fraud.yaml"


def write_case(tmp_path, change) -> str:
    raw = yaml.safe_load(SCENARIO.read_text())
    change(raw)
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))
    return str(path)


def test_advise_json_has_the_documented_keys(kb, capsys):
    assert main(["advise", str(SCENARIO), "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {"as_of", "requesting_country", "warnings", "targets"} <= set(plan)
    target = plan["targets"][0]
    assert {
        "identifier",
        "kind",
        "normalized",
        "provider",
        "provider_country",
        "steps",
        "warnings",
    } <= set(target)
    step = target["steps"][1]
    assert {
        "action",
        "channel",
        "alternatives",
        "addressee",
        "legal_basis",
        "instrument",
        "due",
        "why",
        "sources",
    } <= set(step)


def test_advise_text_is_a_readable_report(kb, capsys):
    assert main(["advise", str(SCENARIO), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "supplier.billing.dept@gmail.com" in out and "Step 2: preserve via" in out
    assert "user_notification_risk" in out and "source:" in out
    assert "2026-08-31T20:00:00Z" in out  # the window in UTC beside the local time


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda r: r.update(requesting_country="XX"),
            "requesting_country: unknown country code 'XX'",
        ),
        (lambda r: r.update(as_of="28/11/2026"), "as_of: not a date"),
        (
            lambda r: r["targets"][0].update(data=["subscriber", "emails"]),
            "targets[0].data[1]: unknown data category 'emails'",
        ),
        (lambda r: r.update(targets=[]), "targets: at least one target is needed"),
        (
            lambda r: r["targets"][0]["period"].update({"from": "yesterday"}),
            "period.from: not a date and time",
        ),
        (
            lambda r: r["targets"][0]["period"].update(tz="Asia/Tbilsi"),
            "period.tz: unknown time zone 'Asia/Tbilsi'",
        ),
        (
            lambda r: r["targets"][0]["period"].update({"from": "2026-12-01T00:00:00"}),
            "period ends before it starts",
        ),
        (
            lambda r: r["targets"][0].update(provider_country="Georgia"),
            "targets[0].provider_country",
        ),
        (
            lambda r: r["case"].update(damages={"amount": "lots", "currency": "USD"}),
            "case.damages.amount",
        ),
    ],
)
def test_bad_input_names_the_field_and_exits_2(tmp_path, capsys, change, field):
    path = write_case(tmp_path, change)
    assert main(["advise", path, "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert field in captured.err and captured.out == ""
    assert "Traceback" not in captured.err


def test_unreadable_and_missing_files(tmp_path, capsys):
    assert main(["advise", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets: [unclosed")
    assert main(["advise", str(bad)]) == 2
    assert "not readable YAML" in capsys.readouterr().err
