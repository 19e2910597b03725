"""Command-module runs shared by the wasmtime CLI tests and the node:wasi
comparison: each case is one process (module, arguments, environment, stdin)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Optional

from conftest import CONTEXT_TOKEN, HANDLERS, example_modules, fixture_files

CONTEXT = {"requestId": "r1", "functionName": "echo-fn", "functionVersion": "v1", "memoryLimitInMB": "128"}


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    module: Path
    stdin: bytes = b""
    env: Optional[dict] = None
    args: tuple = ()
    # The output depends on the wall clock (e.g. a token's expiry time), so
    # two runs can differ in their digits.
    clock_dependent: bool = False


def _ctx(**extra) -> dict:
    return {"YCFN_CONTEXT": json.dumps(dict(CONTEXT, **extra))}


def handler_path(name: str) -> Path:
    return HANDLERS / f"test-{name}.wasm"


def batch_input() -> bytes:
    """Good and bad lines; the last one has no newline."""
    lines = [
        b'{"httpMethod":"GET","headers":{},"body":""}',
        b'{"httpMethod":',                       # invalid JSON
        b'[1,2,3]',                              # not an object
        b'',                                     # empty line
        b'"just a string"',
        b'{"httpMethod":"POST","headers":{},"body":"!!!","isBase64Encoded":true}',  # bad base64
        b'{"messages":[]}\r',                    # CRLF line ending
        b'{"last":"no newline"}',
    ]
    return b"\n".join(lines)


def long_batch_input() -> bytes:
    """A 1.5 MB line between two short ones, the last without its newline."""
    big = json.dumps({"httpMethod": "POST", "headers": {}, "body": "x" * 1_500_000}).encode()
    return b'{"n":1}\n' + big + b'\n{"n":3}'


def many_lines_input() -> bytes:
    """500 lines of about 1 KB (several reads of stdin), each with its newline."""
    return b"".join(json.dumps({"n": i, "pad": "p" * 1000}).encode() + b"\n" for i in range(1, 501))


def command_cases() -> list:
    echo = handler_path("echo")
    cases = []
    for path in fixture_files():
        cases.append(Case(f"echo-fixture-{path.stem}", echo, path.read_bytes(), _ctx()))
    cases += [
        Case("echo-no-context", echo, b'{"httpMethod":"GET","headers":{}}'),
        Case("echo-invalid-json", echo, b'{"httpMethod": "GET", ', _ctx()),
        Case("echo-non-object-array", echo, b"[1, 2]", _ctx()),
        Case("echo-non-object-number", echo, b"42", _ctx()),
        Case("echo-empty-stdin", echo, b"", _ctx()),
        Case("echo-missing-headers", echo, b'{"httpMethod":"GET","body":"hi","isBase64Encoded":false}', _ctx()),
        Case("echo-headers-wrong-type", echo, b'{"httpMethod":"GET","headers":"nope","body":""}', _ctx()),
        Case("echo-bad-base64", echo,
             b'{"httpMethod":"POST","headers":{},"body":"%%% not base64 %%%","isBase64Encoded":true}', _ctx()),
        Case("echo-big-event", echo,
             json.dumps({"httpMethod": "POST", "headers": {}, "body": "y" * 1_200_000}).encode(), _ctx()),
        # echo answers the body twice (event + decoded body): 4 MB, over the 3.5 MB limit.
        Case("echo-response-too-large", echo,
             json.dumps({"httpMethod": "POST", "headers": {}, "body": "z" * 2_000_000}).encode(), _ctx()),
        Case("echo-batch", echo, batch_input(), _ctx(), ("--jsonl",)),
        Case("echo-batch-no-request-id", echo, b'{"a":1}\n{"b":2}\n', None, ("--jsonl",)),
        Case("echo-batch-long-line", echo, long_batch_input(), _ctx(), ("--jsonl",)),
        Case("echo-batch-empty-input", echo, b"", _ctx(), ("--jsonl",)),
        Case("echo-batch-many-lines", echo, many_lines_input(), _ctx(), ("--jsonl",)),
        Case("echo-help", echo, b"", None, ("--help",)),
        Case("echo-version", echo, b"", None, ("--version",)),
        Case("echo-unknown-option", echo, b"{}", None, ("--frobnicate",)),
        Case("echo-stray-argument", echo, b"{}", None, ("event.json",)),
        Case("echo-malformed-context", echo, b"{}", {"YCFN_CONTEXT": '{"requestId": "r1"'}),
        Case("echo-context-not-object", echo, b"{}", {"YCFN_CONTEXT": '["r1"]'}),
        Case("echo-bad-deadline", echo, b"{}", {"YCFN_CONTEXT": '{"deadlineMs": "soon"}'}),
        Case("echo-bad-timeout", echo, b"{}", {"YCFN_TIMEOUT_MS": "3s"}),
        Case("needs-token-from-context", handler_path("needs-token"), b"{}", _ctx(token=CONTEXT_TOKEN)),
        Case("needs-token-missing", handler_path("needs-token"), b"{}", _ctx()),
        Case("needs-token-bad-context-token", handler_path("needs-token"), b"{}",
             _ctx(token={"access_token": "has space", "expires_in": 3600, "token_type": "Bearer"})),
        Case("fail-default", handler_path("fail"), b"{}", _ctx()),
        Case("fail-503", handler_path("fail"), b'{"status": 503}', _ctx()),
        Case("trap-not-requested", handler_path("trap"), b'{"trap": false}', _ctx()),
        Case("trap-requested", handler_path("trap"), b'{"trap": true}', _ctx()),
        Case("trap-batch", handler_path("trap"), b'{}\n{"trap":true}\n{}\n', _ctx(), ("--jsonl",)),
    ]
    http_fixture = next((p for p in fixture_files() if p.stem.startswith("http-")), None)
    timer_fixture = next((p for p in fixture_files() if p.stem.startswith("timer")), None)
    for name, command, _reactor in example_modules():
        for label, path in (("http", http_fixture), ("timer", timer_fixture)):
            if path is not None:
                cases.append(Case(f"example-{name}-{label}", command, path.read_bytes(), _ctx()))
        cases.append(Case(f"example-{name}-with-token", command, b"{}", _ctx(token=CONTEXT_TOKEN),
                          clock_dependent=True))
    # echo reports its deadline (now + YCFN_TIMEOUT_MS without a context deadline)
    # and needs-token when it got its token: their digits depend on the clock.
    clocked = (echo, handler_path("needs-token"))
    cases = [dataclasses.replace(c, clock_dependent=True) if c.module in clocked else c for c in cases]
    return cases


_RESULTS: dict = {}


def run_case_wasmtime(case: Case):
    """Runs a case under the wasmtime CLI once per session (the node:wasi
    comparison reuses the result)."""
    from conftest import run_wasmtime

    if case.id not in _RESULTS:
        _RESULTS[case.id] = run_wasmtime(case.module, case.stdin, case.env, case.args)
    return _RESULTS[case.id]


def case_by_id(case_id: str) -> Case:
    for case in command_cases():
        if case.id == case_id:
            return case
    raise KeyError(case_id)
