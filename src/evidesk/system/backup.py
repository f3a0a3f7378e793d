"""Backups of a whole installation, their check, and their restore (see docs/backup.md).

A backup is a folder: the database (SQLite's online backup API, or pg_dump), every stored file,
the secret key, and, written last, `manifest.json` with the SHA-256 and size of each file, the
schema (applied migrations) and the number of rows per model."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from evidesk import __version__, config
from evidesk.clock import now
from evidesk.system import files

FORMAT = "evidesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
STORED = "files"
PARTIAL = ".partial"
SQLITE_STEP_PAGES = 4096  # 16 MB a step at the default page size: progress without slowness
SHA256 = re.compile(r"[0-9a-f]{64}")

Meter = Callable[[int], None]
ProgressFactory = Callable[[str, int], Meter]


class BackupError(Exception):
    """A backup or restore that cannot go on, worded for the operator; `problems` names each
    defect found in a backup folder."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Summary:
    """What a backup holds (for a restore: what was brought back and checked)."""

    taken_at: str
    evidesk_version: str
    engine: str
    rows: int
    tables: int
    stored_files: int
    stored_bytes: int
    migrations_applied: int = 0

    @classmethod
    def of(cls, manifest: dict, migrations_applied: int = 0) -> Summary:
        stored = [e for e in manifest["files"] if e["path"].startswith(f"{STORED}/")]
        return cls(
            taken_at=manifest["taken_at"],
            evidesk_version=manifest["evidesk_version"],
            engine=ENGINE_NAMES[manifest["database"]["engine"]],
            rows=sum(r["count"] for r in manifest["rows"]),
            tables=len(manifest["rows"]),
            stored_files=len(stored),
            stored_bytes=sum(e["size"] for e in stored),
            migrations_applied=migrations_applied,
        )


def _meter(progress: ProgressFactory | None, label: str, total: int) -> Meter:
    return progress(label, total) if progress else lambda done: None


def _digest(chunks: Iterable[bytes], meter: Meter | None = None) -> tuple[str, int]:
    """SHA-256 and size of a stream, read once, whatever its size."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        if meter:
            meter(size)
    return digest.hexdigest(), size


def _stored_path(sha256: str) -> str:
    return f"{STORED}/{sha256[:2]}/{sha256}"


# --- taking a backup ------------------------------------------------------------------------


class _BackupFolder:
    """The backup being written. Each file goes in under a temporary name and is renamed when
    complete, and the manifest comes last: an interrupted backup never looks finished."""

    def __init__(self, root: Path) -> None:
        self.root, self.listed = root, []

    def partial(self, relative: str) -> Path:
        path = self.root / f"{relative}{PARTIAL}"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, relative: str, chunks: Iterable[bytes], meter: Meter | None = None) -> None:
        partial = self.partial(relative)
        # Owner-only: a backup holds every case, password hash and second-factor secret.
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            sha256, size = _digest(_written(chunks, out), meter)
            out.flush()
            os.fsync(out.fileno())
        self._keep(relative, sha256, size)

    def adopt(self, relative: str) -> None:
        """A file another program wrote at `partial(relative)` (the database copy)."""
        partial = self.root / f"{relative}{PARTIAL}"
        partial.chmod(0o600)
        self._keep(relative, *_digest(files.read_chunks(partial)))

    def _keep(self, relative: str, sha256: str, size: int) -> None:
        os.replace(self.root / f"{relative}{PARTIAL}", self.root / relative)
        self.listed.append({"path": relative, "sha256": sha256, "size": size})

    def write_manifest(self, manifest: dict) -> None:
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        self.write(MANIFEST, [text.encode()])
        self.listed.pop()  # the manifest does not list itself


def _written(chunks: Iterable[bytes], out) -> Iterator[bytes]:
    for chunk in chunks:
        out.write(chunk)
        yield chunk


@dataclass(frozen=True)
class _Snapshot:
    database: dict
    migrations: list
    rows: list


def take_backup(folder: Path, progress: ProgressFactory | None = None) -> Summary:
    """Write a backup of this installation into `folder` (new or empty)."""
    if "django_migrations" not in connection.introspection.table_names():
        raise BackupError(
            "this installation's database has never been prepared: there is nothing to back up. "
            f"Check {config.DATA_DIR_ENV} and {config.DATABASE_URL_ENV}."
        )
    pg_dump = _pg_dump() if connection.vendor == "postgresql" else None
    _make_empty_folder(folder)
    try:
        manifest = _write_backup(_BackupFolder(folder), pg_dump, progress)
    except (BackupError, OSError) as exc:
        reason = exc if isinstance(exc, BackupError) else f"cannot write into {folder}: {exc}"
        raise BackupError(
            f"{reason}. The backup in {folder} is incomplete (it has no manifest): delete it "
            "before trying again."
        ) from exc
    summary = Summary.of(manifest)
    _record("system.backup", folder, summary)
    return summary


def _write_backup(
    out: _BackupFolder, pg_dump: tuple[str, int] | None, progress: ProgressFactory | None
) -> dict:
    taken_at = now()
    # Why this is consistent while the server runs: stored files are content-addressed and never
    # change, and each is written before the database row that names it. So the database is
    # copied FIRST, as one snapshot, and the files AFTER: every file the snapshot names is
    # already in the store. Files added meanwhile are copied too, unreferenced and harmless.
    snapshot = _dump_postgresql(out, *pg_dump) if pg_dump else _copy_sqlite(out, progress)
    _copy_stored_files(out, progress)
    _copy_secret_key(out)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "evidesk_version": __version__,
        "taken_at": taken_at.isoformat(),
        "database": snapshot.database,
        "migrations": snapshot.migrations,
        "rows": snapshot.rows,
        "files": out.listed,
    }
    out.write_manifest(manifest)
    return manifest


def _make_empty_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder} is a file: give a new or empty folder for the backup.")
    if folder.is_dir() and any(folder.iterdir()):
        raise BackupError(
            f"{folder} is not empty: give a new or empty folder (one per backup, e.g. named "
            "by its date), so no earlier backup is mixed into this one."
        )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the folder {folder}: {exc.strerror}") from exc


def _copy_sqlite(out: _BackupFolder, progress: ProgressFactory | None) -> _Snapshot:
    name = DATABASE_FILES["sqlite"]
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    copy = sqlite3.connect(out.partial(name))
    try:
        # One read transaction around every step: the copy is a single moment of the database,
        # and the server's writers (WAL mode) carry on meanwhile.
        source.execute("BEGIN")
        pages, page_size = (
            source.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size")
        )
        meter = _meter(progress, "Database", pages * page_size)
        source.backup(
            copy,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, left, total: meter((total - left) * page_size),
        )
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = {t for (t,) in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        migrations, rows = _contents(copy.cursor(), tables)
    finally:
        source.close()
        copy.close()
    out.adopt(name)
    return _Snapshot({"engine": "sqlite", "file": name}, migrations, rows)


def _dump_postgresql(out: _BackupFolder, pg_dump: str, version: int) -> _Snapshot:
    name = DATABASE_FILES["postgresql"]
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump joins this transaction's snapshot, so the dump, the counts and the list of
        # migrations all describe the same moment.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        migrations, rows = _contents(cursor, set(connection.introspection.table_names(cursor)))
        _run_pg(
            pg_dump,
            [
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot_id}",
                f"--file={out.partial(name)}",
            ],
        )
    out.adopt(name)
    database = {
        "engine": "postgresql",
        "file": name,
        "server_version": connection.pg_version // 10000,
        "pg_dump_version": version,
    }
    return _Snapshot(database, migrations, rows)


def _contents(cursor, tables: set[str]) -> tuple[list, list]:
    """The applied migrations and the rows of each model's table, read through `cursor` (of the
    copy, or inside the snapshot) so they describe exactly what the backup holds."""
    from django.apps import apps

    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    migrations = [[app, name] for app, name in cursor.fetchall()]
    rows = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy:
            rows.append(
                {"model": model._meta.label_lower, "table": table, "count": _count(cursor, table)}
            )
    return migrations, rows


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a model's table)
    return cursor.fetchone()[0]


def _copy_stored_files(out: _BackupFolder, progress: ProgressFactory | None) -> None:
    hashes = sorted(files.all_stored())
    sizes = {}
    for sha256 in hashes:  # sizes first, for the progress line (a seek: nothing is read)
        with files.open_stored(sha256) as handle:
            sizes[sha256] = handle.seek(0, os.SEEK_END)
    meter, done = _meter(progress, "Stored files", sum(sizes.values())), 0
    for sha256 in hashes:
        with files.open_stored(sha256) as handle:
            out.write(
                _stored_path(sha256),
                iter(lambda h=handle: h.read(files.CHUNK), b""),
                lambda n, base=done: meter(base + n),
            )
        if out.listed[-1]["sha256"] != sha256:
            raise BackupError(
                f"the stored file {sha256} is damaged: its content no longer matches its SHA-256 "
                "(`evidesk evidence verify` shows which evidence it is)"
            )
        done += sizes[sha256]


def _copy_secret_key(out: _BackupFolder) -> None:
    # The secret key signs sessions (kept in the database) and any signed link; TOTP secrets
    # are stored as they are and recovery codes and passwords are hashed with Argon2, so nothing
    # is lost without it. It is kept all the same so a restored server carries on exactly where
    # this one stopped (sessions stay valid). It adds no exposure: the backup already holds the
    # password hashes and second-factor secrets, and must be guarded as closely as the server.
    # (A key given in EVIDESK_SECRET_KEY lives in the configuration, not in the data folder.)
    key = Path(settings.DATA_DIR) / config.SECRET_KEY_FILE
    if key.is_file():
        out.write(config.SECRET_KEY_FILE, files.read_chunks(key))


# --- checking a backup ----------------------------------------------------------------------


def verify_backup(folder: Path, progress: ProgressFactory | None = None) -> Summary:
    """What the backup holds, once every file has been found intact; BackupError naming each
    problem otherwise. Needs no database: a copy can be checked anywhere."""
    manifest = read_manifest(folder)
    problems = _file_problems(folder, manifest, progress)
    if problems:
        raise BackupError(f"{len(problems)} problem(s) in the backup {folder}", problems)
    return Summary.of(manifest)


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, checked for form; BackupError naming each defect otherwise."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder: give the folder of a backup")
    unusable = f"{folder} is not a usable evidesk backup"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        problem = (
            f"{MANIFEST} is missing: the backup was interrupted before it finished, or "
            "this is not an evidesk backup"
        )
        raise BackupError(unusable, [problem]) from None
    except (ValueError, OSError) as exc:
        raise BackupError(unusable, [f"{MANIFEST} is not readable JSON ({exc})"]) from None
    problems = _manifest_problems(manifest)
    if problems:
        raise BackupError(unusable, problems)
    return manifest


def _manifest_problems(manifest) -> list[str]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [f"{MANIFEST} is not the manifest of an evidesk backup"]
    if manifest.get("format_version") != FORMAT_VERSION:
        return [
            f"{MANIFEST}: backup format {manifest.get('format_version')!r} is not one this "
            f"evidesk reads ({FORMAT_VERSION}); use the evidesk that made it"
        ]
    shapes = {
        "evidesk_version": str,
        "taken_at": str,
        "database": dict,
        "migrations": list,
        "rows": list,
        "files": list,
    }
    problems = [
        f"{MANIFEST}: {key!r} is missing or not a {kind.__name__}"
        for key, kind in shapes.items()
        if not isinstance(manifest.get(key), kind)
    ]
    if problems:
        return problems
    try:
        datetime.fromisoformat(manifest["taken_at"])
    except ValueError:
        problems.append(f"{MANIFEST}: taken_at {manifest['taken_at']!r} is not a date and time")
    engine = manifest["database"].get("engine")
    if not _is_database_entry(manifest["database"]):
        problems.append(f"{MANIFEST}: the database entry {manifest['database']!r} is not valid")
    if not all(_is_text_pair(m) for m in manifest["migrations"]):
        problems.append(f"{MANIFEST}: 'migrations' must list [app, migration] pairs")
    if not all(_is_row_count(r) for r in manifest["rows"]):
        problems.append(f"{MANIFEST}: 'rows' must list {{model, table, count}} entries")
    problems += _listing_problems(manifest["files"], DATABASE_FILES.get(engine))
    return problems


def _is_database_entry(database: dict) -> bool:
    engine = database.get("engine")
    return (
        engine in DATABASE_FILES
        and database.get("file") == DATABASE_FILES[engine]
        and (engine != "postgresql" or type(database.get("pg_dump_version")) is int)
    )


def _is_text_pair(item) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(s, str) for s in item)


def _is_row_count(item) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("model"), str)
        and isinstance(item.get("table"), str)
        and type(item.get("count")) is int
        and item["count"] >= 0
    )


def _listing_problems(entries: list, database_file: str | None) -> list[str]:
    problems, seen = [], set()
    for entry in entries:
        problem = _entry_problem(entry, database_file)
        if problem:
            problems.append(f"{MANIFEST}: {problem}")
        elif entry["path"] in seen:
            problems.append(f"{MANIFEST}: {entry['path']} is listed twice")
        else:
            seen.add(entry["path"])
    if database_file and database_file not in seen:
        problems.append(f"{MANIFEST}: the database copy {database_file} is not listed")
    return problems


def _entry_problem(entry, database_file: str | None) -> str | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        return f"a file entry without a path: {str(entry)[:80]}"
    path, sha256, size = entry["path"], entry.get("sha256"), entry.get("size")
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        return f"{path}: no valid SHA-256"
    if type(size) is not int or size < 0:
        return f"{path}: no valid size"
    if path not in {database_file, config.SECRET_KEY_FILE, _stored_path(sha256)}:
        return f"{path}: not a part of an evidesk backup (stored files are files/xx/SHA-256)"
    return None


def _file_problems(folder: Path, manifest: dict, progress: ProgressFactory | None) -> list[str]:
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    listed = {entry["path"] for entry in manifest["files"]}
    problems = [
        f"{path}: an unknown file, not in the manifest"
        for path in sorted(present - listed - {MANIFEST})
    ]
    meter, done = _meter(progress, "Checking", sum(e["size"] for e in manifest["files"])), 0
    for entry in manifest["files"]:
        problem = _file_problem(folder, entry, present, lambda n, base=done: meter(base + n))
        if problem:
            problems.append(f"{entry['path']}: {problem}")
        done += entry["size"]
    return problems


def _file_problem(folder: Path, entry: dict, present: set[str], meter: Meter) -> str | None:
    if entry["path"] not in present:
        return "missing"
    size = (folder / entry["path"]).stat().st_size
    if size != entry["size"]:
        return f"{size} bytes, the manifest says {entry['size']}"
    if _digest(files.read_chunks(folder / entry["path"]), meter)[0] != entry["sha256"]:
        return "damaged (its SHA-256 differs from the manifest)"
    return None


# --- restoring ------------------------------------------------------------------------------


def restore_backup(folder: Path, progress: ProgressFactory | None = None) -> Summary:
    """Restore the backup in `folder` into this installation, which must be empty; check the
    result against the manifest. Nothing is changed unless every check before it passes."""
    try:
        manifest = read_manifest(folder)
    except BackupError as exc:
        raise BackupError(f"{exc}; nothing was changed", exc.problems) from None
    _check_engine(manifest)
    _check_schema(manifest)
    _check_empty()
    database = manifest["database"]
    pg_restore = _pg_restore(database) if database["engine"] == "postgresql" else None
    problems = _file_problems(folder, manifest, progress)
    if problems:
        raise BackupError(
            f"{len(problems)} problem(s) in the backup {folder}; nothing was changed", problems
        )
    if pg_restore:
        _restore_postgresql(folder / database["file"], pg_restore)
    else:
        _restore_sqlite(folder / database["file"], progress)
    _restore_secret_key(folder, manifest)
    stored = [e for e in manifest["files"] if e["path"].startswith(f"{STORED}/")]
    _restore_stored_files(folder, stored, progress)
    problems = _row_problems(manifest["rows"]) + _stored_problems(stored, progress)
    if problems:
        raise BackupError(
            "the restored installation does not match the backup. Do not use it: empty the "
            "database and the data folder and restore again",
            problems,
        )
    applied = _apply_newer_migrations()
    summary = Summary.of(manifest, applied)
    _record("system.restore", folder, summary)
    return summary


def _check_engine(manifest: dict) -> None:
    engine = manifest["database"]["engine"]
    if engine == connection.vendor:
        return
    how = (
        f"set {config.DATABASE_URL_ENV}=postgres://USER:PASSWORD@HOST:5432/NAME to a new, empty "
        "database"
        if engine == "postgresql"
        else f"leave {config.DATABASE_URL_ENV} unset, with a new data folder"
    )
    raise BackupError(
        f"this backup holds a {ENGINE_NAMES[engine]} database, but this installation uses "
        f"{ENGINE_NAMES.get(connection.vendor, connection.vendor)}. Restore it into an "
        f"installation on {ENGINE_NAMES[engine]}: {how}, then run evidesk restore again. "
        "Nothing was changed."
    )


def _check_schema(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"this backup was made by a newer evidesk ({manifest['evidesk_version']}, this is "
            f"{__version__}): its database has {len(unknown)} change(s) this installation does "
            f"not know ({', '.join(unknown[:3])}{', …' if len(unknown) > 3 else ''}). Upgrade "
            f"evidesk here to {manifest['evidesk_version']} or later, then restore again. "
            "Nothing was changed."
        )


def _check_empty() -> None:
    from evidesk.accounts.models import User
    from evidesk.audit.models import AuditEvent
    from evidesk.cases.models import Case

    tables = set(connection.introspection.table_names())
    found = [
        f"{model._base_manager.count()} {what}"
        for model, what in ((User, "user(s)"), (Case, "case(s)"), (AuditEvent, "audit event(s)"))
        if model._meta.db_table in tables and model._base_manager.exists()
    ]
    if found:
        raise BackupError(
            f"this installation is not empty ({', '.join(found)}), and a restore never "
            f"overwrites data. Restore into a new installation: a new data folder "
            f"({config.DATA_DIR_ENV}) and, on PostgreSQL, a new empty database "
            f"({config.DATABASE_URL_ENV}). Nothing was changed."
        )


def _restore_sqlite(database: Path, progress: ProgressFactory | None) -> None:
    """Into the very database file this installation uses (its settings' NAME), through SQLite's
    backup API, which takes the locks and the WAL into account."""
    connection.close()
    # immutable: the backup is only read, and no -wal/-shm file appears in the backup folder.
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        meter = _meter(
            progress, "Database", source.execute("PRAGMA page_count").fetchone()[0] * page_size
        )
        source.backup(
            target,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, left, total: meter((total - left) * page_size),
        )
    finally:
        source.close()
        target.close()


def _restore_postgresql(dump: Path, pg_restore: str) -> None:
    # The installation is empty, but may be migrated: its tables go first, so a backup made by
    # an older evidesk does not meet tables of a newer schema. (pg_restore's --clean alone only
    # drops what the dump holds.) Its own transaction then restores all or nothing.
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    existing = set(connection.introspection.table_names())
    tables += [t for t in ("django_migrations",) if t in existing]
    if tables:
        with transaction.atomic(), connection.cursor() as cursor:
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    _run_pg(
        pg_restore,
        [
            "--no-owner",
            "--no-acl",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
        ],  # settings_to_cmd_args_env puts the name after these
        [str(dump)],
    )
    connection.close()


def _restore_secret_key(folder: Path, manifest: dict) -> None:
    # Why the key is in the backup: see _copy_secret_key.
    if not any(e["path"] == config.SECRET_KEY_FILE for e in manifest["files"]):
        return
    data_dir = Path(settings.DATA_DIR)
    handle, temporary = tempfile.mkstemp(dir=data_dir, prefix=".secret-key-")  # mode 0600
    with os.fdopen(handle, "wb") as out:
        out.write((folder / config.SECRET_KEY_FILE).read_bytes())
    os.replace(temporary, data_dir / config.SECRET_KEY_FILE)


def _restore_stored_files(folder: Path, stored: list[dict], progress: ProgressFactory | None):
    meter, done = _meter(progress, "Stored files", sum(e["size"] for e in stored)), 0
    for entry in stored:
        files.store_hashed(
            files.read_chunks(folder / entry["path"]), progress=lambda n, base=done: meter(base + n)
        )
        done += entry["size"]


def _row_problems(rows: list[dict]) -> list[str]:
    problems = []
    with connection.cursor() as cursor:
        for row in rows:
            try:
                count = _count(cursor, row["table"])
            except DatabaseError as exc:  # a missing table: one more problem to name
                problems.append(f"{row['model']}: cannot be counted ({exc})")
                continue
            if count != row["count"]:
                problems.append(
                    f"{row['model']}: {count} rows restored, the backup has {row['count']}"
                )
    return problems


def _stored_problems(stored: list[dict], progress: ProgressFactory | None) -> list[str]:
    """Each restored file read back from the store and hashed again."""
    problems = []
    meter, done = _meter(progress, "Re-hashing", sum(e["size"] for e in stored)), 0
    for entry in stored:
        try:
            with files.open_stored(entry["sha256"]) as handle:
                chunks = iter(lambda h=handle: h.read(files.CHUNK), b"")
                sha256, _ = _digest(chunks, lambda n, base=done: meter(base + n))
        except FileNotFoundError:
            sha256 = None
        if sha256 != entry["sha256"]:
            problems.append(
                f"stored file {entry['sha256']}: {'damaged' if sha256 else 'missing'}"
                " in the store after the restore"
            )
        done += entry["size"]
    return problems


def _apply_newer_migrations() -> int:
    """A backup made by an older evidesk is brought up to this one's schema, as a start would."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return len(plan)


def _record(action: str, folder: Path, summary: Summary) -> None:
    from evidesk.audit import services as audit  # needs the apps loaded; --verify does not

    audit.record(
        action,
        data={
            "folder": str(folder.resolve()),
            "taken_at": summary.taken_at,
            "evidesk_version": summary.evidesk_version,
            "rows": summary.rows,
            "stored_files": summary.stored_files,
        },
    )


# --- PostgreSQL's programs ------------------------------------------------------------------


def _pg_dump() -> tuple[str, int]:
    server = connection.pg_version // 10000
    return _pg_program("pg_dump", server, f"the PostgreSQL {server} server")


def _pg_restore(database: dict) -> str:
    dumped_by = database["pg_dump_version"]
    return _pg_program("pg_restore", dumped_by, f"a dump by pg_dump {dumped_by}")[0]


def _pg_program(name: str, at_least: int, needed_for: str) -> tuple[str, int]:
    """The path and major version of pg_dump or pg_restore, refused if missing or too old."""
    install = (
        f"install PostgreSQL's client programs, version {at_least} or newer (Debian and "
        f"Ubuntu: apt install postgresql-client-{at_least}), and put them on PATH"
    )
    program = shutil.which(name)
    if program is None:
        raise BackupError(f"{name} is not installed (or not on PATH): {install}.")
    answer = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)  # noqa: S603 (a program found on PATH, no shell)
    match = re.search(r"\(PostgreSQL\) (\d+)", answer.stdout)
    version = int(match.group(1)) if match else 0
    if version < at_least:
        raise BackupError(
            f"{program} is version {version or 'unknown'}, too old for {needed_for}: {install}."
        )
    return program, version


def _run_pg(program: str, parameters: list[str], after: Iterable[str] = ()) -> None:
    """Run a PostgreSQL program on this installation's database, connected as Django is. The
    password goes in PGPASSWORD, never on the command line (where other users could see it)."""
    from django.db.backends.postgresql.client import DatabaseClient

    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, parameters)
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        [program, *args[1:], *after],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(program).name} failed: {detail}")
