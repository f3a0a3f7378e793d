"""Backup and restore through the real command: a populated installation comes back record for
record and byte for byte, and a damaged, incomplete or mismatched backup is refused with nothing
changed. Runs on SQLite, and on PostgreSQL under scripts/with-postgres."""

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidesk.system.backup import BackupError, verify_backup
from tests.processes import child_env, fresh_database_url, run

pytestmark = pytest.mark.slow

PASSWORD = "tbilisi-prosecutor-2026"


def ok(result):
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result


def dump(env: dict, *labels: str) -> dict:
    """Every record of the installation (Django's dumpdata), by model and primary key."""
    records = json.loads(ok(run(["manage", "dumpdata", *labels], env)).stdout)
    return {(r["model"], r["pk"]): r["fields"] for r in records}


def stored(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (data_dir / "files").glob("??/*")}


@dataclass
class Source:
    env: dict
    data_dir: Path
    database_url: str
    backup: Path
    records: dict  # every record just before the backup


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """An installation with an administrator, the demo cases and evidence received, backed up."""
    root = tmp_path_factory.mktemp("source")
    with fresh_database_url() as database_url:
        env = child_env(root / "data", database_url, EVIDESK_ADMIN_PASSWORD=PASSWORD)
        ok(run(["createadmin", "--username", "nino"], env))
        ok(run(["demo"], env))
        production = root / "production"
        production.mkdir()
        (production / "subscriber.csv").write_text("account,ip\nvictim@gmail.com,192.0.2.7\n")
        (production / "messages.bin").write_bytes(os.urandom(300_000))
        request = min(pk for _, pk in dump(env, "cases.request"))
        ok(run(["evidence", "add", str(request), str(production), "--user", "nino",
                "--from", "Google LLC"], env))  # fmt: skip
        records = dump(env)
        backup = root / "backup"
        result = ok(run(["backup", str(backup)], env))
        assert "Backup written" in result.stdout
        yield Source(env, root / "data", database_url, backup, records)


def damaged_copy(source: Source, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(source.backup, copy)
    return copy


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def rewrite_manifest(folder: Path, change) -> None:
    manifest = manifest_of(folder)
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def a_stored_file(folder: Path) -> Path:
    return max((folder / "files").glob("??/*"), key=lambda p: p.stat().st_size)


def records_without(records: dict, action: str = "") -> dict:
    """The records but the audit events of `action` and the chain's head those moved on."""
    return {
        key: fields
        for key, fields in records.items()
        if key[0] != "audit.audithead"
        and not (key[0] == "audit.auditevent" and fields["action"] == action)
    }


def events(records: dict, action: str) -> list:
    return [f for (m, _), f in records.items() if m == "audit.auditevent" and f["action"] == action]


def untouched(data_dir: Path, database_url: str) -> bool:
    """The installation's database has no table, and no file was stored."""
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as database:
            tables = database.execute(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
    else:
        with sqlite3.connect(data_dir / "evidesk.sqlite3") as database:
            tables = database.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return tables == (0,) and not (data_dir / "files").exists()


def test_the_manifest_lists_every_file_every_model_and_the_schema(source):
    manifest = manifest_of(source.backup)
    engine = "postgresql" if source.database_url else "sqlite"
    assert manifest["database"]["engine"] == engine
    assert ["evidence", "0001_initial"] in manifest["migrations"]
    counts = {row["model"]: row["count"] for row in manifest["rows"]}
    models = {model for model, _ in source.records}
    for model in models:
        assert counts[model] == sum(1 for m, _ in source.records if m == model), model
    listed = {entry["path"]: entry for entry in manifest["files"]}
    originals = stored(source.data_dir)
    assert len(originals) >= 2
    for sha256, content in originals.items():
        assert listed[f"files/{sha256[:2]}/{sha256}"]["size"] == len(content)
    assert {"secret_key", f"database.{'pgdump' if source.database_url else 'sqlite3'}"} < set(
        listed
    )
    assert not list(source.backup.rglob("*.partial"))
    for entry in manifest["files"]:  # a backup holds everything: for its owner's eyes only
        assert (source.backup / entry["path"]).stat().st_mode & 0o077 == 0


def test_round_trip_brings_back_every_record_and_file(source, tmp_path):
    with fresh_database_url() as database_url:
        target = tmp_path / "restored"
        env = child_env(target, database_url)
        # Installed and started once (migrated, knowledge base loaded), but never used.
        ok(run(["kb", "show", "GE"], env))
        result = ok(run(["restore", str(source.backup)], env))
        assert "every row count and file hash matches the manifest" in result.stdout
        restored = dump(env)
        assert records_without(restored, "system.restore") == records_without(source.records)
        # The restore is the one event appended to the restored chain, which stays intact.
        assert len(events(restored, "system.restore")) == 1
        assert events(restored, "system.backup") == []
        head_before = next(f for (m, _), f in source.records.items() if m == "audit.audithead")
        head_after = next(f for (m, _), f in restored.items() if m == "audit.audithead")
        assert head_after["length"] == head_before["length"] + 1
        assert "Audit trail intact" in ok(run(["audit", "verify"], env)).stdout
        assert stored(target) == stored(source.data_dir)
        assert (target / "secret_key").read_bytes() == (source.data_dir / "secret_key").read_bytes()
        if not database_url:  # the restored file is the database the installation uses
            with sqlite3.connect(target / "evidesk.sqlite3") as database:
                assert database.execute("SELECT COUNT(*) FROM accounts_user").fetchone() == (1,)


def test_verify_accepts_an_intact_backup_without_any_installation(source, tmp_path):
    nowhere = tmp_path / "no-installation"
    result = ok(run(["backup", "--verify", str(source.backup)], child_env(nowhere)))
    assert "complete and intact" in result.stdout
    assert not nowhere.exists()


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(data)


def flip_a_byte(folder: Path) -> None:
    path = a_stored_file(folder)
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (flip_a_byte, "damaged (its SHA-256 differs"),
        (lambda f: a_stored_file(f).unlink(), ": missing"),
        (lambda f: (f / "files" / "notes.txt").write_text("x"), "files/notes.txt: an unknown"),
        (lambda f: append(a_stored_file(f), b"more"), "the manifest says"),
        (lambda f: (f / "manifest.json").write_text("{broken"), "not readable JSON"),
        (lambda f: rewrite_manifest(f, lambda m: m.pop("rows")), "'rows' is missing"),
        (lambda f: rewrite_manifest(f, lambda m: m["files"][0].update(sha256="x")), "no valid"),
        (lambda f: rewrite_manifest(f, lambda m: m["files"].pop()), "an unknown file"),
        (lambda f: (f / "manifest.json").unlink(), "interrupted"),
    ],
    ids=["tampered", "missing", "extra", "resized", "json", "field", "hash", "unlisted", "cut"],
)
def test_verify_names_each_problem(source, tmp_path, damage, expected):
    copy = damaged_copy(source, tmp_path)
    damage(copy)
    with pytest.raises(BackupError) as caught:
        verify_backup(copy)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_verify_on_the_command_line_names_every_problem_and_fails(source, tmp_path):
    copy = damaged_copy(source, tmp_path)
    flip_a_byte(copy)
    (copy / "secret_key").unlink()
    (copy / "stray.partial").write_text("left by an interrupted copy")
    result = run(["backup", "--verify", str(copy)], child_env(tmp_path / "unused"))
    assert result.returncode == 1
    assert "3 problem(s)" in result.stderr
    assert "damaged" in result.stderr and "secret_key: missing" in result.stderr
    assert "stray.partial: an unknown file" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_refuses_an_installation_with_data_and_changes_nothing(source):
    files_before = stored(source.data_dir)
    result = run(["restore", str(source.backup)], source.env)
    assert result.returncode == 1
    assert "not empty" in result.stderr and "Nothing was changed" in result.stderr
    after = dump(source.env)
    # Since the backup, the installation has changed by the backup's audit event alone.
    assert records_without(after, "system.backup") == records_without(source.records)
    assert len(events(after, "system.backup")) == 1
    assert stored(source.data_dir) == files_before


def test_restore_refuses_another_database_engine(source, tmp_path):
    backup = source.backup
    if not source.database_url:  # make it a PostgreSQL backup to offer to a SQLite installation
        backup = damaged_copy(source, tmp_path)
        (backup / "database.sqlite3").rename(backup / "database.pgdump")

        def to_postgresql(manifest):
            manifest["database"] = {"engine": "postgresql", "file": "database.pgdump",
                                    "server_version": 15, "pg_dump_version": 15}  # fmt: skip
            for entry in manifest["files"]:
                if entry["path"] == "database.sqlite3":
                    entry["path"] = "database.pgdump"

        rewrite_manifest(backup, to_postgresql)
    target = tmp_path / "sqlite-installation"
    result = run(["restore", str(backup)], child_env(target))
    assert result.returncode == 1
    assert "holds a PostgreSQL database, but this installation uses SQLite" in result.stderr
    assert "EVIDESK_DATABASE_URL=postgres://" in result.stderr
    assert untouched(target, "")


def test_restore_refuses_an_unusable_backup_and_changes_nothing(source, tmp_path):
    interrupted, newer, damaged = (damaged_copy(source, tmp_path / name) for name in "abc")
    (interrupted / "manifest.json").unlink()
    rewrite_manifest(newer, lambda m: m["migrations"].append(["cases", "9999_from_the_future"]))
    flip_a_byte(damaged)
    with fresh_database_url() as database_url:
        target = tmp_path / "empty"
        env = child_env(target, database_url)
        for backup, expected in [
            (interrupted, "interrupted before it finished"),
            (newer, "made by a newer evidesk"),
            (damaged, "damaged (its SHA-256 differs"),
        ]:
            result = run(["restore", str(backup)], env)
            assert result.returncode == 1
            assert expected in result.stderr and "othing was changed" in result.stderr
            assert untouched(target, database_url)


def test_backup_refuses_a_folder_that_is_not_empty(source):
    before = sorted(p.name for p in source.backup.iterdir())
    result = run(["backup", str(source.backup)], source.env)
    assert result.returncode == 1 and "is not empty" in result.stderr
    assert sorted(p.name for p in source.backup.iterdir()) == before


@pytest.mark.parametrize("pg_dump", ["missing", "too old"])
def test_backup_names_a_missing_or_too_old_pg_dump(source, tmp_path, pg_dump):
    if not source.database_url:
        pytest.skip("PostgreSQL only (scripts/with-postgres)")
    programs = tmp_path / "bin"  # the only place the command looks for programs
    programs.mkdir()
    if pg_dump == "too old":
        fake = programs / "pg_dump"
        fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
        fake.chmod(0o755)
    result = run(["backup", str(tmp_path / "backup")], {**source.env, "PATH": str(programs)})
    assert result.returncode == 1
    assert {"missing": "not installed", "too old": "too old"}[pg_dump] in result.stderr
    assert "postgresql-client-" in result.stderr
    assert not (tmp_path / "backup").exists()
