"""index.handler(event, context) imported as the platform does (platform_runner.py,
the package's own folder, the fresh venv): events, contexts, bad input."""

from __future__ import annotations

import json

import pytest

from conftest import CONTEXT_TOKEN, EXAMPLES, MetadataEmulator, context, fixture_events, json_lines_ok

RESULT_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
# Examples whose answer is not an HTTP result: what they answer to the fixtures
# (the authorizer finds no Bearer credential in them).
NOT_HTTP = {"authorizer": {"context": {}, "isAuthorized": False}}


def body(result: dict):
    return json.loads(result["body"])


def test_fixture_events_reach_the_handler_as_the_platform_passed_them(start):
    with start("test-echo") as fn:
        for name, event in fixture_events():
            result = fn.call(event, context(f"fx-{name}"))
            assert result["statusCode"] == 200, name
            got = body(result)
            assert got["event"] == event, name
            assert got["kind"] == ("http" if "httpMethod" in event else "trigger"), name
        json_lines_ok(fn.close())


def test_context_is_mapped_to_the_cores_context(start):
    with start("test-echo") as fn:
        got = body(fn.call({}, context("req-42", token=CONTEXT_TOKEN)))["context"]
        # The deadline comes from get_remaining_time_in_millis(): present, positive.
        assert got.pop("deadlineMs") > 0 and 0 < got.pop("remainingMsAtStart") <= 5000
        assert got == {"requestId": "req-42", "functionName": "pyfn-test", "functionVersion": "v1",
                       "memoryLimitInMB": "256", "hasDeadline": True, "hasToken": True}
        got = body(fn.call({}, context("req-43", memory_limit_in_mb="128")))["context"]
        assert got["memoryLimitInMB"] == "128" and got["hasToken"] is False


def test_every_context_field_reaches_raw_including_ones_added_later(start):
    with start("test-echo") as fn:
        extra = {"function_folder_id": "b1g-folder", "aws_request_id": "req-44", "log_group_name": "lg",
                 "custom": {"list": [1, "two", None, True]}}
        raw = body(fn.call({}, context("req-44", token=CONTEXT_TOKEN, attributes=extra)))["contextRaw"]
        assert raw.pop("deadlineMs") > 0
        assert raw == {"requestId": "req-44", "functionName": "pyfn-test", "functionVersion": "v1",
                       "memoryLimitInMB": "256", **extra}  # and never the token


def test_every_example_answers_a_platform_result_for_every_fixture(start):
    for name in EXAMPLES:
        with start(name) as fn:
            for fixture, event in fixture_events():
                result = fn.call(event, context(f"{name}-{fixture}", token=CONTEXT_TOKEN))
                if name in NOT_HTTP:
                    assert result == NOT_HTTP[name], (name, fixture)
                    continue
                assert set(result) == RESULT_KEYS, (name, fixture)
                assert isinstance(result["statusCode"], int) and isinstance(result["body"], str)
            logs = fn.close()
            json_lines_ok(logs)
            assert CONTEXT_TOKEN["access_token"] not in "\n".join(logs)


def test_token_from_the_context(start):
    with start("context-token") as fn:
        result = fn.call({"httpMethod": "GET", "headers": {}}, context("t1", token=CONTEXT_TOKEN))
        assert result["statusCode"] == 200
        assert body(result) == CONTEXT_TOKEN
    with start("token-info") as fn:
        info = body(fn.call({}, context("t2", token=CONTEXT_TOKEN)))
        assert info["source"] == "context" and CONTEXT_TOKEN["access_token"] not in json.dumps(info)


@pytest.mark.parametrize("event", ["a string", 42, [1, 2], None, True], ids=repr)
def test_a_non_dict_event_is_answered_by_the_core_and_the_process_keeps_serving(start, event):
    with start("test-echo") as fn:
        result = fn.call(event, context("nd"))
        assert result["statusCode"] == 400 and body(result)["errorType"] == "event.malformed"
        assert fn.call({}, context("after"))["statusCode"] == 200


def test_a_context_without_a_token_for_a_handler_that_needs_one(start):
    # On the platform a version without a service account has no context.token,
    # and its metadata service answers 404.
    with MetadataEmulator("404") as md, start("test-needs-token", {"YC_METADATA_ADDR": md.address}) as fn:
        result = fn.call({}, context("nt"))
        assert result["statusCode"] == 502 and body(result)["errorType"] == "metadata.not_found"
        assert fn.call({}, context("nt2", token=CONTEXT_TOKEN))["statusCode"] == 200


def test_a_context_token_that_breaks_the_rules_is_the_cores_answer(start):
    bad = dict(CONTEXT_TOKEN, token_type="MAC")
    with start("test-needs-token") as fn:
        result = fn.call({}, context("bad", token=bad))
        assert result["statusCode"] == 502 and body(result)["errorType"] == "token.bad_context"
        logs = fn.close()
    assert CONTEXT_TOKEN["access_token"] not in json.dumps(result) + "\n".join(logs)


def test_tokens_are_scrubbed_from_the_logs(start):
    # test-needs-token logs its token on purpose.
    with start("test-needs-token") as fn:
        for i in range(3):
            assert fn.call({}, context(f"s{i}", token=CONTEXT_TOKEN))["statusCode"] == 200
        logs = fn.close()
    assert logs, "the handler logs"
    json_lines_ok(logs)
    assert CONTEXT_TOKEN["access_token"] not in "\n".join(logs)
    assert any(json.loads(line).get("requestId") == "s1" for line in logs)


def test_a_trap_is_answered_and_the_next_call_is_served(start):
    with start("test-trap") as fn:
        result = fn.call({"trap": True}, context("boom"))
        assert result["statusCode"] == 500 and body(result)["errorType"] == "ycfn.trap"
        assert fn.call({}, context("next"))["statusCode"] == 200
        logs = fn.close()
    json_lines_ok(logs)
    assert any(json.loads(line)["level"] == "ERROR" and json.loads(line).get("requestId") == "boom" for line in logs)


def test_a_failing_handler_answers_its_failure(start):
    with start("test-fail") as fn:
        result = fn.call({}, context("f"))
        assert result["statusCode"] == 500 and body(result)["errorType"] == "test.failed"


def test_a_call_from_inside_a_running_event_loop_is_served(start):
    with MetadataEmulator("ok") as md, start("token-info", {"YC_METADATA_ADDR": md.address}) as fn:
        result = fn.request({"event": {}, "context": context("loop"), "in_loop": True})
        assert result["statusCode"] == 200 and body(result)["source"] == "metadata"
        assert body(fn.call({}, context("after")))["source"] == "cache"
        assert md.count() == 1
