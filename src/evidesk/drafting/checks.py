"""The completeness check: every missing or weak element of a draft, why it matters and who
requires it. Pure: it runs on each keystroke of the drafting form and in `evidesk draft --check`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path

import yaml

from evidesk.drafting.document import gettext_noop as _  # marks msgids for the catalogue
from evidesk.drafting.document import ngettext_noop
from evidesk.drafting.inputs import DraftInput
from evidesk.drafting.language import (
    LANGUAGES,
    counted,
    in_language,
    needs_translation,
    translate,
)
from evidesk.wording import Named, Wording, asks_to_verify, lacks_form, languages_named

REQUIREMENTS = Path(__file__).with_name("requirements.yaml")
MISSING, RECOMMENDED, WEAK = "missing", "recommended", "weak"


@dataclass(frozen=True)
class Finding:
    element: str
    severity: str  # missing (blocks), recommended, weak
    label: str
    why: str
    sources: tuple[str, ...]
    detail: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == MISSING


@cache
def requirements() -> dict:
    return yaml.safe_load(REQUIREMENTS.read_text(encoding="utf-8"))


def citation(ref: dict, reader: str = "en") -> str:
    source = requirements()["sources"][ref["source"]]
    locator = f", {ref['locator']}" if ref.get("locator") else ""
    return translate(reader, _("%(source)s — %(url)s (verified on %(date)s)"), (
        ("source", f"{source['title']}{locator}"), ("url", source["url"]),
        ("date", str(source["verified_on"])),
    ))  # fmt: skip


def _all(values) -> bool:
    values = list(values)
    return bool(values) and all(values)


def _periods(draft: DraftInput):
    return [t.period for t in draft.targets]


PRESENT: dict[str, Callable[[DraftInput], bool]] = {
    "reference": lambda d: bool(d.reference.strip()),
    "requesting_authority": lambda d: bool(d.authority.organisation and d.authority.person),
    "contact_details": lambda d: bool(d.authority.phone and d.authority.email),
    "out_of_hours_contact": lambda d: bool(d.authority.out_of_hours.strip()),
    "addressee": lambda d: bool(d.addressee.strip()),
    "legal_basis": lambda d: bool(d.legal_basis.strip()),
    "offences": lambda d: bool(d.offences),
    "offence_provisions": lambda d: _all(
        o.provision and o.max_penalty_years is not None for o in d.offences
    ),
    "facts": lambda d: bool(d.facts.strip()),
    "targets": lambda d: bool(d.targets),
    "data_categories": lambda d: _all(t.data for t in d.targets),
    "periods": lambda d: _all(p.from_local and p.to_local for p in _periods(d)),
    "time_zones": lambda d: all(p.zone for p in _periods(d) if p.from_local or p.to_local),
    "relevance": lambda d: _all(t.relevance.strip() for t in d.targets),
    "custodian": lambda d: _all(t.provider_name or t.provider for t in d.targets),
    "necessity": lambda d: bool(d.necessity.strip()),
    "mla_intent": lambda d: d.mla_intent,
    "previous_request": lambda d: bool(d.previous and d.previous.date and d.previous.reference),
    "emergency_facts": lambda d: bool(d.emergency_facts.strip()),
    "urgency_reasons": lambda d: not d.urgent or bool(d.urgency_reasons.strip()),
    "purpose": lambda d: bool(d.purpose.strip()),
    "conduct": lambda d: bool(d.conduct.strip()),
    "persons": lambda d: bool(d.persons.strip()),
    "realtime_parameters": lambda d: bool(d.realtime_start and d.realtime_duration),
    "certification": lambda d: d.certification,
    "confidentiality": lambda d: d.do_not_notify,
}


# The elements the advisor words, which may still ask the user to verify them.
WORDED: dict[str, Callable[[DraftInput], str]] = {
    "addressee": lambda d: d.addressee,
    "legal_basis": lambda d: d.legal_basis,
}
UNSETTLED = _("the plan could not settle it and asks you to verify it: confirm it and type it in")


def _gap(element: str, draft: DraftInput, reader: str) -> str | None:
    """None when the element is there and settled; else the detail of the finding ("" when it
    is simply missing)."""
    if not PRESENT[element](draft):
        return ""
    if element in WORDED and asks_to_verify(WORDED[element](draft)):
        return translate(reader, UNSETTLED)
    return None


def _finding(element: str, spec: dict, severity: str, reader: str, detail: str = "") -> Finding:
    """`reader`: the language of whoever reads the check (English where no translation)."""
    worded = spec.get(reader, spec)
    return Finding(
        element=element,
        severity=severity,
        label=worded["label"],
        why=worded["why"],
        sources=tuple(citation(ref, reader) for ref in spec["sources"]),
        detail=detail,
    )


# The conditions an element's `when` names: without them the element is not asked for.
WHEN: dict[str, Callable[[DraftInput], bool]] = {
    # Content is where the requested state applies dual criminality (the advisor's warning).
    "content_sought": lambda d: any("content" in t.data for t in d.targets),
    # The request follows an earlier one on record (the preservation of the data it asks for).
    "follows_earlier": lambda d: d.previous is not None,
    # Its instrument calls it a commission for legal assistance (the CIS conventions).
    "commission": lambda d: d.commission,
}


def asked(element: str, draft: DraftInput) -> str | None:
    """How this draft's request type asks for the element: MISSING (mandatory), RECOMMENDED,
    or None. The document shows a placeholder only for an element asked for, so every gap it
    shows is a finding of the check."""
    spec = requirements()["elements"][element]
    if "when" in spec and not WHEN[spec["when"]](draft):
        return None
    if draft.type in spec.get("mandatory", []) or (element == "urgency_reasons" and draft.urgent):
        return MISSING
    if draft.type in spec.get("recommended", []):
        raised = "mandatory_when" in spec and WHEN[spec["mandatory_when"]](draft)
        return MISSING if raised else RECOMMENDED
    return None


def check(
    draft: DraftInput, languages: tuple[str, ...] = ("en",), reader: str = "en"
) -> list[Finding]:
    """Findings in the order a reviewer reads them: what blocks, then what is advised, then
    what is weak (`languages`: the document's; `reader`: the language the findings are in)."""
    reader = reader if reader in LANGUAGES else "en"
    findings = []
    for element, spec in requirements()["elements"].items():
        severity = asked(element, draft)
        gap = _gap(element, draft, reader) if severity else None
        if gap is not None:
            findings.append(_finding(element, spec, severity, reader, gap))
    findings += weaknesses(draft, languages, reader)
    order = {MISSING: 0, RECOMMENDED: 1, WEAK: 2}
    return sorted(findings, key=lambda f: order[f.severity])


def _days(period) -> float | None:
    if not (period.from_utc and period.to_utc):
        return None
    start = datetime.fromisoformat(period.from_utc.replace("Z", "+00:00"))
    end = datetime.fromisoformat(period.to_utc.replace("Z", "+00:00"))
    return (end - start).total_seconds() / 86400


# The texts the user writes, by the words the reader knows them by (the placeholders' words).
TEXT_NAMES = {
    "addressee": _("addressee"),
    "legal_basis": _("legal basis"),
    "facts": _("summary of facts"),
    "necessity": _("why preservation is necessary"),
    "emergency_facts": _("facts of the emergency"),
    "purpose": _("purpose of the request"),
    "conduct": _("description of the conduct"),
    "persons": _("persons concerned"),
    "urgency_reasons": _("reasons for urgency"),
    "realtime": _("start and duration of collection"),
    "relevance": _("relevance to the offence"),
    "offence": _("offence"),
    "provision": _("legal provision"),
    "organisation": _("requesting authority"),
    "person": _("person in charge"),
    "position": _("position"),
    "address": _("address"),
}


def free_texts(draft: DraftInput) -> list[tuple[str, int | None, str]]:
    """The text the user wrote, as (name, number of the target or offence, text), which a
    reader in another language cannot read (the advisor's wording of a legal basis reads in
    every output language): each text the document marks as needing translation."""
    texts: list[tuple[str, int | None, str]] = [
        ("legal_basis", None, draft.legal_basis),
        ("facts", None, draft.facts),
        ("necessity", None, draft.necessity),
        ("emergency_facts", None, draft.emergency_facts),
        ("purpose", None, draft.purpose),
        ("conduct", None, draft.conduct),
        ("persons", None, draft.persons),
        ("urgency_reasons", None, draft.urgency_reasons),
        # "the day the order is granted, 30 days": one field of the document, words too
        ("realtime", None, f"{draft.realtime_start} {draft.realtime_duration}".strip()),
    ]
    texts += [("relevance", n, t.relevance) for n, t in enumerate(draft.targets, 1)]
    for number, offence in enumerate(draft.offences, 1):
        texts += [("offence", number, offence.name), ("provision", number, offence.provision)]
    texts += [
        (name, None, getattr(draft.authority, name))
        for name in ("organisation", "person", "position", "address")
    ]
    return [
        (name, n, value)
        for name, n, value in texts
        if value and not isinstance(value, Wording | Named)
    ]


def _untranslated(name: str, number: int | None, lang: str, reader: str) -> str:
    """The detail of a text to translate, in the reader's words: «статья закона (1) → русский»."""
    label = translate(reader, TEXT_NAMES[name]) + (f" ({number})" if number else "")
    return f"{label} → {in_language(languages_named((lang,)), reader)}"


# Details with a number, in the singular and the plural (the catalogue holds every form).
PERIOD_DAYS = ngettext_noop("%(identifier)s: %(days)s day", "%(identifier)s: %(days)s days")
CHARACTERS = ngettext_noop("%(count)s character", "%(count)s characters")


def weaknesses(draft: DraftInput, languages: tuple[str, ...], reader: str = "en") -> list[Finding]:
    specs = requirements()["weaknesses"]

    def weak(name: str, detail: str) -> Finding:
        return _finding(name, specs[name], WEAK, reader, detail)

    settings = requirements()["settings"]
    found = []
    substantive = draft.type != "follow_up"
    for target in draft.targets if substantive else ():
        days = _days(target.period)
        if days is not None and days > settings["broad_period_days"]:
            detail = counted(reader, *PERIOD_DAYS, round(days), (
                ("identifier", target.identifier), ("days", round(days)),
            ))  # fmt: skip
            found.append(weak("period_too_broad", detail))
        if target.shared_address:
            found.append(weak("ip_without_port", target.identifier))
    wants_content = any("content" in t.data for t in draft.targets)
    if substantive and wants_content and len(draft.facts) < settings["content_facts_min_chars"]:
        detail = counted(reader, *CHARACTERS, len(draft.facts), (("count", len(draft.facts)),))
        found.append(weak("content_without_facts", detail))
    if draft.accepted_languages and not set(languages) & set(draft.accepted_languages):
        found.append(_not_accepted(draft, languages, reader))
    for lang in languages:
        for name, number in to_translate(draft, lang):
            found.append(weak("needs_translation", _untranslated(name, number, lang, reader)))
    return found


def to_translate(draft: DraftInput, lang: str) -> list[tuple[str, int | None]]:
    """The texts the document in `lang` marks as needing translation: what the user wrote in
    another script, and the advisor's wording naming an authority on record in English alone."""
    typed = [(n, number) for n, number, v in free_texts(draft) if needs_translation(v, lang)]
    worded = [
        (n, None) for n in ("addressee", "legal_basis") if lacks_form(getattr(draft, n), lang)
    ]
    return typed + worded


def _not_accepted(draft: DraftInput, languages: tuple[str, ...], reader: str) -> Finding:
    """The receiver accepts none of the document's languages: it comes back untranslated."""
    detail = translate(reader, _("%(receiver)s accepts requests in %(accepted)s; this document "
                                 "is in %(languages)s"), (
        ("receiver", in_language(draft.accepted_by, reader)),
        ("accepted", in_language(languages_named(draft.accepted_languages), reader)),
        ("languages", in_language(languages_named(languages), reader)),
    ))  # fmt: skip
    spec = requirements()["weaknesses"]["language_not_accepted"]
    found = _finding("language_not_accepted", spec, WEAK, reader, detail)
    return replace(found, sources=(*found.sources, in_language(draft.accepted_source, reader)))


def blocking(findings: list[Finding]) -> bool:
    return any(f.blocking for f in findings)
