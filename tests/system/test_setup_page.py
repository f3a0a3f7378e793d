import pytest
from django.urls import reverse

from evidesk.accounts import services as account_services
from evidesk.accounts.models import User

GOOD = {
    "username": "lead",
    "password": "a-long-unusual-passphrase",
    "password_again": "a-long-unusual-passphrase",
}


@pytest.fixture(autouse=True)
def _forget_cached_user_flag(monkeypatch):
    monkeypatch.setattr(account_services, "_users_exist", False)


@pytest.mark.django_db
def test_every_page_leads_to_setup_while_no_user_exists(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("setup")
    assert client.get("/accounts/login/")["Location"] == reverse("setup")


@pytest.mark.django_db
def test_health_and_static_work_before_setup(client):
    assert client.get("/health").status_code in (200, 503)
    assert client.get("/static/evidesk/evidesk.css").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "10.20.30.40"},
        {"REMOTE_ADDR": "2001:db8::1"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.9"},
    ],
)
def test_setup_refuses_a_client_that_is_not_this_machine(client, meta):
    response = client.get("/setup/", **meta)
    assert response.status_code == 403
    assert "evidesk createadmin" in response.content.decode()
    response = client.post("/setup/", GOOD, **meta)
    assert response.status_code == 403
    assert not User.objects.exists()


@pytest.mark.django_db
def test_setup_creates_the_administrator_and_logs_in(client):
    response = client.post("/setup/", GOOD, REMOTE_ADDR="::1")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    admin = User.objects.get()
    assert admin.is_superuser and admin.role == "administrator"
    assert admin.password.startswith("argon2")
    # Logged in, but held at the enrolment of the second factor like every account.
    assert client.get("/")["Location"] == reverse("two-factor")
    assert client.get(reverse("two-factor")).status_code == 200


@pytest.mark.django_db
def test_setup_disappears_once_a_user_exists(client, owner):
    assert client.get("/setup/").status_code == 404
    assert client.post("/setup/", GOOD).status_code == 404
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**GOOD, "password_again": "something-else-entirely"}, "The two passwords differ."),
        ({**GOOD, "password": "short", "password_again": "short"}, "too short"),
        ({**GOOD, "password": "password1234", "password_again": "password1234"}, "too common"),
        ({**GOOD, "username": ""}, "This field is required."),
    ],
)
def test_setup_explains_a_bad_form_and_creates_nothing(client, fields, message):
    response = client.post("/setup/", fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_setup_page_escapes_what_the_user_typed(client):
    response = client.post(
        "/setup/", {**GOOD, "username": "<script>alert(1)</script>", "password_again": "x"}
    )
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
