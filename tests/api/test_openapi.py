"""The served OpenAPI document is valid and describes a bearer-secured API."""
import json
import urllib.request

from openapi_spec_validator import validate


def test_document_is_valid_openapi(base_url):
    with urllib.request.urlopen(base_url + "/api/v1/openapi.json") as response:
        document = json.load(response)
    validate(document)
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) >= 15
    for operation in operations:
        assert any(code.startswith("2") for code in operation["responses"]), operation["operationId"]
        assert "400" in operation["responses"]
