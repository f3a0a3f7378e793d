"""What each fact, each field of a structured value and each code of the schema is called on
the pages, in the users' language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.vocabulary import DATA_NAMES
from evidesk.system.language import name_of

FACT_LABELS = {
    "headquarters": _("Headquarters"),
    "legal_entities": _("Legal entities"),
    "domestic_affiliates": _("Local affiliates"),
    "le_channel": _("Law-enforcement channel"),
    "accepts_foreign_preservation": _("Accepts foreign preservation requests"),
    "preservation_days": _("Preservation period (days)"),
    "preservation_extension_days": _("Extension (days)"),
    "preservation_max_extensions": _("Extensions allowed"),
    "preservation_extension_lead_days": _("Ask for extension before expiry (days)"),
    "foreign_disclosure": _("Disclosure to foreign authorities"),
    "accepts_emergency_requests": _("Accepts emergency requests"),
    "emergency_channel": _("Emergency channel"),
    "user_notification": _("Notifies the user"),
    "content_e2ee": _("End-to-end encrypted content"),
    "judicial_order_required": _("Answers only a court order"),
    "dedicated_addresses": _("Gives each public address to one customer at a time"),
    "retention": _("Data retention"),
    "cooperation": _("Cooperation with law enforcement"),
    "records_timezone": _("Time zone of its records"),
    "languages_accepted": _("Languages accepted"),
    "subject_to_retention_law": _("Subject to a retention law"),
    "transparency_report": _("Transparency report"),
    "certification": _("Certification of records"),
    "adopted": _("Adopted"),
    "signed": _("Signed"),
    "opened_for_signature": _("Opened for signature"),
    "in_force": _("In force"),
    "applies_from": _("Applies from"),
    "protected_persons_of": _("Orders may not target the citizens or residents of"),
    "awaiting_entry_into_force": _("Not yet in force"),
    "eif_rule": _("Entry-into-force rule"),
    "status": _("Status"),
    "relations": _("Relation to other instruments"),
    "ceases_between_parties_of": _("No longer applies between the parties to"),
    "preservation_min_days": _("Minimum preservation (days)"),
    "requests_are_commissions": _("A request is a commission for legal assistance"),
    "preserved_pending_decision": _("Preserved until the disclosure request is decided"),
    "production_deadline_days": _("Time limit for production (days)"),
    "emergency_deadline_hours": _("Time limit in emergencies (hours)"),
    "provisions": _("Provisions"),
    "names": _("Names"),
    "official_languages": _("Official languages"),
    "eu_member": _("EU member"),
    "timezones": _("Time zones"),
    "authorities": _("Competent authorities"),
    "authorities_mla": _("Central authority for MLA"),
    "authorities_247": _("24/7 point of contact"),
    "authorities_un_cybercrime": _("Authorities under the UN Convention against Cybercrime"),
    "de_minimis": _("Minimum gravity (de minimis)"),
    "preservation": _("Preservation on a foreign request"),
    "data_retention": _("Mandatory data retention"),
    "own_investigation_required_for": _("Needs its own investigation for"),
    "evidentiary_standard": _("Evidentiary standard by data category"),
    "foreign_direct_disclosure": _("May providers here disclose directly abroad"),
    "guides": _("Guides for foreign requesters"),
    "mla_typical_months": _("Typical MLA duration (months)"),
    "political_offence_exception": _("Political offence exception"),
    "exchange_rates": _("Official exchange rates"),
    "offence_scope": _("Offences it covers"),
    "serious_crime_min_years": _("Serious crime: least maximum penalty (years)"),
    "orders_to_providers": _("Orders served directly on providers, for"),
    "order_min_penalty_years": _("Orders: least maximum penalty (years)"),
    "order_min_penalty_categories": _("Orders: penalty threshold applies to"),
    "judicial_order_categories": _("Orders issued or validated by a judge, for"),
    "excludes_financial_services": _("Not for providers of financial services"),
    "financial_service": _("Financial service (bank, payment)"),
    "request_languages": _("Requests may also be written in"),
}

# The fields of structured values (schema.py's models), read inside a line of text. The data
# categories (subscriber, traffic, …) are named by the advisor's vocabulary.
FIELD_LABELS = {
    "name": _("name"),
    "name_ru": _("name in Russian"),
    "country": _("country"),
    "serves": _("serves"),
    "role": _("role"),
    "services": _("services"),
    "note": _("note"),
    "url": _("web address"),
    "title": _("title"),
    "category": _("data category"),
    "days": _("period (days)"),
    "period_days": _("period (days)"),
    "extension_days": _("extension (days)"),
    "max_extensions": _("extensions allowed"),
    "basis": _("legal basis"),
    "mandatory": _("mandatory"),
    "law": _("law"),
    "address": _("address"),
    "phone": _("phone"),
    "fax": _("fax"),
    "email": _("e-mail"),
    "hours": _("working hours"),
    "for_courts": _("receives requests addressed to courts"),
    "under": _("designated under"),
    "amount": _("amount"),
    "currency": _("currency"),
    "from": _("base currency"),
    "to": _("quoted currency"),
    "rate": _("rate"),
    "date": _("date"),
    "realtime": _("real-time collection"),
    "en": _("in English"),
    "ru": _("in Russian"),
    "sources": _("sources"),  # a correction citing a new source adds it to the record's list
}

# The schema's enumerated codes (its Literal types), as read in a fact's value.
CODE_LABELS = {
    # accepts_foreign_preservation
    "yes": _("yes"),
    "no": _("no"),
    "courtesy": _("as a courtesy"),
    # user_notification
    "notifies_by_default": _("notifies the user by default"),
    "notifies_if_required_by_law": _("notifies the user only where the law requires it"),
    "does_not_notify": _("does not notify the user"),
    # content_e2ee
    "all": _("all of it"),
    "partial": _("in part"),
    "none": _("none of it"),
    # cooperation
    "le_friendly": _("cooperates"),
    "limited": _("cooperates to a limited extent"),
    "not_le_friendly": _("seldom cooperates"),
    # offence_scope
    "corruption": _("corruption offences"),
    "organised_crime": _("serious crime involving an organised criminal group"),
    # own_investigation_required_for
    "realtime_traffic": _("real-time collection of traffic data"),
    "interception": _("interception of content"),
    "search": _("search and seizure"),
    "stored_content": _("stored content"),
    # foreign_disclosure
    "direct": _("directly"),
    "case_by_case": _("case by case"),
    "mla_only": _("only through mutual legal assistance"),
    "home_authorities_only": _("only to the authorities of its own country"),
    "never": _("never"),
    # foreign_direct_disclosure
    "allowed": _("allowed"),
    "prohibited": _("prohibited"),
    # retention categories besides the data categories
    "ip_logs": _("IP address logs"),
    "messages": _("messages"),
    "other": _("other"),
    # authorities' roles
    "central_authority_mla": _("central authority for mutual legal assistance"),
    "central_authority_extradition": _("central authority for extradition"),
    "contact_point_247": _("the 24/7 point of contact"),
    "prosecution": _("prosecution service"),
    "police_cyber": _("police cybercrime unit"),
}

CONFIDENCE_LABELS = {"verified": _("verified in the source"), "secondary": _("secondary source")}


def fact_label(name: str) -> str:
    return str(FACT_LABELS.get(name, name.replace("_", " ")))


def field_label(name: str) -> str:
    return str(FIELD_LABELS[name]) if name in FIELD_LABELS else name_of(DATA_NAMES, name)


def code_label(code: str) -> str:
    return str(CODE_LABELS[code]) if code in CODE_LABELS else name_of(DATA_NAMES, code)


def changed_label(field: str) -> str:
    """The part of a record a change touched (`facts.timezones`, `name`), in words."""
    part, _, fact = field.partition(".")
    return fact_label(fact) if part == "facts" and fact else field_label(field)


def place_label(field: str) -> str:
    """Where a problem lies (`facts.authorities.value.0.role`), in words: the fact, the item's
    number, the field; any other place as it is."""
    parts = field.split(".")
    if len(parts) < 3 or parts[0] != "facts" or parts[2] != "value":
        return field
    words = [fact_label(parts[1])]
    for part in parts[3:]:
        words.append(gettext("item %(number)d") % {"number": int(part) + 1}
                     if part.isdigit() else field_label(part))  # fmt: skip
    return ", ".join(words)
