from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from evidesk.system.language import display_of


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROSECUTOR = "prosecutor", _("Prosecutor / investigator")
    CENTRAL_AUTHORITY = "central_authority", _("Central-authority officer")
    AUDITOR = "auditor", _("Auditor (read-only)")


class Unit(models.Model):
    """A team of the office (a department, a regional prosecutor's office): its supervisors see
    and approve its cases."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PROSECUTOR)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The deadline digest: when this user's next e-mail is due (scanned by the worker).
    next_digest_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Secret of the private calendar feed URL; empty when revoked.
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)
    # The language last chosen in the interface: the digest, the calendar and the next login
    # on any computer follow it (empty: the office's default).
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Two-factor authentication (TOTP, RFC 6238); the secret is empty until enrolment.
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted, so a code seen over someone's shoulder cannot be replayed.
    totp_last_step = models.BigIntegerField(default=0)

    get_role_display = display_of("role", Role.choices)

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def __str__(self) -> str:
        return self.full_name or self.username


class RecoveryCode(models.Model):
    """A one-time code for when the phone is lost; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user} ({'used' if self.used_at else 'unused'})"
