"""Work on evidence that the background worker does: hashing a production of many gigabytes
again takes longer than a proxy waits for a page."""

from __future__ import annotations

from django_tasks import task
from django_tasks.base import TaskContext


@task(takes_context=True)
def verify_evidence(
    context: TaskContext, request_id: int, item_ids: list[int], actor_id: int | None
) -> None:
    """Hash again the files asked for on their request's pages, each result written on the
    item's custody under this run's id. Run again after its worker died, it checks only the
    files it had not checked yet. `request_id` finds the run again for the request's page."""
    from evidesk.accounts.models import User
    from evidesk.evidence.models import EvidenceItem
    from evidesk.evidence.services import verify

    actor = User.objects.filter(pk=actor_id).first()
    items = EvidenceItem.objects.filter(pk__in=item_ids, request_id=request_id).order_by("pk")
    verify(items.select_related("request"), actor, run=str(context.task_result.id))
