"""Run the real `evidesk` command in a child process, as an IT officer would."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

EVIDESK = [sys.executable, "-m", "evidesk"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(data_dir: Path, database_url: str = "", **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDESK_")}
    env["EVIDESK_DATA_DIR"] = str(data_dir)
    if database_url:
        env["EVIDESK_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def run(args: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*EVIDESK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@contextlib.contextmanager
def serving(env: dict, port: int, timeout: float = 90):
    """Start `evidesk serve`, wait until it answers, stop it at the end."""
    proc = subprocess.Popen(
        [*EVIDESK, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited early:\n{proc.stdout.read()}")
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers, even if not healthy yet
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("serve did not answer in time") from None
                time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


class Browser:
    """A cookie-keeping HTTP client that fills Django forms like a browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str, str]:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode()


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return match.group(1).strip() if match else ""


@contextlib.contextmanager
def fresh_database_url():
    """'' for SQLite in the data folder, or a new empty PostgreSQL database when the suite runs
    on PostgreSQL (EVIDESK_DATABASE_URL set), dropped afterwards."""
    url = os.environ.get("EVIDESK_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield ""
        return
    import psycopg

    name = f"evidesk_e2e_{uuid.uuid4().hex[:10]}"
    parsed = urllib.parse.urlsplit(url)
    admin_url = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parsed._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Real-browser tests (Debian's Chromium driven by Playwright) ---

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def chromium():
    """Headless Chromium for one test; skipped where it is not installed (.ci/run installs it)."""
    import pytest

    if CHROMIUM is None:
        pytest.skip("Chromium is installed by .ci/run")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def screenshots_dir(test: str, database_url: str) -> Path:
    """A fresh folder for one test's screenshots, under $EVIDESK_TEST_ARTIFACTS or else
    test-artifacts/screenshots/ in the repository; one per database engine, so the SQLite and
    PostgreSQL runs keep theirs side by side."""
    root = os.environ.get("EVIDESK_TEST_ARTIFACTS") or (
        Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
    )
    folder = Path(root) / f"{test}-{'postgresql' if database_url else 'sqlite'}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    """The authenticator app's code; a step ahead (which the server accepts for clock drift) lets
    a test log in again within the same 30 seconds, since a used step is refused."""
    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)
