"""Loading, correcting, exporting and importing the knowledge base."""

import shutil
from datetime import date, timedelta

import pytest
import yaml

from evidesk.clock import now
from evidesk.knowledge import files
from evidesk.knowledge.models import KnowledgeChange, KnowledgeRecord, ShippedKnowledgeLoad
from evidesk.knowledge.services import (
    Correction,
    KnowledgeError,
    correct_fact,
    current_snapshot,
    export_folder,
    import_folder,
    load_shipped_knowledge,
    stale_facts,
)

SOURCE = "https://policies.example/google-preservation"


def google() -> KnowledgeRecord:
    return KnowledgeRecord.objects.get(kind="provider", key="google")


def test_loading_again_changes_nothing(kb):
    before = KnowledgeRecord.objects.count()
    assert "shipped files unchanged" in load_shipped_knowledge()
    ShippedKnowledgeLoad.objects.all().delete()  # as if the fingerprint were lost: full compare
    assert "0 added, 0 updated" in load_shipped_knowledge()
    assert (
        KnowledgeRecord.objects.count()
        == before
        == 249 + len(kb.entries("instrument")) + len(kb.entries("provider"))
    )


def test_a_correction_reaches_the_advisors_input_with_its_history(kb, admin_user):
    assert kb.provider("google").value("preservation_days") == 90
    correction = Correction(
        fact="preservation_days", value=60, source_url=SOURCE, locator="§ 3",
        reason="Provider shortened its period",
    )  # fmt: skip
    correct_fact(google(), correction, admin_user)
    fact = current_snapshot().provider("google").fact("preservation_days")
    assert fact.value == 60 and fact.source["url"] == SOURCE and fact.locator == "§ 3"
    assert fact.verified_on == now().date() and fact.confidence == "verified"
    change = KnowledgeChange.objects.get(
        record=google(), origin="correction", field="facts.preservation_days"
    )
    assert (change.field, change.before["value"], change.after["value"]) == (
        "facts.preservation_days",
        90,
        60,
    )
    assert change.by == admin_user and change.reason == "Provider shortened its period"


def test_a_correction_can_mark_a_fact_unknown(kb, admin_user):
    correct_fact(
        google(), Correction("preservation_days", None, reason="source withdrawn"), admin_user
    )
    assert current_snapshot().provider("google").fact("preservation_days") is None


def test_a_correction_made_on_an_old_copy_keeps_one_saved_meanwhile(kb, admin_user):
    """Two administrators open the same provider; the second to save corrects another fact
    from the copy read before the first saved: both corrections stay."""
    read_by_second = google()
    correct_fact(google(), Correction("preservation_days", 60, source_url=SOURCE,
                                      reason="first administrator"), admin_user)  # fmt: skip
    correct_fact(read_by_second, Correction("preservation_extension_days", 30,
                                            source_url=SOURCE, reason="second"), admin_user)  # fmt: skip
    provider = current_snapshot().provider("google")
    assert provider.fact("preservation_days").value == 60
    assert provider.fact("preservation_extension_days").value == 30


@pytest.mark.parametrize(
    ("correction", "phrase"),
    [
        (Correction("preservation_days", 60, reason="no source given"), "needs its source"),
        (Correction("preservation_days", 60, source_url=SOURCE, reason=""), "say why"),
        (Correction("preservation_days", "sixty", source_url=SOURCE, reason="x"), "whole number"),
        (Correction("favourite_colour", "red", source_url=SOURCE, reason="x"), "unknown fact"),
        (Correction("headquarters", "ZZZ", source_url=SOURCE, reason="x"), "expected form"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(kb, admin_user, correction, phrase):
    before = google().data
    with pytest.raises(KnowledgeError) as caught:
        correct_fact(google(), correction, admin_user)
    assert phrase in str(caught.value)
    assert google().data == before and not google().corrected
    assert not KnowledgeChange.objects.exists()


def test_a_new_release_updates_records_but_keeps_local_corrections(kb, admin_user, tmp_path):
    correct_fact(
        google(), Correction("preservation_days", 60, source_url=SOURCE, reason="local"), admin_user
    )
    release = tmp_path / "release"
    shutil.copytree(files.SHIPPED_DIR, release)
    for key in ("google", "meta"):
        path = release / "providers" / f"{key}.yaml"
        data = yaml.safe_load(path.read_text())
        data["brands"].append(f"New {key} brand")
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
    summary = load_shipped_knowledge(release)
    assert "1 updated" in summary and "1 locally corrected records kept" in summary
    meta = KnowledgeRecord.objects.get(kind="provider", key="meta")
    assert "New meta brand" in meta.data["brands"]
    assert KnowledgeChange.objects.filter(record=meta, origin="shipped", field="brands").exists()
    assert google().data["facts"]["preservation_days"]["value"] == 60


def test_export_then_import_round_trip(kb, admin_user, tmp_path):
    correct_fact(
        google(), Correction("preservation_days", 45, source_doc="Letter of 1 Nov", reason="x"),
        admin_user,
    )  # fmt: skip
    written = export_folder(tmp_path / "out")
    assert written == KnowledgeRecord.objects.count()
    exported = files.read_folder(tmp_path / "out")
    assert exported.ok, exported.problems[:3]
    assert exported.records["provider"]["google"]["facts"]["preservation_days"]["value"] == 45
    before = {(r.kind, r.key): r.data for r in KnowledgeRecord.objects.all()}
    KnowledgeRecord.objects.all().delete()
    summary = import_folder(tmp_path / "out")
    assert summary["changed"] == len(before)
    assert {(r.kind, r.key): r.data for r in KnowledgeRecord.objects.all()} == before


def test_import_with_one_bad_file_changes_nothing(kb, tmp_path):
    export_folder(tmp_path / "kb")
    good = tmp_path / "kb/providers/google.yaml"
    data = yaml.safe_load(good.read_text())
    data["facts"]["preservation_days"]["value"] = 30
    good.write_text(yaml.safe_dump(data))
    bad = tmp_path / "kb/providers/meta.yaml"
    bad.write_text(bad.read_text().replace("headquarters:", "headquartrs:"))
    before = google().data
    with pytest.raises(KnowledgeError) as caught:
        import_folder(tmp_path / "kb")
    assert any(p.file == "providers/meta.yaml" for p in caught.value.problems)
    assert google().data == before


def test_stale_facts_are_listed_by_age(kb):
    verified = date(2026, 11, 28)  # the day the shipped facts were verified
    assert stale_facts(verified, 365) == []
    later = verified + timedelta(days=400)
    rows = stale_facts(later, 365)
    assert len(rows) > 1000
    assert all(fact.age_days(later) > 365 for _, fact in rows)


@pytest.mark.django_db(transaction=True)
def test_servers_starting_together_load_the_shipped_files_once():
    """Several application processes start after an upgrade: none fails, nothing is doubled."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    KnowledgeRecord.objects.all().delete()
    ShippedKnowledgeLoad.objects.all().delete()
    results, failures = [], []

    def start():
        try:
            results.append(load_shipped_knowledge())
        except Exception as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum("loaded by another process" in r for r in results) == 2
    assert KnowledgeRecord.objects.count() == sum(
        files.read_folder(files.SHIPPED_DIR).count().values()
    )
    assert not KnowledgeChange.objects.exists()
