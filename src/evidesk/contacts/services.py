"""Writes to the contacts directory, audited like every other change."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from evidesk.audit import services as audit
from evidesk.clock import now
from evidesk.contacts.models import Contact
from evidesk.system.versioning import changed_values, save_version

EDITABLE = (
    "name", "organisation", "role", "jurisdiction", "provider", "languages", "email", "phone",
    "formal_channel", "informal_channel", "notes", "last_confirmed",
)  # fmt: skip
# Details older than this are shown as "confirm again": people move desks.
CONFIRM_AFTER = timedelta(days=365)


def check(fields: dict) -> None:
    """Refuse what would mislead a colleague: an unknown country or provider, a contact that
    cannot be reached, a confirmation date in the future."""
    from evidesk.knowledge.services import unknown_references

    problems = unknown_references(
        jurisdiction=("jurisdiction", fields.get("jurisdiction", "")),
        provider=("provider", fields.get("provider", "")),
    )
    ways = ("email", "phone", "formal_channel", "informal_channel")
    if not any(str(fields.get(way, "")).strip() for way in ways):
        problems["email"] = "Give at least one way to reach this contact."
    confirmed = fields.get("last_confirmed")
    if confirmed and confirmed > now().date():
        problems["last_confirmed"] = "The confirmation date is in the future."
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_contact(actor, **fields) -> Contact:
    check(fields)
    contact = Contact(created_by=actor, **fields)
    contact.full_clean()
    contact.save()
    audit.record("contact.create", actor=actor, obj=contact, after={"name": contact.name})
    return contact


@transaction.atomic
def update_contact(contact: Contact, actor, based_on_version: int, **fields) -> Contact:
    check(fields)
    saved, before = save_version(contact, based_on_version, fields, EDITABLE)
    old, new = changed_values(before, fields)
    audit.record("contact.update", actor=actor, obj=saved, before=old, after=new)
    return saved


@transaction.atomic
def delete_contact(contact: Contact, actor) -> None:
    audit.record(
        "contact.delete",
        actor=actor,
        obj=contact,
        before={"name": contact.name, "organisation": contact.organisation},
    )
    contact.delete()


def is_stale(contact: Contact) -> bool:
    return now().date() - contact.last_confirmed > CONFIRM_AFTER


def contacts_for(jurisdiction: str = "", provider: str = "") -> QuerySet[Contact]:
    """The people to write to or consult about a country or a provider."""
    return Contact.objects.filter(_about({jurisdiction} - {""}, {provider} - {""}))


def contacts_for_each(wanted: list[tuple[str, str]]) -> list[list[Contact]]:
    """`contacts_for` of each (jurisdiction, provider) pair, read in one query."""
    found = list(
        Contact.objects.filter(_about({j for j, _ in wanted} - {""}, {p for _, p in wanted} - {""}))
    )
    return [
        [c for c in found if (j and c.jurisdiction == j) or (p and c.provider == p)]
        for j, p in wanted
    ]


def _about(jurisdictions: set[str], providers: set[str]) -> Q:
    rule = Q(pk__in=[])
    if jurisdictions:
        rule |= Q(jurisdiction__in=jurisdictions)
    if providers:
        rule |= Q(provider__in=providers)
    return rule


def search_contacts(asked) -> QuerySet[Contact]:
    """The directory narrowed by text (`q`), `role` and `country`, for the page and the API."""
    contacts = Contact.objects.all()
    query = asked.get("q", "").strip()[:100]
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query)
            | Q(organisation__icontains=query)
            | Q(email__icontains=query)
            | Q(notes__icontains=query)
        )
    if asked.get("role"):
        contacts = contacts.filter(role=asked["role"][:30])
    if asked.get("country"):
        contacts = contacts.filter(jurisdiction=asked["country"].upper()[:2])
    return contacts
