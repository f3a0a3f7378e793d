"""Installation settings read from the environment, checked before Django starts.

Kept free of Django so the CLI can tell an IT officer what is wrong (data folder, database URL)
in one line, instead of a traceback from deep inside settings.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import platformdirs

DATA_DIR_ENV = "EVIDESK_DATA_DIR"
DATABASE_URL_ENV = "EVIDESK_DATABASE_URL"
STORAGE_ENV = "EVIDESK_STORAGE"
S3_STORAGE_ALIAS = "evidesk-files"  # its name in Django's STORAGES
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


class ConfigError(Exception):
    """A problem with the installation's configuration, worded for the person fixing it."""


@dataclass(frozen=True)
class StorageConfig:
    """Where kept files (attachments, evidence, documents) live: the data folder, or a bucket of
    an S3-compatible store (AWS, MinIO, Ceph) shared by several application servers."""

    kind: str = "local"
    bucket: str = ""
    endpoint_url: str = ""
    region: str = ""
    access_key_id: str = ""
    secret_access_key: str = ""
    prefix: str = "files/"

    def django_storages(self) -> dict:
        """The extra entry of Django's STORAGES for django-storages' S3 backend (none when
        local: the local store follows the data folder, see system/files.py)."""
        if self.kind != "s3":
            return {}
        given = {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": self.region,
            "access_key": self.access_key_id,
            "secret_key": self.secret_access_key,
        }
        options = {name: value for name, value in given.items() if value}
        # Unset keys fall back to boto3's own chain (AWS_* variables, instance roles).
        options.update(location=self.prefix.strip("/"), file_overwrite=True, default_acl=None)
        if self.endpoint_url:
            # MinIO and Ceph are addressed by path: a bucket name is rarely a DNS name there.
            options["addressing_style"] = "path"
        return {S3_STORAGE_ALIAS: {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}


@dataclass(frozen=True)
class InstallConfig:
    data_dir: Path
    database: dict
    storage: StorageConfig = StorageConfig()

    @property
    def uses_sqlite(self) -> bool:
        return self.database["ENGINE"] == SQLITE_ENGINE


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("evidesk", appauthor=False))


def data_dir_from_env() -> Path:
    raw = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(raw).expanduser() if raw else default_data_dir()


def ensure_data_dir(path: Path) -> Path:
    """Create the data folder if needed and prove it is writable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the data folder {path}: {exc.strerror}. "
            f"Set {DATA_DIR_ENV} to a folder this user may write to."
        ) from exc
    if not path.is_dir():
        raise ConfigError(
            f"the data folder {path} is not a folder. Set {DATA_DIR_ENV} to a folder."
        )
    probe = path / f".write-test-{secrets.token_hex(4)}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"the data folder {path} is not writable ({exc.strerror}). "
            f"Give this user write access or set {DATA_DIR_ENV} to another folder."
        ) from exc
    return path


def database_from_url(url: str, data_dir: Path) -> dict:
    """Django DATABASES entry for a URL; SQLite in the data folder when the URL is empty."""
    if not url:
        return sqlite_database(data_dir / "evidesk.sqlite3")
    try:
        parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ConfigError(
            f"{DATABASE_URL_ENV} is not a valid database URL ({exc}). "
            "Use postgres://USER:PASSWORD@HOST:5432/NAME or leave it unset for SQLite."
        ) from exc
    engine = parsed.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        return sqlite_database(Path(parsed["NAME"]))
    if engine != "django.db.backends.postgresql":
        raise ConfigError(
            f"{DATABASE_URL_ENV} names an unsupported database ({url.split(':', 1)[0]}). "
            "evidesk runs on PostgreSQL (postgres://…) or SQLite (unset)."
        )
    if not parsed.get("NAME"):
        raise ConfigError(f"{DATABASE_URL_ENV} has no database name: postgres://USER@HOST/NAME")
    return parsed


# Django's SQLite backend with writers queueing in-process first (system/sqlite_backend).
SQLITE_ENGINE = "evidesk.system.sqlite_backend"


def sqlite_database(path: Path) -> dict:
    # WAL lets pages read while the worker writes; IMMEDIATE makes writers queue for the lock
    # instead of failing with "database is locked" halfway through a transaction.
    return {
        "ENGINE": SQLITE_ENGINE,
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        },
        # Each server thread keeps its connection, as with PostgreSQL below: opening one and
        # running the pragmas again for every page cost more than many of the pages' queries.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # Tests run on a file, not in memory: threads (the worker, its heartbeat) then lock as
        # in real use instead of failing with "database table is locked". It lies in the
        # temporary folder, never beside an office's real database.
        "TEST": {
            "NAME": os.path.join(tempfile.gettempdir(), f"evidesk-test-{os.getpid()}.sqlite3")
        },
    }


def storage_from_env() -> StorageConfig:
    def env(name: str) -> str:
        return os.environ.get(f"EVIDESK_S3_{name}", "").strip()

    kind = os.environ.get(STORAGE_ENV, "").strip().lower() or "local"
    if kind not in {"local", "s3"}:
        raise ConfigError(
            f"{STORAGE_ENV}={kind} is not a storage evidesk knows. Use local (files in the data "
            "folder, the default) or s3 (an S3-compatible bucket, see docs/storage.md)."
        )
    if kind == "local":
        return StorageConfig()
    if not env("BUCKET"):
        raise ConfigError(
            f"{STORAGE_ENV}=s3 needs the bucket's name: set EVIDESK_S3_BUCKET "
            "(and EVIDESK_S3_ENDPOINT_URL for MinIO or Ceph), see docs/storage.md."
        )
    if bool(env("ACCESS_KEY_ID")) != bool(env("SECRET_ACCESS_KEY")):
        raise ConfigError(
            "EVIDESK_S3_ACCESS_KEY_ID and EVIDESK_S3_SECRET_ACCESS_KEY go together: set both, "
            "or neither to use the server's own AWS credentials."
        )
    return StorageConfig(
        kind="s3",
        bucket=env("BUCKET"),
        endpoint_url=env("ENDPOINT_URL"),
        region=env("REGION"),
        access_key_id=env("ACCESS_KEY_ID"),
        secret_access_key=env("SECRET_ACCESS_KEY"),
        prefix=os.environ.get("EVIDESK_S3_PREFIX", "files/").strip(),
    )


def load(ensure: bool = False) -> InstallConfig:
    for name in WHOLE_NUMBER_SETTINGS:
        env_int(name)  # a mistyped number is reported here, in one line, before anything starts
    data_dir = data_dir_from_env()
    if ensure:
        ensure_data_dir(data_dir)
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return InstallConfig(
        data_dir=data_dir, database=database_from_url(url, data_dir), storage=storage_from_env()
    )


def secret_key(data_dir: Path) -> str:
    """The installation's secret key: from the environment, else generated once, mode 0600."""
    from_env = os.environ.get("EVIDESK_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    except OSError:
        # Unwritable folder: the CLI reports it before anything runs; this keeps imports working.
        return key
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# Settings that are whole numbers, with their defaults.
WHOLE_NUMBER_SETTINGS = {
    "EVIDESK_MAX_REQUEST_GB": 20,
    "EVIDESK_MAX_UPLOAD_MB": 50,
    "EVIDESK_SESSION_IDLE_MINUTES": 30,
    "EVIDESK_PAGES_KEPT_SECONDS": 20,
    "EVIDESK_SMTP_PORT": 587,
}


def max_request_bytes() -> int:
    """The largest request the server accepts (waitress's own default is 1 GB): evidence
    uploads."""
    return env_int("EVIDESK_MAX_REQUEST_GB") * 1024**3


def env_int(name: str) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return WHOLE_NUMBER_SETTINGS[name]
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigError(
            f"{name}={raw} is not a whole number. Write it in digits only, e.g. "
            f"{name}={WHOLE_NUMBER_SETTINGS[name]}, or leave it unset for that default."
        )
    return int(raw)


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
