"""Which instruments bind two states on a date. Pure, over the knowledge-base snapshot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from evidesk.knowledge.snapshot import Entry, KnowledgeSnapshot
from evidesk.wording import Named, series

CONSENTS = {"ratification", "accession", "acceptance", "approval", "succession"}


@dataclass(frozen=True)
class Binding:
    """A state bound by an instrument, from `since`; `exact` is False when only the day we
    verified its party status is known, not its entry into force."""

    state: str
    since: date
    exact: bool
    citation: str


def binding(instrument: Entry, state: str, as_of: date) -> Binding | None:
    """How `state` is bound by the instrument on `as_of`, or None if not (or not known to be)."""
    # A ratification binds nobody before the instrument itself enters into force.
    if instrument.value("awaiting_entry_into_force"):
        return None
    party = instrument.parties_by_state.get(state)
    if party is not None:
        if party.get("withdrawn") and date.fromisoformat(party["withdrawn"]) <= as_of:
            return None
        citation = instrument.party_citation(state)
        if party.get("in_force"):
            since = date.fromisoformat(party["in_force"])
            exact = True
        elif party.get("consent_type") in CONSENTS:
            # A party with no published date of entry into force was already bound when the
            # source was read: count it from then, never earlier.
            since = date.fromisoformat(party.get("source_as_of") or party["verified_on"])
            exact = False
        else:
            return None
        applies = instrument.value("applies_from")
        if applies:
            since = max(since, date.fromisoformat(str(applies)))
        return Binding(state, since, exact, citation) if since <= as_of else None
    return None


@dataclass(frozen=True)
class CommonInstrument:
    entry: Entry
    bindings: tuple[Binding, Binding]

    @property
    def exact(self) -> bool:
        return all(b.exact for b in self.bindings)


def common_instruments(
    snapshot: KnowledgeSnapshot, a: str, b: str, as_of: date, preference: list[str]
) -> list[CommonInstrument]:
    """Instruments binding both states on the date, most specific kind first."""
    found = []
    for entry in snapshot.entries("instrument"):
        first, second = binding(entry, a, as_of), binding(entry, b, as_of)
        if first and second:
            found.append(CommonInstrument(entry, (first, second)))
    # An instrument the two states no longer apply between themselves, because both are bound by
    # its successor, is no basis: the successor is.
    keys = {c.entry.key for c in found}
    found = [c for c in found if not keys & set(c.entry.value("ceases_between_parties_of") or [])]
    rank = {kind: i for i, kind in enumerate(preference)}
    return sorted(found, key=lambda c: (rank.get(c.entry.data["kind"], len(rank)), c.entry.key))


def unconfirmed(snapshot: KnowledgeSnapshot, a: str, b: str, as_of: date) -> list[Entry]:
    """Bilateral treaties between the two states with, for one of them at least, neither a
    consent to be bound nor a date of entry into force recorded: no basis to cite, yet one to
    ask about. (A multilateral one listing a state without dates says less: it is left out.)"""
    found = []
    for entry in snapshot.entries("instrument"):
        if entry.data["kind"] != "bilateral":
            continue
        parties = {s: entry.parties_by_state.get(s) for s in (a, b)}
        if not all(parties.values()) or any(
            p.get("withdrawn") and date.fromisoformat(p["withdrawn"]) <= as_of
            for p in parties.values()
        ):
            continue
        if any(
            binding(entry, s, as_of) is None and not p.get("in_force") and not p.get("consent_type")
            for s, p in parties.items()
        ):
            found.append(entry)
    return found


def provision(entry: Entry, name: str) -> str:
    """The articles of `entry` on `name` as the knowledge base cites them ("arts. 25, 27")."""
    return article_reference((entry.value("provisions") or {}).get(name, ""))


def provisions(entry: Entry, names: tuple[str, ...] | list[str]) -> str:
    """The articles of `entry` on each of `names`, cited once: "arts. 25, 27, 31" for "arts. 25,
    27" and "art. 31"; citations with other words are listed as the knowledge base has them."""
    cited = [
        c for c in dict.fromkeys((entry.value("provisions") or {}).get(n, "") for n in names) if c
    ]
    if len(cited) < 2 or not all(_only_articles(c) for c in cited):
        return series([article_reference(c) for c in cited]) if cited else ""
    numbers = [re.sub(r"^arts?\.\s*", "", c) for c in cited]
    return article_reference("arts. " + ", ".join(numbers))


def _only_articles(citation: str) -> bool:
    return citation.startswith("art") and _only_numbers(citation)


def _only_numbers(citation: str) -> bool:
    """Made only of article (and part) numbers, with nothing to translate but those words."""
    return "".join(_CITATION_PART.findall(citation)) == citation


# A citation made only of article numbers, in the knowledge base's English notation; a treaty
# in parts numbers its articles within each ("Part 1, art. 1").
_CITATION_PART = re.compile(r"arts?\.|and|Part|\d+[a-z]?(?:\([0-9a-z]+\))*|[,\u2013-]| ")
# Russian legal writing cites "ст. 25, 27" for articles 25 and 27.
_IN_RUSSIAN = {"art.": "ст.", "arts.": "ст.", "and": "и", "Part": "часть"}


def article_reference(citation: str) -> str:
    """A citation of article numbers ("art. 29", "arts. 25, 27", "art. 18(15)") reads in
    each language's notation; one with other words (a title, a note) as the knowledge base
    has it."""
    if not citation.startswith(("art", "Part")) or not _only_numbers(citation):
        return citation
    parts = _CITATION_PART.findall(citation)
    return Named(citation, {"ru": "".join(_IN_RUSSIAN.get(part, part) for part in parts)})
