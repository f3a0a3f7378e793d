from django.db import models


class WorkerHeartbeat(models.Model):
    """Last sign of life of a background worker, read by the health endpoint.

    A row per worker name, so several application servers can each run one.
    """

    name = models.CharField(max_length=200, primary_key=True)
    last_seen = models.DateTimeField()
    tasks_run = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class DataVersion(models.Model):
    """One row: a number raised after every change, so that no web process serves a page it
    kept from before the change (system.freshness)."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.number}"
