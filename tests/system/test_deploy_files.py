"""The files an IT officer installs (deploy/) stay true to the code: the settings file names
only variables evidesk reads, the systemd units start real `evidesk` sub-commands, and nginx
gives the large body limit to exactly the evidence upload URL."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch

from evidesk import cli, config
from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SOURCE = ROOT / "src" / "evidesk"
ENV_EXAMPLE = DEPLOY / "evidesk.env.example"
NGINX_CONF = DEPLOY / "nginx" / "evidesk.conf"
WEB_UNIT = DEPLOY / "systemd" / "evidesk-web@.service"
WORKER_UNIT = DEPLOY / "systemd" / "evidesk-worker.service"
ADMIN_SCRIPT = DEPLOY / "evidesk-admin"
GB = 1024**3


# --- the settings file ----------------------------------------------------------------------


def env_example() -> dict[str, str]:
    """Every VARIABLE=value of the example, the commented-out ones included."""
    found = re.findall(r"^#?(EVIDESK_[A-Z0-9_]+)=(.*)$", ENV_EXAMPLE.read_text(), re.M)
    return dict(found)


def names_read_by_the_code() -> tuple[set[str], list[tuple[str, set[str]]]]:
    """Names spelt out in the source, and for names built as f"EVIDESK_S3_{name}" the prefix
    with the string literals of the same file (the possible endings)."""
    literal, built = set(), []
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        literal |= set(re.findall(r"EVIDESK_[A-Z0-9_]*[A-Z0-9]", text))
        for prefix in re.findall(r"f[\"'](EVIDESK_[A-Z0-9_]*_)\{", text):
            built.append((prefix, set(re.findall(r"[\"']([A-Z0-9_]+)[\"']", text))))
    return literal, built


def test_the_settings_file_names_only_variables_evidesk_reads():
    literal, built = names_read_by_the_code()

    def read(name: str) -> bool:
        return name in literal or any(
            name.startswith(prefix) and name.removeprefix(prefix) in endings
            for prefix, endings in built
        )

    names = env_example()
    assert {"EVIDESK_DATA_DIR", "EVIDESK_DATABASE_URL", "EVIDESK_TRUSTED_PROXY"} <= set(names)
    assert [name for name in names if not read(name)] == []


def test_the_settings_file_is_plain_for_systemd():
    # systemd and the guide's `set -a; . file` read it alike only without quotes and spaces.
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"EVIDESK_[A-Z0-9_]+=[^\s\"']*", line), line


# --- the systemd units ----------------------------------------------------------------------


def unit_values(path: Path, key: str) -> list[str]:
    return re.findall(rf"^{key}=(.*)$", path.read_text(), re.M)


def exec_start(path: Path) -> list[str]:
    (line,) = unit_values(path, "ExecStart")
    return shlex.split(line.replace("%i", "8001"))


def test_the_units_start_real_evidesk_commands():
    web = exec_start(WEB_UNIT)
    assert web[0].endswith("/bin/evidesk")
    args = cli.build_parser().parse_args(web[1:])
    assert args.handler is cli.cmd_serve
    assert args.port == 8001 and args.host == "127.0.0.1"
    assert args.no_worker, "the worker has its own service: each web process must not run one"
    worker = exec_start(WORKER_UNIT)
    assert worker[0] == web[0]
    assert cli.build_parser().parse_args(worker[1:]).handler is cli.cmd_worker


def test_the_units_and_the_settings_file_agree():
    data_dir = env_example()["EVIDESK_DATA_DIR"]
    env_file = re.search(r"install .* (/\S+)$", ENV_EXAMPLE.read_text(), re.M).group(1)
    for unit in (WEB_UNIT, WORKER_UNIT):
        assert unit_values(unit, "EnvironmentFile") == [env_file]
        assert unit_values(unit, "ReadWritePaths") == [data_dir]
        assert unit_values(unit, "WorkingDirectory") == [data_dir]
        assert unit_values(unit, "User") == ["evidesk"]
        assert unit_values(unit, "ProtectSystem") == ["strict"]
    admin = ADMIN_SCRIPT.read_text()
    assert f"EnvironmentFile={env_file}" in admin and "--uid=evidesk" in admin
    assert exec_start(WEB_UNIT)[0] in admin


def test_both_units_are_hardened_alike():
    def hardening(path: Path) -> str:
        return path.read_text().split("# Hardening", 1)[1]

    assert hardening(WEB_UNIT) == hardening(WORKER_UNIT)


# --- nginx ----------------------------------------------------------------------------------


def nginx_locations() -> dict[str, str]:
    """Each regular-expression location of the config, with its body."""
    text = NGINX_CONF.read_text()
    return dict(re.findall(r"location ~ (\S+) \{(.*?)\n    \}", text, re.S))


def body_limit(text: str) -> int:
    size, unit = re.search(r"client_max_body_size (\d+)([kmg]?);", text).groups()
    return int(size) * {"": 1, "k": 1024, "m": 1024**2, "g": GB}[unit]


def sample_paths() -> dict[str, str]:
    """A path for every named URL of the application, with 7 for each parameter."""
    samples = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = namespace + pattern.name
                groups = pattern.pattern.regex.groupindex
                try:
                    samples[name] = reverse(name, kwargs={group: "7" for group in groups})
                except NoReverseMatch:
                    continue

    walk(get_resolver().url_patterns, "")
    return samples


def test_each_special_nginx_location_serves_exactly_its_url():
    samples = sample_paths()
    assert samples["request-evidence"] == "/requests/7/evidence/"
    locations = nginx_locations()
    served = {}
    for regex in locations:
        served[regex] = {
            resolve(path).view_name for path in samples.values() if re.search(regex, path)
        }
        assert len(served[regex]) == 1, f"{regex} serves {served[regex]}"
    (upload,) = [
        regex for regex, body in locations.items() if "proxy_request_buffering off" in body
    ]
    assert served[upload] == {"request-evidence"}
    assert upload.startswith("^") and upload.endswith("$")
    assert re.search(upload, "/requests/123456/evidence/")


def test_only_the_evidence_upload_gets_the_large_body_limit():
    https_server = NGINX_CONF.read_text().split("listen 443", 1)[1]
    server_limit = body_limit(https_server.split("\n    location", 1)[0])
    limits = {regex: body_limit(body) for regex, body in nginx_locations().items()
              if "client_max_body_size" in body}  # fmt: skip
    upload = max(limits, key=limits.get)
    assert re.search(upload, reverse("request-evidence", args=[7]))
    # nginx lets through what evidesk accepts, and no more (EVIDESK_MAX_REQUEST_GB, default 20).
    assert (
        limits[upload]
        == config.max_request_bytes()
        == int(env_example()["EVIDESK_MAX_REQUEST_GB"]) * GB
    )
    correspondence = next(
        r for r in limits if re.search(r, reverse("correspondence-add", args=[7]))
    )
    assert limits[correspondence] >= settings.EVIDESK_MAX_UPLOAD_BYTES
    assert server_limit < 10 * 1024**2 < limits[correspondence] < limits[upload]


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx is not installed"
)
def test_nginx_accepts_the_config(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=evidesk.example.org", "-keyout", tmp_path / "privkey.pem",
         "-out", tmp_path / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    # nginx -t binds the ports it is told to listen on: free local ones, not 80 and 443.
    site = (
        NGINX_CONF.read_text()
        .replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{free_port()} ssl;")
        .replace("/etc/ssl/evidesk/", f"{tmp_path}/")
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    assert not re.search(r"listen (80|443)\b|/etc/ssl/|/var/log/", site)
    (tmp_path / "evidesk.conf").write_text(site)
    temp_paths = "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{temp_paths}    access_log {tmp_path}/access.log;\n"
        f"    include {tmp_path}/evidesk.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", tmp_path / "nginx.conf", "-p", tmp_path, "-e", tmp_path / "error.log"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
