"""From a draft's data to its document: the sections, clauses and tables of each request type.
Pure. Fixed wording is marked for the translation catalogues and translated when rendered."""

from __future__ import annotations

from evidesk.advisor.vocabulary import CHANNEL_NAMES, DATA_NAMES
from evidesk.drafting.checks import asked
from evidesk.drafting.document import (
    Day,
    Document,
    Field,
    Fixed,
    Free,
    Missing,
    Moment,
    Paragraph,
    Penalty,
    Section,
    Segment,
    Table,
    Worded,
    day,
    fixed,
    text,
)
from evidesk.drafting.document import gettext_noop as _  # marks msgids; translated when rendered
from evidesk.drafting.inputs import KEPT, DraftInput, Target
from evidesk.wording import amount_named, country_named

TITLES = {
    "preservation": _("Request for expedited preservation of stored computer data"),
    "extension": _("Request to extend the preservation of stored computer data"),
    "disclosure": _("Request for disclosure of stored computer data"),
    "emergency": _("Emergency disclosure request"),
    "mla_stored": _("Request for mutual legal assistance: stored computer data"),
    "mla_realtime": _("Request for mutual legal assistance: real-time collection of data"),
    "follow_up": _("Follow-up to an unanswered request"),
}
# A request for assistance under an instrument that calls it a commission is titled so: the CIS
# conventions' requested side registers it by the title their art. 7 gives it.
COMMISSION_TITLE = _("Commission for legal assistance in a criminal case")
ASSISTANCE = {"mla_stored", "mla_realtime"}
# A request's status tells the requested side whether it already holds a request it belongs to.
STATUS = {
    "extension": _("Extension of an earlier preservation request"),
    "follow_up": _("Follow-up to an earlier request"),
}
NEW, FOLLOWS = _("New request"), _("Follows an earlier request")
# With the earlier request on record, the status names it, so the two are joined at once.
FOLLOWS_NAMED = {
    "extension": _("Extension of the preservation request %(reference)s of %(date)s"),
    "follow_up": _("Follow-up to the request %(reference)s of %(date)s"),
    "preservation": _("Follows the preservation request %(reference)s of %(date)s"),
    "": _("Follows the earlier request %(reference)s of %(date)s"),
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
    "provider": _("provider"),
    "conduct": _("description of the conduct"),
    "persons": _("persons concerned"),
}
# The element of the completeness check each placeholder stands for: the document shows a
# placeholder only where the check asks for the element, so no gap is shown without a finding.
CHECKED_AS = {
    "reference": "reference",
    "organisation": "requesting_authority",
    "person": "requesting_authority",
    "phone": "contact_details",
    "email": "contact_details",
    "out_of_hours": "out_of_hours_contact",
    "addressee": "addressee",
    "legal_basis": "legal_basis",
    "offence": "offences",
    "provision": "offence_provisions",
    "penalty": "offence_provisions",
    "facts": "facts",
    "targets": "targets",
    "data": "data_categories",
    "period": "periods",
    "zone": "time_zones",
    "relevance": "relevance",
    "necessity": "necessity",
    "mla_intent": "mla_intent",
    "previous": "previous_request",
    "emergency": "emergency_facts",
    "urgency": "urgency_reasons",
    "purpose": "purpose",
    "realtime": "realtime_parameters",
    "provider": "custodian",
    "conduct": "conduct",
    "persons": "persons",
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
    shown = (_without_empty(s) for s in sections)
    return Document(draft.type, _title(draft), tuple(s for s in shown if s.blocks), findings)


def _title(draft: DraftInput) -> str:
    return COMMISSION_TITLE if draft.commission and draft.type in ASSISTANCE else TITLES[draft.type]


def _missing(draft: DraftInput, key: str) -> tuple[Segment, ...]:
    """The placeholder for an element, where the check asks for it; else nothing."""
    return (Missing(ELEMENT[key]),) if asked(CHECKED_AS[key], draft) else ()


def _text(draft: DraftInput, value, key: str, translatable: bool = True) -> tuple[Segment, ...]:
    """The value, or the placeholder of an element the check asks for (`document.text`)."""
    segments = text(value, ELEMENT[key], translatable)
    return _missing(draft, key) if segments == (Missing(ELEMENT[key]),) else segments


def _without_empty(section: Section) -> Section:
    """A field or paragraph left with nothing to say (an element not asked for) is left out."""
    kept = tuple(
        block
        for block in section.blocks
        if not (isinstance(block, Field) and not block.value)
        and not (isinstance(block, Paragraph) and not block.segments)
    )
    return Section(section.title, kept)


def _header(draft: DraftInput) -> Section:
    a = draft.authority
    blocks = [
        Field(_("Date"), (Day(draft.date),)),
        Field(_reference_label(draft), _text(draft, draft.reference, "reference", False)),
        Field(_("Request status"), (_status(draft),)),
        Field(_("Requesting authority"), _text(draft, a.organisation, "organisation")),
        Field(
            _("Person in charge"),
            _joined(_text(draft, a.person, "person"), (Free(a.position),) if a.position else ()),
        ),
        Field(_("Address"), (Free(a.address),)) if a.address else None,
        Field(_("Addressee"), _text(draft, draft.addressee, "addressee", False)),
        Field(_("Legal basis"), _text(draft, draft.legal_basis, "legal_basis")),
        _states(draft),
    ]
    return Section(_("Request"), tuple(b for b in blocks if b is not None))


def _reference_label(draft: DraftInput) -> str:
    """A commission under the CIS conventions names the case by its number (their art. 7),
    which the requested side registers it under; other requests give it as our reference."""
    return _("Criminal case No.") if _title(draft) == COMMISSION_TITLE else _("Our reference")


def _states(draft: DraftInput) -> Field:
    """The two states by name in the document's language («Грузия → Соединенные Штаты»), as
    a letter between authorities names them, not by ISO code; the requesting state alone where
    the requested one is not known (a provider whose country is not on record)."""
    requesting = Worded(country_named(draft.requesting_country))
    if not draft.requested_country:
        return Field(_("Requesting state"), (requesting,))
    requested = Worded(country_named(draft.requested_country))
    return Field(
        _("Requesting state / requested state"), (requesting, Free(" → ", False), requested)
    )


def _status(draft: DraftInput) -> Fixed:
    """New, or the sequel to an earlier request: an MLA request after a preservation is not
    new to the requested side, and says which request it follows."""
    p = draft.previous
    if p is None or not (p.date and p.reference):
        return fixed(STATUS.get(draft.type, FOLLOWS if p else NEW))
    named = draft.type if draft.type in STATUS else "preservation" if p.type in KEPT else ""
    when = day(p.date)
    when = when.value if isinstance(when, Day) else when.text
    return fixed(FOLLOWS_NAMED[named], reference=p.reference, date=when)


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
            _text(draft, o.name, "offence"),
            _text(draft, o.provision, "provision"),  # "art. 190 part 4" is words too
            (Penalty(o.max_penalty_years),)
            if o.max_penalty_years is not None
            else _missing(draft, "penalty"),
        )
        for o in draft.offences
    ) or ((_missing(draft, "offence"), (), ()),)
    # The years are a term of deprivation of liberty, the measure of gravity (UNTOC art. 2(b)).
    headers = (_("Offence"), _("Legal provision"), _("Maximum deprivation of liberty"))
    blocks: list = [Table(headers, rows)]
    persons = _text(draft, draft.persons, "persons")
    if persons:  # asked for by a commission under the CIS conventions, or given by the user
        blocks.insert(0, Field(_("Persons concerned"), persons))
    if draft.type == "emergency":
        blocks.append(Field(_("The emergency"), _text(draft, draft.emergency_facts, "emergency")))
        if draft.facts:
            blocks.append(Field(_("Summary of facts"), (Free(draft.facts),)))
    else:
        blocks.append(Field(_("Summary of facts"), _text(draft, draft.facts, "facts")))
    if draft.damages_amount:  # a commission under the CIS conventions states the damage caused
        amount = (
            Worded(amount_named(draft.damages_amount)),
            Free(f" {draft.damages_currency}", False),
        )
        blocks.append(Field(_("Damage caused"), amount))
    conduct = _text(draft, draft.conduct, "conduct")
    if conduct:  # asked for where content is sought by MLA, or given by the user
        blocks.append(Field(_("Description of the conduct"), conduct))
    if draft.conduct.strip():  # the clause says why the description is there: not without it
        blocks.append(clause("dual_criminality"))
    return Section(_("Offence and facts"), tuple(blocks))


def _period_utc(draft: DraftInput, target: Target) -> tuple[Segment, ...]:
    p = target.period
    if not (p.from_utc and p.to_utc):
        # A period given without its zone has no UTC equivalent: the zone is what is missing.
        local_only = p.from_local and p.to_local and not p.zone
        return _missing(draft, "zone" if local_only else "period")
    return (Moment(p.from_utc), Free(" \u2013 ", False), Moment(p.to_utc), Free(" UTC", False))


def _period_local(draft: DraftInput, target: Target) -> tuple[Segment, ...]:
    p = target.period
    if not (p.from_local and p.to_local):
        return _missing(draft, "period")
    local = (Moment(p.from_local), Free(" \u2013 ", False), Moment(p.to_local))
    if not p.zone:
        zone = _missing(draft, "zone")
        return (*local, Free(" ", False), *zone) if zone else local
    return (*local, Free(f" ({p.zone})", False))


def _data(draft: DraftInput) -> Section:
    rows = tuple(
        (
            (Free(t.identifier, False),),
            _text(draft, t.provider_name or t.provider, "provider", False),
            tuple(
                seg
                for n, c in enumerate(t.data)
                for seg in ((Free(", ", False),) if n else ()) + (Fixed(DATA_NAMES[c]),)
            )
            or _missing(draft, "data"),
            _period_utc(draft, t),
            _period_local(draft, t),
        )
        for t in draft.targets
    ) or ((_missing(draft, "targets"), (), (), (), ()),)
    headers = (
        _("Identifier"),
        _("Provider"),
        _("Data sought"),
        _("Period (UTC)"),
        _("Period (local time)"),
    )
    blocks: list = [Table(headers, rows)]
    for t in draft.targets:
        relevance = _text(draft, t.relevance, "relevance")
        if relevance:
            value = (Free(t.identifier, False), Free(": ", False), *relevance)
            blocks.append(Field(_("Relevance to the offence"), value))
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
    "dual_criminality": _(
        "The conduct is described in factual terms so that the requested state can assess "
        "whether it is an offence under its own law, whatever that law calls the offence."
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
        return Field(_("Earlier request"), _missing(draft, "previous"))
    value: tuple[Segment, ...] = (day(p.date), Free(f", {p.reference}", False))
    if p.channel:  # the channel named as the reader names it, not by its code
        name = CHANNEL_NAMES.get(p.channel)
        channel = Fixed(name) if name else Free(p.channel, False)
        value += (Free(" (", False), channel, Free(")", False))
    return Field(_("Earlier request"), value)


def _preservation(draft: DraftInput) -> Section:
    blocks = [_previous(draft), clause("extend")] if draft.type == "extension" else []
    if draft.type == "preservation":
        blocks.append(clause("preserve"))
    blocks.append(
        Field(_("Why preservation is necessary"), _text(draft, draft.necessity, "necessity"))
    )
    intent = clause("mla_intent") if draft.mla_intent else Paragraph(_missing(draft, "mla_intent"))
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
        Field(_("Purpose of the request"), _text(draft, draft.purpose, "purpose")),
        clause(draft.type),
    ]
    if draft.type == "mla_realtime":
        both = draft.realtime_start and draft.realtime_duration
        value = f"{draft.realtime_start}, {draft.realtime_duration}" if both else ""
        blocks.append(Field(_("Start and duration"), _text(draft, value, "realtime")))
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
    if draft.type in ASSISTANCE:
        return [_assistance(draft)]
    return [Section(_("Earlier request"), (_previous(draft), clause("follow_up")))]


def _handling(draft: DraftInput) -> Section:
    blocks: list = []
    if draft.do_not_notify:
        blocks.append(clause("do_not_notify"))
    if draft.confidential:
        blocks.append(clause("confidential"))
    if draft.urgent:
        blocks.append(Field(_("Urgent, because"), _text(draft, draft.urgency_reasons, "urgency")))
    if draft.certification:
        blocks.append(clause("certification"))
    return Section(_("Handling"), tuple(blocks))


def _contact(draft: DraftInput) -> Section:
    a = draft.authority
    blocks = (
        clause("confirm_receipt"),
        Field(_("Telephone"), _text(draft, a.phone, "phone", False)),
        Field(_("E-mail"), _text(draft, a.email, "email", False)),
        Field(_("Out of office hours"), _text(draft, a.out_of_hours, "out_of_hours", False)),
        Field(_("Office hours"), (Free(a.office_hours, False),)) if a.office_hours else None,
        Field(
            _("Signature"),
            _joined(_text(draft, a.person, "person"), (Free(a.position),) if a.position else ()),
        ),
    )
    return Section(_("Contact"), tuple(b for b in blocks if b is not None))
