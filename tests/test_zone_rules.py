"""Local times are read by the zone rules evidesk ships (the tzdata package it depends on), not
by the server's own copy, which may predate a change such as Kazakhstan's of 1 March 2024."""

import json
import shutil
import subprocess
import sys
from importlib.resources import files

import yaml


def test_a_stale_system_zone_copy_does_not_move_almaty_back_to_utc_plus_6(tmp_path):
    # A server's copy older than tzdata 2024a: Almaty still at UTC+6, as Bishkek is.
    stale = tmp_path / "zoneinfo"
    (stale / "Asia").mkdir(parents=True)
    shutil.copy(files("tzdata.zoneinfo.Asia") / "Bishkek", stale / "Asia" / "Almaty")
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({
        "as_of": "2026-12-08", "requesting_country": "KZ",
        "case": {"offences": [{"name": "Fraud", "max_penalty_years": 5}]},
        "targets": [{"identifier": "someone@mail.ru", "data": ["subscriber"],
                     "period": {"from": "2026-11-01T10:00:00", "to": "2026-11-01T10:00:00",
                                "tz": "Asia/Almaty"}}],
    }))  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "evidesk", "advise", str(case), "--format", "json"],
        capture_output=True, text=True, check=True,
        env={"PYTHONTZPATH": str(stale), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    period = json.loads(run.stdout)["targets"][0]["period"]
    assert period["from_utc"] == "2026-11-01T05:00:00Z"
