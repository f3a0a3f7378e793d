from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from evidesk.system.language import display_of


class ContactRole(models.TextChoices):
    COLLEAGUE = "colleague", _("Colleague in the regional prosecutors' network")
    LIAISON_OFFICER = "liaison_officer", _("Foreign liaison officer posted here")
    POINT_247 = "point_247", _("24/7 point of contact")
    CENTRAL_AUTHORITY = "central_authority", _("Central-authority desk officer")
    PROVIDER = "provider", _("Provider's law-enforcement contact")
    OTHER = "other", _("Other")


class Contact(models.Model):
    """Someone the office deals with across borders. Not public: shared within the installation
    and kept by its users, with the date someone last confirmed the details still hold."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=ContactRole.choices)
    jurisdiction = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    provider = models.CharField(_("provider"), max_length=100, blank=True, db_index=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    formal_channel = models.TextField(_("formal channel"), blank=True)
    informal_channel = models.TextField(_("informal channel"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    last_confirmed = models.DateField(_("details last confirmed on"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "name"]

    get_role_display = display_of("role", ContactRole.choices)

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name
