"""The account page where a user makes, sees and revokes their API tokens. Making one needs a
fresh password check: a token outlives the session it was made in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evidesk.accounts.decorators import recent_authentication_required
from evidesk.api.models import ApiToken
from evidesk.api.tokens import create_token, revoke_token
from evidesk.cases.forms import add_form_errors


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("The system that will use it, e.g. the case management system"),
    )
    scope = forms.ChoiceField(label=gettext_lazy("May"), choices=ApiToken.Scope.choices)


@never_cache
@login_required
@recent_authentication_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = create_token(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": request.user.api_tokens.all()},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404
    revoke_token(token, request.user)
    messages.success(request, _("The token was revoked; it no longer works."))
    return redirect("token-list")
