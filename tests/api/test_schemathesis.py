"""Schemathesis reads the schema the running application serves and sends every operation
generated requests, valid and not: no answer may be a server error, and every answer must be
one the schema describes (status, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from evidesk.api.tokens import create_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_open():
    """Schemathesis calls the WSGI application itself, which closes the database connection at
    the end of every request; the test's transaction lives on that connection, so keep it open
    as Django's own test client does."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.usefixtures("connection_kept_open")
def test_every_operation_answers_as_described(world):
    from evidesk.wsgi import application

    token = create_token(world["actors"]["owner"], "Schemathesis", "write")[1]
    schema = schemathesis.openapi.from_wsgi("/api/schema", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def answers_as_described(case):
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            case.validate_response(response, checks=CHECKS)

        answers_as_described()
