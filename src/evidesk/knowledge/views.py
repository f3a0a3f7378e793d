"""Pages to browse the knowledge base and, for administrators, to correct it."""

from __future__ import annotations

import json

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from evidesk.accounts.permissions import is_administrator
from evidesk.clock import now
from evidesk.knowledge import presentation, schema
from evidesk.knowledge.forms import CorrectionForm
from evidesk.knowledge.labels import CONFIDENCE_LABELS, changed_label, fact_label, place_label
from evidesk.knowledge.models import KnowledgeRecord
from evidesk.knowledge.services import Correction, KnowledgeError, correct_fact, current_snapshot
from evidesk.system.language import translated

KINDS = {"jurisdictions": "jurisdiction", "instruments": "instrument", "providers": "provider"}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    snapshot = current_snapshot()
    language = request.LANGUAGE_CODE
    sections = []
    for folder, kind in KINDS.items():
        rows = [
            {"entry": e, "label": e.label_in(language), "facts": len(e.data.get("facts", {}))}
            for e in snapshot.entries(kind)
            if presentation.entry_matches(e, query)
        ]
        sections.append({"folder": folder, "kind": kind, "rows": rows})
    return render(request, "knowledge/index.html", {"sections": sections, "query": query})


@login_required
def detail(request: HttpRequest, folder: str, key: str) -> HttpResponse:
    record = _record(folder, key)
    snapshot = current_snapshot()
    entry = snapshot.entry(record.kind, record.key)
    today = now().date()
    facts = [
        {
            "fact": f,
            "text": presentation.fact_text(entry.kind, f.name, f.value),
            "age": f.age_days(today),
            "stale": f.is_stale(today),
            "label": fact_label(f.name),
            "confidence": CONFIDENCE_LABELS.get(f.confidence, f.confidence),
            "source_url": f.source.get("url"),
            "source_label": f.source.get("doc") or f.source.get("title") or f.source.get("url"),
        }
        for f in entry.facts()
    ]
    # A party is linked only to a country the knowledge base has an entry for (not the EU).
    parties = [
        {**p, "known": snapshot.jurisdiction(p["state"]) is not None,
         "confidence": CONFIDENCE_LABELS.get(p["confidence"], p["confidence"])}
        for p in entry.data.get("parties", [])
    ]  # fmt: skip
    return render(
        request,
        "knowledge/detail.html",
        {
            "entry": entry,
            "record": record,
            "folder": folder,
            "label": entry.label_in(request.LANGUAGE_CODE),
            "facts": facts,
            "unknown": [(n, fact_label(n)) for n in presentation.unknown_facts(entry)],
            "parties": parties,
            "history": [
                (change, changed_label(change.field))
                for change in record.changes.select_related("by")[:50]
            ],
            "can_correct": is_administrator(request.user),
        },
    )


@login_required
def correct(request: HttpRequest, folder: str, key: str, fact: str) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied
    record = _record(folder, key)
    if fact not in schema.FACTS_BY_KIND[record.kind]:
        raise Http404
    current = record.data.get("facts", {}).get(fact)
    entry = current_snapshot().entry(record.kind, record.key)
    current_fact = entry.fact(fact) if entry else None
    initial = {"confidence": "verified"}
    if current:
        initial["value"] = yaml.safe_dump(current["value"], allow_unicode=True, sort_keys=False)
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        correction = Correction(
            fact=fact,
            value=data["parsed_value"],
            source_url=data.get("source_url", ""),
            source_doc=data.get("source_doc", ""),
            locator=data.get("locator", ""),
            confidence=data["confidence"],
            note=data.get("note", ""),
            reason=data["reason"],
        )
        try:
            correct_fact(record, correction, request.user)
        except KnowledgeError as exc:
            for problem in exc.problems:
                # The place in words for the reader, its path kept for whoever edits the files.
                form.add_error(None, f"{place_label(problem.field)}: "
                               f"{translated(problem.message)} ({problem.field})")  # fmt: skip
        else:
            messages.success(request, _("The correction is saved and used from now on."))
            return redirect("knowledge-detail", folder=folder, key=key)
    return render(
        request,
        "knowledge/correct.html",
        {
            "form": form,
            "record": record,
            "folder": folder,
            "fact": fact,
            "fact_label": fact_label(fact),
            "label": entry.label_in(request.LANGUAGE_CODE) if entry else record.key,
            "current": current_fact,
            "current_text": current_fact
            and presentation.fact_text(record.kind, fact, current_fact.value),
            "expected": _expected_shape(record.kind, fact),
        },
    )


def _record(folder: str, key: str) -> KnowledgeRecord:
    kind = KINDS.get(folder)
    if kind is None:
        raise Http404
    return get_object_or_404(KnowledgeRecord, kind=kind, key=key)


def _expected_shape(kind: str, fact: str) -> str:
    """The JSON schema of a fact's value, so an administrator sees what to type."""
    from pydantic import TypeAdapter

    shape = TypeAdapter(schema.FACTS_BY_KIND[kind][fact]).json_schema()
    return json.dumps(shape, indent=1, ensure_ascii=False)[:3000]
