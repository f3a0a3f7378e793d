"""From a draft's data to its document: the sections, clauses and tables of each request type.
Pure. Fixed wording is marked for the translation catalogues and translated when rendered."""

from __future__ import annotations

import re

from evidesk.advisor.vocabulary import DATA_NAMES
from evidesk.drafting.document import (
    Document,
    Field,
    Fixed,
    Free,
    Missing,
    Paragraph,
    Penalty,
    Section,
    Segment,
    Table,
    text,
)
from evidesk.drafting.document import gettext_noop as _  # marks msgids; translated when rendered
from evidesk.drafting.inputs import DraftInput, Target

TITLES = {
    "preservation": _("Request for expedited preservation of stored computer data"),
    "extension": _("Request to extend the preservation of stored computer data"),
    "disclosure": _("Request for disclosure of stored computer data"),
    "emergency": _("Emergency disclosure request"),
    "mla_stored": _("Request for mutual legal assistance: stored computer data"),
    "mla_realtime": _("Request for mutual legal assistance: real-time collection of data"),
    "follow_up": _("Follow-up to an unanswered request"),
}
STATUS = {
    "extension": _("Extension of an earlier preservation request"),
    "follow_up": _("Follow-up to an earlier request"),
}
# Names of the elements a placeholder stands for (the completeness check names the same ones).
ELEMENT = {
    "reference": _("case reference"),
    "organisation": _("requesting authority"),
    "person": _("person in charge"),
    "phone": _("telephone"),
    "email": _("e-mail"),
    "out_of_hours": _("contact out of office hours"),
    "addressee": _("addressee"),
    "legal_basis": _("legal basis"),
    "offence": _("offence"),
    "provision": _("legal provision"),
    "penalty": _("maximum penalty"),
    "facts": _("summary of facts"),
    "targets": _("identifiers of the data"),
    "data": _("categories of data"),
    "period": _("period"),
    "zone": _("time zone"),
    "relevance": _("relevance to the offence"),
    "necessity": _("why preservation is necessary"),
    "mla_intent": _("statement that a request for mutual legal assistance will follow"),
    "previous": _("date and reference of the earlier request"),
    "emergency": _("facts of the emergency"),
    "urgency": _("reasons for urgency"),
    "purpose": _("purpose of the request"),
    "realtime": _("start and duration of collection"),
}
SUBSTANTIVE = {"preservation", "extension", "disclosure", "emergency", "mla_stored", "mla_realtime"}


def compose(draft: DraftInput, findings: tuple = ()) -> Document:
    sections = [_header(draft)]
    if draft.type in SUBSTANTIVE:
        sections.append(_offence_and_facts(draft))
    if draft.type in SUBSTANTIVE or draft.targets:  # a follow-up names the data it chases
        sections.append(_data(draft))
    sections += _type_sections(draft)
    sections.append(_handling(draft))
    sections.append(_contact(draft))
    return Document(
        draft.type, TITLES[draft.type], tuple(s for s in sections if s.blocks), findings
    )


def _header(draft: DraftInput) -> Section:
    a = draft.authority
    blocks = [
        Field(_("Date"), (Free(draft.date.isoformat(), False),)),
        Field(_("Our reference"), text(draft.reference, ELEMENT["reference"], False)),
        Field(_("Request status"), (Fixed(STATUS.get(draft.type, _("New request"))),)),
        Field(_("Requesting authority"), text(a.organisation, ELEMENT["organisation"])),
        Field(
            _("Person in charge"),
            _joined(text(a.person, ELEMENT["person"]), (Free(a.position),) if a.position else ()),
        ),
        Field(_("Address"), (Free(a.address),)) if a.address else None,
        Field(_("Addressee"), text(draft.addressee, ELEMENT["addressee"], False)),
        Field(_("Legal basis"), text(draft.legal_basis, ELEMENT["legal_basis"])),
        Field(
            _("Requesting state / requested state"),
            (Free(f"{draft.requesting_country} → {draft.requested_country or '?'}", False),),
        ),
    ]
    return Section(_("Request"), tuple(b for b in blocks if b is not None))


def _joined(*parts: tuple[Segment, ...]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for part in parts:
        if part:
            if out:
                out.append(Free(", ", False))
            out.extend(part)
    return tuple(out)


def _offence_and_facts(draft: DraftInput) -> Section:
    rows = tuple(
        (
            text(o.name, ELEMENT["offence"]),
            text(o.provision, ELEMENT["provision"]),  # "art. 190 part 4" is words too
            (Penalty(o.max_penalty_years),)
            if o.max_penalty_years is not None
            else (Missing(ELEMENT["penalty"]),),
        )
        for o in draft.offences
    ) or ((text("", ELEMENT["offence"]), (), ()),)
    blocks: list = [Table((_("Offence"), _("Legal provision"), _("Maximum penalty")), rows)]
    if draft.type == "emergency":
        blocks.append(Field(_("The emergency"), text(draft.emergency_facts, ELEMENT["emergency"])))
        if draft.facts:
            blocks.append(Field(_("Summary of facts"), (Free(draft.facts),)))
    else:
        blocks.append(Field(_("Summary of facts"), text(draft.facts, ELEMENT["facts"])))
    return Section(_("Offence and facts"), tuple(blocks))


def _period_utc(target: Target) -> tuple[Segment, ...]:
    p = target.period
    if not (p.from_utc and p.to_utc):
        # A period given without its zone has no UTC equivalent: the zone is what is missing.
        local_only = p.from_local and p.to_local and not p.zone
        return (Missing(ELEMENT["zone"] if local_only else ELEMENT["period"]),)
    return (Free(f"{_utc(p.from_utc)} \u2013 {_utc(p.to_utc)} UTC", False),)


def _utc(stamp: str) -> str:
    return stamp.replace("T", " ").replace("Z", "")


def _period_local(target: Target) -> tuple[Segment, ...]:
    p = target.period
    if not (p.from_local and p.to_local):
        return (Missing(ELEMENT["period"]),)
    local = f"{_local(p.from_local)} \u2013 {_local(p.to_local)}"
    if not p.zone:
        return (Free(local + " ", False), Missing(ELEMENT["zone"]))
    return (Free(f"{local} ({p.zone})", False),)


def _local(stamp: str) -> str:
    return re.sub(r"([+-]\d\d:\d\d)$", r" \1", stamp.replace("T", " "))


def _data(draft: DraftInput) -> Section:
    rows = tuple(
        (
            (Free(t.identifier, False),),
            text(t.provider_name or t.provider, _("provider"), False),
            tuple(
                seg
                for n, c in enumerate(t.data)
                for seg in ((Free(", ", False),) if n else ()) + (Fixed(DATA_NAMES[c]),)
            )
            or (Missing(ELEMENT["data"]),),
            _period_utc(t),
            _period_local(t),
        )
        for t in draft.targets
    ) or (((Missing(ELEMENT["targets"]),), (), (), (), ()),)
    headers = (
        _("Identifier"),
        _("Provider"),
        _("Data sought"),
        _("Period (UTC)"),
        _("Period (local time)"),
    )
    blocks: list = [Table(headers, rows)]
    for t in draft.targets:
        blocks.append(
            Field(
                _("Relevance to the offence"),
                (
                    Free(t.identifier, False),
                    Free(": ", False),
                    *text(t.relevance, ELEMENT["relevance"]),
                ),
            )
        )
    return Section(_("Data concerned"), tuple(blocks))


CLAUSES = {
    "preserve": _(
        "Please preserve the data described above without delay, and keep them until the "
        "request for their disclosure is decided."
    ),
    "extend": _(
        "Please extend the preservation of the data described above for a further period: the "
        "request for their disclosure is being prepared."
    ),
    "mla_intent": _(
        "The requesting authority intends to submit a request for mutual legal assistance for "
        "the search, seizure or disclosure of these data."
    ),
    "disclose": _("Please disclose the data described above."),
    "protocol_art7": _(
        "This order is issued under Article 7 of the Second Additional Protocol to the "
        "Convention on Cybercrime."
    ),
    "emergency": _(
        "Please disclose the data described above without delay: there is a significant and "
        "imminent risk to the life or safety of a person."
    ),
    "mla_stored": _(
        "Please obtain the data described above from the provider that holds them and transmit "
        "them to the requesting authority."
    ),
    "mla_realtime": _(
        "Please order the collection in real time of the data described above, from the start "
        "and for the duration below, and transmit them to the requesting authority."
    ),
    "follow_up": _(
        "We have not yet received an answer to the request above. Please tell us its status and "
        "when an answer can be expected."
    ),
    "do_not_notify": _(
        "Please do not notify the user or any other person of this request: disclosure would "
        "jeopardise the investigation."
    ),
    "confidential": _("This request and its contents are confidential."),
    "certification": _(
        "Please certify the records produced (authenticity and integrity) so that they can be "
        "used as evidence in court."
    ),
    "confirm_receipt": _(
        "Please confirm receipt of this request and give us your reference number."
    ),
}


def clause(name: str) -> Paragraph:
    return Paragraph((Fixed(CLAUSES[name]),))


def _previous(draft: DraftInput) -> Field:
    p = draft.previous
    if p is None or not (p.date and p.reference):
        return Field(_("Earlier request"), (Missing(ELEMENT["previous"]),))
    value = f"{p.date}, {p.reference}" + (f" ({p.channel})" if p.channel else "")
    return Field(_("Earlier request"), (Free(value, False),))


def _preservation(draft: DraftInput) -> Section:
    blocks = [_previous(draft), clause("extend")] if draft.type == "extension" else []
    if draft.type == "preservation":
        blocks.append(clause("preserve"))
    blocks.append(
        Field(_("Why preservation is necessary"), text(draft.necessity, ELEMENT["necessity"]))
    )
    intent = (
        clause("mla_intent") if draft.mla_intent else Paragraph((Missing(ELEMENT["mla_intent"]),))
    )
    return Section(_("Preservation"), (*blocks, intent))


def _disclosure(draft: DraftInput) -> Section:
    blocks = [clause("disclose")]
    if draft.channel == "protocol2_art7":
        blocks.append(clause("protocol_art7"))
    if draft.previous:
        blocks.append(_previous(draft))
    return Section(_("Disclosure"), tuple(blocks))


def _assistance(draft: DraftInput) -> Section:
    blocks = [
        Field(_("Purpose of the request"), text(draft.purpose, ELEMENT["purpose"])),
        clause(draft.type),
    ]
    if draft.type == "mla_realtime":
        both = draft.realtime_start and draft.realtime_duration
        value = f"{draft.realtime_start}, {draft.realtime_duration}" if both else ""
        blocks.append(Field(_("Start and duration"), text(value, ELEMENT["realtime"], False)))
    if draft.previous:
        blocks.append(_previous(draft))
    return Section(_("Assistance requested"), tuple(blocks))


def _type_sections(draft: DraftInput) -> list[Section]:
    if draft.type in {"preservation", "extension"}:
        return [_preservation(draft)]
    if draft.type == "disclosure":
        return [_disclosure(draft)]
    if draft.type == "emergency":
        return [Section(_("Emergency disclosure"), (clause("emergency"),))]
    if draft.type in {"mla_stored", "mla_realtime"}:
        return [_assistance(draft)]
    return [Section(_("Earlier request"), (_previous(draft), clause("follow_up")))]


def _handling(draft: DraftInput) -> Section:
    blocks: list = []
    if draft.do_not_notify:
        blocks.append(clause("do_not_notify"))
    if draft.confidential:
        blocks.append(clause("confidential"))
    if draft.urgent:
        blocks.append(Field(_("Urgent, because"), text(draft.urgency_reasons, ELEMENT["urgency"])))
    if draft.certification:
        blocks.append(clause("certification"))
    return Section(_("Handling"), tuple(blocks))


def _contact(draft: DraftInput) -> Section:
    a = draft.authority
    blocks = (
        clause("confirm_receipt"),
        Field(_("Telephone"), text(a.phone, ELEMENT["phone"], False)),
        Field(_("E-mail"), text(a.email, ELEMENT["email"], False)),
        Field(_("Out of office hours"), text(a.out_of_hours, ELEMENT["out_of_hours"], False)),
        Field(_("Office hours"), (Free(a.office_hours, False),)) if a.office_hours else None,
        Field(
            _("Signature"),
            _joined(text(a.person, ELEMENT["person"]), (Free(a.position),) if a.position else ()),
        ),
    )
    return Section(_("Contact"), tuple(b for b in blocks if b is not None))
