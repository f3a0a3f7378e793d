"""Lock-out after repeated failures, the end of idle sessions, and re-authentication."""

from datetime import timedelta

import pytest
from django.test import Client

from evidesk.accounts import lockout
from evidesk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "owner-password-123"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-29 09:00:00+00:00", tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def no_second_factor_required(settings):
    settings.EVIDESK_REQUIRE_TWO_FACTOR = False  # this file is about the password step


def attempt(password, username="owner", addr="192.0.2.7"):
    client = Client(REMOTE_ADDR=addr)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def test_five_failures_lock_the_account_even_against_the_right_password(owner, frozen):
    for _ in range(lockout.ACCOUNT_LIMIT):
        _, response = attempt("wrong-password")
        assert "did not match" in response.content.decode()
    client, response = attempt(PASSWORD)
    assert "Too many failed attempts. Try again after 09:15 UTC" in response.content.decode()
    assert client.get("/").status_code == 302  # not logged in
    frozen.shift(lockout.WINDOW + timedelta(seconds=1))
    client, response = attempt(PASSWORD)
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_a_successful_login_starts_the_count_again(owner, frozen):
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        attempt("wrong-password")
    assert attempt(PASSWORD)[1].status_code == 302
    for _ in range(lockout.ACCOUNT_LIMIT - 1):
        attempt("wrong-password")
    assert attempt(PASSWORD)[1].status_code == 302


def test_the_lock_is_per_account_and_user_names_are_case_blind(owner, outsider, frozen):
    for _ in range(lockout.ACCOUNT_LIMIT):
        attempt("wrong-password", username="OWNER")
    assert "Too many" in attempt(PASSWORD)[1].content.decode()
    assert attempt("outsider-pass-123", username="outsider", addr="192.0.2.8")[1].status_code == 302


def test_one_address_trying_many_accounts_is_held_off(owner, frozen):
    for number in range(lockout.ADDRESS_LIMIT):
        attempt("guess", username=f"user{number}", addr="198.51.100.9")
    _, response = attempt(PASSWORD, addr="198.51.100.9")
    assert "Too many failed attempts" in response.content.decode()
    assert attempt(PASSWORD, addr="192.0.2.10")[1].status_code == 302


def test_failures_are_audited_without_the_password(owner, frozen):
    attempt("hunter2-secret")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.data == {"username": "owner"} and event.remote_addr == "192.0.2.7"
    assert "hunter2" not in str(event.data) + str(event.before) + str(event.after)


def test_an_idle_session_ends(owner, frozen, settings):
    client, _ = attempt(PASSWORD)
    frozen.shift(timedelta(minutes=settings.EVIDESK_SESSION_IDLE_MINUTES - 1))
    assert client.get("/").status_code == 200  # activity keeps it alive
    frozen.shift(timedelta(minutes=settings.EVIDESK_SESSION_IDLE_MINUTES - 1))
    assert client.get("/cases/").status_code == 200
    frozen.shift(timedelta(minutes=settings.EVIDESK_SESSION_IDLE_MINUTES + 1))
    response = client.get("/cases/")
    assert response["Location"] == "/accounts/login/?next=/cases/"
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page
    assert client.get("/").status_code == 302


def test_sensitive_pages_ask_for_the_password_again(owner, admin_user, frozen):
    client = Client()
    client.post(
        "/accounts/login/", {"username": "admin", "password": "correct-horse-battery-staple"}
    )
    assert client.get("/accounts/users/new/").status_code == 200
    frozen.shift(timedelta(minutes=11))
    client.get("/")  # still active, but the password is no longer fresh
    response = client.get("/accounts/users/new/")
    assert response["Location"] == "/accounts/confirm/?next=%2Faccounts%2Fusers%2Fnew%2F"
    wrong = client.post(response["Location"], {"password": "nope", "next": "/accounts/users/new/"})
    assert "That is not your password" in wrong.content.decode()
    right = client.post(
        "/accounts/confirm/",
        {"password": "correct-horse-battery-staple", "next": "/accounts/users/new/"},
    )
    assert right["Location"] == "/accounts/users/new/"
    assert client.get("/accounts/users/new/").status_code == 200


def test_reauthentication_never_redirects_off_site(owner, frozen):
    client, _ = attempt(PASSWORD)
    response = client.post(
        "/accounts/confirm/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_spaces_around_the_user_name_do_not_escape_the_lock(owner, frozen):
    for _ in range(lockout.ACCOUNT_LIMIT):
        attempt("wrong-password")
    _, response = attempt(PASSWORD, username="  owner ")
    assert "Too many failed attempts" in response.content.decode()
