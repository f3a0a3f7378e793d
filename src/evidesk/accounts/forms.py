from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from evidesk.accounts.models import Role, Unit, User


class AdministratorForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            candidate = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def account_fields(self) -> dict:
        return {
            key: self.cleaned_data[key] for key in ("username", "password", "email", "full_name")
        }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("Six digits from the authenticator app, or one of your recovery codes."),
    )


class ReauthenticationForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text=_("Six digits from the authenticator app, or a recovery code."),
    )


class UserForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PROSECUTOR)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; give it to the user in person."),
    )


class UserEditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("New unit"), max_length=200)
