from django.conf import settings
from django.db import models


class GeneratedDocument(models.Model):
    """A document drafted for a request, kept as generated (by its SHA-256), so what was sent
    can be shown later exactly as it was."""

    request = models.ForeignKey("cases.Request", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20)
    languages = models.CharField(max_length=10)
    format = models.CharField(max_length=5)
    name = models.CharField(max_length=200)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    # The completeness findings when it was generated: a document may go out incomplete.
    findings = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
