from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 200
PAGE_SIZE_PARAMETER = OpenApiParameter(
    "page_size", int, description=f"Rows a page (at most {MAX_PAGE_SIZE})"
)


class Pages(PageNumberPagination):
    """`?page=N&page_size=M` (at most 200 a page): other systems sync without huge answers."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    parameters = [
        OpenApiParameter("page", int, description="Which page (from 1)"),
        PAGE_SIZE_PARAMETER,
    ]


class TrailPages(CursorPagination):
    """The audit trail newest first, a page at a time by the links `next` and `previous`, and
    not counted: counting a trail of millions of events took seconds for every page. The links
    stay right while events are added."""

    ordering = "-seq"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    parameters = [
        OpenApiParameter("cursor", str, description="Where the page starts (from the links)"),
        PAGE_SIZE_PARAMETER,
    ]
