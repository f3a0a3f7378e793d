"""Every start-up mistake gives one clear line, a non-zero status and no traceback."""

import socket

import pytest

from tests.processes import child_env, run

pytestmark = pytest.mark.slow


def assert_one_clear_line(result, status: int, *phrases: str) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("evidesk: error: ")
    for phrase in phrases:
        assert phrase in lines[0]


def test_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(["serve", "--port", "0"], child_env(blocker / "evidesk"))
    assert_one_clear_line(result, 2, "cannot create the data folder", "EVIDESK_DATA_DIR")


def test_data_dir_that_is_a_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(["serve"], child_env(blocker))
    assert_one_clear_line(result, 2, "data folder", "EVIDESK_DATA_DIR")


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("postgres://user@localhost:notaport/db", "not a valid database URL"),
        ("mysql://user@localhost/db", "unsupported database"),
        ("nonsense", "not a valid database URL"),
        ("postgres://user@localhost:5432/", "no database name"),
    ],
)
def test_malformed_database_url(tmp_path, url, phrase):
    result = run(["serve"], child_env(tmp_path, url))
    assert_one_clear_line(result, 2, phrase)


def test_unreachable_postgresql(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(["serve"], child_env(tmp_path, f"postgres://evidesk@127.0.0.1:{port}/evidesk"))
    assert_one_clear_line(result, 1, "cannot reach PostgreSQL", f"127.0.0.1:{port}/evidesk")


def test_port_already_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run(["serve", "--port", str(port)], child_env(tmp_path))
    assert_one_clear_line(result, 1, f"port {port}", "already in use", "--port")


def test_createadmin_without_password_in_a_script(tmp_path):
    result = run(["createadmin", "--username", "x"], child_env(tmp_path))
    assert_one_clear_line(result, 2, "EVIDESK_ADMIN_PASSWORD")


def test_createadmin_rejects_a_common_password(tmp_path):
    env = child_env(tmp_path, EVIDESK_ADMIN_PASSWORD="password1234")
    result = run(["createadmin", "--username", "x"], env)
    assert_one_clear_line(result, 2, "too common")


def test_createadmin_then_demo(tmp_path):
    env = child_env(tmp_path, EVIDESK_ADMIN_PASSWORD="a-long-unusual-passphrase")
    created = run(["createadmin", "--username", "lead", "--full-name", "Lead Prosecutor"], env)
    assert created.returncode == 0, created.stderr
    again = run(["createadmin", "--username", "lead"], env)
    assert_one_clear_line(again, 2, "already exists")
    first = run(["demo"], env)
    assert first.returncode == 0 and first.stdout.count("Demo case") == 3
    second = run(["demo"], env)
    assert second.returncode == 0 and "already loaded" in second.stdout


def test_demo_before_any_administrator(tmp_path):
    result = run(["demo"], child_env(tmp_path))
    assert_one_clear_line(result, 1, "createadmin")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EVIDESK_SESSION_IDLE_MINUTES", "half an hour"),
        ("EVIDESK_MAX_REQUEST_GB", "20GB"),
        ("EVIDESK_PAGES_KEPT_SECONDS", "-1"),
        ("EVIDESK_SMTP_PORT", "5 8 7"),
    ],
)
def test_a_setting_that_is_not_a_whole_number(tmp_path, name, value):
    result = run(["serve"], child_env(tmp_path, **{name: value}))
    assert_one_clear_line(result, 2, f"{name}={value} is not a whole number", "digits")
