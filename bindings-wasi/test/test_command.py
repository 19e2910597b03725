"""(a) The command modules under the real wasmtime CLI (`wasmtime run`)."""

from __future__ import annotations

import json
import os
import re
import select
import stat
import subprocess
import time
from pathlib import Path

import pytest

from cases import CONTEXT, case_by_id, command_cases, run_case_wasmtime
from conftest import (ROOT, TEST_HANDLERS, WASMTIME, error_body, example_modules, fixture_files,
                      handler_module, one_response, run_wasmtime)


def run_case(case_id: str) -> subprocess.CompletedProcess:
    case = case_by_id(case_id)
    if not case.module.is_file():
        pytest.fail(f"{case.module} is missing: build the wasi preset first")
    return run_case_wasmtime(case)


def stderr_lines(proc) -> list:
    return [line for line in proc.stderr.decode("utf-8", "replace").split("\n") if line]


def body_of(response: dict) -> dict:
    return json.loads(response["body"])


# --- the modules exist ------------------------------------------------------------


@pytest.mark.parametrize("name", TEST_HANDLERS)
def test_handler_built_as_command_and_reactor(name):
    assert handler_module(name).stat().st_size > 0
    assert handler_module(name, reactor=True).stat().st_size > 0


@pytest.mark.parametrize("name,command,reactor", example_modules(), ids=[e[0] for e in example_modules()])
def test_example_built_as_command_and_reactor(name, command, reactor):
    assert command.is_file() and reactor.is_file(), name


# --- events through echo -----------------------------------------------------------


@pytest.mark.parametrize("fixture", fixture_files(), ids=[p.stem for p in fixture_files()])
def test_fixture_through_echo(fixture):
    proc = run_case(f"echo-fixture-{fixture.stem}")
    response = one_response(proc)
    assert response["statusCode"] == 200
    body = body_of(response)
    assert body["event"] == json.loads(fixture.read_bytes())
    expected = {
        "requestId": "r1", "functionName": "echo-fn", "functionVersion": "v1", "memoryLimitInMB": "128",
        "hasDeadline": True, "hasToken": False,
    }
    assert {k: body["context"][k] for k in expected} == expected
    if fixture.stem == "http-post-curl-docs":
        assert body["kind"] == "http"
        assert body["http"]["method"] == "POST"
        assert body["http"]["body"] == "hello, world!" and body["http"]["wasBase64"] is True
    # The handler's log record goes to stderr, with the request id.
    logs = [json.loads(line) for line in stderr_lines(proc)]
    assert any(rec.get("msg") == "echo: answering" and rec.get("requestId") == "r1" for rec in logs), logs


def test_echo_without_context_defaults():
    response = one_response(run_case("echo-no-context"))
    assert response["statusCode"] == 200
    context = body_of(response)["context"]
    assert context["hasToken"] is False and context["hasDeadline"] is True


@pytest.mark.parametrize("case_id,error_type", [
    ("echo-invalid-json", "event.malformed"),
    ("echo-non-object-array", "event.malformed"),
    ("echo-non-object-number", "event.malformed"),
    ("echo-empty-stdin", "event.malformed"),
    ("echo-headers-wrong-type", "event.malformed"),
    ("echo-bad-base64", "event.bad_base64"),
])
def test_bad_event_is_a_400_response_and_exit_0(case_id, error_type):
    response = one_response(run_case(case_id))
    assert response["statusCode"] == 400
    assert error_body(response)["errorType"] == error_type


def test_http_event_without_headers_is_accepted():
    response = one_response(run_case("echo-missing-headers"))
    assert response["statusCode"] == 200
    assert body_of(response)["http"]["body"] == "hi"


def test_big_event():
    response = one_response(run_case("echo-big-event"))
    assert response["statusCode"] == 200
    assert body_of(response)["http"]["bodySize"] == 1_200_000


def test_response_over_the_platform_limit_is_a_500():
    response = one_response(run_case("echo-response-too-large"))
    assert response["statusCode"] == 500
    assert error_body(response)["errorType"] == "response.too_large"


# --- tokens ------------------------------------------------------------------------
# The context token (used, redacted, refused when malformed) is the host contract:
# tests/conformance/run-wasi-command.js plays token.json here. What stays is the whole
# hint this host gives when no token can be had (the vector checks one word of it).


def test_needs_token_without_token_is_502_token_missing_with_a_hint():
    proc = run_case("needs-token-missing")
    response = one_response(proc)
    assert response["statusCode"] == 502
    body = error_body(response)
    assert body["errorType"] == "token.missing"
    message = body["errorMessage"]
    # Actionable: says where the token goes and how to get one on a VM.
    assert "YCFN_CONTEXT" in message and "token" in message
    assert "Metadata-Flavor" in message and "169.254.169.254" in message


# --- failures and traps -------------------------------------------------------------


@pytest.mark.parametrize("case_id,status", [("fail-default", 500), ("fail-503", 503)])
def test_handler_failure_is_exit_0(case_id, status):
    response = one_response(run_case(case_id))
    assert response["statusCode"] == status
    assert error_body(response)["errorType"] == "test.failed"


def test_trap_handler_without_trap_answers():
    response = one_response(run_case("trap-not-requested"))
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"ok": True, "callsInThisInstance": 1}


def test_trap_is_a_nonzero_exit_with_a_one_line_reason():
    proc = run_case("trap-requested")
    assert proc.returncode != 0
    assert proc.stdout == b""
    reasons = [line for line in stderr_lines(proc) if "wasm trap:" in line]
    assert len(reasons) == 1 and "unreachable" in reasons[0], proc.stderr.decode(errors="replace")


def test_trap_in_batch_mode_ends_the_stream_after_the_answered_lines():
    proc = run_case("trap-batch")
    assert proc.returncode != 0
    assert proc.stdout.count(b"\n") == 1
    assert json.loads(proc.stdout)["statusCode"] == 200


# --- batch mode ------------------------------------------------------------------


def test_batch_answers_every_line_in_order():
    proc = run_case("echo-batch")
    assert proc.returncode == 0, proc.stderr
    case = case_by_id("echo-batch")
    lines = proc.stdout.split(b"\n")
    assert lines[-1] == b""
    responses = [json.loads(line) for line in lines[:-1]]
    assert len(responses) == len(case.stdin.split(b"\n")) == 8
    assert [r["statusCode"] for r in responses] == [200, 400, 400, 400, 400, 400, 200, 200]
    assert [error_body(r)["errorType"] for r in responses[1:6]] == [
        "event.malformed", "event.malformed", "event.malformed", "event.malformed", "event.bad_base64"]
    assert body_of(responses[0])["context"]["requestId"] == "r1-1"
    assert body_of(responses[6])["context"]["requestId"] == "r1-7"
    assert body_of(responses[7])["event"] == {"last": "no newline"}
    assert body_of(responses[7])["context"]["requestId"] == "r1-8"
    # Log records carry the per-line request id too.
    ids = {json.loads(line).get("requestId") for line in stderr_lines(proc)}
    assert {"r1-1", "r1-2", "r1-8"} <= ids


def test_batch_request_ids_default_to_batch():
    proc = run_case("echo-batch-no-request-id")
    assert proc.returncode == 0
    ids = [body_of(json.loads(line))["context"]["requestId"] for line in proc.stdout.splitlines()]
    assert ids == ["batch-1", "batch-2"]


def test_batch_long_line_and_final_line_without_newline():
    proc = run_case("echo-batch-long-line")
    assert proc.returncode == 0, proc.stderr[-500:]
    responses = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["statusCode"] for r in responses] == [200, 200, 200]
    assert body_of(responses[1])["http"]["bodySize"] == 1_500_000
    assert body_of(responses[2])["event"] == {"n": 3}


def test_batch_many_lines_across_reads():
    """Lines split across stdin reads; the final newline adds no line."""
    proc = run_case("echo-batch-many-lines")
    assert proc.returncode == 0, proc.stderr[-500:]
    responses = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(responses) == 500
    assert [body_of(r)["event"]["n"] for r in responses] == list(range(1, 501))
    assert body_of(responses[-1])["context"]["requestId"] == "r1-500"


def test_batch_empty_input_prints_nothing():
    proc = run_case("echo-batch-empty-input")
    assert proc.returncode == 0 and proc.stdout == b""


def test_batch_streams_one_answer_per_line_before_input_ends():
    """A line is answered as soon as it is read, not at the end of input."""
    proc = subprocess.Popen([str(WASMTIME), "run", str(handler_module("echo")), "--jsonl"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read_line(timeout: float) -> bytes:
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        assert ready, f"no answer within {timeout} s while the input stays open"
        return proc.stdout.readline()

    try:
        proc.stdin.write(b'{"n":1}\n')
        proc.stdin.flush()
        assert json.loads(read_line(30))["statusCode"] == 200
        proc.stdin.write(b'{"n":2}\n')
        proc.stdin.close()
        assert json.loads(read_line(30))["statusCode"] == 200
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


# --- options and misuse -----------------------------------------------------------


def test_help():
    proc = run_case("echo-help")
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert text.startswith("usage: wasmtime run")
    for word in ("--jsonl", "YCFN_CONTEXT", "YCFN_TIMEOUT_MS", "exit status"):
        assert word in text


def test_version():
    header = (ROOT / "core" / "include" / "ycfn" / "ycfn.h").read_text()
    version = re.search(r"#define YCFN_ABI_VERSION (\d+)", header).group(1)
    proc = run_case("echo-version")
    assert proc.returncode == 0 and f"C ABI {version}\n".encode() in proc.stdout


@pytest.mark.parametrize("case_id,needle", [
    ("echo-unknown-option", "--frobnicate"),
    ("echo-stray-argument", "event.json"),
])
def test_misuse_is_exit_2_with_one_line(case_id, needle):
    proc = run_case(case_id)
    assert proc.returncode == 2
    assert proc.stdout == b""
    lines = stderr_lines(proc)
    assert len(lines) == 1 and lines[0].startswith("ycfn: ") and needle in lines[0], lines


@pytest.mark.parametrize("case_id,error_type,needle", [
    ("echo-malformed-context", "context.malformed", "not valid JSON"),
    ("echo-context-not-object", "context.malformed", "not an object"),
    ("echo-bad-deadline", "context.bad_deadline", "deadlineMs"),
    ("echo-bad-timeout", "config.bad_timeout", "YCFN_TIMEOUT_MS"),
])
def test_malformed_context_deadline_or_timeout_is_a_500_answer(case_id, error_type, needle):
    """The host contract: the core judges them, and every host answers the same
    500 (exit 0: a response was printed)."""
    proc = run_case(case_id)
    assert proc.returncode == 0
    response = one_response(proc)
    assert response["statusCode"] == 500
    body = json.loads(response["body"])
    assert body["errorType"] == error_type
    assert needle in body["errorMessage"]


def test_timeout_env_and_deadline_accepted():
    echo = handler_module("echo")
    proc = run_wasmtime(echo, b"{}", {"YCFN_TIMEOUT_MS": "1500"})
    assert one_response(proc)["statusCode"] == 200
    deadline = int(time.time() * 1000) + 60_000
    proc = run_wasmtime(echo, b"{}", {"YCFN_CONTEXT": json.dumps({"requestId": "d", "deadlineMs": deadline})})
    assert one_response(proc)["statusCode"] == 200


# --- examples --------------------------------------------------------------------


EXAMPLE_CASES = [c.id for c in command_cases() if c.id.startswith("example-")]


@pytest.mark.parametrize("case_id", EXAMPLE_CASES)
def test_example_answers_one_line(case_id):
    response = one_response(run_case(case_id))
    if "isAuthorized" in response:  # a function authorizer's answer, not an HTTP result
        assert response == {"context": {}, "isAuthorized": False}  # no Bearer credential in these events
        return
    assert 200 <= response["statusCode"] <= 599


# --- the README's one-liner for a Yandex Compute VM ------------------------------


def test_vm_one_liner_quoting(tmp_path):
    """Runs the exact command line of bindings-wasi/README.md with a stand-in
    for curl that prints a metadata-service reply."""
    readme = (ROOT / "bindings-wasi" / "README.md").read_text()
    line = next(l.strip() for l in readme.splitlines()
                if l.strip().startswith("wasmtime run --env YCFN_CONTEXT=") and "curl -sf" in l)
    module = ROOT / "build" / "wasi" / "examples" / "metadata-token" / "metadata-token.wasm"
    documented_module = "build/wasi/examples/metadata-token/metadata-token.wasm"
    assert documented_module in line
    if not module.is_file():
        module = handler_module("needs-token")
    line = line.replace(documented_module, str(module))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake_curl = bindir / "curl"
    reply = json.dumps({"access_token": "t1.VM-ONELINER-TOKEN.0123456789abcdef", "expires_in": 43000,
                        "token_type": "Bearer"})
    fake_curl.write_text(f"#!/bin/sh\n# stand-in for curl -sf -H Metadata-Flavor:Google <url>\n"
                         f"printf '%s' '{reply}'\n")
    fake_curl.chmod(fake_curl.stat().st_mode | stat.S_IEXEC)
    (bindir / "wasmtime").symlink_to(WASMTIME)
    (tmp_path / "event.json").write_text("{}")
    env = dict(os.environ, PATH=f"{bindir}:{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, timeout=60)
    response = one_response(proc)
    assert response["statusCode"] == 200, response
