"""A scan of the running application's answers: the headers a government web application
is checked for, over plain HTTP on a laptop and behind a TLS proxy on a server."""

import re
import urllib.request

import pytest

from tests.processes import child_env, free_port, serving

pytestmark = pytest.mark.slow

PAGES = ["/accounts/login/", "/setup/", "/static/evidesk/evidesk.css", "/health"]


def fetch(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def check_common(headers, path):
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
    assert headers["X-Frame-Options"] == "DENY", path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "same-origin", path
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert "Server" not in headers or "python" not in headers["Server"].lower(), path


def test_headers_over_plain_http(tmp_path):
    with serving(child_env(tmp_path / "data"), free_port()) as (base, _proc):
        for path in PAGES:
            status, headers, body = fetch(base, path)
            assert status in (200, 404), path
            check_common(headers, path)
            assert "Strict-Transport-Security" not in headers  # no HSTS without TLS
            assert not re.search(r"<script(?![^>]*\bsrc=)", body), path  # no inline script
        _, headers, _ = fetch(base, "/accounts/login/")
        cookie = headers["Set-Cookie"]
        assert "csrftoken=" in cookie and "SameSite=Lax" in cookie
        # The one-time setup page is for this computer only, even through a local proxy.
        assert fetch(base, "/setup/")[0] == 200
        assert fetch(base, "/setup/", {"X-Forwarded-For": "203.0.113.9"})[0] == 403


def test_headers_behind_a_tls_proxy(tmp_path):
    env = child_env(tmp_path / "data", EVIDESK_HTTPS="1")
    with serving(env, free_port()) as (base, _proc):
        _, headers, _ = fetch(base, "/accounts/login/", {"X-Forwarded-Proto": "https"})
        check_common(headers, "/accounts/login/")
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Secure" in headers["Set-Cookie"] and "csrftoken=" in headers["Set-Cookie"]
