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
        max_length=200_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "SHA-256, SHA-1 or MD5: compared automatically with what arrived. For several files, "
            "or the files inside an archive, paste the sender's list: each hash beside its "
            "file's name, one per line."
        ),
    )
    field_order = ["files", "received_from", "channel", "at", "zone", "provider_reference",
                   "supplied_hash"]  # fmt: skip
