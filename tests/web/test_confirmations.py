"""An action that cannot be undone (an account's second factor reset, an API token or a
calendar address revoked or replaced) asks twice: its button sits inside a disclosure the reader opens first, by mouse or keyboard,
so that one stray click or Enter does nothing."""

import re

import pytest
from django.test import Client

from evidesk.api.tokens import create_token
from evidesk.cases import reminders
from tests.accounts.test_two_factor import enrol

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r'<details class="confirm">.*?</details>', re.DOTALL)


def asked_twice(page: str, marker: str) -> bool:
    """Whether `marker` (the form's action) appears, and only behind a closed confirmation."""
    inside = "".join(CONFIRM.findall(page))
    return marker in inside and marker not in CONFIRM.sub("", page)


def test_resetting_a_second_factor_is_confirmed_first(owner, admin_user, client, time_machine):
    time_machine.move_to("2026-11-29 09:00:00+00:00", tick=False)
    enrol(Client(), owner, time_machine)
    client.force_login(admin_user)
    page = client.get(f"/accounts/users/{owner.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert asked_twice(page, 'value="reset_two_factor"')
    assert "Да, сбросить" in page


def test_revoking_a_token_is_confirmed_first(owner, client):
    token, _secret = create_token(owner, "Case management system", "read")
    client.force_login(owner)
    page = client.get("/accounts/tokens/").content.decode()
    assert asked_twice(page, f'action="/accounts/tokens/{token.pk}/revoke/"')
    assert "Yes, revoke it" in page


def test_replacing_or_revoking_the_calendar_address_is_confirmed_first(owner, client):
    reminders.new_calendar_token(owner)
    client.force_login(owner)
    page = client.get("/calendar/").content.decode()
    assert asked_twice(page, 'value="new"') and asked_twice(page, 'value="revoke"')
