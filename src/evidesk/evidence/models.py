from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.vocabulary import CHANNEL_NAMES
from evidesk.system.language import name_of, yes_or_no


class SenderHashList(models.Model):
    """The sender's list of hashes for one production, as they gave it, kept once: each file
    received with it, and each file taken out of an archive among them, points to it. Kept on
    every item, a list of thousands of files was stored thousands of times over."""

    text = models.TextField(_("hashes listed by the sender"))

    def __str__(self) -> str:
        return self.text.partition("\n")[0]


class EvidenceItem(models.Model):
    """A file received in answer to a request (or taken out of a received archive), kept
    read-only under its SHA-256, with the hashes computed as it arrived."""

    request = models.ForeignKey("cases.Request", on_delete=models.PROTECT, related_name="evidence")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    member_path = models.CharField(_("path inside the archive"), max_length=1000, blank=True)
    exhibit = models.CharField(_("exhibit number"), max_length=100, unique=True)
    original_name = models.CharField(_("file name as received"), max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    sha1 = models.CharField(max_length=40, blank=True)
    md5 = models.CharField(max_length=32, blank=True)
    received_from = models.CharField(_("received from"), max_length=300, blank=True)
    channel = models.CharField(_("received through"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received on"))
    provider_reference = models.CharField(_("their reference"), max_length=200, blank=True)
    # A hash the sender supplied, compared automatically: None when none was supplied.
    supplied_hash = models.CharField(_("hash supplied by the sender"), max_length=128, blank=True)
    supplied_hash_matches = models.BooleanField(null=True)
    # The production's list, which the members of an archive are compared with when taken out.
    sender_list = models.ForeignKey(
        SenderHashList, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["exhibit"]

    def __str__(self) -> str:
        return f"{self.exhibit} {self.original_name}"

    def senders_hash_verdict(self) -> str:
        """What the comparison with the sender's hash proves, in the reader's language."""
        if self.supplied_hash_matches is None and self.sender_list_id:
            return str(NOT_ON_THE_SENDERS_LIST)
        return str(SENDERS_HASH_VERDICTS[self.supplied_hash_matches])


SENDERS_HASH_VERDICTS = {
    True: _("matches: this is the file the sender hashed"),
    False: _(
        "DOES NOT MATCH: this is not the file the sender hashed (it changed on the way, or "
        "another file was sent); ask the sender before relying on it"
    ),
    None: _("none given"),
}
NOT_SENT = _(
    "The sender's list of hashes names files that are neither among the files received with it "
    "nor taken out of an archive among them: if an archive received with it holds them, take "
    "them out; otherwise ask the sender for them."
)
NOT_ON_THE_SENDERS_LIST = _(
    "none: the sender's list of hashes gives no hash for this file's name (or names several "
    "files of that name in different folders), so nothing was compared"
)


# What each detail of a custody event is called on the pages; the details keep their keys as
# stored, so that every event recorded so far reads the same way.
DETAIL_LABELS = {
    "sent_as": _("Name or path as sent"),
    "received_from": _("Received from"),
    "channel": _("Received through"),
    "reference": _("Their reference"),
    "supplied_hash": _("Hash given by the sender"),
    "supplied_hash_matches": _("The hash supplied matches"),
    "parent": _("Taken out of"),
    "member": _("Path inside the archive"),
    "sha256": "SHA-256",
    "sha1": "SHA-1",
    "md5": "MD5",
    "size": _("Size"),
    "result": _("Result"),
    "package": _("Package"),
    "package_sha256": _("SHA-256 of the package"),
    "sha256_found": _("SHA-256 of the file as found"),
    "run": _("Background check"),
}
VERIFICATION_RESULTS = {
    "ok": _("the hashes match"),
    "mismatch": _("the hashes differ: the file has changed since it was received"),
    "missing": _("the stored file is missing"),
}


def _detail_text(key: str, value: object) -> str:
    if isinstance(value, bool):
        return yes_or_no(value)
    if key == "channel":
        return name_of(CHANNEL_NAMES, value)  # typed in by hand: as typed unless a vocabulary code
    if key == "size":
        return filesizeformat(value)
    if key == "result":
        return str(VERIFICATION_RESULTS.get(value, value))
    return str(value)


class CustodyEvent(models.Model):
    """One link of the chain of custody: who did what with the item, when."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        STORED = "stored", _("Stored")
        VIEWED = "viewed", _("Viewed")
        COPIED = "copied", _("Copied (downloaded)")
        EXPORTED = "exported", _("Exported")
        EXTRACTED = "extracted", _("Extracted from an archive")
        VERIFIED = "verified", _("Hashes verified")
        VERIFICATION_FAILED = "verification_failed", _("Verification failed")

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=30, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item.exhibit} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def details_in_words(self) -> list[tuple[str, str]]:
        """Each detail given, labelled and worded in the reader's language."""
        return [
            (str(DETAIL_LABELS.get(key, key)), _detail_text(key, value))
            for key, value in self.details.items()
            if value not in ("", None)
        ]
