"""The audit trail's actions as a person reads them. The trail stores, the filter takes and the
export carries the codes; the page names each in the reader's language, the code beside it."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidesk.evidence.models import CustodyEvent

ACTION_NAMES = {
    "api.token_created": _("API token issued"),
    "api.token_revoked": _("API token revoked"),
    "attachment.download": _("Attachment downloaded"),
    "audit.export": _("Audit trail exported"),
    "audit.verify": _("Audit chain checked"),
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Login failed"),
    "auth.logout": _("Logged out"),
    "auth.recovery_code_used": _("Recovery code used"),
    "auth.recovery_codes_renewed": _("Recovery codes renewed"),
    "auth.two_factor_enrolled": _("Two-factor authentication set up"),
    "auth.two_factor_reset": _("Two-factor authentication reset"),
    "calendar.token_issued": _("Calendar link issued"),
    "calendar.token_revoked": _("Calendar link revoked"),
    "case.break_glass": _("Break-glass access to a case"),
    "case.create": _("Case opened"),
    "case.member_added": _("Team member added"),
    "case.member_removed": _("Team member removed"),
    "case.update": _("Case changed"),
    "case.view": _("Case read"),
    "contact.create": _("Contact added"),
    "contact.delete": _("Contact deleted"),
    "contact.update": _("Contact changed"),
    "correspondence.create": _("Correspondence recorded"),
    "document.download": _("Document downloaded"),
    "document.generate": _("Document drafted"),
    "evidence.custody_report": _("Custody report produced"),
    "evidence.verification_queued": _("Check of evidence hashes asked for"),
    "knowledge.correct": _("Knowledge base corrected"),
    "knowledge.import": _("Knowledge base imported"),
    "reports.annual": _("Annual report produced"),
    "reports.export": _("Statistics exported"),
    "request.create": _("Request created"),
    "request.drafting_details": _("Request's drafting details changed"),
    "request.transition": _("Request's status recorded"),
    "request.transition_date": _("Date of a status corrected"),
    "request.update": _("Request changed"),
    "system.backup": _("Backup written"),
    "system.restore": _("Backup restored"),
    "target.create": _("Target added"),
    "unit.create": _("Unit created"),
    "user.create": _("User created"),
    "user.update": _("User changed"),
}
CUSTODY = "evidence."


def action_name(code: str) -> str:
    """The action in words, or its code where it has none (an action of a later version)."""
    if code in ACTION_NAMES:
        return str(ACTION_NAMES[code])
    step = code.removeprefix(CUSTODY)
    if code.startswith(CUSTODY) and step in CustodyEvent.Action.values:
        return gettext("Evidence: %(step)s") % {"step": CustodyEvent.Action(step).label.lower()}
    return code
