"""How the API knows who calls: a personal token in the Authorization header, nothing else.
Session cookies are not accepted here, so a page in the browser can never be tricked into
calling the API (no cross-site request forgery to defend against)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from evidesk.api.tokens import token_for


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', with nothing else."
            )
        token = token_for(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it is unknown or revoked, or its owner's account is "
                "disabled. Make a new one on your account's API tokens page."
            )
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="evidesk"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the account's API tokens page.",
        }
