"""Log in with a password and a second factor, enrol the second factor, confirm the password
before sensitive actions, and (administrators) manage accounts and units."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from evidesk.accounts import services, sessions, twofactor
from evidesk.accounts.decorators import administrator_required, recent_authentication_required
from evidesk.accounts.forms import (
    CodeForm,
    ReauthenticationForm,
    UnitForm,
    UserEditForm,
    UserForm,
)
from evidesk.accounts.lockout import locked_until
from evidesk.accounts.models import Unit, User
from evidesk.cases.forms import add_form_errors


def _next_url(request: HttpRequest, default: str = "/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


def _lockout_message(until) -> str:
    return _("Too many failed attempts. Try again after %(time)s UTC, or ask an administrator.") % {
        "time": formats.time_format(until, "H:i")
    }


def _addr(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


# The language a visitor chose on the login page, kept for their account once they log in.
CHOSEN_BEFORE_LOGIN = "language_chosen_before_login"


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and sessions.second_factor_done(request.session):
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST or None)
    error = ""
    if request.method == "POST":
        until = locked_until(request.POST.get("username", ""), _addr(request))
        if until:
            error = _lockout_message(until)
        elif form.is_valid():
            user = form.get_user()
            if user.has_two_factor:
                sessions.start_pending_login(request.session, user)
                query = urlencode({"next": _next_url(request)})
                return redirect(f"{reverse('login-code')}?{query}")
            # Not enrolled yet: the guard keeps the user on the enrolment page.
            sessions.complete_login(request, user, second_factor=False)
            return _in_their_language(request, redirect(_next_url(request)), user)
        else:
            error = _("Your user name and password did not match. Please try again.")
    return render(
        request,
        "registration/login.html",
        {"form": form, "error": error, "next": _next_url(request, "")},
    )


@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: the code from the authenticator app."""
    user_id = sessions.pending_login_user_id(request.session)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        messages.info(request, _("Please log in again."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _code_accepted(request, user, form):
        sessions.complete_login(request, user, second_factor=True)
        _warn_if_few_recovery_codes(request, user)
        return _in_their_language(request, redirect(_next_url(request)), user)
    return render(request, "accounts/login_code.html", {"form": form, "next": _next_url(request)})


def _in_their_language(request: HttpRequest, response: HttpResponse, user: User) -> HttpResponse:
    """The product in the language the person chose last, on whichever computer they log in:
    one chosen on the login page just now (kept in the session until the person is known), or
    else the one their account remembers."""
    chosen = request.session.pop(CHOSEN_BEFORE_LOGIN, "")
    if chosen:
        services.remember_language(user, chosen)  # the browser already has its cookie
    elif user.language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered for the person's e-mails, calendar and next login."""
    response = i18n.set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated:
        services.remember_language(request.user, chosen)
    elif chosen in dict(settings.LANGUAGES):
        request.session[CHOSEN_BEFORE_LOGIN] = chosen
    return response


def _code_accepted(request: HttpRequest, user: User, form: CodeForm) -> bool:
    """The second factor typed into `form`, checked under the lock-out; errors go on the form."""
    if not form.is_valid():
        return False
    until = locked_until(user.username, _addr(request))
    if until:
        form.add_error(None, _lockout_message(until))
        return False
    if not services.check_second_factor(user, form.cleaned_data["code"], _addr(request)):
        form.add_error("code", _("That code is not right, or was already used."))
        return False
    return True


def _warn_if_few_recovery_codes(request: HttpRequest, user: User) -> None:
    left = services.unused_recovery_codes(user)
    if left <= 3:
        messages.warning(
            request,
            _("Only %(count)d recovery codes are left: make new ones on the two-factor page.")
            % {"count": left},
        )


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol the authenticator app, or (already enrolled) confirm it for this session, or see
    the state of one's recovery codes."""
    user = request.user
    if user.has_two_factor and not sessions.second_factor_done(request.session):
        return _confirm_second_factor(request, user)
    if user.has_two_factor:
        return render(
            request,
            "accounts/two_factor.html",
            {"enrolled": True, "codes_left": services.unused_recovery_codes(user)},
        )
    secret = request.session.get(sessions.ENROLMENT_SECRET) or twofactor.new_secret()
    request.session[sessions.ENROLMENT_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_two_factor(user, secret, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            request.session.pop(sessions.ENROLMENT_SECRET, None)
            sessions.mark_authenticated(request.session, second_factor=True)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    uri = twofactor.provisioning_uri(secret, user.get_username())
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "secret": secret, "qr": twofactor.qr_svg(uri), "enrolled": False},
    )


def _confirm_second_factor(request: HttpRequest, user: User) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _code_accepted(request, user, form):
        sessions.mark_authenticated(request.session, second_factor=True)
        return redirect("home")
    return render(request, "accounts/login_code.html", {"form": form, "next": "/"})


@login_required
@recent_authentication_required
@never_cache
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if request.method != "POST" or not request.user.has_two_factor:
        return redirect("two-factor")
    codes = services.regenerate_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_required
@sensitive_post_parameters("password", "code")
@never_cache
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReauthenticationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = locked_until(user.username, _addr(request))
        code = form.cleaned_data["code"]
        if until:
            form.add_error(None, _lockout_message(until))
        elif not user.check_password(form.cleaned_data["password"]):
            services.record_failed_password(user, _addr(request))
            form.add_error("password", _("That is not your password."))
        elif user.has_two_factor and not services.check_second_factor(user, code, _addr(request)):
            form.add_error("code", _("That code is not right, or was already used."))
        else:
            sessions.mark_authenticated(request.session, second_factor=user.has_two_factor)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "next": _next_url(request), "needs_code": user.has_two_factor},
    )


@administrator_required
def user_list(request: HttpRequest) -> HttpResponse:
    unit_form = UnitForm(request.POST or None)
    if request.method == "POST" and unit_form.is_valid():
        try:
            services.create_unit(request.user, unit_form.cleaned_data["name"])
        except ValidationError as exc:
            unit_form.add_error("name", exc.message_dict["name"][0])
        else:
            messages.success(request, _("The unit was created."))
            return redirect("user-list")
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": User.objects.select_related("unit").order_by("username"),
            "units": Unit.objects.all(),
            "unit_form": unit_form,
        },
    )


@administrator_required
@recent_authentication_required
@sensitive_post_parameters("password")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_user(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The account was created."))
            return redirect("user-list")
    return render(request, "accounts/user_form.html", {"form": form})


@administrator_required
@recent_authentication_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id)
    form = UserEditForm(
        request.POST or None,
        initial={"role": account.role, "unit": account.unit, "is_active": account.is_active},
    )
    if request.method == "POST" and request.POST.get("action") == "reset_two_factor":
        services.reset_two_factor(request.user, account)
        messages.success(request, _("Two-factor authentication was reset for this account."))
        return redirect("user-edit", user_id=account.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, account, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("user-list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})
