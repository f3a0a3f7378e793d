from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.views import APIView

from evidesk.api.pagination import Pages
from evidesk.api.permissions import CaseWork


class Schema(AutoSchema):
    def _is_list_view(self, serializer=None) -> bool:
        # Named "…_list" in the schema: the views that answer with `paged`.
        return self.method == "GET" and getattr(self.view, "lists", False)


class CaseWorkView(APIView):
    permission_classes = [CaseWork]
    schema = Schema()
    lists = False


def paged(view: APIView, rows, serializer_class, context_for=None) -> Response:
    """One page of `rows`, serialized, with the count and the links to the next and previous.
    `context_for(page)` gives the serializer what it needs to know about the page's rows."""
    paginator: BasePagination = Pages()
    page = list(paginator.paginate_queryset(rows, view.request, view=view))
    context = context_for(page) if context_for else {}
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


def page_of(serializer_class, name: str = "", results=None):
    """The schema of one page of a list, as `paged` answers it."""
    many = results or serializer_class(many=True)
    return inline_serializer(
        name or serializer_class.__name__.removesuffix("Serializer") + "Page",
        {
            "count": serializers.IntegerField(),
            "next": serializers.CharField(allow_null=True),
            "previous": serializers.CharField(allow_null=True),
            "results": many,
        },
    )


def text_filters(*names: str, **described: str) -> list[OpenApiParameter]:
    """Query parameters for the schema: each a string filter."""
    return [OpenApiParameter(name, str, description=described.get(name, "")) for name in names]
