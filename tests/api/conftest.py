import pytest
from rest_framework.test import APIClient

from evidesk.api.tokens import create_token
from tests.test_access_matrix import world  # noqa: F401 (the pages' world of actors, reused)


@pytest.fixture
def api():
    """A client calling the API with a new token of `user` (scope "write" or "read")."""

    def client_for(user, scope: str = "write") -> APIClient:
        _token, secret = create_token(user, "Case management system", scope)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return client_for
