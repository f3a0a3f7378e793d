from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # the API takes no cookies, so there is no forged request to refuse
def unknown_address(request: HttpRequest, **_) -> JsonResponse:
    """An address under /api/ that names nothing: the API's error body, not an HTML page."""
    return JsonResponse(
        {
            "error": {
                "status": 404,
                "code": "not_found",
                "message": "No such address in the API; see /api/docs/.",
            }
        },
        status=404,
    )
