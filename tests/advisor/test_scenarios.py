"""Every scenario in tests/scenarios passes its expect: block (new files are picked up)."""

from pathlib import Path

import pytest
import yaml

from evidesk.advisor.engine import advise
from evidesk.advisor.facts import parse_case
from tests.advisor.expectations import unmet

SCENARIOS = sorted((Path(__file__).parents[1] / "scenarios").glob("*.yaml"))


def test_the_scenario_copy_is_there():
    assert len(SCENARIOS) >= 14


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path, shipped):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan = advise(parse_case(raw), shipped)
    assert unmet(plan, raw.get("expect", {})) == []


def test_the_checker_itself_notices_a_wrong_plan(shipped):
    raw = yaml.safe_load(
        (Path(__file__).parents[1] / "scenarios/01-ge-gmail-fraud.yaml").read_text()
    )
    plan = advise(parse_case(raw), shipped)
    wrong = {"warnings_include": ["below_threshold"],
             "targets": [{"identifier": raw["targets"][0]["identifier"], "provider": "meta",
                          "actions_in_order": ["disclose", "preserve"],
                          "preserve_channels_any": ["mla"],
                          "disclose_instrument_any": ["cis_minsk_1993"]}]}  # fmt: skip
    problems = unmet(plan, wrong)
    assert len(problems) == 5
