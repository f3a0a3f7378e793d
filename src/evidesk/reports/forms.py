from django import forms
from django.utils.translation import gettext_lazy as _

from evidesk.system.forms import DateRangeForm


class PeriodForm(DateRangeForm):
    since = forms.DateField(label=_("Sent from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    until = forms.DateField(label=_("Sent until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    scope = forms.ChoiceField(
        label=_("Requests"),
        choices=[("mine", _("of the cases I may see")), ("office", _("of the whole office"))],
        required=False,
    )
