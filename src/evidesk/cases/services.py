"""Writes to cases, targets and requests. Every change goes through here."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evidesk.accounts import permissions
from evidesk.audit import services as audit
from evidesk.cases import lifecycle, tracking
from evidesk.cases.models import (
    BreakGlassAccess,
    Case,
    CaseMembership,
    Correspondence,
    Request,
    RequestTransition,
    Target,
    status_labels,
)
from evidesk.clock import now
from evidesk.system.language import translated
from evidesk.system.versioning import changed_values, save_version
from evidesk.wording import kept_wording


@transaction.atomic
def create_case(owner, **fields) -> Case:
    if not permissions.works_on_cases(owner):
        raise PermissionDenied  # an auditor changes nothing, and would own the case it opened
    case = Case(unit_id=owner.unit_id, **fields)
    case.full_clean()
    case.save()
    CaseMembership.objects.create(case=case, user=owner, role=CaseMembership.Role.OWNER)
    audit.record(
        "case.create",
        actor=owner,
        obj=case,
        case_id=case.pk,
        after={"reference": case.reference, "title": case.title},
    )
    return case


# Long enough to look into a problem, short enough that the access does not linger.
BREAK_GLASS_DURATION = timedelta(hours=4)


@transaction.atomic
def open_break_glass(administrator, case: Case, reason: str, remote_addr: str = "") -> None:
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": _("Say why you need to open this case (10 characters or more).")}
        )
    grant = BreakGlassAccess.objects.create(
        case=case,
        user=administrator,
        reason=reason,
        granted_at=now(),
        expires_at=now() + BREAK_GLASS_DURATION,
    )
    audit.record(
        "case.break_glass",
        actor=administrator,
        obj=case,
        case_id=case.pk,
        data={"reason": reason, "expires_at": grant.expires_at.isoformat()},
        remote_addr=remote_addr,
    )


@transaction.atomic
def add_member(actor, case: Case, username: str) -> CaseMembership:
    from evidesk.accounts.models import User

    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {"username": _("There is no active user named %(name)r.") % {"name": username}}
        )
    if user.role == "auditor":
        raise ValidationError({"username": _("Auditors read the audit trail; they join no case.")})
    membership, created = CaseMembership.objects.get_or_create(case=case, user=user)
    if created:
        audit.record(
            "case.member_added",
            actor=actor,
            obj=case,
            case_id=case.pk,
            after={"user": user.username},
        )
    return membership


@transaction.atomic
def remove_member(actor, case: Case, user_id: int) -> None:
    membership = CaseMembership.objects.filter(case=case, user_id=user_id).first()
    if membership is None:
        return
    if membership.role == CaseMembership.Role.OWNER:
        raise ValidationError(_("The owner of the case stays on it."))
    membership.delete()
    audit.record(
        "case.member_removed",
        actor=actor,
        obj=case,
        case_id=case.pk,
        before={"user": membership.user.username},
    )


EDITABLE_CASE_FIELDS = (
    "reference",
    "title",
    "requesting_country",
    "offences",
    "facts",
    "damages_amount",
    "damages_currency",
    "stage",
    "emergency_threat",
)


@transaction.atomic
def update_case(case: Case, actor, based_on_version: int, **fields) -> Case:
    """Save an edit made on version `based_on_version`; refuse it if the case moved on since."""
    saved, before = save_version(case, based_on_version, fields, EDITABLE_CASE_FIELDS)
    old, new = changed_values(before, fields)
    audit.record("case.update", actor=actor, obj=saved, case_id=saved.pk, before=old, after=new)
    return saved


@transaction.atomic
def add_target(case: Case, actor, **fields) -> Target:
    target = Target(case=case, **fields)
    if target.period_start and target.period_end and target.period_end < target.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    target.full_clean()
    target.save()
    audit.record(
        "target.create",
        actor=actor,
        obj=target,
        case_id=case.pk,
        after={"normalized": target.normalized, "data": target.data_categories},
    )
    return target


def add_target_from_input(case: Case, actor, **given) -> Target:
    """Resolve the identifier and read the period in its zone; refuse what cannot be used."""
    from evidesk.advisor.errors import FactsError
    from evidesk.advisor.timewindows import interpret
    from evidesk.knowledge.resolver import resolve
    from evidesk.knowledge.services import current_snapshot, unknown_reference

    snapshot = current_snapshot()
    # As the advisor reads it: the named provider is the platform of a handle or number.
    platform = given.get("platform") or given.get("provider")
    resolution = resolve(given["identifier"], snapshot, platform, case.requesting_country)
    if resolution.error:
        raise ValidationError({"identifier": translated(resolution.error)})
    try:
        window = interpret(
            given.get("period_from"), given.get("period_to"), given.get("period_zone"), "period"
        )
    except FactsError as exc:
        problems = [translated(problem) for _field, problem in exc.problems]
        raise ValidationError({"period_from": problems}) from exc
    if window is None or window.missing_zone:
        message = _(
            "Give the time zone of the times: without it the provider may answer for the "
            "wrong hour."
        )
        raise ValidationError({"period_zone": message})
    odd = window.ambiguous + window.nonexistent
    if odd:
        message = _(
            "%(moment)s is ambiguous or did not exist (clock change): choose UTC and give the "
            "time in UTC."
        )
        raise ValidationError({"period_from": message % {"moment": odd[0]}})
    provider = given.get("provider") or resolution.provider or ""
    if given.get("provider") and not snapshot.provider_for_name(given["provider"]):
        raise ValidationError({"provider": unknown_reference("provider", given["provider"])})
    return add_target(
        case,
        actor,
        identifier=given["identifier"],
        kind=resolution.kind,
        normalized=resolution.normalized,
        provider=snapshot.provider_for_name(provider) or "" if provider else "",
        provider_country=given.get("provider_country") or resolution.provider_country or "",
        data_categories=list(given["data"]),
        realtime=bool(given.get("realtime")),
        period_start=window.start_utc,
        period_end=window.end_utc,
        period_zone=window.zone or "",
        relevance=given.get("relevance", ""),
    )


ACTION_TO_TYPE = {
    "preserve": "preservation",
    "extend_preservation": "extension",
    "emergency_disclose": "emergency",
    "realtime_collect": "mla_realtime",
}


def request_from_step(case: Case, target: Target, step: dict, actor) -> Request:
    """A draft request carrying the choices of one plan step."""
    if step["action"] == "disclose":
        kind = "mla_stored" if step["channel"] == "mla" else "disclosure"
    elif step["action"] in ACTION_TO_TYPE:
        kind = ACTION_TO_TYPE[step["action"]]
    else:
        raise ValidationError(
            _("A '%(action)s' step is not a request to draft.") % {"action": step["action"]}
        )
    follows = None
    if kind in {"disclosure", "mla_stored", "extension"}:
        earlier = target.requests.filter(
            type__in=["preservation", "extension"], direction=Request.Direction.OUTGOING
        )
        follows = earlier.order_by("-created_at").first()
    return create_request(
        case,
        [target],
        actor,
        type=kind,
        channel=step["channel"],
        legal_basis=step.get("legal_basis", "")[:300],
        instrument=step.get("instrument", ""),
        addressee=step.get("addressee", "")[:300],
        details=kept_wording(legal_basis=step.get("legal_basis"), addressee=step.get("addressee")),
        requested_country=target.provider_country,
        urgent=kind == "emergency",
        urgency_reasons=case.emergency_threat if kind == "emergency" else "",
        follows=follows,
    )


@transaction.atomic
def create_request(case: Case, targets: list[Target], actor, **fields) -> Request:
    request = Request(case=case, requesting_country=case.requesting_country, **fields)
    _check_request(request, fields, targets)
    request.full_clean()
    request.save()
    request.targets.set(targets)
    audit.record(
        "request.create",
        actor=actor,
        obj=request,
        case_id=case.pk,
        after={"type": request.type, "channel": request.channel},
    )
    return request


@transaction.atomic
def register_incoming(
    case: Case, targets: list[Target], actor, received_at: datetime, **fields
) -> Request:
    """A foreign state's request, registered with its receipt as its first step, dated when it
    reached the office: the answer we owe counts from that day."""
    fields["direction"] = Request.Direction.INCOMING
    request = create_request(case, targets, actor, **fields)
    return transition_request(request, lifecycle.SENT, actor, at=received_at)


@transaction.atomic
def transition_request(
    request: Request,
    to_status: str,
    actor,
    note: str = "",
    at: datetime | None = None,
    refusal_reason: str = "",
) -> Request:
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if to_status not in lifecycle.ALLOWED:
        raise ValidationError(_("Choose the new status from the list."))
    if not lifecycle.can_move(locked.status, to_status, locked.direction):
        raise ValidationError(_move_refused(locked, to_status))
    _check_approval(locked, to_status, actor)
    if to_status == lifecycle.REFUSED and refusal_reason not in lifecycle.REFUSAL_REASONS:
        raise ValidationError(_("Say why the request was refused: choose a reason from the list."))
    # The form offers a reason beside every step: only a refusal keeps one.
    refusal_reason = refusal_reason if to_status == lifecycle.REFUSED else ""
    at = at or now()
    last = locked.transitions.order_by("-at").first()
    _check_moment(at, earliest=last.at if last else None)
    RequestTransition.objects.create(
        request=locked,
        from_status=locked.status,
        to_status=to_status,
        actor=actor,
        at=at,
        note=note,
        refusal_reason=refusal_reason,
    )
    audit.record(
        "request.transition",
        actor=actor,
        obj=locked,
        case_id=locked.case_id,
        before={"status": locked.status},
        after={"status": to_status},
        data={"note": note, "refusal_reason": refusal_reason},
    )
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    tracking.recompute_related(locked)
    return locked


def _move_refused(request: Request, target: str) -> str:
    """Why a move is refused; when only steps were skipped (the answer came before the sending
    was recorded), which to record first."""
    labels, current = status_labels(request.direction), request.status
    message = _("A request in status '%(status)s' cannot move to '%(next)s'.") % {
        "status": labels[current],
        "next": labels[target],
    }
    try:
        skipped = lifecycle.path_to(target, start=current)[:-1]
    except ValueError:
        skipped = []
    if not skipped:
        return message
    steps = ", ".join(str(labels[status]) for status in skipped)
    return f"{message} " + _(
        "Record the steps before it first, each with the date it really happened: %(steps)s."
    ) % {"steps": steps}


def unit_supervisor(unit_id: int | None):
    """An active supervisor of the unit, who approves its requests before they are sent; None
    when the unit has none (then the team sends them itself)."""
    from evidesk.accounts.models import Role, User

    if unit_id is None:
        return None
    return User.objects.filter(unit_id=unit_id, role=Role.SUPERVISOR, is_active=True).first()


def _check_approval(request: Request, to_status: str, actor) -> None:
    """A request is sent only with a supervisor's approval, when its unit has a supervisor.
    Asked of every move to "sent", not only of the one out of internal review: the lifecycle
    also lets a draft be sent, and a request in review be put back to draft, which would
    otherwise send it past the supervisor. An incoming request's "sent" is its receipt: nothing
    leaves the office, so there is nothing to approve."""
    if to_status != lifecycle.SENT or request.direction == Request.Direction.INCOMING:
        return
    unit_id = request.case.unit_id
    if unit_supervisor(unit_id) and not permissions.is_supervisor_of(actor, unit_id):
        raise ValidationError(
            _("A supervisor of the unit approves a request before it is sent: ask them to send it.")
        )


def _check_moment(at: datetime, earliest: datetime | None = None, latest: datetime | None = None):
    """A recorded event cannot happen in the future, nor out of order with its neighbours."""
    if at > now() + timedelta(minutes=5):
        raise ValidationError({"at": _("That date is in the future.")})
    if earliest and at < earliest:
        message = _("That date is before the previous step (%(moment)s UTC).")
        raise ValidationError({"at": message % {"moment": f"{earliest:%Y-%m-%d %H:%M}"}})
    if latest and at > latest:
        message = _("That date is after the next step (%(moment)s UTC).")
        raise ValidationError({"at": message % {"moment": f"{latest:%Y-%m-%d %H:%M}"}})


@transaction.atomic
def correct_transition_date(transition: RequestTransition, actor, at: datetime) -> None:
    """Fix when a step really happened (the receipt came by post last week); the deadlines that
    count from it move with it."""
    siblings = list(transition.request.transitions.exclude(pk=transition.pk).order_by("at", "id"))
    before = [t.at for t in siblings if (t.at, t.pk) < (transition.at, transition.pk)]
    after = [t.at for t in siblings if (t.at, t.pk) > (transition.at, transition.pk)]
    _check_moment(at, earliest=max(before, default=None), latest=min(after, default=None))
    audit.record(
        "request.transition_date",
        actor=actor,
        obj=transition.request,
        case_id=transition.request.case_id,
        before={"at": transition.at.isoformat(), "status": transition.to_status},
        after={"at": at.isoformat()},
    )
    transition.at = at
    transition.save(update_fields=["at"])
    tracking.recompute_related(transition.request)


EDITABLE_REQUEST_FIELDS = (
    "direction", "type", "channel", "legal_basis", "instrument", "requested_country", "addressee",
    "addressee_contact", "confidential", "do_not_notify_user", "urgent", "urgency_reasons",
    "certification_needed", "languages", "external_reference", "follows",
)  # fmt: skip


def _check_request(request: Request, fields: dict, targets: list[Target]) -> None:
    from evidesk.knowledge.services import unknown_references

    problems = unknown_references(
        requested_country=("jurisdiction", fields.get("requested_country", "")),
        instrument=("instrument", fields.get("instrument", "")),
    )
    if fields.get("urgent") and not str(fields.get("urgency_reasons", "")).strip():
        problems["urgency_reasons"] = _("Say why the request is urgent: providers ask for it.")
    follows = fields.get("follows")
    direction = fields.get("direction") or request.direction
    if follows is not None and (follows.case_id != request.case_id or follows.pk == request.pk):
        problems["follows"] = _("A request can only follow another request of the same case.")
    elif follows is not None and request.pk and _leads_back(follows, request.pk):
        problems["follows"] = _("That request already follows this one: the links would loop.")
    elif follows is not None and follows.direction != direction:
        # Our disclosure request follows our preservation: one the requesting state sent us
        # would clear our deadlines.
        problems["follows"] = _(
            "A request can only follow a request going the same way: one we send, one we send; "
            "one we received, one we received."
        )
    if direction == Request.Direction.INCOMING and not fields.get(
        "requested_country", request.requested_country
    ):
        problems["requested_country"] = _(
            "Give the requested state, ours: the answer we owe and the keeping of preserved "
            "data are counted by it."
        )
    if any(target.case_id != request.case_id for target in targets):
        problems["targets"] = _("Only this case's targets can be covered.")
    if _turned_round(request, fields.get("direction")):
        problems["direction"] = _(
            "A request keeps its direction once a step is recorded: register a new one instead."
        )
    if problems:
        raise ValidationError(problems)


def _turned_round(request: Request, direction: str | None) -> bool:
    """Whether an edit would turn round a request already under way. Recorded as incoming, a
    request is "sent" without approval: turned back to outgoing, it would have left the office
    past the supervisor."""
    changed = request.pk and direction and direction != request.direction
    return bool(changed) and request.transitions.exists()


def _leads_back(start: Request, pk: int) -> bool:
    """Whether following `follows` links from `start` reaches request `pk`."""
    seen, current = set(), start
    while current is not None and current.pk not in seen:
        if current.pk == pk:
            return True
        seen.add(current.pk)
        current = current.follows
    return False


@transaction.atomic
def update_request(
    request: Request, actor, based_on_version: int, targets: list[Target], **fields
) -> Request:
    _check_request(request, fields, targets)
    saved, before = save_version(request, based_on_version, fields, EDITABLE_REQUEST_FIELDS)
    previous_targets = sorted(request.targets.values_list("pk", flat=True))
    saved.targets.set(targets)
    old, new = changed_values(before, fields)
    if previous_targets != sorted(t.pk for t in targets):
        old["targets"], new["targets"] = str(previous_targets), str(sorted(t.pk for t in targets))
    audit.record(
        "request.update", actor=actor, obj=saved, case_id=saved.case_id, before=old, after=new
    )
    tracking.recompute_related(saved)
    if before["follows"] and before["follows"] != saved.follows:
        tracking.recompute_related(before["follows"])
    return saved


# A message with more files than this is better split (and a form this size is hostile).
MAX_ATTACHMENTS = 20


@transaction.atomic
def record_correspondence(
    request: Request, actor, *, kind: str, at: datetime, subject: str, files=(), **details
) -> Correspondence:
    """Put a message on the request's timeline with its files. Every file is checked against
    the size limit before any is kept, so a refused message leaves nothing behind."""
    from django.conf import settings

    from evidesk.system import files as stored_files

    _check_moment(at)
    files = list(files)
    limit = settings.EVIDESK_MAX_UPLOAD_BYTES
    if len(files) > MAX_ATTACHMENTS:
        message = _("Attach at most %(most)d files to one message.")
        raise ValidationError({"files": message % {"most": MAX_ATTACHMENTS}})
    for upload in files:
        if upload.size > limit:
            message = _("%(file)s is larger than the limit of %(megabytes)d MB.")
            name = stored_files.safe_filename(upload.name)
            raise ValidationError({"files": message % {"file": name, "megabytes": limit >> 20}})
    message = Correspondence(
        request=request, kind=kind, at=at, subject=subject, created_by=actor, **details
    )
    message.full_clean()
    message.save()
    for upload in files:
        try:
            digest, size = stored_files.store(upload.chunks(), limit)
        except stored_files.TooLarge as exc:
            raise ValidationError({"files": str(exc)}) from exc
        message.attachments.create(
            original_name=stored_files.safe_filename(upload.name), size=size, sha256=digest
        )
    audit.record(
        "correspondence.create",
        actor=actor,
        obj=message,
        case_id=request.case_id,
        after={"kind": kind, "subject": subject},
        data={"files": [(a.original_name, a.sha256) for a in message.attachments.all()]},
    )
    return message


def attachment_download(attachment, actor):
    """The attached file as a download (never shown in the browser: a file from outside may be
    hostile), its fetching written in the audit trail."""
    from evidesk.system import files as stored_files

    response = stored_files.download(attachment.sha256, attachment.original_name)
    audit.record(
        "attachment.download",
        actor=actor,
        obj=attachment,
        case_id=attachment.correspondence.request.case_id,
        data={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    return response
