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


def same_file(user, item: EvidenceItem) -> QuerySet[EvidenceItem]:
    """The other exhibits the user may see that hold the very same bytes (the same SHA-256):
    a production sent twice, or a file also found inside an archive."""
    return evidence_visible_to(user).filter(sha256=item.sha256).exclude(pk=item.pk)


def same_file_shown(user, item: EvidenceItem, limit: int = 20) -> tuple[list[EvidenceItem], int]:
    """The first `limit` exhibits with the same bytes, earliest first, and how many more there
    are: a file received hundreds of times would bury the item's page under its copies."""
    others = same_file(user, item).order_by("pk")
    shown = list(others[:limit])
    return shown, others.count() - len(shown) if len(shown) == limit else 0


def received_before(user, item: EvidenceItem) -> EvidenceItem | None:
    """The first exhibit holding the same bytes, received before this one, if the user sees it."""
    return same_file(user, item).filter(pk__lt=item.pk).order_by("pk").first()
