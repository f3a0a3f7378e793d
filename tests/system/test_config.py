"""Configuration problems are found before Django starts, worded for the person fixing them."""

from pathlib import Path

import pytest

from evidesk import config


def test_an_unwritable_data_folder_is_reported(tmp_path, monkeypatch):
    def refuse(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(
        config.ConfigError, match=r"not writable .*Permission denied.*EVIDESK_DATA_DIR"
    ):
        config.ensure_data_dir(tmp_path)


def test_the_data_folder_is_created(tmp_path):
    target = tmp_path / "a" / "b"
    assert config.ensure_data_dir(target) == target and target.is_dir()
    assert list(target.iterdir()) == []  # the write probe leaves nothing behind


def test_sqlite_by_default_in_wal_mode(tmp_path):
    database = config.database_from_url("", tmp_path)
    assert database["NAME"] == str(tmp_path / "evidesk.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_postgres_url(tmp_path):
    database = config.database_from_url("postgres://u:p@db.example:5433/evidesk", tmp_path)
    assert (database["ENGINE"], database["HOST"], database["PORT"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "evidesk",
    )


def test_the_secret_key_is_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("EVIDESK_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert config.secret_key(tmp_path) == first and len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("EVIDESK_SECRET_KEY", "from-the-environment")
    assert config.secret_key(tmp_path) == "from-the-environment"
