"""(d) The WASI 0.2 components under the real wasmtime CLI: <name>.http.wasm under
`wasmtime serve` (real HTTP requests on a free loopback port) and <name>.cli.wasm
under `wasmtime run -S http`, against the loopback metadata emulator. Bad input
gets the answers the Node and reactor hosts give (test_reactor_host.py's table),
and the server keeps serving."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import socket
import subprocess
import threading
from pathlib import Path
from typing import Optional

import pytest

from conftest import EXAMPLES, HANDLERS, ROOT, WASMTIME, error_body, one_response, run
from client import MetadataEmulator, shared

# The token the metadata emulator hands out in these tests (set per test with
# MetadataEmulator(..., token=TOKEN)); its text must never show up in output.
TOKEN = "t1.COMPONENT-TOKEN-7d3a9e41.abcdefABCDEF0123456789"

# Upper bound for a server to start or a request to come back; only a failure
# ever waits this long.
PATIENCE = 60


def component(name: str, kind: str) -> Path:
    folder = EXAMPLES / name if (EXAMPLES / name).is_dir() else HANDLERS
    stem = name if folder != HANDLERS else f"test-{name}"
    path = folder / f"{stem}.{kind}.wasm"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/setup.sh, then build the wasi preset")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`wasmtime serve -S cli --addr 127.0.0.1:<free port> <component>`, ready when
    wasmtime says it is serving; its stderr (wasmtime's and the guest's log
    lines) is kept in `lines`."""

    def __init__(self, module: Path, env: Optional[dict] = None, reuse: Optional[int] = None) -> None:
        self.module, self.env, self.reuse = module, env or {}, reuse
        self.lines: list = []
        self.proc: Optional[subprocess.Popen] = None

    def __enter__(self) -> "Serve":
        for _ in range(3):  # another process may take the port between free_port() and bind
            self.port = free_port()
            cmd = [str(WASMTIME), "serve", "-S", "cli", "--addr", f"127.0.0.1:{self.port}"]
            if self.reuse:
                cmd += ["--max-instance-reuse-count", str(self.reuse)]
            for name, value in self.env.items():
                cmd += ["--env", f"{name}={value}"]
            self.proc = subprocess.Popen(cmd + [str(self.module)], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            ready = threading.Event()
            threading.Thread(target=self._drain, args=(ready,), daemon=True).start()
            ready.wait(PATIENCE)
            if self.serving:
                return self
            self.proc.wait(PATIENCE)
        raise AssertionError("wasmtime serve did not start: " + "\n".join(self.lines[-20:]))

    def _drain(self, ready: threading.Event) -> None:
        assert self.proc and self.proc.stderr
        for raw in self.proc.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            self.lines.append(line)
            if "Serving HTTP on" in line:
                self.serving = True
                ready.set()
        ready.set()  # the process ended

    serving = False

    def __exit__(self, *exc) -> None:
        assert self.proc
        self.proc.terminate()
        self.proc.wait(PATIENCE)

    def request(self, method: str = "GET", path: str = "/", body: bytes = b"", headers: Optional[dict] = None):
        """(status, headers {lower name: value}, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=PATIENCE)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def post_too_large(self, body: bytes) -> bytes:
        """POSTs `body`, reading the answer while it is still being sent: a server may
        answer 413 as soon as the body passes the limit and close the connection
        without reading the rest, so the send may fail (a broken pipe or a reset)
        after the answer has arrived. Returns (status, body) of that answer."""
        head = (f"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=PATIENCE) as s:
            def send() -> None:
                try:
                    s.sendall(head + body)
                except OSError:
                    pass  # the server answered and closed before taking all of it
            sender = threading.Thread(target=send)
            sender.start()
            out = b""
            try:
                while chunk := s.recv(65536):
                    out += chunk
            except ConnectionResetError:
                pass  # the close after the answer
            sender.join(PATIENCE)
        # http.client parses the answer (chunked or not) from the bytes received.
        answer = http.client.HTTPResponse(_Received(out))
        answer.begin()
        return answer.status, answer.read()

    def raw(self, data: bytes) -> bytes:
        """Sends bytes as they are; what came back before the server closed (the
        request says `Connection: close`, or is one the server refuses). No
        half-close: hyper drops a connection whose client stopped sending."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=PATIENCE) as s:
            s.sendall(data)
            out = b""
            while chunk := s.recv(65536):
                out += chunk
            return out


class _Received:
    """Bytes already received, shaped as the socket http.client.HTTPResponse reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, *_args, **_kwargs) -> io.BytesIO:
        return io.BytesIO(self._data)


def json_body(body: bytes) -> dict:
    value = json.loads(body)
    assert isinstance(value, dict), value
    return value


# --- wasmtime serve: http-echo -----------------------------------------------------------


@pytest.fixture(scope="module")
def echo_server():
    with Serve(component("http-echo", "http")) as server:
        yield server


def test_http_echo_get_with_query_and_headers(echo_server):
    status, headers, body = echo_server.request("GET", "/some/path?x=1&x=2&y=a%20b", headers={"X-Custom": "v1"})
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    echo = json_body(body)
    assert echo["method"] == "GET" and echo["path"] == "/some/path"
    assert echo["query"] == {"x": ["1", "2"], "y": ["a b"]}
    assert echo["headers"]["X-Custom"] == ["v1"]
    # The core's choice C5 (as `ycfn serve` answers): an empty body is base64 too.
    assert echo["body_size"] == 0 and echo["body_was_base64"] is True
    # The platform's request id reaches the handler as a header and as the context's id.
    assert echo["headers"]["X-Request-Id"] == [echo["request_id"]] and len(echo["request_id"]) == 36


def test_http_echo_post_json_is_text_other_bodies_base64(echo_server):
    status, _, body = echo_server.request("POST", "/", b'{"a": 1}', {"Content-Type": "application/json"})
    assert status == 200 and json_body(body)["body_size"] == 8 and json_body(body)["body_was_base64"] is False
    status, _, body = echo_server.request("POST", "/", b"a=1&b=2", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json_body(body)["body_size"] == 7 and json_body(body)["body_was_base64"] is True


def test_raw_integration_hands_the_body_over_as_the_event(echo_server):
    status, headers, body = echo_server.request("POST", "/?integration=raw", b'{"httpMethod": "PUT", "body": "hi"}',
                                                {"Content-Type": "application/json"})
    assert status == 200 and headers["content-type"] == "application/json"
    result = json.loads(body)  # the function's result, as it returned it
    assert json.loads(result["body"])["method"] == "PUT"


def test_http_echo_strips_authorization_and_cookie(echo_server):
    status, _, body = echo_server.request("GET", "/", headers={"Authorization": "Bearer secret", "Cookie": "a=b"})
    assert status == 200
    names = {name.lower() for name in json_body(body)["headers"]}
    assert "authorization" not in names and "cookie" not in names


def test_http_echo_repeated_headers_keep_every_value(echo_server):
    data = (b"GET / HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nX-Multi: two\r\nConnection: close\r\n\r\n")
    reply = echo_server.raw(data)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), reply[:200]
    assert json_body(body)["headers"]["X-Multi"] == ["one", "two"]


def test_request_over_the_platform_limit_is_413_and_the_server_keeps_serving(echo_server):
    status, body = echo_server.post_too_large(b"x" * 3_500_001)
    assert status == 413
    assert error_body({"body": body})["errorType"] == "RequestTooLarge"
    status, _, body = echo_server.request("POST", "/", b"x" * 1000, {"Content-Type": "text/plain"})
    assert status == 200 and json_body(body)["body_size"] == 1000


@pytest.mark.parametrize("data", [
    pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: v\r\n\r\n", id="space-in-name"),
    pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", id="no-colon"),
    pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", id="bad-content-length"),
    pytest.param(b"\x00\x01\x02 not http\r\n\r\n", id="not-http"),
])
def test_malformed_requests_are_refused_and_the_server_keeps_serving(echo_server, data):
    # wasmtime's HTTP server (hyper) answers these itself; the guest never sees them.
    reply = echo_server.raw(data)
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:200]
    status, _, _ = echo_server.request("GET", "/after")
    assert status == 200


def test_header_value_that_is_not_utf8_reaches_the_handler_replaced(echo_server):
    reply = echo_server.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Latin: caf\xe9\r\nConnection: close\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), reply[:200]
    assert json_body(body)["headers"]["X-Latin"] == ["caf\ufffd"]


def test_serve_without_s_cli_refuses_to_start():
    # The component reads its environment (wasi:cli/environment): `-S cli` is required.
    proc = run([str(WASMTIME), "serve", "--addr", f"127.0.0.1:{free_port()}", str(component("http-echo", "http"))])
    assert proc.returncode != 0 and b"wasi:cli/environment" in proc.stderr


# --- wasmtime serve: tokens from the metadata service --------------------------------------
# The token rules (cache, context token, every metadata error, on serve and on run -S http)
# are the host contract: tests/conformance/run-wasi-components.js plays them on both. What
# stays is how wasmtime serve's instance reuse decides the number of token fetches (the
# conformance vectors that count on one instance are not applicable to serve).


# wasmtime serve hands a request to an idle instance, and starts a new one when none
# is; an instance is idle again only after its answer has reached the client, so
# under load a call can get a new instance (with an empty token cache) although the
# previous one is kept. A kept instance shows as calls served without a request.


def test_metadata_token_kept_instance_reuses_its_token():
    with MetadataEmulator("ok", token=TOKEN) as md, \
            Serve(component("metadata-token", "http"), {"YC_METADATA_ADDR": md.address}, reuse=1000) as server:
        for _ in range(5):
            status, _, body = server.request()
            assert status == 200, body
            token = json.loads(body)
            assert token["access_token"] == TOKEN and token["token_type"] == "Bearer"
        assert 1 <= md.count() < 5
        assert TOKEN not in "\n".join(server.lines)


def test_metadata_token_new_instance_per_request_fetches_each_time():
    with MetadataEmulator("ok", token=TOKEN) as md, \
            Serve(component("metadata-token", "http"), {"YC_METADATA_ADDR": md.address}) as server:
        for _ in range(3):
            assert server.request()[0] == 200
        assert md.count() == 3


def test_token_info_sources_metadata_then_cache():
    with MetadataEmulator("ok", token=TOKEN) as md, \
            Serve(component("token-info", "http"), {"GCE_METADATA_HOST": md.address}, reuse=1000) as server:
        sources = [json_body(server.request()[2]).get("source") for _ in range(4)]
        # Each metadata request is a call that says so; the others come from a cache.
        assert sources.count("metadata") == md.count(), sources
    assert sources[0] == "metadata" and "cache" in sources and set(sources) == {"metadata", "cache"}, sources


# --- wasmtime run -S http: the command component ---------------------------------------------


def run_cli(name: str, env: dict, event: bytes = b'{"httpMethod": "GET", "headers": {}}', http: bool = True):
    cmd = [str(WASMTIME), "run"] + (["-S", "http"] if http else [])
    for key, value in env.items():
        cmd += ["--env", f"{key}={value}"]
    return run(cmd + [str(component(name, "cli"))], event)


def test_cli_without_s_http_is_refused_by_wasmtime():
    proc = run_cli("metadata-token", {}, http=False)
    assert proc.returncode != 0 and b"wasi:http" in proc.stderr


def test_preview1_module_still_has_no_network():
    with MetadataEmulator("ok", token=TOKEN) as md:
        proc = run([str(WASMTIME), "run", "--env", f"YC_METADATA_ADDR={md.address}",
                    str(EXAMPLES / "metadata-token" / "metadata-token.wasm")], b'{"httpMethod":"GET","headers":{}}')
        assert md.count() == 0
    response = one_response(proc)
    assert (response["statusCode"], error_body(response)["errorType"]) == (502, "token.missing")


# --- generated bindings --------------------------------------------------------------------


# --- stop-instances against the Compute API emulator ----------------------------------------

INSTANCES = [
    {"id": "i-run-1", "folderId": "f1", "name": "a", "status": "RUNNING"},
    {"id": "i-run-2", "folderId": "f1", "name": "b", "status": "RUNNING"},
    {"id": "i-stopped", "folderId": "f1", "name": "c", "status": "STOPPED"},
    {"id": "i-other", "folderId": "f2", "name": "d", "status": "RUNNING"},
]


def check_stop_instances(response_status: int, body: bytes, emu) -> None:
    assert response_status == 200, body
    result = json.loads(body)
    assert sorted(result["stopped"]) == ["i-run-1", "i-run-2"] and result["failed"] == [], result
    compute = emu.requests("compute")
    assert compute and all(r["headers"].get("authorization") == f"Bearer {TOKEN}" for r in compute), compute


@pytest.fixture
def compute():
    emu = shared()
    emu.reset()
    emu.metadata(mode="ok", token=TOKEN)
    emu.compute(instances=INSTANCES)
    yield emu
    emu.metadata(mode="ok")


def stop_env(emu) -> dict:
    return {"YC_METADATA_ADDR": emu.metadata_address, "FOLDER_ID": "f1", "YC_COMPUTE_ENDPOINT": emu.url("compute")}


def test_stop_instances_under_run_s_http(compute):
    proc = run_cli("stop-instances", stop_env(compute))
    response = one_response(proc)
    check_stop_instances(response["statusCode"], response["body"].encode(), compute)
    assert TOKEN.encode() not in proc.stdout + proc.stderr


def test_stop_instances_under_serve(compute):
    with Serve(component("stop-instances", "http"), stop_env(compute)) as server:
        status, _, body = server.request("POST", "/", b"{}", {"Content-Type": "application/json"})
        check_stop_instances(status, body, compute)
        assert TOKEN not in "\n".join(server.lines)


def test_generated_bindings_are_current():
    """bindings-wasi/components/gen/INPUTS (written by scripts/gen-wasi-bindings.sh) names the
    wit-bindgen version and the SHA-256 of every WIT file it was fed: the pinned
    version and today's files must match, without running wit-bindgen."""
    versions = dict(line.split("=", 1) for line in (ROOT / "scripts/lib/versions.sh").read_text().splitlines()
                    if "=" in line and not line.startswith(("#", " ")) and "(" not in line)
    deps = ROOT / ".tools" / "wasi-wit" / versions["WASI_WIT_CRATE_VERSION"] / "deps"
    if not deps.is_dir():
        pytest.fail(f"{deps} is missing: run scripts/setup.sh")
    expected = [f"wit-bindgen {versions['WIT_BINDGEN_VERSION']}"]
    for world in ("http", "cli"):
        rel = f"bindings-wasi/components/wit/{world}/world.wit"
        expected.append(f"{hashlib.sha256((ROOT / rel).read_bytes()).hexdigest()}  {rel}")
    for wit in sorted(deps.glob("*.wit")):
        expected.append(f"{hashlib.sha256(wit.read_bytes()).hexdigest()}  deps/{wit.name}")
    recorded = (ROOT / "bindings-wasi/components/gen/INPUTS").read_text().splitlines()
    assert recorded == expected, "regenerate: scripts/gen-wasi-bindings.sh"
