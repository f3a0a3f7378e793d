"""Generated documents are case data: read through the cases' permission layer."""

from django.http import Http404

from evidesk.cases.access import cases_visible_to
from evidesk.drafting.models import GeneratedDocument


def access_document(user, document_id: int) -> GeneratedDocument:
    try:
        return GeneratedDocument.objects.select_related("request__case").get(
            pk=document_id, request__case__in=cases_visible_to(user)
        )
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
