"""The mapping of the platform's Python context and event, in this process (no wasm)."""

from __future__ import annotations

import json
import math
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bindings-wasi" / "python-host"))
sys.path.insert(0, str(ROOT / "bindings-wasi" / "python-function"))
from ycfn_context import core_context  # noqa: E402
from ycfn_function import Function, error_result, event_json  # noqa: E402


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


def test_fields_added_later_reach_the_core_under_their_own_names():
    # The platform's newer function_folder_id, AWS-style aliases, anything JSON can hold.
    ctx = Ctx(request_id="r1", function_folder_id="b1g-folder", aws_request_id="r1", invoked_function_arn="arn",
              custom={"list": [1, "two", None, True], "n": 1.5}, count=3, flag=False,
              get_remaining_time_in_millis=lambda: 100)
    assert core_context(ctx, now=1000) == {"requestId": "r1", "function_folder_id": "b1g-folder",
                                            "aws_request_id": "r1", "invoked_function_arn": "arn",
                                            "custom": {"list": [1, "two", None, True], "n": 1.5}, "count": 3,
                                            "flag": False, "deadlineMs": 1100}


class PlatformLikeContext:
    """Fields as properties and slots, as a runtime's own class may hold them."""

    __slots__ = ("request_id", "_secret")
    kind = "class attribute"

    def __init__(self):
        self.request_id = "r1"
        self._secret = "private"

    @property
    def function_folder_id(self):
        return "b1g-folder"

    @property
    def broken(self):
        raise RuntimeError("a property that raises")

    def get_payload(self):
        return {"not": "data"}


def test_other_fields_are_read_from_properties_and_slots_and_methods_are_not():
    assert core_context(PlatformLikeContext(), now=1) == {"requestId": "r1", "function_folder_id": "b1g-folder",
                                                          "kind": "class attribute"}


def test_other_fields_never_replace_what_the_core_reads():
    # A later field spelled like a core name is not taken: the mapped fields are the core's.
    ctx = Ctx(request_id="r1", requestId="other", deadlineMs="soon", token=None, functionName=7,
              deadline_ms=555)
    assert core_context(ctx, now=1) == {"requestId": "r1", "deadlineMs": 555}


def test_other_fields_json_cannot_express_or_none_are_left_out():
    ctx = Ctx(request_id="r1", nan=math.nan, raw=b"bytes", a_set={1}, nothing=None, ok="yes")
    assert core_context(ctx, now=1) == {"requestId": "r1", "ok": "yes"}


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
    result = error_result("UNSERIALIZABLE_EVENT")
    assert result == {"statusCode": 400, "headers": {"Content-Type": "application/json"},
                      "body": '{"errorMessage":"the event cannot be serialized as JSON","errorType":"event.malformed"}',
                      "isBase64Encoded": False}


def test_a_host_error_is_answered_host_error_with_its_record_and_the_function_keeps_serving(unpacked):
    # The host failing inside an invocation (not the module trapping): a 500
    # ycfn.host_error that quotes nothing, the reason in one ERROR record.
    lines = []
    fn = Function(str(unpacked["test-echo"]), log=lines.append)
    serve = fn._host.serve

    def broken(*_args, **_kwargs):
        raise RuntimeError("the step loop broke\nsecond line")

    fn._host.serve = broken
    result = fn.handle({}, Ctx(request_id="he1", get_remaining_time_in_millis=lambda: 5000))
    assert result["statusCode"] == 500
    assert json.loads(result["body"]) == {"errorMessage": "internal error in the ycfn Python host",
                                          "errorType": "ycfn.host_error"}
    records = [json.loads(line) for line in lines]
    assert {"level": "ERROR", "requestId": "he1",
            "msg": "internal error in the ycfn Python host (RuntimeError: the step loop broke)"} in records
    fn._host.serve = serve
    assert fn.handle({"x": 1}, Ctx(request_id="he2", get_remaining_time_in_millis=lambda: 5000))["statusCode"] == 200
