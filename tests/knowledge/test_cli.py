import json

import pytest
import time_machine

from evidesk.cli import main


@pytest.fixture
def run_cli(kb, capsys):
    def run(*args):
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_resolve_json_has_the_documented_keys(run_cli):
    status, out, _ = run_cli(
        "kb", "resolve", "https://vk.com/club_tickets_almaty", "--format", "json"
    )
    data = json.loads(out)
    assert status == 0
    assert {"kind", "normalized", "provider", "provider_country", "error"} <= set(data)
    assert (data["kind"], data["provider"], data["provider_country"]) == ("account", "vk", "RU")


def test_resolve_garbage_fails_clearly(run_cli):
    status, out, _ = run_cli("kb", "resolve", "<script>", "--format", "json")
    assert status == 1 and "not a recognisable identifier" in json.loads(out)["error"]


def test_show_a_country_a_provider_and_an_instrument(run_cli):
    status, out, _ = run_cli("kb", "show", "ge", "--format", "text")
    assert status == 0 and out.startswith("Georgia (jurisdiction GE)") and "unknown:" in out
    status, out, _ = run_cli("kb", "show", "gmail.com", "--format", "text")
    assert status == 0 and "Google (provider google)" in out and "source:" in out
    status, out, _ = run_cli("kb", "show", "budapest", "--format", "json")
    assert status == 0 and json.loads(out)["type"] == "instrument"


def test_show_something_unknown(run_cli):
    status, _, err = run_cli("kb", "show", "nowhere-at-all")
    assert status == 2 and "nothing in the knowledge base is called 'nowhere-at-all'" in err


@time_machine.travel("2026-12-20T12:00:00Z", tick=False)  # within 30 days of verification
def test_stale_and_its_bad_argument(run_cli):
    status, out, _ = run_cli("kb", "stale", "--older-than", "30d", "--format", "text")
    assert status == 0 and "0 fact(s) verified more than 30 days ago" in out
    status, _, err = run_cli("kb", "stale", "--older-than", "a year")
    assert status == 2 and "number of days" in err


def test_export_and_import_through_the_command(run_cli, tmp_path):
    status, out, _ = run_cli("kb", "export", str(tmp_path / "kb"))
    assert status == 0 and "Exported" in out
    (tmp_path / "kb/providers/google.yaml").write_text("id: [broken")
    status, _, err = run_cli("kb", "import", str(tmp_path / "kb"))
    assert status == 1 and "providers/google.yaml" in err and "nothing was imported" in err
