import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_VALUE_CHARS = 20_000


class CorrectionForm(forms.Form):
    """An administrator's correction of one fact. The value is YAML, as in the data files."""

    unknown = forms.BooleanField(
        label=_("Nobody can source this fact: mark it unknown"), required=False
    )
    value = forms.CharField(
        label=_("Value (as in the data files, YAML)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        required=False,
        max_length=MAX_VALUE_CHARS,
    )
    source_url = forms.URLField(
        label=_("Source address (URL)"), required=False, max_length=1000, assume_scheme="https"
    )
    source_doc = forms.CharField(
        label=_("Or the source document (title, article, page)"), required=False, max_length=1000
    )
    locator = forms.CharField(label=_("Where in the source"), required=False, max_length=300)
    confidence = forms.ChoiceField(
        label=_("How sure"),
        choices=[
            ("verified", _("Verified: read in the source itself")),
            ("secondary", _("Secondary: read in a summary, news item or copy")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Why it changes"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("unknown"):
            data["parsed_value"] = None
            return data
        text = data.get("value", "").strip()
        if not text:
            self.add_error("value", _("Give the value, or mark the fact unknown."))
            return data
        try:
            data["parsed_value"] = yaml.safe_load(text)
        except yaml.YAMLError:
            self.add_error("value", _("This is not readable YAML. Look at the example below."))
            return data
        if not (data.get("source_url") or data.get("source_doc", "").strip()):
            self.add_error("source_url", _("A corrected fact needs its source."))
        return data
