"""For the same event and context, every example answers on the Python runtime
what its Node build (build/node/examples/<name>/function/index.js, main(event,
context) on the machine's Node) answers: status, headers, body."""

from __future__ import annotations

import json

import pytest

from conftest import CONTEXT_TOKEN, EXAMPLES, MetadataEmulator, context, fixture_events, start_node

# Events beyond the fixtures: the bad input both hosts hand to the core.
EXTRA_EVENTS = [("empty-object", {}), ("string", "a string"), ("number", 42), ("array", [1, 2]), ("null", None),
                ("get", {"httpMethod": "GET", "headers": {"X-A": "1"}, "queryStringParameters": {"q": "1"},
                         "body": "", "isBase64Encoded": False})]
# Fields computed from each process's own clock (whole seconds): two runs may
# straddle a second boundary.
CLOCK_FIELDS = ("expires_at", "seconds_left", "expires_in")


def comparable(result: dict) -> dict:
    if "statusCode" not in result:
        return result  # not an HTTP result (a function authorizer's answer): compared whole
    out = {key: result.get(key) for key in ("statusCode", "headers", "multiValueHeaders", "isBase64Encoded")}
    try:
        body = json.loads(result["body"])
    except ValueError:
        body = result["body"]
    if isinstance(body, dict):
        for key in CLOCK_FIELDS:
            if isinstance(body.get(key), (int, float)):
                body[key] = "<clock>"
            elif key == "expires_at" and isinstance(body.get(key), str):
                body[key] = "<clock>"
    out["body"] = body
    return out


def calls(token):
    return [(name, event, context(f"parity-{name}", token=token))
            for name, event in fixture_events() + EXTRA_EVENTS]


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("token", [CONTEXT_TOKEN, None], ids=["context-token", "no-token-metadata-404"])
def test_python_answers_like_node(start, name, token):
    with MetadataEmulator("404") as md:
        env = {"YC_METADATA_ADDR": md.address}
        with start(name, env) as py, start_node(name, env) as node:
            for event_name, event, spec in calls(token):
                got, want = py.call(event, spec), node.call(event, spec)
                assert comparable(got) == comparable(want), (name, event_name)


@pytest.mark.parametrize("name", ["metadata-token", "token-info"])
def test_metadata_path_answers_like_node(start, name):
    with MetadataEmulator("ok") as md:
        env = {"YC_METADATA_ADDR": md.address}
        with start(name, env) as py, start_node(name, env) as node:
            for i in range(3):
                spec = context(f"md-{i}")
                assert comparable(py.call({}, spec)) == comparable(node.call({}, spec)), (name, i)
        assert md.count() == 2  # one per process, whatever the number of calls
