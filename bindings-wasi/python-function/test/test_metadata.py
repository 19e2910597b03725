"""The metadata path of the Python function against the loopback emulator: the
token cache lives across calls of the process, and every way the metadata
service can misbehave is answered with a clear error, no token anywhere, and
the process keeps serving."""

from __future__ import annotations

import json

import pytest

from conftest import CONTEXT_TOKEN, METADATA_TOKEN, MetadataEmulator, context, json_lines_ok

CALLS = 50
# mode -> (status, errorType)
ERROR_MODES = {
    "404": (502, "metadata.not_found"),
    "500": (502, "metadata.unavailable"),
    "redirect": (502, "metadata.redirect"),
    "garbage": (502, "metadata.bad_reply"),
    "not-http": (502, "metadata.network"),
    "huge": (502, "metadata.too_large"),
    "hang": (504, "metadata.timeout"),
}


def test_one_metadata_request_for_many_calls(start):
    with MetadataEmulator("ok") as md, start("token-info", {"YC_METADATA_ADDR": md.address}) as fn:
        sources = [json.loads(fn.call({}, context(f"m{i}"))["body"])["source"] for i in range(CALLS)]
        assert md.count() == 1
        assert sources == ["metadata"] + ["cache"] * (CALLS - 1)
        logs = fn.close()
    json_lines_ok(logs)
    assert METADATA_TOKEN not in "\n".join(logs)


def test_metadata_token_example_returns_the_services_token_once_fetched(start):
    with MetadataEmulator("ok") as md, start("metadata-token", {"YC_METADATA_ADDR": md.address}) as fn:
        for i in range(5):
            result = fn.call({"httpMethod": "GET", "headers": {}}, context(f"mt{i}"))
            assert result["statusCode"] == 200
            assert json.loads(result["body"])["access_token"] == METADATA_TOKEN
        assert md.count() == 1
        assert METADATA_TOKEN not in "\n".join(fn.close())


def test_gce_metadata_host_is_read_too(start):
    with MetadataEmulator("ok") as md, start("token-info", {"GCE_METADATA_HOST": md.address}) as fn:
        assert json.loads(fn.call({}, context("g"))["body"])["source"] == "metadata"
        assert md.count() == 1


def test_a_context_token_wins_over_the_metadata_service(start):
    with MetadataEmulator("ok") as md, start("token-info", {"YC_METADATA_ADDR": md.address}) as fn:
        assert json.loads(fn.call({}, context("c", token=CONTEXT_TOKEN))["body"])["source"] == "context"
        assert md.count() == 0


@pytest.mark.parametrize("mode", sorted(ERROR_MODES))
def test_bad_metadata_reply_is_a_clear_error_without_the_token(start, mode):
    status, error_type = ERROR_MODES[mode]
    with MetadataEmulator(mode) as md, start("test-needs-token", {"YC_METADATA_ADDR": md.address}) as fn:
        result = fn.call({}, context(f"bad-{mode}", remaining_ms=1500))
        answer = json.loads(result["body"])
        assert (result["statusCode"], answer["errorType"]) == (status, error_type)
        assert len(answer["errorMessage"]) > 10
        assert md.count("/redirect-target") == 0  # a redirect is never followed
        # The process keeps serving.
        assert fn.call({}, context("after", token=CONTEXT_TOKEN))["statusCode"] == 200
        logs = fn.close()
    json_lines_ok(logs)
    text = json.dumps(result) + "\n".join(logs)
    assert METADATA_TOKEN not in text and CONTEXT_TOKEN["access_token"] not in text


def test_concurrent_calls_from_threads_make_one_request(start):
    with MetadataEmulator("ok") as md, start("token-info", {"YC_METADATA_ADDR": md.address}) as fn:
        results = fn.request({"event": {}, "context": context("th"), "threads": 8})
        assert [r["statusCode"] for r in results] == [200] * 8
        assert sorted(json.loads(r["body"])["source"] for r in results) == ["cache"] * 7 + ["metadata"]
        assert md.count() == 1
