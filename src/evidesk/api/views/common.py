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
    def get_operation_id(self) -> str:
        # "…_list" for the views that answer with `paged`, "…_retrieve" for one record.
        operation_id = super().get_operation_id()
        if self.method == "GET" and getattr(self.view, "lists", False):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if self.method == "GET" and getattr(self.view, "lists", False):
            parameters += self.view.pages.parameters
        return parameters


class CaseWorkView(APIView):
    permission_classes = [CaseWork]
    schema = Schema()
    lists = False
    pages: type[BasePagination] = Pages  # how `paged` divides the view's list


def paged(view: APIView, rows, serializer_class=None, context_for=None) -> Response:
    """One page of `rows` with the count and the links to the next and previous, serialized
    (rows that are already data need no serializer). `context_for(page)` gives the serializer
    what it needs to know about the page's rows."""
    paginator = view.pages()
    page = list(paginator.paginate_queryset(rows, view.request, view=view))
    if serializer_class is not None:
        context = context_for(page) if context_for else {}
        page = serializer_class(page, many=True, context=context).data
    return paginator.get_paginated_response(page)


def page_of(serializer_class, name: str = "", results=None, counted: bool = True):
    """The schema of one page of a list, as `paged` answers it (`counted`: with the count)."""
    many = results or serializer_class(many=True)
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "previous": serializers.CharField(allow_null=True),
        "results": many,
    }
    if not counted:
        del fields["count"]
    return inline_serializer(
        name or serializer_class.__name__.removesuffix("Serializer") + "Page", fields
    )


def text_filters(*names: str, **described: str) -> list[OpenApiParameter]:
    """Query parameters for the schema: each a string filter."""
    return [OpenApiParameter(name, str, description=described.get(name, "")) for name in names]


def filtered_by_id(rows, request, name: str, field: str):
    """`rows` narrowed to the record number asked for in the query parameter `name`, if any; a
    number that cannot be a record (not digits, too large for the database) matches nothing
    rather than failing."""
    text = request.query_params.get(name, "")
    if not text:
        return rows
    wanted = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0
    return rows.filter(**{field: wanted})
