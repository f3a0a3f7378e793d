from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeRecord(models.Model):
    """One jurisdiction, instrument or provider, as the canonical dict of its data file.

    The shipped files seed these rows; administrators' corrections change them, and `kb export`
    writes them back out as files.
    """

    class Kind(models.TextChoices):
        JURISDICTION = "jurisdiction"
        INSTRUMENT = "instrument"
        PROVIDER = "provider"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=60)
    data = models.JSONField()
    # Hash of the shipped file this row was last loaded from; a new release with a different
    # file updates the row unless an administrator corrected it locally.
    shipped_hash = models.CharField(max_length=64, blank=True)
    corrected = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_record_per_key")]
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class ShippedKnowledgeLoad(models.Model):
    """Fingerprint of the shipped files last loaded, so an unchanged release loads in no time."""

    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.digest[:12]} loaded {self.loaded_at:%Y-%m-%d %H:%M}"


class KnowledgeChange(models.Model):
    """History of every change to a record: who changed which fact, from what to what, and why."""

    class Origin(models.TextChoices):
        SHIPPED = "shipped", _("Shipped data")
        CORRECTION = "correction", _("Correction")
        IMPORT = "import", _("Import")

    record = models.ForeignKey(KnowledgeRecord, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=200)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    origin = models.CharField(max_length=20, choices=Origin.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.record}: {self.field} ({self.origin})"
