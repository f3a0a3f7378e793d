from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Sent from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    until = forms.DateField(label=_("Sent until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    scope = forms.ChoiceField(
        label=_("Requests"),
        choices=[("mine", _("of the cases I may see")), ("office", _("of the whole office"))],
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
