"""Writes of the drafting: the details a document needs, and the documents generated."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils.translation import get_language

from evidesk.audit import services as audit
from evidesk.cases.models import Request
from evidesk.clock import now
from evidesk.drafting.checks import check
from evidesk.drafting.compose import compose
from evidesk.drafting.models import GeneratedDocument
from evidesk.drafting.output import FORMATS, MEDIA_TYPES, render
from evidesk.drafting.stored import draft_input_for, ensure_ours
from evidesk.system import files


@transaction.atomic
def save_details(request: Request, actor, details: dict) -> Request:
    """Keep what the user typed into the drafting form, so the next draft starts from it."""
    ensure_ours(request)
    locked = Request.objects.select_for_update().get(pk=request.pk)
    before = locked.details or {}
    changed = {k: v for k, v in details.items() if before.get(k) != v}
    if not changed:
        return locked
    locked.details = {**before, **details}
    locked.save(update_fields=["details", "updated_at"])
    audit.record(
        "request.drafting_details",
        actor=actor,
        obj=locked,
        case_id=locked.case_id,
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return locked


@transaction.atomic
def generate(request: Request, actor, languages: tuple[str, ...], fmt: str) -> GeneratedDocument:
    """Draft, render and keep the document; its findings are kept beside it."""
    draft = draft_input_for(request)
    findings = check(draft, languages, get_language())  # kept as the author read them
    content = render(compose(draft, tuple(findings)), languages, fmt)
    stored = files.store_hashed([content])
    digest, size = stored.sha256, stored.size
    stamp = now()
    name = f"{request.case.reference}-{draft.type}-{'+'.join(languages)}-{stamp:%Y%m%d-%H%M}"
    document = GeneratedDocument.objects.create(
        request=request,
        kind=draft.type,
        languages="+".join(languages),
        format=fmt,
        name=files.safe_filename(name + FORMATS[fmt]),
        size=size,
        sha256=digest,
        findings=[asdict(f) for f in findings],
        created_by=actor,
        created_at=stamp,
    )
    audit.record(
        "document.generate",
        actor=actor,
        obj=document,
        case_id=request.case_id,
        data={
            "name": document.name,
            "sha256": digest,
            "missing": [f.element for f in findings if f.blocking],
        },
    )
    return document


def document_download(document: GeneratedDocument, actor):
    """The document as a download, its fetching written in the audit trail."""
    response = files.download(document.sha256, document.name, MEDIA_TYPES[document.format])
    audit.record(
        "document.download",
        actor=actor,
        obj=document,
        case_id=document.request.case_id,
        data={"name": document.name, "sha256": document.sha256},
    )
    return response
