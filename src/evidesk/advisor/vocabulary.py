"""The stable vocabulary's codes (DESIGN.md §4) as a person reads them. The codes stay what the
API, the CLI's JSON and stored requests carry; the pages name each action, channel and warning
in words, in the reader's language (`system.language.translated`), and drafted requests name the
data categories with the same words."""

from __future__ import annotations

from evidesk.wording import Wording as _

ACTION_NAMES = {
    "check_domestic": _("Check at home first"),
    "preserve": _("Preserve the data"),
    "extend_preservation": _("Extend the preservation"),
    "disclose": _("Obtain the data"),
    "emergency_disclose": _("Emergency disclosure"),
    "realtime_collect": _("Real-time collection"),
    "consult": _("Consult the requested authority"),
    "follow_up": _("Follow up the request"),
}
CHANNEL_NAMES = {
    "domestic": _("domestic order"),
    "open_source": _("open sources and domestic records"),
    "network_247": _("24/7 Network"),
    "requested_authority": _("the requested state's authority"),
    "direct_provider": _("directly to the provider"),
    "police_cooperation": _("police cooperation (INTERPOL)"),
    "mla": _("mutual legal assistance"),
    "protocol2_art6": _("Second Additional Protocol, art. 6 (domain name registration data)"),
    "protocol2_art7": _("Second Additional Protocol, art. 7 (subscriber data from the provider)"),
    "protocol2_art9": _("Second Additional Protocol, art. 9 (emergency disclosure)"),
    "eu_epoc": _("European Production Order"),
    "eu_epoc_pr": _("European Preservation Order"),
    "emergency_provider": _("the provider's emergency channel"),
}
DATA_NAMES = {
    "subscriber": _("subscriber data"),
    "identification": _("data to identify the user"),
    "traffic": _("traffic data"),
    "content": _("content data"),
}
WARNING_NAMES = {
    "domestic_affiliate_available": _("A local entity may answer"),
    "below_threshold": _("Below the requested state's threshold"),
    "user_notification_risk": _("The user may be told"),
    "provider_not_le_friendly": _("The provider seldom cooperates"),
    "realtime_requires_requested_state_investigation": _(
        "Real-time collection needs the requested state's own investigation"
    ),
    "content_requires_higher_standard": _("Content needs a higher standard"),
    "missing_timezone": _("Time zone missing"),
    "ambiguous_local_time": _("Ambiguous local time"),
    "ip_without_port": _("IP address without its port"),
    "period_too_broad": _("Period too broad"),
    "period_mismatch": _("Period does not fit the measure"),
    "no_common_instrument": _("No treaty binds both states"),
    "not_247_member": _("Not in the 24/7 Network"),
    "translation_required": _("Translation required"),
    "preservation_expiring": _("Preservation ending"),
    "provider_unknown": _("Provider unknown"),
    "dual_criminality": _("Dual criminality"),
    "content_unavailable_e2ee": _("Content encrypted end to end"),
    "judicial_order_required": _("Court order required"),
    "retention_likely_expired": _("Data likely deleted"),
    "data_stored_in_third_country": _("Data held in another country"),
    "political_offence_risk": _("May be seen as political"),
}
