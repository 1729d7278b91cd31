"""schemathesis fuzzes the API from its own OpenAPI spec: no request, however odd, gets a 500,
and every response matches the documented shape (issue 14)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from storyline.serve import create_app  # noqa: E402

from .web_support import build_store  # noqa: E402

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return create_app(build_store(tmp_path_factory.mktemp("fuzz")))


def test_api_never_fails(app) -> None:  # type: ignore[no-untyped-def]
    """Every operation of the spec, with generated parameters (schemathesis' strategies driven by
    hypothesis directly: its pytest plugin does not load under this pytest)."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text)
            if response.status_code >= 400:
                body = response.json()
                assert body["ok"] is False and body["status"] == response.status_code and body["error"]
            else:
                case.validate_response(response)

        check()


def test_openapi_lists_the_endpoints(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    spec = TestClient(app).get("/openapi.json").json()
    assert {"/api/articles", "/api/quotes", "/api/sources", "/api/entities", "/api/summary"} <= set(
        spec["paths"]
    )
