"""Work on evidence that the background worker does: hashing a production of many gigabytes
again takes longer than a proxy waits for a page."""

from __future__ import annotations

from django_tasks import task
from django_tasks.base import TaskContext


@task(takes_context=True)
def verify_evidence(
    context: TaskContext, request_id: int, first: int, last: int, actor_id: int | None
) -> None:
    """Hash again the files received on a request, from item `first` to item `last` (one, or
    all received when it was asked), each result written on the item's custody under this
    run's id. Run again after its worker died, it checks only the files it had not checked."""
    from evidesk.accounts.models import User
    from evidesk.evidence.models import EvidenceItem
    from evidesk.evidence.services import verify

    actor = User.objects.filter(pk=actor_id).first()
    items = EvidenceItem.objects.filter(request_id=request_id, pk__range=(first, last))
    items = items.order_by("pk")
    verify(items.select_related("request"), actor, run=str(context.task_result.id))
