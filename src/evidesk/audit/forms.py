from django import forms
from django.utils.translation import gettext_lazy as _

from evidesk.system.forms import DateRangeForm


class AuditFilterForm(DateRangeForm):
    actor = forms.CharField(label=_("User name"), max_length=150, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=64,
        required=False,
        help_text=_("For example auth.login_failed, case. or request.transition"),
    )
    case_id = forms.IntegerField(label=_("Case number"), min_value=1, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        """What `events_matching` needs: the criteria given, the empty ones left out."""
        return {key: value for key, value in self.cleaned_data.items() if value}
