"""The mapping of the platform's Python context and event, in this process (no wasm)."""

from __future__ import annotations

import math
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bindings-wasi" / "host"))
sys.path.insert(0, str(ROOT / "bindings-wasi" / "python-function"))
from ycfn_context import core_context  # noqa: E402
from ycfn_function import error_result, event_json  # noqa: E402


class Ctx:
    def __init__(self, **attrs):
        self.__dict__.update(attrs)


def test_fields_map_to_the_cores_names():
    token = {"access_token": "t1.x", "expires_in": 3600, "token_type": "Bearer"}
    ctx = Ctx(request_id="r1", function_name="f", function_version="v", memory_limit_in_mb=128, token=token,
              get_remaining_time_in_millis=lambda: 2500)
    out = core_context(ctx, now=1_000_000)
    assert out == {"requestId": "r1", "functionName": "f", "functionVersion": "v", "memoryLimitInMB": "128",
                   "token": token, "deadlineMs": 1_002_500}
    assert out["token"] is not token  # a copy: the core's view cannot change the platform's object


def test_absent_and_none_fields_are_left_out():
    assert core_context(None) == {}
    assert core_context(Ctx(request_id="r", token=None)) == {"requestId": "r"}


def test_deadline_from_remaining_time_else_deadline_ms():
    assert core_context(Ctx(get_remaining_time_in_millis=lambda: -5), now=100)["deadlineMs"] == 100
    assert core_context(Ctx(deadline_ms=12345), now=100)["deadlineMs"] == 12345
    broken = Ctx(get_remaining_time_in_millis=lambda: 1 / 0, deadline_ms=777)
    assert core_context(broken, now=100)["deadlineMs"] == 777
    for bad in (math.nan, math.inf, "5000", True, None):
        assert "deadlineMs" not in core_context(Ctx(get_remaining_time_in_millis=lambda v=bad: v), now=1)


def test_deadline_uses_the_clock_by_default():
    before = time.time_ns() // 1_000_000
    deadline = core_context(Ctx(get_remaining_time_in_millis=lambda: 3000))["deadlineMs"]
    assert before + 3000 <= deadline <= time.time_ns() // 1_000_000 + 3000


def test_token_that_is_not_a_dict_goes_to_the_core_as_it_is():
    assert core_context(Ctx(token="t1.raw"))["token"] == "t1.raw"


@pytest.mark.parametrize("event,text", [
    ({"a": "é"}, '{"a":"é"}'), ("hello", '"hello"'), (42, "42"), (None, "null"), ([1, {}], '[1,{}]'),
])
def test_event_is_passed_as_json(event, text):
    assert event_json(event) == text.encode()


def test_lone_surrogate_is_escaped_like_json_stringify():
    assert event_json({"s": "\ud800x"}) == b'{"s":"\\ud800x"}'


@pytest.mark.parametrize("event", [math.nan, b"bytes", {"s": {1, 2}}])
def test_what_json_cannot_express_is_refused(event):
    with pytest.raises((TypeError, ValueError)):
        event_json(event)


def test_error_result_has_the_platform_shape():
    result = error_result(400, "event.malformed", "m")
    assert result == {"statusCode": 400, "headers": {"Content-Type": "application/json"},
                      "body": '{"errorMessage":"m","errorType":"event.malformed"}', "isBase64Encoded": False}
