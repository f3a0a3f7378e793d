"""Evidence is case data: read through the cases' permission layer."""

from django.db.models import QuerySet
from django.http import Http404

from evidesk.cases.access import cases_visible_to
from evidesk.evidence.models import EvidenceItem


def evidence_visible_to(user) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(request__case__in=cases_visible_to(user)).select_related(
        "request__case"
    )


def access_evidence(user, item_id: int) -> EvidenceItem:
    try:
        return evidence_visible_to(user).get(pk=item_id)
    except (EvidenceItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
