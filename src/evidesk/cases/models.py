from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from evidesk.cases import lifecycle
from evidesk.system.language import country_name, display_of
from evidesk.wording import from_data


class Stage(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL = "trial", _("Trial")


class Case(models.Model):
    reference = models.CharField(
        _("reference"),
        max_length=100,
        unique=True,
        # Django's own message names the model and the field in English grammar ("Case with
        # this reference…"), which reads wrong in Russian.
        error_messages={"unique": _("Another case already has this reference.")},
    )
    title = models.CharField(_("title"), max_length=300)
    requesting_country = models.CharField(_("requesting country"), max_length=2)
    offences = models.JSONField(_("offences"), default=list, blank=True)
    facts = models.TextField(_("summary of facts"), blank=True)
    damages_amount = models.DecimalField(
        _("damages"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    damages_currency = models.CharField(_("currency"), max_length=3, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    emergency_threat = models.TextField(_("threat to life or safety"), blank=True)
    # The owner's unit when the case was opened: its supervisors see and approve the case.
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Optimistic locking: every save increments it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseMembership", related_name="cases"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    get_stage_display = display_of("stage", Stage.choices)

    class Meta:
        ordering = ["-updated_at"]
        # Lists show the cases worked on last: a page of them is read from here, not sorted.
        indexes = [models.Index(fields=["-updated_at", "id"], name="case_latest_first")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"


class CaseMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    case = models.ForeignKey(Case, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.case.reference} ({self.role})"


class BreakGlassAccess(models.Model):
    """An administrator's time-limited, reasoned access to a case they are not on; shown to the
    case's members."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.user} on {self.case.reference} until {self.expires_at:%Y-%m-%d %H:%M}"


class Target(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="targets")
    identifier = models.CharField(_("identifier as given"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30)
    normalized = models.CharField(_("normalised identifier"), max_length=500)
    provider = models.CharField(_("provider"), max_length=100, blank=True)
    provider_country = models.CharField(_("provider's country"), max_length=2, blank=True)
    data_categories = models.JSONField(_("data sought"), default=list)
    realtime = models.BooleanField(_("real-time collection"), default=False)
    period_start = models.DateTimeField(_("from (UTC)"), null=True, blank=True)
    period_end = models.DateTimeField(_("to (UTC)"), null=True, blank=True)
    period_zone = models.CharField(_("original time zone"), max_length=64, blank=True)
    relevance = models.TextField(_("relevance"), blank=True)

    def __str__(self) -> str:
        return self.normalized


class RequestType(models.TextChoices):
    PRESERVATION = "preservation", _("Preservation")
    EXTENSION = "extension", _("Extension of preservation")
    DISCLOSURE = "disclosure", _("Direct disclosure")
    EMERGENCY = "emergency", _("Emergency disclosure")
    MLA_STORED = "mla_stored", _("MLA request for stored data")
    MLA_REALTIME = "mla_realtime", _("MLA request for real-time collection")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Status(models.TextChoices):
    DRAFT = lifecycle.DRAFT, _("Draft")
    INTERNAL_REVIEW = lifecycle.INTERNAL_REVIEW, _("Internal review")
    SENT = lifecycle.SENT, _("Sent")
    RECEIPT_CONFIRMED = lifecycle.RECEIPT_CONFIRMED, _("Receipt confirmed")
    CLARIFICATION_ASKED = lifecycle.CLARIFICATION_ASKED, _("Clarification asked")
    CLARIFICATION_ANSWERED = lifecycle.CLARIFICATION_ANSWERED, _("Clarification answered")
    EXECUTED = lifecycle.EXECUTED, _("Executed")
    PARTIALLY_EXECUTED = lifecycle.PARTIALLY_EXECUTED, _("Partially executed")
    NO_DATA = lifecycle.NO_DATA, _("No data")
    REFUSED = lifecycle.REFUSED, _("Refused")
    EXPIRED = lifecycle.EXPIRED, _("Expired")
    WITHDRAWN = lifecycle.WITHDRAWN, _("Withdrawn")
    CLOSED = lifecycle.CLOSED, _("Closed")


STATUS_LABELS = dict(Status.choices)

# An incoming request's statuses as our office lives them (the codes' meaning for it is in
# cases/lifecycle.py): the outcome is the answer we sent, after the domestic authority
# executed the request.
INCOMING_STATUS_LABELS = {
    **STATUS_LABELS,
    lifecycle.DRAFT: _("Being registered"),
    lifecycle.SENT: pgettext_lazy("incoming request", "Received"),
    lifecycle.RECEIPT_CONFIRMED: _("Receipt acknowledged to the requesting state"),
    lifecycle.CLARIFICATION_ASKED: _("Additional information asked of the requesting state"),
    lifecycle.CLARIFICATION_ANSWERED: _("Additional information received"),
    lifecycle.EXECUTED: _("Executed, answer sent"),
    lifecycle.PARTIALLY_EXECUTED: _("Partially executed, answer sent"),
    lifecycle.NO_DATA: _("No data held, answer sent"),
    lifecycle.REFUSED: _("Refused, answer sent"),
    lifecycle.WITHDRAWN: _("Withdrawn by the requesting state"),
}


def status_labels(direction: str) -> dict:
    """The statuses' labels for a request of this direction."""
    return INCOMING_STATUS_LABELS if direction == lifecycle.INCOMING else STATUS_LABELS


REFUSAL_REASON_LABELS = {
    "insufficient_facts": _("Facts insufficient to show the link to the offence"),
    "no_legal_basis": _("No legal basis"),
    "wrong_addressee": _("Sent to the wrong authority or entity"),
    "data_not_specified": _("Data not specified precisely"),
    "missing_time_zone": _("Time given without its zone"),
    "below_threshold": _("Below the threshold (de minimis)"),
    "no_dual_criminality": _("No dual criminality"),
    "political_or_speech_offence": _("Political offence or protected speech"),
    "data_no_longer_held": _("Data no longer held"),
    "translation": _("Translation missing or inadequate"),
    "other": _("Other"),
}


class KeepsWording:
    """A record with texts written from worded messages (`evidesk.wording`), kept in
    `details["worded"]`: a request's legal basis and addressee from its plan step, a deadline's
    reason from its rule."""

    def worded(self, name: str) -> str:
        """The text as it was worded, a message that reads in every language, while the record
        still says it; as recorded once someone changed it."""
        recorded = getattr(self, name)
        kept = from_data((self.details or {}).get("worded", {}).get(name, ""))
        return kept if kept and kept == recorded else recorded


class Request(KeepsWording, models.Model):
    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("Outgoing")
        INCOMING = "incoming", _("Incoming")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    direction = models.CharField(max_length=10, choices=Direction.choices, default="outgoing")
    type = models.CharField(_("type"), max_length=20, choices=RequestType.choices)
    channel = models.CharField(_("channel"), max_length=40)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    # The knowledge base's instrument the request rests on: its time limits become deadlines.
    instrument = models.CharField(_("instrument"), max_length=60, blank=True)
    requesting_country = models.CharField(max_length=2)
    requested_country = models.CharField(max_length=2, blank=True)
    addressee = models.CharField(_("addressee"), max_length=300, blank=True)
    addressee_contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("addressee from the contacts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    targets = models.ManyToManyField(Target, related_name="requests", blank=True)
    confidential = models.BooleanField(default=True)
    do_not_notify_user = models.BooleanField(default=True)
    urgent = models.BooleanField(default=False)
    urgency_reasons = models.TextField(blank=True)
    certification_needed = models.BooleanField(default=False)
    languages = models.JSONField(default=list, blank=True)
    external_reference = models.CharField(_("their reference"), max_length=200, blank=True)
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    # What only the document needs (the requesting authority's contact block, why preservation
    # is necessary, the purpose, the real-time parameters…): see drafting.inputs.DraftInput;
    # and the plan step's wording the request was made from (`worded`).
    details = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    get_type_display = display_of("type", RequestType.choices)

    class Meta:
        ordering = ["-updated_at"]
        # The case list's status filter and the dashboard's requests waiting for an answer.
        indexes = [models.Index(fields=["status", "case"], name="request_status_case")]

    def __str__(self) -> str:
        where = country_name(self.requested_country) if self.requested_country else self.addressee
        return f"{self.get_type_display()} → {where or gettext('country not known')}"

    def get_status_display(self) -> str:
        return str(status_labels(self.direction).get(self.status, self.status))

    def office_country(self) -> str:
        """Where the office that records its steps sits: the requesting state of ours, the
        requested state (we) of an incoming request."""
        incoming = self.direction == lifecycle.INCOMING
        return self.requested_country if incoming else self.case.requesting_country


class Correspondence(models.Model):
    """A message on a request's timeline: sent, received, a consultation on the draft, a
    receipt, or a note of a call."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        CONSULTATION = "consultation", _("Consultation on the draft")
        RECEIPT = "receipt", _("Receipt")
        NOTE = "note", _("Note (call, meeting)")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="correspondence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    counterpart = models.CharField(_("with whom"), max_length=300, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}: {self.subject}"


class Attachment(models.Model):
    """A file kept with a message. Stored by its SHA-256; the name is the sender's, kept only to
    be shown and offered on download."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.CASCADE, related_name="attachments"
    )
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.original_name


class RequestTransition(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=30)
    to_status = models.CharField(max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    refusal_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} at {self.at:%Y-%m-%d %H:%M}"


class Deadline(KeepsWording, models.Model):
    """A date by which something must happen on a request, and why (computed or set by hand)."""

    class Kind(models.TextChoices):
        PRESERVATION_EXPIRY = "preservation_expiry", _("Preservation expires")
        DISCLOSURE_DUE = "disclosure_due", _("Disclosure request due")
        EXTENSION_DUE = "extension_due", _("Extension request due")
        FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
        INSTRUMENT_TIME_LIMIT = "instrument_time_limit", _("Time limit of the instrument")
        # Of an incoming request: what we owe the requesting state.
        ANSWER_DUE = "answer_due", _("Our answer due")
        KEEP_UNTIL = "keep_until", _("Keep the preserved data until")
        MANUAL = "manual", _("Set by hand")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due = models.DateField()
    reason = models.TextField()
    sources = models.JSONField(default=list)
    computed = models.BooleanField(default=True)
    details = models.JSONField(default=dict, blank=True)  # the reason's wording (KeepsWording)

    get_kind_display = display_of("kind", Kind.choices)

    class Meta:
        ordering = ["due", "id"]
        # In this order: the dashboard reads the first deadlines due without sorting them all.
        indexes = [models.Index(fields=["due", "id"], name="deadline_in_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"
