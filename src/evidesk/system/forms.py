"""What forms of several apps share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateRangeForm(forms.Form):
    """A form with `since` and `until` dates (each subclass labels them): the end may not come
    before the start."""

    def clean(self) -> dict:
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
