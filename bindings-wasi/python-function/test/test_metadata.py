"""The metadata path of the Python function that only this package shows: an
example packaged as the platform runs it hands the service's token to the
handler. Every rule of the token path (the cache across calls, single flight
across threads, GCE_METADATA_HOST, the context token first, each way the metadata
service can misbehave answered with a clear error, no token anywhere, log lines
that are records, the process serving on) is the host contract, played on this
host by tests/conformance/run_python_function.py (vectors/metadata.json, token.json)."""

from __future__ import annotations

import json

from conftest import METADATA_TOKEN, MetadataEmulator, context


def test_metadata_token_example_returns_the_services_token_once_fetched(start):
    with MetadataEmulator("ok") as md, start("metadata-token", {"YC_METADATA_ADDR": md.address}) as fn:
        for i in range(5):
            result = fn.call({"httpMethod": "GET", "headers": {}}, context(f"mt{i}"))
            assert result["statusCode"] == 200
            assert json.loads(result["body"])["access_token"] == METADATA_TOKEN
        assert md.count() == 1
        assert METADATA_TOKEN not in "\n".join(fn.close())
