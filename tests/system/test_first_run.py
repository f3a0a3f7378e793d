"""The newcomer's path, through the real command and a real HTTP server."""

import re

import pyotp
import pytest

from tests.processes import Browser, child_env, free_port, fresh_database_url, run, serving

pytestmark = pytest.mark.slow

ADMIN = {
    "username": "nino",
    "full_name": "Nino Beridze",
    "email": "nino@example.org",
    "password": "tbilisi-prosecutor-2026",
    "password_again": "tbilisi-prosecutor-2026",
}


def test_empty_data_dir_to_logged_in_admin_and_restart_keeps_data(tmp_path):
    data_dir = tmp_path / "fresh" / "evidesk"  # does not exist yet: serve must create it
    with fresh_database_url() as database_url:
        env = child_env(data_dir, database_url)
        port = free_port()
        with serving(env, port) as (base, _proc):
            browser = Browser(base)
            status, url, _ = browser.get("/")
            assert status == 200 and url.endswith("/setup/")
            status, url, html = browser.post("/setup/", ADMIN)
            # Logged in as the new administrator, who first enrols a second factor.
            assert status == 200 and url == f"{base}/accounts/two-factor/", html[:500]
            assert "Nino Beridze" in html
            secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', html).group(1)
            _, _, html = browser.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
            recovery_codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", html)
            assert len(recovery_codes) == 10
            assert browser.get("/")[1] == f"{base}/"
            status, url, _ = browser.get("/setup/")
            assert status == 404  # setup is over

        if not database_url:
            assert (data_dir / "evidesk.sqlite3").exists()
        assert (data_dir / "secret_key").stat().st_mode & 0o777 == 0o600

        demo = run(["demo"], env)
        assert demo.returncode == 0, demo.stderr
        assert "DEMO-GE-0412" in demo.stdout

        with serving(env, free_port()) as (base, _proc):
            browser = Browser(base)
            status, url, _ = browser.get("/")
            assert url.endswith("/accounts/login/?next=/")  # no setup page: the admin survived
            browser.get("/accounts/login/")
            status, url, html = browser.post(
                "/accounts/login/", {"username": "nino", "password": ADMIN["password"], "next": "/"}
            )
            assert status == 200 and "/accounts/login/code/" in url
            status, url, html = browser.post(
                "/accounts/login/code/", {"code": recovery_codes[0], "next": "/"}
            )
            assert status == 200 and url == f"{base}/"
            assert "DEMO-AM-0077" in html  # demo cases survived the restart
            assert browser.get("/static/evidesk/evidesk.css")[0] == 200
            status, _, body = browser.get("/health")
            assert status == 200 and '"worker": {"status": "ok"' in body
