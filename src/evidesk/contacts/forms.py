from django import forms
from django.utils.translation import gettext_lazy as _

from evidesk.cases.forms import country_choices, language_codes
from evidesk.contacts.models import ContactRole
from evidesk.contacts.services import EDITABLE


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ContactRole.choices)
    jurisdiction = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=100,
        required=False,
        help_text=_("For a provider's contact: its name in the knowledge base, e.g. google."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. en, ru"),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    formal_channel = forms.CharField(
        label=_("Formal channel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("How official requests reach this person (address, system, via whom)."),
    )
    informal_channel = forms.CharField(
        label=_("Informal channel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("For a quick word before the formal request (messenger, direct line)."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    last_confirmed = forms.DateField(
        label=_("Details last confirmed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_languages(self) -> list[str]:
        return language_codes(self.cleaned_data["languages"])

    def clean_provider(self) -> str:
        return self.cleaned_data["provider"].strip().lower()

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE}

    @classmethod
    def initial_for(cls, contact) -> dict:
        values = {name: getattr(contact, name) for name in EDITABLE}
        return {**values, "languages": ", ".join(contact.languages), "version": contact.version}
