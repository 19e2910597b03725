"""(c) The reactor modules driven by the Python host (bindings-wasi/python-host/
ycfn_host) against a local metadata-service emulator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import (CONTEXT_TOKEN, HOST_DIR, ROOT, TEST_HANDLERS, example_modules, fixture_files, handler_module,
                      run_wasmtime)
from client import MetadataEmulator
from ycfn_host import ABI_EXPORTS, HostError, ModuleTrap, ReactorHost, http_fetch

PYTHON = sys.executable
# Looks like a real token and is unique enough to grep for in any output.
TOKEN = "t1.EMULATOR-TOKEN-9f3c2a7d41b84e6f.deadbeefcafef00d0123456789abcdef"
REDIRECT_TARGET = "/redirect-target"


class Captured:
    """A host whose log lines are kept for inspection."""

    def __init__(self, handler: str, env: dict) -> None:
        self.logs: list = []
        self.host = ReactorHost(handler_module(handler, reactor=True), env=env, log=self.logs.append)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.host.close()

    def text(self, responses) -> str:
        return json.dumps(responses) + "\n".join(self.logs)


def needs_token(env: dict) -> Captured:
    return Captured("needs-token", env)


def status_and_type(response: dict):
    body = json.loads(response["body"])
    return response["statusCode"], body.get("errorType", body.get("tokenSource"))


# --- loading ----------------------------------------------------------------------


REACTORS = [pytest.param(name, id=f"test-{name}") for name in TEST_HANDLERS]


@pytest.mark.parametrize("name", TEST_HANDLERS)
def test_reactor_exports_the_abi_and_version_1(name):
    import wasmtime

    engine = wasmtime.Engine()
    module = wasmtime.Module.from_file(engine, str(handler_module(name, reactor=True)))
    exports = {e.name for e in module.exports}
    assert set(ABI_EXPORTS) | {"memory", "_initialize"} <= exports
    assert "_start" not in exports
    with ReactorHost(handler_module(name, reactor=True), env={}) as host:
        assert host.stats.instances == 1


@pytest.mark.parametrize("name,command,reactor", example_modules(), ids=[e[0] for e in example_modules()])
def test_example_reactor_answers_like_its_command(name, command, reactor):
    event = next(p for p in fixture_files() if p.stem.startswith("http-")).read_bytes()
    context = {"requestId": "r1", "token": CONTEXT_TOKEN}
    with ReactorHost(reactor, env={}, log=lambda line: None) as host:
        response = host.invoke(event, context)
    proc = run_wasmtime(command, event, {"YCFN_CONTEXT": json.dumps(context)})
    assert proc.returncode == 0
    expected = json.loads(proc.stdout)
    if name == "token-info":
        # Its body has the token's expiry computed from each run's own clock
        # (whole seconds): the two runs may straddle a second boundary.
        got_body, want_body = json.loads(response.pop("body")), json.loads(expected.pop("body"))
        for key in ("expires_at", "seconds_left"):
            assert key in got_body and key in want_body
            got_body.pop(key), want_body.pop(key)
        assert got_body == want_body
    assert response == expected


def test_not_a_reactor_is_refused():
    with pytest.raises(HostError, match="missing exports"):
        ReactorHost(handler_module("echo"), env={})


# --- the same answers as the command module ---------------------------------------------


@pytest.mark.parametrize("fixture", fixture_files(), ids=[p.stem for p in fixture_files()])
def test_echo_reactor_matches_command_module(fixture):
    context = {"requestId": "r1", "functionName": "echo-fn", "functionVersion": "v1", "memoryLimitInMB": "128"}
    with ReactorHost(handler_module("echo", reactor=True), env={}, log=lambda line: None) as host:
        response = host.invoke(fixture.read_bytes(), context)
    proc = run_wasmtime(handler_module("echo"), fixture.read_bytes(), {"YCFN_CONTEXT": json.dumps(context)})
    expected = json.loads(proc.stdout)
    # The deadline echoed is each run's own clock plus the same budget: compared apart.
    bodies = [json.loads(r.pop("body")) for r in (response, expected)]
    for body in bodies:
        assert body["context"].pop("remainingMsAtStart") == 3000
        assert body["context"].pop("deadlineMs") > 0
    assert bodies[0] == bodies[1]
    assert response == expected


def test_bad_events_through_the_host():
    with ReactorHost(handler_module("echo", reactor=True), env={}, log=lambda line: None) as host:
        assert status_and_type(host.invoke(b"{nope"))[0] == 400
        assert status_and_type(host.invoke(b"[1]")) == (400, "event.malformed")
        assert status_and_type(host.invoke(
            {"httpMethod": "POST", "headers": {}, "body": "@@", "isBase64Encoded": True})) == (400, "event.bad_base64")


# --- tokens from the metadata service -----------------------------------------------------
# The token rules (cache, context token, retries, every metadata error) are the host
# contract: tests/conformance/run_reactor.py plays them here. What stays is this host's
# own plumbing: concurrent calls turn into one fetch step and wait steps (its stats).


@pytest.mark.parametrize("count", [2, 8])
def test_concurrent_invocations_share_one_fetch(count):
    with MetadataEmulator("ok", token=TOKEN) as md, needs_token({"YC_METADATA_ADDR": md.address}) as cap:
        responses = cap.host.invoke_concurrently([({}, {"requestId": f"c{i}"}) for i in range(count)])
        assert all(r["statusCode"] == 200 for r in responses), responses
        assert md.count() == 1
        stats = cap.host.stats
        assert (stats.fetch_steps, stats.wait_steps, stats.http_requests) == (1, count - 1, 1)
        sources = sorted(status_and_type(r)[1] for r in responses)
        assert sources.count("metadata") >= 1
        assert TOKEN not in cap.text(responses)


# --- the host's HTTP client ------------------------------------------------------------


def _fetch(md, **overrides):
    spec = {"id": 1, "method": "GET", "url": f"http://{md.address}/computeMetadata/v1/instance/service-accounts/default/token",
            "headers": [["Metadata-Flavor", "Google"]], "delay_ms": 0, "timeout_ms": 1000, "max_body_bytes": 65536}
    spec.update(overrides)
    return http_fetch(spec)


def test_http_fetch_does_not_follow_redirects():
    with MetadataEmulator("redirect", token=TOKEN) as md:
        result = _fetch(md)
        assert result["status"] == 302 and "location" in [name.lower() for name, _ in result["headers"]]
        assert md.count(REDIRECT_TARGET) == 0


def test_http_fetch_caps_the_body_and_times_out():
    with MetadataEmulator("huge", token=TOKEN) as md:
        assert _fetch(md)["error"] == "too_large"
        assert _fetch(md, max_body_bytes=200_000)["status"] == 200
    with MetadataEmulator("hang", token=TOKEN) as md:
        # The emulator never answers: only the 300 ms timeout can end the request.
        result = _fetch(md, timeout_ms=300)
        assert result["error"] == "timeout"


def test_http_fetch_errors_never_quote_the_reply():
    with MetadataEmulator("not-http", token=TOKEN) as md:
        result = _fetch(md)
        assert result["error"] == "network" and TOKEN not in result["message"]


# --- traps -------------------------------------------------------------------------


def test_trap_discards_the_instance_and_the_next_invocation_works():
    with ReactorHost(handler_module("trap", reactor=True), env={}, log=lambda line: None) as host:
        assert host.invoke({})["statusCode"] == 200
        with pytest.raises(ModuleTrap, match="unreachable"):
            host.invoke({"trap": True})
        assert host.invoke({})["statusCode"] == 200
        assert host.stats.instances == 2


def test_serve_answers_a_trap_like_the_node_host():
    logs: list = []
    with ReactorHost(handler_module("trap", reactor=True), env={}, log=logs.append) as host:
        assert host.serve({})["statusCode"] == 200
        answer = host.serve({"trap": True}, {"requestId": "r-trap"})
        assert host.serve({})["statusCode"] == 200
        assert (host.stats.traps, host.stats.instances) == (1, 2)
    # The Node host's shape (bindings-node/function-host/answers.js errorResult), key for key.
    assert list(answer) == ["statusCode", "headers", "body", "isBase64Encoded"]
    assert answer["statusCode"] == 500 and answer["headers"] == {"Content-Type": "application/json"}
    assert answer["isBase64Encoded"] is False
    body = json.loads(answer["body"])
    assert list(body) == ["errorMessage", "errorType"] and body["errorType"] == "ycfn.trap"
    assert body["errorMessage"].startswith("the handler's WebAssembly module failed: ") and "unreachable" in body["errorMessage"]
    errors = [json.loads(line) for line in logs if '"level":"ERROR"' in line]
    assert len(errors) == 1 and errors[0]["requestId"] == "r-trap" and "trapped" in errors[0]["msg"]


# --- the command line --------------------------------------------------------------


def test_host_cli_single_and_concurrent():
    with MetadataEmulator("ok", token=TOKEN) as md:
        env = {"YC_METADATA_ADDR": md.address, "PATH": "/usr/bin:/bin"}
        script = str(HOST_DIR / "ycfn_host")
        module = str(handler_module("needs-token", reactor=True))
        proc = subprocess.run([PYTHON, script, module, "--context", '{"requestId":"cli"}'], input=b"{}",
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["statusCode"] == 200
        proc = subprocess.run([PYTHON, script, module, "--concurrent", "5"], input=b"{}",
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.splitlines()) == 5
        assert b"5 invocations, 1 fetch steps, 4 wait steps, 1 HTTP requests" in proc.stderr
        assert md.count() == 2  # one per process
        assert TOKEN.encode() not in proc.stdout + proc.stderr


def test_host_cli_jsonl_and_misuse():
    script = str(HOST_DIR / "ycfn_host")
    module = str(handler_module("echo", reactor=True))
    proc = subprocess.run([PYTHON, script, module, "--jsonl"], input=b'{"a":1}\nnope\n{"b":2}', capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    statuses = [json.loads(line)["statusCode"] for line in proc.stdout.splitlines()]
    assert statuses == [200, 400, 200]
    # A malformed context is judged by the core, as on every host: a 500 answer, exit 0.
    proc = subprocess.run([PYTHON, script, module, "--context", "{bad"], input=b"{}", capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["statusCode"] == 500 and json.loads(answer["body"])["errorType"] == "context.malformed"
    # So is a malformed YCFN_TIMEOUT_MS (--timeout-ms sets it).
    proc = subprocess.run([PYTHON, script, module, "--timeout-ms", "3s"], input=b"{}", capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(json.loads(proc.stdout)["body"])["errorType"] == "config.bad_timeout"


def test_host_cli_jsonl_isolates_traps():
    """An untrusted batch: every trapping line is answered 500 ycfn.trap, and the
    lines after it run on a fresh instance (wasmtime run --jsonl stops there)."""
    script = str(HOST_DIR / "ycfn_host")
    module = str(handler_module("trap", reactor=True))
    lines = [b"{}", b'{"trap":true}', b"{}", b"nope", b'{"trap":true}', b'{"trap":true}', b"{}"]
    proc = subprocess.run([PYTHON, script, module, "--jsonl"], input=b"\n".join(lines), capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert [a["statusCode"] for a in answers] == [200, 500, 200, 400, 500, 500, 200]
    assert [json.loads(answers[i]["body"])["errorType"] for i in (1, 4, 5)] == ["ycfn.trap"] * 3
    errors = [json.loads(line) for line in proc.stderr.splitlines() if b'"level":"ERROR"' in line]
    assert [e["requestId"] for e in errors] == ["batch-2", "batch-5", "batch-6"]


def test_host_cli_concurrent_answers_traps():
    script = str(HOST_DIR / "ycfn_host")
    module = str(handler_module("trap", reactor=True))
    proc = subprocess.run([PYTHON, script, module, "--concurrent", "3"], input=b'{"trap":true}', capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(a["statusCode"], json.loads(a["body"])["errorType"]) for a in answers] == [(500, "ycfn.trap")] * 3
