"""The office's contacts directory: everyone but auditors reads and keeps it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from evidesk.accounts import permissions
from evidesk.accounts.decorators import role_required
from evidesk.cases.forms import add_form_errors, save_edit
from evidesk.clock import now
from evidesk.contacts import services
from evidesk.contacts.forms import ContactForm
from evidesk.contacts.models import Contact, ContactRole

directory_user_required = role_required(lambda user: not permissions.is_auditor(user))


@directory_user_required
def contact_list(request: HttpRequest) -> HttpResponse:
    contacts = services.search_contacts(request.GET)
    query = request.GET.get("q", "").strip()[:100]
    rows = [(contact, services.is_stale(contact)) for contact in contacts]
    return render(
        request,
        "contacts/list.html",
        {"rows": rows, "query": query, "params": request.GET, "roles": ContactRole.choices},
    )


@directory_user_required
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"last_confirmed": now().date()})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_contact(request.user, **form.contact_fields())
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The contact was added."))
            return redirect("contact-list")
    return render(request, "contacts/form.html", {"form": form})


@directory_user_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=contact_id)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_edit(
            form, lambda version: services.update_contact(contact, request.user, version,
                                                          **form.contact_fields())
        )  # fmt: skip
        if saved:
            messages.success(request, _("The contact was saved."))
            return redirect("contact-list")
    return render(
        request, "contacts/form.html", {"form": form, "contact": contact, "conflict": conflict}
    )


@directory_user_required
def contact_delete(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Asks first; deletes only on the confirming POST."""
    contact = get_object_or_404(Contact, pk=contact_id)
    if request.method == "POST":
        services.delete_contact(contact, request.user)
        messages.success(request, _("The contact was deleted."))
        return redirect("contact-list")
    return render(request, "contacts/delete.html", {"contact": contact})
