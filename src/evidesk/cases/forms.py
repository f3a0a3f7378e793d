import unicodedata
from datetime import UTC, datetime
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.facts import CATEGORIES, CHANNELS
from evidesk.advisor.vocabulary import CHANNEL_NAMES
from evidesk.cases.models import Correspondence, Request, RequestType, Stage, Status, Target
from evidesk.clock import now
from evidesk.contacts.models import Contact
from evidesk.system.language import active_language, country_names, name_of, yes_or_no
from evidesk.zones import iana_names, utc_offset, zone_named

DATA_LABELS = {
    "subscriber": _("Subscriber data"),
    "identification": _("Data to identify the user (EU)"),
    "traffic": _("Traffic data (logs, IP addresses)"),
    "content": _("Content (messages, files)"),
}


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, texts in exc.message_dict.items():
        for message in texts:
            form.add_error(field if field in form.fields else None, message)


def save_edit(form: forms.Form, save) -> tuple[bool, list | None]:
    """Run `save(version)` for a valid form through an optimistic-locking service: (True, None)
    when saved; (False, rows) when someone saved meanwhile (the form now carries their version,
    so saving again means "mine wins"); (False, None) when the values were refused."""
    from evidesk.system.versioning import EditConflict

    try:
        save(form.cleaned_data.get("version") or 0)
    except EditConflict as exc:
        form.data = form.data.copy()
        form.data["version"] = exc.version
        return False, conflict_rows(form, exc)
    except ValidationError as exc:
        add_form_errors(form, exc)
        return False, None
    return True, None


def conflict_rows(form: forms.Form, conflict) -> list[tuple[str, str, str]]:
    """The two versions' disagreements in the reader's words: each field by its label in the
    form (or the record's name for it) and each value as a person reads it."""
    rows = []
    for name, theirs, mine in conflict.rows():
        field = form.fields.get(name)
        label = (field.label if field is not None else None) or conflict.labels.get(name, name)
        rows.append((str(label), shown_value(field, theirs), shown_value(field, mine)))
    return rows


def shown_value(field: forms.Field | None, value) -> str:
    """A stored value as text for people: choices by their label, yes or no, whole numbers
    without ".0", lists and mappings (a case's offences) as their values."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return yes_or_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(shown_value(None, item) for item in value)
    if isinstance(value, dict):
        return ", ".join(shown_value(None, v) for v in value.values() if v not in (None, ""))
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def zone_choices() -> list[tuple[str, str]]:
    return [("", "—"), *_zones(active_language(), now().year)]


@cache
def _zones(language: str, year: int) -> tuple[tuple[str, str], ...]:
    """Each zone by its IANA name (typed ahead in the list), its city in the reader's language
    and its UTC offsets that year: 'Asia/Dushanbe — Душанбе (UTC+05:00)'. The offset also
    shows that Etc/GMT+5 is five hours behind UTC, as the database's reversed sign hides."""
    from babel.dates import get_timezone_location

    choices = []
    for zone in sorted(z for z in iana_names() if "/" in z or z == "UTC"):
        city = get_timezone_location(zone, locale=language, return_city=True)
        tail = zone.rsplit("/", 1)[-1].replace("_", " ")
        winter_summer = (datetime(year, month, 15, tzinfo=zone_named(zone)) for month in (1, 7))
        offsets = dict.fromkeys(utc_offset(moment).removeprefix("UTC") for moment in winter_summer)
        name = zone if city in (tail, zone) else f"{zone} — {city}"
        choices.append((zone, f"{name} (UTC{' / '.join(offsets)})"))
    return tuple(choices)


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country, named and sorted in the reader's language."""
    return [("", "—"), *_countries(active_language())]


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    countries = sorted((name, code) for code, name in country_names(language).items())
    return tuple((code, f"{name} ({code})") for name, code in countries)


class CaseForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    requesting_country = forms.ChoiceField(label=_("Requesting country"), choices=country_choices)
    offence_name = forms.CharField(label=_("Offence"), max_length=200)
    offence_provision = forms.CharField(label=_("Legal provision"), max_length=200, required=False)
    offence_max_penalty_years = forms.DecimalField(
        label=_("Maximum penalty (years)"), min_value=0, max_value=100, required=False
    )
    facts = forms.CharField(
        label=_("Summary of facts"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    damages_amount = forms.DecimalField(
        label=_("Damages"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    damages_currency = forms.CharField(
        label=_("Currency (ISO, e.g. USD)"), max_length=3, required=False
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    emergency_threat = forms.CharField(
        label=_("Threat to life or safety, if any"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, case) -> dict:
        offence = (case.offences or [{}])[0]
        return {
            "reference": case.reference,
            "title": case.title,
            "requesting_country": case.requesting_country,
            "offence_name": offence.get("name", ""),
            "offence_provision": offence.get("provision", ""),
            "offence_max_penalty_years": offence.get("max_penalty_years"),
            "facts": case.facts,
            "damages_amount": case.damages_amount,
            "damages_currency": case.damages_currency,
            "stage": case.stage,
            "emergency_threat": case.emergency_threat,
            "version": case.version,
        }

    def clean_reference(self) -> str:
        # The reference names the files made from the case (exports, reports): a line break
        # or a right-to-left mark in it would break their names or disguise them.
        reference = self.cleaned_data["reference"]
        if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in reference):
            raise forms.ValidationError(
                _("The reference is one line of text, without control characters.")
            )
        return reference

    def clean_damages_currency(self) -> str:
        import pycountry

        code = self.cleaned_data["damages_currency"].strip().upper()
        if code and pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(_("Unknown currency code."))
        return code

    def clean(self) -> dict:
        data = super().clean()
        if data.get("damages_amount") is not None and not data.get("damages_currency"):
            self.add_error("damages_currency", _("Give the currency of the damages."))
        return data

    def case_fields(self) -> dict:
        d = self.cleaned_data
        offence = {"name": d["offence_name"], "provision": d["offence_provision"]}
        if d.get("offence_max_penalty_years") is not None:
            offence["max_penalty_years"] = float(d["offence_max_penalty_years"])
        return {
            "reference": d["reference"],
            "title": d["title"],
            "requesting_country": d["requesting_country"],
            "offences": [offence],
            "facts": d["facts"],
            "damages_amount": d.get("damages_amount"),
            "damages_currency": d.get("damages_currency", ""),
            "stage": d["stage"],
            "emergency_threat": d.get("emergency_threat", ""),
        }


class TargetForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=512,
        help_text=_(
            "E-mail, phone (+code), URL, IP address with port, domain, crypto address, IMEI"
        ),
    )
    platform = forms.CharField(label=_("Platform of an @handle"), max_length=60, required=False)
    provider = forms.CharField(label=_("Provider, if known"), max_length=100, required=False)
    provider_country = forms.ChoiceField(
        label=_("Country holding the data, if known"), choices=country_choices, required=False
    )
    data = forms.MultipleChoiceField(
        label=_("Data sought"),
        choices=[(c, DATA_LABELS[c]) for c in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    realtime = forms.BooleanField(label=_("Real-time collection"), required=False)
    period_from = forms.CharField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
    )
    period_to = forms.CharField(
        label=_("To"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
    )
    period_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=zone_choices)
    relevance = forms.CharField(
        label=_("Why these data matter"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class BreakGlassForm(forms.Form):
    reference = forms.CharField(label=_("Case reference"), max_length=100)
    reason = forms.CharField(
        label=_("Why you need to open it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the audit trail and shown to the case's team."),
    )


def parse_moment(local: str, zone: str) -> datetime:
    """A wall-clock time typed in a zone, as an aware UTC datetime; refuses a time the clocks
    skipped or repeated that day, which would be read two ways."""
    try:
        naive = datetime.fromisoformat(local.strip())
    except ValueError:
        raise forms.ValidationError(_("Give the date and time as YYYY-MM-DD HH:MM.")) from None
    if naive.tzinfo is not None:
        raise forms.ValidationError(_("Give the time without an offset and choose its zone."))
    tz = zone_named(zone)
    if tz is None:
        raise forms.ValidationError(_("Choose the time zone of this time."))
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if (
        early.utcoffset() != late.utcoffset()
        or early.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive
    ):
        raise forms.ValidationError(
            _("That time was skipped or repeated when the clocks changed: give it in UTC.")
        )
    return early.astimezone(UTC)


def optional_moment(local: str, zone: str, default_zone: str) -> datetime | None:
    """The optional 'when' of a recorded step, in its zone or else the office's; None: now."""
    local = (local or "").strip()
    return parse_moment(local, zone or default_zone) if local else None


class MomentForm(forms.Form):
    """When something happened, in the zone it was noted in; stored in UTC."""

    at = forms.CharField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        max_length=40,
    )
    zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("at") and data.get("zone"):
            try:
                data["moment"] = parse_moment(data["at"], data["zone"])
            except forms.ValidationError as exc:
                self.add_error("at", exc)
        return data


class TransitionForm(forms.Form):
    """A step in a request's life; `at` empty means it happened now."""

    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False)
    refusal_reason = forms.CharField(label=_("Reason for the refusal"), max_length=40,
                                     required=False)  # fmt: skip
    at = forms.CharField(label=_("When"), max_length=40, required=False)
    zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices, required=False)

    def moment(self, default_zone: str) -> datetime | None:
        return optional_moment(self.cleaned_data["at"], self.cleaned_data["zone"], default_zone)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class CorrespondenceForm(MomentForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Correspondence.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    counterpart = forms.CharField(label=_("With whom"), max_length=300, required=False)
    contact = forms.ModelChoiceField(
        label=_("From the contacts"), queryset=Contact.objects.all(), required=False
    )
    body = forms.CharField(
        label=_("Text or summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=100000,
        required=False,
    )
    files = MultipleFileField(label=_("Attachments"), required=False)

    field_order = ["kind", "at", "zone", "subject", "counterpart", "contact", "body", "files"]

    def message_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "at": d["moment"],
            "subject": d["subject"],
            "counterpart": d["counterpart"],
            "contact": d["contact"],
            "body": d["body"],
            "files": d["files"],
        }


def language_codes(text: str) -> list[str]:
    import pycountry

    codes = [c.strip().lower() for c in text.split(",") if c.strip()]
    unknown = [c for c in codes if len(c) != 2 or pycountry.languages.get(alpha_2=c) is None]
    if unknown:
        raise forms.ValidationError(
            _("Not a two-letter language code: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    return list(dict.fromkeys(codes))


def channel_choices() -> list[tuple[str, str]]:
    """Each channel named in the reader's language (made when the form is)."""
    return [(code, name_of(CHANNEL_NAMES, code)) for code in CHANNELS]


def instrument_choices() -> list[tuple[str, str]]:
    from evidesk.knowledge.services import current_snapshot

    snapshot = current_snapshot()
    entries = (snapshot.instrument(key) for key in snapshot.records.get("instrument", {}))
    language = active_language()
    named = ((e.key, e.label_in(language)) for e in entries if e)
    return [("", "—"), *sorted(named, key=lambda c: c[1])]


class RequestForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Request.Direction.choices)
    type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=channel_choices)
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=instrument_choices, required=False
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    requested_country = forms.ChoiceField(
        label=_("Requested state"), choices=country_choices, required=False
    )
    addressee = forms.CharField(label=_("Addressee"), max_length=300, required=False)
    addressee_contact = forms.ModelChoiceField(
        label=_("Addressee from the contacts"), queryset=Contact.objects.all(), required=False
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("Targets covered"),
        queryset=Target.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follows = forms.ModelChoiceField(
        label=_("Follows (the preservation it builds on)"),
        queryset=Request.objects.none(),
        required=False,
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    do_not_notify_user = forms.BooleanField(label=_("Do not notify the user"), required=False)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    urgency_reasons = forms.CharField(
        label=_("Why it is urgent"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )
    certification_needed = forms.BooleanField(
        label=_("Certification of the records needed"), required=False
    )
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        required=False,
        help_text=_("Two-letter codes, e.g. en, ru"),
    )
    external_reference = forms.CharField(label=_("Their reference"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, request_record: Request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = request_record.case
        self.fields["targets"].queryset = case.targets.order_by("pk")
        self.fields["follows"].queryset = case.requests.exclude(pk=request_record.pk)
        if request_record.requested_country:
            self.fields["addressee_contact"].queryset = Contact.objects.filter(
                jurisdiction=request_record.requested_country
            ) | Contact.objects.filter(provider__in=case.targets.values("provider"))

    def clean_languages(self) -> list[str]:
        return language_codes(self.cleaned_data["languages"])

    @classmethod
    def initial_for(cls, record: Request) -> dict:
        from evidesk.cases.services import EDITABLE_REQUEST_FIELDS

        values = {name: getattr(record, name) for name in EDITABLE_REQUEST_FIELDS}
        return {
            **values,
            "languages": ", ".join(record.languages),
            "targets": list(record.targets.all()),
            "version": record.version,
        }

    def request_fields(self) -> dict:
        from evidesk.cases.services import EDITABLE_REQUEST_FIELDS

        return {name: self.cleaned_data[name] for name in EDITABLE_REQUEST_FIELDS}


class IncomingRequestForm(MomentForm, RequestForm):
    """A foreign state's request as it is registered: what it asks, and when it reached us
    (`at`, as for any step)."""

    field_order = ["at", "zone", "type", "channel", "instrument", "legal_basis"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].label = _("Received on")
        # Ours: its steps are read in our zone and its preservation kept under our convention.
        self.fields["requested_country"].required = True
        del self.fields["direction"]

    def clean(self) -> dict:
        return {**super().clean(), "direction": Request.Direction.INCOMING}
