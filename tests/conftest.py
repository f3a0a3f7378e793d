"""Test-wide set-up: a throwaway data folder, and the named actors of every test."""

import os
import tempfile

# Before Django reads its settings: never touch a real installation's data folder.
os.environ["EVIDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="evidesk-test-")

import pytest


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
