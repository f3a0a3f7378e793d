"""Test-wide set-up: a throwaway data folder, and the named actors of every test."""

import os
import tempfile

# Never touch a real installation's data folder. pytest-django may have read the settings
# before this file runs (scripts/test sets the variable before starting pytest for that reason),
# so the setting is also pointed at the throwaway folder directly.
os.environ["EVIDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="evidesk-test-")

from pathlib import Path

import pytest
from django.conf import settings as django_settings

django_settings.DATA_DIR = Path(os.environ["EVIDESK_DATA_DIR"])


@pytest.fixture(autouse=True)
def pages_built_anew(settings):
    """Tests write through services and then read the pages, which no user can do between two
    page loads: pages are built anew each time except in tests/system/test_freshness.py."""
    settings.EVIDESK_PAGES_KEPT_SECONDS = 0


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """A page asked for in Russian leaves Russian active in the thread, as a server thread
    keeps it until its next request chooses again; a test calling services directly must not
    inherit it from the test before."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def admin_user(db):
    from evidesk.accounts.services import create_administrator

    return create_administrator("admin", "correct-horse-battery-staple", "admin@example.org")


@pytest.fixture
def owner(db):
    from evidesk.accounts.models import User

    return User.objects.create_user("owner", password="owner-password-123", full_name="Nino Owner")


@pytest.fixture
def outsider(db):
    from evidesk.accounts.models import User

    return User.objects.create_user("outsider", password="outsider-pass-123")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped knowledge base once into the test database."""
    from evidesk.knowledge.services import load_shipped_knowledge

    with django_db_blocker.unblock():
        load_shipped_knowledge()


@pytest.fixture
def kb(db):
    """The knowledge base as the advisor sees it (reloaded if a transactional test emptied it)."""
    from evidesk.knowledge.models import KnowledgeRecord
    from evidesk.knowledge.services import current_snapshot, load_shipped_knowledge

    if not KnowledgeRecord.objects.exists():
        load_shipped_knowledge()
    return current_snapshot()


@pytest.fixture(scope="session")
def shipped():
    """The shipped knowledge base read straight from its files, with no database."""
    from evidesk.knowledge.files import SHIPPED_DIR
    from evidesk.knowledge.snapshot import KnowledgeSnapshot

    return KnowledgeSnapshot.from_folder(SHIPPED_DIR)


class TwoFactorDoneClient:
    """Mixed into Django's test client: `force_login` stands for the whole login, second factor
    included. Tests of the login itself use the real pages."""

    def force_login(self, user, backend=None):
        from evidesk.accounts.sessions import mark_authenticated

        super().force_login(user, backend)
        session = self.session
        mark_authenticated(session, second_factor=True)
        session.save()


def logged_in_client(**options):
    """A test client whose `force_login` includes the second factor (options as Client's)."""
    from django.test import Client

    return type("Client", (TwoFactorDoneClient, Client), {})(**options)


@pytest.fixture
def client():
    return logged_in_client()


@pytest.fixture
def request_from_plan(owner, kb):
    """A preservation request made from its case's plan, as the plan words it, and the step."""
    from evidesk.cases import services
    from evidesk.cases.planning import plan_for, planned_step

    case = services.create_case(
        owner, reference="GE-77", title="Fraud", requesting_country="GE", stage="investigation"
    )
    target = services.add_target_from_input(case, owner, identifier="fraud.ge@gmail.com",
        data=["subscriber"], period_from="2026-10-01T10:00", period_to="2026-10-02T10:00",
        period_zone="Asia/Tbilisi", relevance="account used in the fraud")  # fmt: skip
    steps = plan_for(case)["targets"][0]["steps"]
    number = next(i for i, s in enumerate(steps) if s["action"] == "preserve")
    _, step = planned_step(case, target.pk, number)
    return services.request_from_step(case, target, step, owner), step
