"""The draft of a stored request: its case and targets as the advisor reads them, the choices
recorded on the request, and the drafting details the user typed (Request.details)."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evidesk.advisor.errors import FactsError
from evidesk.cases import lifecycle
from evidesk.cases.models import Request
from evidesk.cases.planning import case_as_scenario
from evidesk.cases.tracking import first_moment
from evidesk.drafting.inputs import (
    DraftInput,
    Previous,
    apply_overrides,
    from_scenario,
    on_channel,
    with_knowledge,
)
from evidesk.knowledge.services import current_snapshot
from evidesk.wording import Named, Wording

KIND_OF = {
    "preservation": "preservation",
    "extension": "extension",
    "disclosure": "disclosure",
    "emergency": "emergency",
    "mla_stored": "mla_stored",
    "mla_realtime": "mla_realtime",
    "follow_up": "follow_up",
}


def _previous(request: Request) -> Previous | None:
    earlier = request.follows
    if earlier is None:
        return None
    sent = first_moment(earlier, {lifecycle.SENT})
    return Previous(
        date=sent.date().isoformat() if sent else "",
        reference=earlier.external_reference,
        channel=earlier.channel,
        type=earlier.type,
    )


def _chased_basis(request: Request):
    """A follow-up asks for the answer to the request it follows, on that request's basis."""
    chased = request.follows if request.type == "follow_up" else None
    return chased.worded("legal_basis") if chased else ""


def _as_planned(recorded: str, planned: str) -> str:
    """The advisor's wording, which reads in every output language, while the request still
    says it: as kept when it was made from a plan step (`Request.worded`), or as the plan says
    now for a request that kept none; what the user changed, as they wrote it."""
    if isinstance(recorded, Wording | Named):
        return recorded
    return planned if recorded == planned else recorded


def ensure_ours(request: Request) -> None:
    """Refuse to draft an incoming request: the state that sent it drafted it, and what goes
    back is our answer, not a request."""
    if request.direction == Request.Direction.INCOMING:
        raise ValidationError(
            _(
                "This request came to us from abroad: the requesting state drafted it, and "
                "evidesk drafts only the requests we send. Record our answer on its timeline."
            )
        )


def draft_input_for(request: Request, kind: str | None = None) -> DraftInput:
    ensure_ours(request)
    kind = kind or KIND_OF[request.type]
    scenario = case_as_scenario(request.case, list(request.targets.order_by("pk")))
    snapshot = current_snapshot()
    try:
        base = from_scenario(scenario, kind, snapshot) if scenario["targets"] else None
    except FactsError:  # a target the advisor cannot read: the case page says why
        base = None
    if base is None:  # a request with no target yet still drafts, with the gap shown
        base = DraftInput(
            type=kind,
            date=scenario["as_of"],
            reference=request.case.reference,
            requesting_country=request.case.requesting_country,
        )
    base = on_channel(base, request.channel)
    recorded = {
        "addressee": _as_planned(
            request.worded("addressee") or str(request.addressee_contact or ""), base.addressee
        ),
        "channel": request.channel,
        "legal_basis": _as_planned(request.worded("legal_basis"), base.legal_basis)
        or _chased_basis(request),
        "instrument": request.instrument,
        "requested_country": request.requested_country,
    }
    base = replace(
        base,
        **{name: value for name, value in recorded.items() if value},
        confidential=request.confidential,
        do_not_notify=request.do_not_notify_user,
        urgent=request.urgent,
        urgency_reasons=request.urgency_reasons,
        certification=request.certification_needed,
        # The request it follows, else the earlier one the case's history records.
        previous=_previous(request) or base.previous,
    )
    return with_knowledge(apply_overrides(base, request.details or {}), snapshot)
