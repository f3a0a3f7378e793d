from django import forms
from django.utils.translation import gettext_lazy as _

from evidesk.cases.forms import MomentForm, MultipleFileField


class ReceiveForm(MomentForm):
    files = MultipleFileField(label=_("Files received"))
    received_from = forms.CharField(label=_("Received from"), max_length=300)
    channel = forms.CharField(
        label=_("Received through"), max_length=100, help_text=_("Portal, e-mail, post, …")
    )
    provider_reference = forms.CharField(label=_("Their reference"), max_length=200,
                                         required=False)  # fmt: skip
    supplied_hash = forms.CharField(
        label=_("Hash given by the sender"),
        max_length=128,
        required=False,
        help_text=_("SHA-256, SHA-1 or MD5: compared automatically with what arrived."),
    )
    field_order = ["files", "received_from", "channel", "at", "zone", "provider_reference",
                   "supplied_hash"]  # fmt: skip
