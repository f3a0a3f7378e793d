"""Every action the trail records is named in words, in English and in Russian."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

import evidesk
from evidesk.audit.actions import ACTION_NAMES, action_name
from evidesk.evidence.models import CustodyEvent

PACKAGE = Path(evidesk.__file__).parent
CODE = re.compile(r"[a-z_]+\.[a-z_]+")


def recorded_actions() -> set[str]:
    """The action codes written in the source: the first argument of each call to record."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0]
            if (
                name in {"record", "_record"}
                and isinstance(first, ast.Constant)
                and CODE.fullmatch(str(first.value))
            ):
                found.add(first.value)
    return found


def test_every_recorded_action_has_a_name_in_both_languages():
    actions = recorded_actions()
    assert {"case.view", "auth.login", "system.backup", "request.transition"} <= actions
    assert actions <= set(ACTION_NAMES), actions - set(ACTION_NAMES)
    for code in sorted(actions) + [f"evidence.{step}" for step in CustodyEvent.Action.values]:
        english = action_name(code)
        with translation.override("ru"):
            russian = action_name(code)
        assert english != code and russian != english, code
        assert re.search("[\\u0400-\\u04ff]", russian), (code, russian)  # Cyrillic


def test_an_action_without_a_name_is_shown_by_its_code():
    assert action_name("future.action") == "future.action"
    assert action_name("evidence.unknown_step") == "evidence.unknown_step"


@pytest.mark.django_db
def test_the_trail_names_each_action_in_the_readers_language(client, kb):
    from evidesk.accounts.models import Role, User
    from evidesk.audit import services as audit

    auditor = User.objects.create_user("auditor", password="pass-phrase-1234", role=Role.AUDITOR)
    audit.record("auth.login_failed", data={"username": "ghost"})
    client.force_login(auditor)
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # The words, and the code the filter takes beside them.
    assert "Неудачная попытка входа" in page and "auth.login_failed" in page
