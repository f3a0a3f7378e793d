from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import CursorPagination, PageNumberPagination


class Sized:
    """50 rows a page, `?page_size=M` for up to 200: other systems sync without huge answers."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    size_parameter = OpenApiParameter(
        "page_size", int, description=f"Rows a page (at most {max_page_size})"
    )


class Pages(Sized, PageNumberPagination):
    """`?page=N`, with the count of all rows."""

    parameters = [
        OpenApiParameter("page", int, description="Which page (from 1)"),
        Sized.size_parameter,
    ]


class TrailPages(Sized, CursorPagination):
    """The audit trail newest first, a page at a time by the links `next` and `previous`, and
    not counted: counting a trail of millions of events took seconds for every page. The links
    stay right while events are added."""

    ordering = "-seq"
    parameters = [
        OpenApiParameter("cursor", str, description="Where the page starts (from the links)"),
        Sized.size_parameter,
    ]
