from django.db import models


class AuditEvent(models.Model):
    """Who did what to which object, when and from where. Append-only and hash-chained:
    the database refuses UPDATE and DELETE (triggers), and each event's hash covers the
    previous one, so an edited or removed event breaks the chain."""

    seq = models.BigIntegerField(
        unique=True
    )  # gapless position in the chain, set under the head lock
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(
        null=True
    )  # no foreign key: deleting a user must not touch the log
    actor_name = models.CharField(max_length=200, blank=True)
    remote_addr = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["actor_id", "at"])]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or 'system'} {self.action}"
        )


class AuditHead(models.Model):
    """The chain's last hash and length, in one row locked by every writer: it serialises
    appends and lets `audit verify` notice events removed from the end of the chain."""

    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.length} events, head {self.last_hash[:12]}"
