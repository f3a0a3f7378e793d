from django import forms
from django.utils.translation import gettext_lazy as _

AUTHORITY_FIELDS = {
    "organisation": _("Requesting authority"),
    "person": _("Person in charge"),
    "position": _("Position"),
    "address": _("Address"),
    "phone": _("Telephone"),
    "email": _("E-mail"),
    "out_of_hours": _("Contact out of office hours"),
    "office_hours": _("Office hours and time zone"),
}
TEXTS = {
    "necessity": _("Why preservation is necessary"),
    "purpose": _("Purpose of the request"),
    "persons": _(
        "Persons concerned: full name, date and place of birth, residence, citizenship and "
        "occupation (a company: its name and address), or that they are not identified"
    ),
    "conduct": _("Description of the conduct"),
    "emergency_facts": _("The emergency: the risk to life or safety"),
}


class DraftForm(forms.Form):
    """What the document needs beyond the case and the request; kept on the request."""

    languages = forms.ChoiceField(
        label=_("Language"),
        choices=[("en", _("English")), ("ru", _("Russian")), ("en+ru", _("English and Russian"))],
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("docx", _("Word (editable)")), ("pdf", "PDF"), ("txt", _("Plain text"))],
    )
    mla_intent = forms.BooleanField(
        label=_("State that a request for mutual legal assistance will follow"), required=False
    )
    realtime_start = forms.CharField(label=_("Real-time collection from"), max_length=100,
                                     required=False)  # fmt: skip
    realtime_duration = forms.CharField(label=_("For how long"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in AUTHORITY_FIELDS.items():
            self.fields[f"authority_{name}"] = forms.CharField(
                label=label, max_length=300, required=False
            )
        for name, label in TEXTS.items():
            self.fields[name] = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000,
                required=False,
            )  # fmt: skip

    @staticmethod
    def initial_for(request, user) -> dict:
        details = request.details or {}
        authority = {"person": user.full_name, "email": user.email, **details.get("authority", {})}
        initial = {f"authority_{k}": v for k, v in authority.items()}
        initial.update({k: details.get(k, "") for k in (*TEXTS, "realtime_start",
                                                          "realtime_duration")})  # fmt: skip
        initial["mla_intent"] = details.get("mla_intent", True)
        return initial

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "authority": {k: data.get(f"authority_{k}", "") for k in AUTHORITY_FIELDS},
            **{k: data.get(k, "") for k in (*TEXTS, "realtime_start", "realtime_duration")},
            "mla_intent": bool(data.get("mla_intent")),
        }
