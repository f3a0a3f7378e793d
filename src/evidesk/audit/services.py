"""The only writer of the audit trail. Call `record` inside the transaction of the change it
describes, so the event and the change are committed together or not at all."""

from __future__ import annotations

from contextvars import ContextVar

from django.db import transaction
from django.db.models import QuerySet

from evidesk.audit import chain
from evidesk.audit.models import AuditEvent, AuditHead
from evidesk.clock import now

# The address of the web request being served, so every event says where it came from without
# each caller passing it (set by the `remote_address` middleware; empty for the CLI and worker).
current_remote_addr: ContextVar[str] = ContextVar("current_remote_addr", default="")


def remote_address(get_response):
    """Middleware: remember the client's address for the events this request records."""

    def middleware(request):
        token = current_remote_addr.set(request.META.get("REMOTE_ADDR", ""))
        try:
            return get_response(request)
        finally:
            current_remote_addr.reset(token)

    return middleware


def record(
    action: str,
    actor=None,
    obj=None,
    case_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
    remote_addr: str = "",
) -> AuditEvent:
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": chain.GENESIS, "length": 0}
        )
        fields = {
            "seq": head.length + 1,
            "at": now(),
            "actor_id": getattr(actor, "pk", None),
            "actor_name": (actor.get_username() if actor is not None and actor.pk else ""),
            "remote_addr": (remote_addr or current_remote_addr.get())[:64],
            "action": action,
            "object_type": _object_type(obj),
            "object_id": str(obj.pk) if obj is not None else "",
            "case_id": case_id,
            "before": before,
            "after": after,
            "data": data or {},
        }
        stored = dict(fields, at=fields["at"].isoformat())
        event = AuditEvent.objects.create(
            **fields, prev_hash=head.last_hash, hash=chain.event_hash(stored, head.last_hash)
        )
        head.last_hash, head.length = event.hash, event.seq
        head.save(update_fields=["last_hash", "length"])
    return event


def _object_type(obj) -> str:
    """The model's name: asked of the object, not its type, because the request's user is a
    lazy stand-in whose type is named "SimpleLazyObject"."""
    if obj is None:
        return ""
    meta = getattr(obj, "_meta", None)
    return meta.model_name if meta is not None else type(obj).__name__.lower()


def verify_trail(batch: int = 5000) -> chain.Verdict:
    head = AuditHead.objects.filter(pk=1).first()
    events = (
        {**row, "at": row["at"].isoformat()}
        for row in AuditEvent.objects.order_by("seq").values().iterator(chunk_size=batch)
    )
    return chain.verify(events, head.length if head else 0, head.last_hash if head else None)


def events_matching(
    actor: str = "",
    action: str = "",
    case_id: int | None = None,
    since=None,
    until=None,
):
    """The trail filtered as the auditor asks: by who, what, which case and when."""
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_name__iexact=actor)
    if action:
        events = events.filter(action__startswith=action)
    if case_id is not None:
        events = events.filter(case_id=case_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-seq")


def exported_events(actor, filters: dict, remote_addr: str = "", **how: str) -> QuerySet:
    """The events an auditor takes out of evidesk, matching `filters` (as `events_matching`):
    a CSV file from the pages or a page of the API read by another system. Taking them is itself
    an event (`audit.export`, with the filters and `how`: which door, which token), recorded
    before the first row is read, so that no reading of the trail escapes the trail."""
    record(
        "audit.export",
        actor=actor,
        data={"filters": {key: str(value) for key, value in filters.items()}, **how},
        remote_addr=remote_addr,
    )
    return events_matching(**filters)
