"""Enrolment of the authenticator app, the two-step login, recovery codes and replay."""

import re
from datetime import timedelta

import pyotp
import pytest
from django.test import Client

from evidesk.accounts import twofactor
from evidesk.accounts.models import RecoveryCode
from evidesk.audit.models import AuditEvent
from evidesk.clock import now

pytestmark = pytest.mark.django_db
PASSWORD = "owner-password-123"


def code_at(secret, moment):
    return pyotp.TOTP(secret).at(moment)


def enrol(client, user, time_machine):
    """Log in with the password and enrol through the pages; return the secret and codes."""
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/accounts/two-factor/", {"code": code_at(secret, now())})
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", response.content.decode())
    time_machine.shift(timedelta(seconds=31))  # the next code belongs to a later time step
    return secret, codes


def log_in(user, code):
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/login/code/")
    return client, client.post("/accounts/login/code/", {"code": code, "next": "/"})


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-29 09:00:00+00:00", tick=False)
    return time_machine


def test_the_recovery_codes_page_in_russian_speaks_to_any_reader(owner, frozen):
    """Not «Я их сохранил(а)», which makes the reader pick a sex."""  # noqa: RUF002
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    page = client.get("/accounts/two-factor/").content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    codes = client.post("/accounts/two-factor/", {"code": code_at(secret, now())})
    page = codes.content.decode()
    assert "Коды сохранены — продолжить" in page and "(а)" not in page  # noqa: RUF001


def test_a_new_account_is_held_at_enrolment_until_it_has_a_second_factor(owner, frozen):
    client = Client()
    response = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    for page in ("/", "/cases/", "/knowledge/", "/calendar/"):
        assert client.get(page)["Location"] == "/accounts/two-factor/", page
    page = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page and "<script" not in page  # the QR code, without script
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    owner.refresh_from_db()
    assert not owner.has_two_factor
    done = client.post("/accounts/two-factor/", {"code": code_at(secret, now())})
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", done.content.decode())
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT == len(set(codes))
    assert client.get("/").status_code == 200
    owner.refresh_from_db()
    assert owner.has_two_factor and owner.totp_secret == secret
    stored = RecoveryCode.objects.filter(user=owner).values_list("code_hash", flat=True)
    assert not set(codes) & set(stored)  # only hashes are stored
    assert AuditEvent.objects.filter(action="auth.two_factor_enrolled").exists()


def test_an_enrolled_user_logs_in_with_password_then_code(owner, frozen):
    secret, _ = enrol(Client(), owner, frozen)
    client, response = log_in(owner, code_at(secret, now()))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor_name="owner").exists()


def test_the_password_alone_does_not_log_in(owner, frozen):
    enrol(Client(), owner, frozen)
    client = Client()
    client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_wrong_or_replayed_code_is_refused(owner, frozen):
    secret, _ = enrol(Client(), owner, frozen)
    client, response = log_in(owner, "123456")
    assert "That code is not right" in response.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/login/")
    code = code_at(secret, now())
    assert log_in(owner, code)[1].status_code == 302
    _, replay = log_in(owner, code)
    assert "already used" in replay.content.decode()


def test_codes_from_the_neighbouring_time_steps_are_accepted_for_clock_drift(owner, frozen):
    secret, _ = enrol(Client(), owner, frozen)
    frozen.shift(timedelta(minutes=5))
    assert log_in(owner, code_at(secret, now() - timedelta(seconds=30)))[1].status_code == 302
    frozen.shift(timedelta(minutes=5))
    late = code_at(secret, now() - timedelta(seconds=90))
    assert log_in(owner, late)[1].status_code == 200  # three steps old: refused


def test_a_recovery_code_works_once(owner, frozen):
    _, codes = enrol(Client(), owner, frozen)
    client, response = log_in(owner, codes[0].upper().replace("-", " "))
    assert response.status_code == 302 and client.get("/").status_code == 200
    assert log_in(owner, codes[0])[1].status_code == 200
    assert RecoveryCode.objects.filter(user=owner, used_at__isnull=False).count() == 1
    event = AuditEvent.objects.get(action="auth.recovery_code_used")
    assert event.data == {"codes_left": 9}


def test_few_recovery_codes_left_warns_and_new_ones_replace_the_old(owner, frozen):
    _, codes = enrol(Client(), owner, frozen)
    for code in codes[:7]:
        client, _ = log_in(owner, code)
    assert "Only 3 recovery codes are left" in client.get("/").content.decode()
    renewed = client.post("/accounts/two-factor/recovery-codes/")
    fresh = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", renewed.content.decode())
    assert len(fresh) == 10
    assert log_in(owner, codes[8])[1].status_code == 200  # an old code no longer works
    assert log_in(owner, fresh[0])[1].status_code == 302


def test_a_pending_login_expires(owner, frozen):
    secret, _ = enrol(Client(), owner, frozen)
    client = Client()
    client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    frozen.shift(timedelta(minutes=6))
    response = client.post("/accounts/login/code/", {"code": code_at(secret, now())})
    assert response["Location"] == "/accounts/login/"


def test_an_administrator_resets_a_lost_second_factor(owner, admin_user, client, frozen):
    enrol(Client(), owner, frozen)
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{owner.pk}/", {"action": "reset_two_factor"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert not owner.has_two_factor and not owner.recovery_codes.exists()
    event = AuditEvent.objects.get(action="auth.two_factor_reset")
    assert (event.actor_name, event.object_id) == ("admin", str(owner.pk))


def test_the_offline_secret_and_uri_name_the_account():
    secret = twofactor.new_secret()
    uri = twofactor.provisioning_uri(secret, "nino")
    assert uri.startswith("otpauth://totp/evidesk:nino?") and f"secret={secret}" in uri
