"""The OpenAPI description's shared parts: the one error shape, on every operation."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "current_version": {"type": "integer"},
                "current": {"type": "object"},
            },
        }
    },
}
ANSWERS = {
    "400": "The request has mistakes (see `fields`).",
    "401": "No token, or a token that is not valid.",
    "403": "The token or its owner may not do this.",
    "404": "Not found, or not yours to see.",
    "409": "Someone saved the record meanwhile: nothing was written.",
    "415": "The body is not JSON (or multipart form data where files are sent).",
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: every operation may answer with the error shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404"]
            if method in ("put", "post", "patch"):
                codes += ["409", "415"]
            for code in codes:
                operation["responses"].setdefault(
                    code, {"description": ANSWERS[code], "content": reference}
                )
    return result
