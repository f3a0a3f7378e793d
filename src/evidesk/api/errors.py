"""One shape for every error the API answers:

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"name": ["…"]}}}

`fields` appears when the problem lies in named fields of the body or query."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from evidesk.system.versioning import EditConflict

MESSAGES = {
    400: "The request has mistakes; see the fields.",
    404: "Not found. It does not exist, or you have no access to it.",
}


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            ("general" if key == "non_field_errors" else key): [str(m) for m in _flat(value)]
            for key, value in detail.items()
        }
    return {}


def _flat(value) -> list:
    if isinstance(value, list | tuple):
        return [item for entry in value for item in _flat(entry)]
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _flat(v)]
    return [value]


def _from_django(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"general": exc.messages})


def handle(exc, context):
    if isinstance(exc, EditConflict):
        return _body(
            status.HTTP_409_CONFLICT,
            "edit_conflict",
            "Someone saved this record after you read it; nothing was written. Read it again, "
            f"then send your change with version {exc.version}.",
            extra={"current_version": exc.version, "current": _plain(exc.current)},
        )
    if isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django logs it and answers 500
    data, fields = response.data, {}
    if isinstance(data, dict) and "detail" in data:
        message, code = str(data["detail"]), getattr(data["detail"], "code", "error")
    else:
        fields = _field_errors(data if isinstance(data, dict) else {"general": data})
        general = fields.pop("general", [])
        message, code = " ".join(general) or MESSAGES[400], "invalid"
    if response.status_code == 404:
        message, code = MESSAGES[404], "not_found"
    body = _body(response.status_code, code, message, fields=fields)
    for header in ("WWW-Authenticate", "Allow", "Retry-After"):
        if header in response:
            body[header] = response[header]
    return body


def _plain(values: dict) -> dict:
    return {
        k: v if isinstance(v, int | float | bool | list | dict) or v is None else str(v)
        for k, v in values.items()
    }


def _body(status_code: int, code: str, message: str, fields=None, extra=None) -> Response:
    error = {"status": status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return Response({"error": {**error, **(extra or {})}}, status=status_code)
