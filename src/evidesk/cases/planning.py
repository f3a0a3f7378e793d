"""The advisor's plan for a stored case: case rows → advisor facts → plan."""

from __future__ import annotations

from datetime import UTC, date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evidesk.advisor.engine import DISCLOSING, advise
from evidesk.advisor.errors import FactsError
from evidesk.advisor.facts import parse_case
from evidesk.advisor.vocabulary import ACTION_NAMES, CHANNEL_NAMES, WARNING_NAMES
from evidesk.cases import lifecycle
from evidesk.cases.access import requests_with_steps
from evidesk.cases.models import Case, Target
from evidesk.clock import now
from evidesk.contacts.services import contacts_for_each
from evidesk.knowledge.services import current_snapshot
from evidesk.system.language import active_language, country_names, name_of, translated
from evidesk.zones import zone_named


def case_as_scenario(case: Case, targets=None, requests=None) -> dict:
    """The case in the scenario format the advisor and the drafting read (all its targets, or
    the ones given; `requests`: all the case's as `requests_with_steps` reads them, when the
    caller has read them already)."""
    targets = list(case.targets.order_by("pk") if targets is None else targets)
    requests_of: dict[int, list] = {t.pk: [] for t in targets}
    for request in requests_with_steps(case) if requests is None else requests:
        for target_id in request.target_ids:
            requests_of.get(target_id, []).append(request)
    scenario = {
        "as_of": now().date(),
        "requesting_country": case.requesting_country,
        "case": {
            "reference": case.reference,
            "offences": case.offences,
            "facts": case.facts,
            "stage": case.stage,
        },
        "targets": [_target(t, requests_of[t.pk]) for t in targets],
    }
    if case.damages_amount is not None:
        scenario["case"]["damages"] = {
            "amount": str(case.damages_amount),
            "currency": case.damages_currency,
        }
    if case.emergency_threat:
        scenario["case"]["emergency"] = {"threat": case.emergency_threat}
    return scenario


# What the plan reads of a target's requests: the preservations, whose expiry it times, and the
# requests for the data, whose answer it then chases instead of asking for them again.
HISTORY_TYPES = {"preservation", "extension", *DISCLOSING}


def _target(target, requests: list) -> dict:
    period = {}
    # A zone this machine does not know reads as UTC here: the advisor names it (period "tz").
    zone = zone_named(target.period_zone) or UTC
    if target.period_start:
        period["from"] = target.period_start.astimezone(zone).isoformat()
    if target.period_end:
        period["to"] = target.period_end.astimezone(zone).isoformat()
    if target.period_zone:
        period["tz"] = target.period_zone
    history = [
        {"type": r.type, "channel": r.channel, "sent": at.date(),
         **({"confirmed": confirmed} if (confirmed := _confirmed_on(r)) else {}),
         **({"reference": r.external_reference} if r.external_reference else {})}
        for r in requests
        if r.type in HISTORY_TYPES and not _dropped(r)
        for status, at in r.steps
        if status == "sent"
    ]  # fmt: skip
    return {
        "identifier": target.normalized,
        "provider": target.provider or None,
        "provider_country": target.provider_country or None,
        "data": target.data_categories,
        "realtime": target.realtime,
        "period": period,
        "relevance": target.relevance,
        "history": history,
    }


def _dropped(request) -> bool:
    """Refused or withdrawn: no preservation holds by it, as the tracker counts them, and no
    extension refused is one to have confirmed."""
    return any(status in lifecycle.DROPPED for status, _at in request.steps)


def _confirmed_on(request) -> date | None:
    """The day the request's receipt was confirmed or it was executed, as the tracker reads it."""
    moments = [at for status, at in request.steps if status in lifecycle.CONFIRMED]
    return min(moments).date() if moments else None


def plan_for(case: Case, targets: list[Target] | None = None, requests=None) -> dict | None:
    """The plan, or None when the case has no target yet (`targets` in their order and
    `requests` as case_as_scenario takes them, when the caller has read them already)."""
    targets = list(case.targets.order_by("pk")) if targets is None else targets
    scenario = case_as_scenario(case, targets, requests)
    if not scenario["targets"]:
        return None
    try:
        facts = parse_case(scenario)
    except FactsError as exc:
        return {"errors": [(field, translated(problem)) for field, problem in exc.problems]}
    plan = advise(facts, current_snapshot())
    for target, planned in zip(targets, plan["targets"], strict=True):
        planned["target_id"] = target.pk
    _add_contacts(plan["targets"])
    return plan


def for_reader(plan: dict | None) -> dict | None:
    """The plan as the case page shows it: each sentence, code and country in the reader's
    language, worked out at once for the forty or so a page shows (the API keeps the plan as
    `plan_for` makes it)."""
    if not plan or "errors" in plan:
        return plan
    language = active_language()
    countries = country_names(language)

    def warning(found: dict) -> dict:
        return {**found, "name": name_of(WARNING_NAMES, found["code"], language),
                "message": translated(found["message"], language)}  # fmt: skip

    def step(planned: dict) -> dict:
        return {
            **planned,
            **{key: translated(planned[key], language) for key in READER_TEXTS},
            "sources": translated(planned["sources"], language),
            "action_name": name_of(ACTION_NAMES, planned["action"], language),
            "channel_name": name_of(CHANNEL_NAMES, planned["channel"], language),
            "alternative_names": [
                name_of(CHANNEL_NAMES, code, language) for code in planned["alternatives"]
            ],
        }

    def target(planned: dict) -> dict:
        country = planned["provider_country"]
        return {**planned, "warnings": [warning(w) for w in planned["warnings"]],
                "steps": [step(s) for s in planned["steps"]],
                "country_name": countries.get(country, country) if country else None}  # fmt: skip

    return {**plan, "warnings": [warning(w) for w in plan["warnings"]],
            "targets": [target(t) for t in plan["targets"]]}  # fmt: skip


# A step's sentences the advisor words; its other values are codes, dates and sources.
READER_TEXTS = ("why", "legal_basis", "basis_note", "addressee")


def _add_contacts(planned_targets: list[dict]) -> None:
    """The office's own contacts for each target's country or provider (addressees and people
    to ask), fetched in one query for all targets."""
    wanted = [(t.get("provider_country") or "", t.get("provider") or "") for t in planned_targets]
    for planned, contacts in zip(planned_targets, contacts_for_each(wanted), strict=True):
        planned["contacts"] = contacts


def planned_step(case: Case, target_id, step_number) -> tuple[Target, dict]:
    """A step of the case's plan as planned now, so nothing a client sends can change what a
    request made from it says; refused when the plan no longer has that step."""
    plan = plan_for(case) or {"targets": []}
    planned = next(
        (t for t in plan.get("targets", []) if str(t["target_id"]) == str(target_id)), None
    )
    step = str(step_number)
    if planned is None or not step.isdigit() or int(step) >= len(planned["steps"]):
        raise ValidationError(_("That plan step no longer exists: the plan changed. Try again."))
    return case.targets.get(pk=planned["target_id"]), planned["steps"][int(step)]
