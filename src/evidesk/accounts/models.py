from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROSECUTOR = "prosecutor", _("Prosecutor / investigator")
    CENTRAL_AUTHORITY = "central_authority", _("Central-authority officer")
    AUDITOR = "auditor", _("Auditor (read-only)")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PROSECUTOR)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The deadline digest: when this user's next e-mail is due (scanned by the worker).
    next_digest_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Secret of the private calendar feed URL; empty when revoked.
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.full_name or self.username
