import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.facts import CATEGORIES
from evidesk.cases.models import Stage

DATA_LABELS = {
    "subscriber": _("Subscriber data"),
    "identification": _("Data to identify the user (EU)"),
    "traffic": _("Traffic data (logs, IP addresses)"),
    "content": _("Content (messages, files)"),
}


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, texts in exc.message_dict.items():
        for message in texts:
            form.add_error(field if field in form.fields else None, message)


def zone_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z or z == "UTC"
    ]


def country_choices() -> list[tuple[str, str]]:
    import pycountry

    countries = sorted((c.name, c.alpha_2) for c in pycountry.countries)
    return [("", "—"), *((code, f"{name} ({code})") for name, code in countries)]


class CaseForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    requesting_country = forms.ChoiceField(label=_("Requesting country"), choices=country_choices)
    offence_name = forms.CharField(label=_("Offence"), max_length=200)
    offence_provision = forms.CharField(label=_("Legal provision"), max_length=200, required=False)
    offence_max_penalty_years = forms.DecimalField(
        label=_("Maximum penalty (years)"), min_value=0, max_value=100, required=False
    )
    facts = forms.CharField(
        label=_("Summary of facts"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    damages_amount = forms.DecimalField(
        label=_("Damages"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    damages_currency = forms.CharField(
        label=_("Currency (ISO, e.g. USD)"), max_length=3, required=False
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    emergency_threat = forms.CharField(
        label=_("Threat to life or safety, if any"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, case) -> dict:
        offence = (case.offences or [{}])[0]
        return {
            "reference": case.reference,
            "title": case.title,
            "requesting_country": case.requesting_country,
            "offence_name": offence.get("name", ""),
            "offence_provision": offence.get("provision", ""),
            "offence_max_penalty_years": offence.get("max_penalty_years"),
            "facts": case.facts,
            "damages_amount": case.damages_amount,
            "damages_currency": case.damages_currency,
            "stage": case.stage,
            "emergency_threat": case.emergency_threat,
            "version": case.version,
        }

    def clean_damages_currency(self) -> str:
        import pycountry

        code = self.cleaned_data["damages_currency"].strip().upper()
        if code and pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(_("Unknown currency code."))
        return code

    def clean(self) -> dict:
        data = super().clean()
        if data.get("damages_amount") is not None and not data.get("damages_currency"):
            self.add_error("damages_currency", _("Give the currency of the damages."))
        return data

    def case_fields(self) -> dict:
        d = self.cleaned_data
        offence = {"name": d["offence_name"], "provision": d["offence_provision"]}
        if d.get("offence_max_penalty_years") is not None:
            offence["max_penalty_years"] = float(d["offence_max_penalty_years"])
        return {
            "reference": d["reference"],
            "title": d["title"],
            "requesting_country": d["requesting_country"],
            "offences": [offence],
            "facts": d["facts"],
            "damages_amount": d.get("damages_amount"),
            "damages_currency": d.get("damages_currency", ""),
            "stage": d["stage"],
            "emergency_threat": d.get("emergency_threat", ""),
        }


class TargetForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=512,
        help_text=_(
            "E-mail, phone (+code), URL, IP address with port, domain, crypto address, IMEI"
        ),
    )
    platform = forms.CharField(label=_("Platform of an @handle"), max_length=60, required=False)
    provider = forms.CharField(label=_("Provider, if known"), max_length=100, required=False)
    provider_country = forms.ChoiceField(
        label=_("Country holding the data, if known"), choices=country_choices, required=False
    )
    data = forms.MultipleChoiceField(
        label=_("Data sought"),
        choices=[(c, DATA_LABELS[c]) for c in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    realtime = forms.BooleanField(label=_("Real-time collection"), required=False)
    period_from = forms.CharField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
    )
    period_to = forms.CharField(
        label=_("To"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
    )
    period_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=zone_choices)
    relevance = forms.CharField(
        label=_("Why these data matter"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class BreakGlassForm(forms.Form):
    reference = forms.CharField(label=_("Case reference"), max_length=100)
    reason = forms.CharField(
        label=_("Why you need to open it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the audit trail and shown to the case's team."),
    )
