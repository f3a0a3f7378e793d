"""The one clock of the code base, so tests can freeze time in one place."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
