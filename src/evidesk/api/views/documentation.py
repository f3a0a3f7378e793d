from drf_spectacular.views import SpectacularSwaggerSplitView

from evidesk.system.middleware import CONTENT_SECURITY_POLICY


class Documentation(SpectacularSwaggerSplitView):
    """Swagger UI, served from the application's own files. It sets inline styles as it draws,
    so this page alone allows them; inline scripts stay forbidden here as everywhere."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response
