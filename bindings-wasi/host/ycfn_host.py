#!/usr/bin/env python3
"""ycfn_host: a Python host for ycfn reactor modules (<name>.reactor.wasm).

It embeds wasmtime (the `wasmtime` package from PyPI), instantiates the reactor
with WASI (stdout and stderr inherited), checks `ycfn_abi_version() == 2`,
creates one runtime (`"network": true`, the environment, this host's token
hint) and drives invocations through the C ABI of core/include/ycfn/ycfn.h,
doing the host's share of docs/design.md ("The host contract"): it performs
the requests of `fetch` steps itself, all of a step at once (Python's
http.client; https with certificates verified; no redirects; a total timeout;
a capped body), sleeps the `delay_ms` the runtime asks for, parks `wait` steps
until the fetch they wait on has completed, answers an `error` step 500 with
its code, and cancels an invocation still waiting on I/O at its deadline. Several invocations
can run at once against the one runtime (`invoke_concurrently`), which shows the
core's single-flight: N concurrent invocations, one metadata request.

Traps are isolated here: a trap (or a NULL from the ABI: out of memory) discards
the instance, and the next invocation gets a fresh one. `invoke` raises
ModuleTrap for the trapping invocation; `serve` answers it instead, as the Node
host does: 500 `{"errorMessage": ..., "errorType": "ycfn.trap"}` and an ERROR log
record. The command line's `--jsonl` and `--concurrent` modes use `serve`, so an
untrusted batch gets one answer per line even when lines trap.

As a module:

    from ycfn_host import ReactorHost
    with ReactorHost("build/wasi/examples/metadata-token/metadata-token.reactor.wasm") as host:
        response = host.invoke({"httpMethod": "GET"}, {"requestId": "r1"})
        answer = host.serve({"trap": True}, {"requestId": "r2"})   # a 500 ycfn.trap, not an exception
        responses = host.invoke_concurrently([({}, {"requestId": f"r{i}"}) for i in range(5)])
        print(host.stats)

As a command (`--help` for the options):

    python bindings-wasi/host/ycfn_host.py <name>.reactor.wasm < event.json

The wasm code only ever runs on the thread that drives the asyncio loop; HTTP
requests run on a small thread pool.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import concurrent.futures
import dataclasses
import http.client
import json
import os
import socket
import ssl
import sys
import time
import urllib.parse
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple, Union

import wasmtime

ABI_VERSION = 2
ABI_EXPORTS = (
    "ycfn_abi_version",
    "ycfn_alloc",
    "ycfn_free",
    "ycfn_runtime_new",
    "ycfn_runtime_delete",
    "ycfn_invoke",
    "ycfn_invoke_with_body",
    "ycfn_resume",
)
# Ends the core's token.missing message on this host (docs/design.md, host hints).
TOKEN_HINT = ('the invocation context has no "token": pass the metadata service\'s token reply as the '
              'context\'s "token", or let this host fetch one (YC_METADATA_ADDR / GCE_METADATA_HOST)')
# The host's last resort, as the Node host's: an invocation still waiting on I/O
# this close to the deadline the core gave is cancelled (the core answers 504).
DEADLINE_RESERVE_MS = 100
# An invocation that has not answered after this many steps is a runtime bug.
MAX_STEPS = 1000
# The longest trap reason quoted in a ycfn.trap answer (as the Node host).
TRAP_DETAIL_MAX = 160

EXIT_OK, EXIT_INTERNAL, EXIT_MISUSE = 0, 1, 2

Event = Union[bytes, str, dict, list, int, float, bool, None]


class HostError(Exception):
    """The module broke the ABI contract (or ran out of memory)."""


class ModuleTrap(HostError):
    """The module trapped (or called exit, or the ABI answered NULL: out of memory)
    during an invocation. The instance is discarded; the next invocation gets a
    fresh one (and an empty token cache)."""


class _NullFromAbi(Exception):
    """Internal: the ABI answered NULL (out of memory); _call makes it a ModuleTrap."""


@dataclasses.dataclass
class HostStats:
    invocations: int = 0
    responses: int = 0
    fetch_steps: int = 0
    wait_steps: int = 0
    http_requests: int = 0
    instances: int = 0
    traps: int = 0


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _print_log_line(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _json_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def trap_response(detail: str) -> dict:
    """The answer to an invocation whose module instance trapped: the same platform
    HTTP result as the Node host's (bindings-node/function-host/answers.js, errorResult)."""
    detail = " ".join(str(detail).split())[:TRAP_DETAIL_MAX]
    body = {"errorMessage": f"the handler's WebAssembly module failed: {detail}", "errorType": "ycfn.trap"}
    return {
        "statusCode": 500,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def _i32(value: int) -> int:
    """A wasm32 pointer or size as the signed i32 wasmtime-py passes."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= (1 << 31) else value


def http_fetch(fetch: dict) -> dict:
    """Performs one request of a `fetch` step (after its delay) and returns its
    entry of `fetch_results`.

    `fetch["method"]`, `fetch["url"]` (http or https; https verifies the server's
    certificate with the system's CA store), `fetch["headers"]` ([[name, value],
    ...]), `fetch["body_base64"]`; no redirects (a 3xx is returned as it is);
    `timeout_ms` for the whole exchange (connect, headers, body); at most
    `max_body_bytes` of body. Errors are `timeout`, `network` or `too_large`,
    with a message that never quotes the reply, a header value or the URL.
    """
    fetch_id = fetch.get("id")
    timeout_s = max(int(fetch.get("timeout_ms", 0)), 1) / 1000.0
    limit = int(fetch.get("max_body_bytes", 65536))
    deadline = time.monotonic() + timeout_s

    def failure(kind: str, message: str) -> dict:
        return {"id": fetch_id, "error": kind, "message": message}

    url = urllib.parse.urlsplit(str(fetch.get("url", "")))
    if url.scheme not in ("http", "https") or not url.hostname:
        return failure("network", "unsupported URL scheme (only http and https)")
    try:
        port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        return failure("network", "bad port in the URL")
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    body = base64.b64decode(fetch["body_base64"]) if fetch.get("body_base64") else None

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("deadline passed")
        return left

    if url.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            url.hostname, port, timeout=timeout_s, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(url.hostname, port, timeout=timeout_s)
    try:
        conn.connect()
        conn.sock.settimeout(remaining())
        conn.putrequest(str(fetch.get("method", "GET")), target, skip_accept_encoding=True)
        for name, value in fetch.get("headers") or ():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        headers = [[name, value] for name, value in resp.getheaders()]
        declared = resp.getheader("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return failure("too_large", f"the reply announces {declared} bytes, over {limit}")
        data = bytearray()
        while True:
            conn.sock.settimeout(remaining())
            chunk = resp.read1(min(65536, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
            if len(data) > limit:
                return failure("too_large", f"reply body over {limit} bytes")
        return {"id": fetch_id, "status": resp.status, "headers": headers,
                "body_base64": base64.b64encode(bytes(data)).decode("ascii")}
    except (socket.timeout, TimeoutError):
        return failure("timeout", f"no complete reply within {int(timeout_s * 1000)} ms")
    except ssl.SSLError as exc:
        return failure("network", f"TLS failed ({type(exc).__name__}: {exc.reason or 'error'})")
    except http.client.HTTPException as exc:
        # Its text may quote the reply: name the kind only.
        return failure("network", f"malformed HTTP reply ({type(exc).__name__})")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return failure("network", f"{type(exc).__name__}: {reason}")
    finally:
        conn.close()


class ReactorHost:
    """One reactor instance, one runtime (one token cache), many invocations."""

    def __init__(
        self,
        wasm_path: Union[str, os.PathLike],
        *,
        env: Optional[dict] = None,
        network: bool = True,
        log: Optional[Callable[[str], None]] = None,
        fetcher: Callable[[dict], dict] = http_fetch,
        max_fetch_threads: int = 4,
        load_module: Optional[Callable[["wasmtime.Engine"], "wasmtime.Module"]] = None,
        token_hint: str = TOKEN_HINT,
    ) -> None:
        """`env` (default os.environ) is the function's environment: handlers read
        it (context.env), and the core takes YC_METADATA_ADDR, GCE_METADATA_HOST and
        YCFN_TIMEOUT_MS from it; `log` receives every log line (default: stderr);
        `load_module(engine)`, when given, supplies the module instead of compiling
        wasm_path (the Python function deserializes a precompiled one); `token_hint`
        ends the core's token.missing message (the Python function gives the
        platform's)."""
        source = os.environ if env is None else env
        self.config = {
            "network": bool(network),
            "env": {str(name): str(value) for name, value in source.items()},
            "token_hint": token_hint,
        }
        self.log = log or _print_log_line
        self.fetcher = fetcher
        self.stats = HostStats()
        self._engine = wasmtime.Engine()
        self._module = (load_module(self._engine) if load_module is not None
                        else wasmtime.Module.from_file(self._engine, os.fspath(wasm_path)))
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=max_fetch_threads,
                                                               thread_name_prefix="ycfn-fetch")
        self._generation = 0
        self._runtime = 0
        self._store: Optional[wasmtime.Store] = None
        self._fetch_done: dict = {}
        # Fetches completed lately: a waiter told to wait on one of them after it
        # completed must not wait for an event that will never come again.
        self._completed: collections.deque = collections.deque(maxlen=1024)
        self._start()

    # --- instance lifecycle -------------------------------------------------

    def _start(self) -> None:
        store = wasmtime.Store(self._engine)
        wasi = wasmtime.WasiConfig()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        store.set_wasi(wasi)
        linker = wasmtime.Linker(self._engine)
        linker.define_wasi()
        instance = linker.instantiate(store, self._module)
        exports = instance.exports(store)
        missing = [name for name in ABI_EXPORTS + ("memory",) if name not in exports]
        if missing:
            raise HostError(f"not a ycfn reactor module: missing exports {', '.join(missing)}")
        if "_initialize" in exports:
            exports["_initialize"](store)
        self._store = store
        self._fn = {name: exports[name] for name in ABI_EXPORTS}
        self._memory = exports["memory"]
        version = self._fn["ycfn_abi_version"](store) & 0xFFFFFFFF
        if version != ABI_VERSION:
            raise HostError(f"the module implements ycfn C ABI {version}, this host {ABI_VERSION}")
        config = _json_dumps(self.config)
        try:
            ptr = self._write(config)
        except _NullFromAbi as exc:
            raise HostError(str(exc)) from None
        try:
            runtime = self._fn["ycfn_runtime_new"](store, _i32(ptr), _i32(len(config))) & 0xFFFFFFFF
        finally:
            self._fn["ycfn_free"](store, _i32(ptr))
        if runtime == 0:
            raise HostError("ycfn_runtime_new returned NULL (out of memory)")
        self._runtime = runtime
        self._generation += 1
        self._fetch_done = {}
        self.stats.instances += 1

    def _discard_instance(self) -> None:
        self._store = None
        self._runtime = 0

    def close(self) -> None:
        if self._store is not None and self._runtime:
            try:
                self._fn["ycfn_runtime_delete"](self._store, _i32(self._runtime))
            except wasmtime.WasmtimeError:
                pass
        self._discard_instance()
        self._executor.shutdown(wait=False)

    def __enter__(self) -> "ReactorHost":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- strings across the boundary ---------------------------------------

    def _write(self, data: bytes) -> int:
        ptr = self._fn["ycfn_alloc"](self._store, _i32(len(data))) & 0xFFFFFFFF
        if ptr == 0:
            raise _NullFromAbi(f"ycfn_alloc({len(data)}) returned NULL (out of memory)")
        self._memory.write(self._store, data, ptr)
        return ptr

    def _take_string(self, ptr: int) -> bytes:
        """Reads the NUL-terminated string the ABI returned at `ptr`, then frees it."""
        ptr &= 0xFFFFFFFF
        if ptr == 0:
            raise _NullFromAbi("the ABI returned NULL (out of memory)")
        try:
            size = self._memory.data_len(self._store)
            out = bytearray()
            pos, chunk = ptr, 4096
            while pos < size:
                block = self._memory.read(self._store, pos, min(pos + chunk, size))
                nul = block.find(0)
                if nul >= 0:
                    out += block[:nul]
                    return bytes(out)
                out += block
                pos += len(block)
                chunk = min(chunk * 2, 1 << 20)
            raise HostError("the ABI returned a string without its NUL terminator")
        finally:
            self._fn["ycfn_free"](self._store, _i32(ptr))

    def _call(self, name: str, *buffers: bytes) -> dict:
        """Calls ycfn_invoke / ycfn_resume with the buffers (each as ptr, len).

        Any trap inside the module (in the call itself, or in ycfn_alloc /
        ycfn_free around it), and a NULL from the ABI, discard the instance (it
        is never entered again, nothing more is freed in it) and raise
        ModuleTrap."""
        if self._store is None:
            self._start()
        pointers: list = []
        try:
            args = [_i32(self._runtime)]
            for data in buffers:
                ptr = self._write(data)
                pointers.append(ptr)
                args += [_i32(ptr), _i32(len(data))]
            result = self._fn[name](self._store, *args)
            text = self._take_string(result)
            while pointers:
                self._fn["ycfn_free"](self._store, _i32(pointers.pop()))
        except (wasmtime.Trap, wasmtime.ExitTrap, wasmtime.WasmtimeError) as exc:
            self._discard_instance()
            first = str(exc).strip().splitlines()
            reason = first[-1].strip() if first else type(exc).__name__
            raise ModuleTrap(f"the module trapped in {name}: {reason}") from exc
        except _NullFromAbi as exc:
            self._discard_instance()
            raise ModuleTrap(f"{name}: {exc}") from None
        step = json.loads(text.decode("utf-8", "replace"))
        if not isinstance(step, dict):
            raise HostError(f"{name} answered JSON {type(step).__name__}, not a step object")
        return step

    # --- invocations ------------------------------------------------------

    def _event_done(self, fetch_id: Any) -> asyncio.Event:
        done = self._fetch_done.get(fetch_id)
        if done is None:
            done = self._fetch_done[fetch_id] = asyncio.Event()
        return done

    def _complete(self, fetch_ids: Iterable[Any]) -> None:
        """The runtime has recorded these fetches' outcomes: wake their waiters and
        forget them (the map holds only fetches in flight)."""
        for fetch_id in fetch_ids:
            done = self._fetch_done.pop(fetch_id, None)
            if done is not None:
                done.set()
            self._completed.append(fetch_id)

    async def _perform(self, fetch: dict) -> dict:
        delay = max(int(fetch.get("delay_ms", 0)), 0)
        if delay:
            await asyncio.sleep(delay / 1000.0)
        self.stats.http_requests += 1
        return await asyncio.get_running_loop().run_in_executor(self._executor, self.fetcher, fetch)

    async def _wait_for(self, wait: dict) -> None:
        fetch_id = wait.get("fetch_id")
        if fetch_id in self._completed:
            return
        try:
            await asyncio.wait_for(self._event_done(fetch_id).wait(), max(int(wait.get("timeout_ms", 0)), 0) / 1000.0)
        except asyncio.TimeoutError:
            pass  # the runtime decides what a timed-out wait means

    async def invoke_async(
        self,
        event: Event,
        context: Union[dict, str, bytes, None] = None,
        *,
        timeout_ms: Optional[int] = None,
    ) -> dict:
        """Runs one invocation to its response. `event` is raw JSON (bytes/str)
        or a value to serialise; `context` is the platform's context object
        (requestId, token, deadlineMs, ...), or its JSON text as a host read it
        (the core judges it: a malformed one is answered 500 context.malformed).
        The deadline is now + `timeout_ms` when given, else context.deadlineMs,
        else the core's default (YCFN_TIMEOUT_MS or 3000 ms)."""
        if isinstance(event, (bytes, bytearray)):
            event_bytes = bytes(event)
        elif isinstance(event, str):
            event_bytes = event.encode("utf-8", "surrogatepass")
        else:
            event_bytes = _json_dumps(event)
        start = now_ms()
        invocation: dict = {"now_ms": start}
        if isinstance(context, (bytes, bytearray)):
            context = bytes(context).decode("utf-8", "replace")
        if isinstance(context, str):
            invocation["context_json"] = context
        else:
            invocation["context"] = dict(context or {})
        if timeout_ms is not None:
            invocation["deadline_ms"] = start + int(timeout_ms)

        self.stats.invocations += 1
        if self._store is None:
            self._start()
        generation = self._generation
        step = self._call("ycfn_invoke", event_bytes, _json_dumps(invocation))
        for _ in range(MAX_STEPS):
            for line in step.get("logs") or ():
                self.log(str(line))
            kind = step.get("step")
            if kind == "respond":
                self.stats.responses += 1
                response = step.get("response")
                if not isinstance(response, dict):
                    raise HostError("respond step without a response object")
                return response
            if kind == "error":
                return self._error_answer(step.get("error"), invocation.get("context"))
            invocation_id = step.get("invocation")
            deadline_ms = step.get("deadline_ms")
            resume: dict = {"invocation": invocation_id}
            fetch_ids: list = []
            if kind == "fetch":
                self.stats.fetch_steps += 1
                fetches = [f for f in step.get("fetches") or () if isinstance(f, dict)]
                fetch_ids = [f.get("id") for f in fetches]
                for fetch_id in fetch_ids:
                    self._event_done(fetch_id)
                io = asyncio.gather(*(self._perform(f) for f in fetches))
            elif kind == "wait":
                self.stats.wait_steps += 1
                io = self._wait_for(step.get("wait") or {})
            else:
                raise HostError(f"unknown step {kind!r}")
            cancelled = False
            try:
                if isinstance(deadline_ms, int):
                    budget = max(deadline_ms - DEADLINE_RESERVE_MS - now_ms(), 0) / 1000.0
                    results = await asyncio.wait_for(io, budget)
                else:
                    results = await io
            except asyncio.TimeoutError:
                # Still waiting on I/O at the deadline: the core answers (504).
                cancelled = True
            if generation != self._generation or self._store is None:
                raise ModuleTrap("the instance trapped during another invocation")
            resume["now_ms"] = now_ms()
            if cancelled:
                resume["cancel"] = True
            elif kind == "fetch":
                resume["fetch_results"] = list(results)
            try:
                step = self._call("ycfn_resume", _json_dumps(resume))
            finally:
                self._complete(fetch_ids)
        raise HostError(f"no response after {MAX_STEPS} steps")

    def _error_answer(self, error: Any, context: Any) -> dict:
        """An ABI error step (a host bug): answered 500 with its code, as every host does."""
        error = error if isinstance(error, dict) else {}
        code = str(error.get("code") or "abi.internal")
        message = str(error.get("message") or "the core reported an ABI error")
        record = {"level": "ERROR", "msg": f"the core answered an ABI error ({code})"}
        request_id = (context or {}).get("requestId") if isinstance(context, dict) else None
        if request_id:
            record["requestId"] = str(request_id)
        self.log(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        return {
            "statusCode": 500,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"errorMessage": message, "errorType": code}, ensure_ascii=False,
                               separators=(",", ":")),
            "isBase64Encoded": False,
        }

    def invoke(self, event: Event, context: Optional[dict] = None, *, timeout_ms: Optional[int] = None) -> dict:
        """Runs one invocation to its response (blocking)."""
        return asyncio.run(self.invoke_async(event, context, timeout_ms=timeout_ms))

    def trap_answer(self, trap: ModuleTrap, context: Any = None) -> dict:
        """Logs an ERROR record for `trap` and returns its 500 ycfn.trap answer."""
        self.stats.traps += 1
        detail = " ".join(str(trap).split())[:TRAP_DETAIL_MAX]
        record = {"level": "ERROR", "msg": f"the WebAssembly module trapped; the next call gets a new instance ({detail})"}
        request_id = context.get("requestId") if isinstance(context, dict) else None
        if request_id:
            record["requestId"] = str(request_id)
        self.log(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        return trap_response(detail)

    async def serve_async(
        self,
        event: Event,
        context: Optional[dict] = None,
        *,
        timeout_ms: Optional[int] = None,
    ) -> dict:
        """Like invoke_async, but a trap is answered, not raised: 500 ycfn.trap
        (trap_response) plus an ERROR log record; the next invocation runs on a
        fresh instance. Other HostErrors (the runtime broke the ABI) still raise."""
        try:
            return await self.invoke_async(event, context, timeout_ms=timeout_ms)
        except ModuleTrap as trap:
            return self.trap_answer(trap, context)

    def serve(self, event: Event, context: Optional[dict] = None, *, timeout_ms: Optional[int] = None) -> dict:
        """serve_async, blocking."""
        return asyncio.run(self.serve_async(event, context, timeout_ms=timeout_ms))

    def invoke_concurrently(
        self,
        calls: Iterable[Tuple[Event, Optional[dict]]],
        *,
        timeout_ms: Optional[int] = None,
    ) -> list:
        """Starts every (event, context) invocation at once against this runtime
        and returns their responses in order. A ModuleTrap in one is returned as
        the exception object in its place (and in the places of the others it
        took down)."""

        async def run_all() -> list:
            tasks = [self.invoke_async(event, context, timeout_ms=timeout_ms) for event, context in calls]
            return list(await asyncio.gather(*tasks, return_exceptions=True))

        results = asyncio.run(run_all())
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, ModuleTrap):
                raise result
        return results


# --- command line -----------------------------------------------------------


def _read_context(text: Optional[str]) -> Union[dict, str]:
    """The context as a dict when `text` is a JSON object (so batch lines can get
    their own requestId), else the text as it is: the core judges it and answers
    500 context.malformed, as on every host."""
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def _with_request_id(context: Union[dict, str], request_id: str) -> Union[dict, str]:
    return dict(context, requestId=request_id) if isinstance(context, dict) else context


def _fail(status: int, reason: str) -> int:
    sys.stderr.write(f"ycfn-host: {reason}\n")
    return status


def _emit(response: dict) -> None:
    sys.stdout.write(json.dumps(response, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ycfn_host.py",
        description="Run a ycfn reactor module (<name>.reactor.wasm) under wasmtime-py, fetching "
        "IAM tokens from the metadata service (YC_METADATA_ADDR / GCE_METADATA_HOST, else "
        "169.254.169.254). Reads the event from stdin, prints the response as one JSON line; "
        "log records go to stderr.",
        epilog="exit status: 0 a response was printed for every event (with --jsonl and --concurrent a "
        "trapping event is answered 500 ycfn.trap and the next one runs on a fresh instance); 1 internal "
        "failure, or the single event trapped; 2 misuse.",
    )
    parser.add_argument("module", help="the reactor module, <name>.reactor.wasm")
    parser.add_argument("--context", help="the context JSON object (default: $YCFN_CONTEXT, else {})")
    parser.add_argument("--timeout-ms", default=None,
                        help="budget per event without context.deadlineMs: sets YCFN_TIMEOUT_MS for the core "
                        "(1..600000; default: $YCFN_TIMEOUT_MS, else 3000)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--jsonl", action="store_true",
                      help="one event per input line, one response per output line; requestId <id or batch>-<line>")
    mode.add_argument("--concurrent", type=int, metavar="N",
                      help="run the one stdin event N times concurrently against one runtime, then "
                      "print the host's step counts to stderr (shows single-flight)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_MISUSE

    context = _read_context(args.context if args.context is not None else os.environ.get("YCFN_CONTEXT"))
    env = dict(os.environ)
    if args.timeout_ms is not None:
        env["YCFN_TIMEOUT_MS"] = str(args.timeout_ms)  # the core judges it (config.bad_timeout)
    if args.concurrent is not None and args.concurrent < 1:
        return _fail(EXIT_MISUSE, "--concurrent needs N >= 1")
    base_id = context.get("requestId") if isinstance(context, dict) else None

    try:
        host = ReactorHost(args.module, env=env)
    except (OSError, wasmtime.WasmtimeError, HostError) as exc:
        return _fail(EXIT_INTERNAL, f"cannot load {args.module}: {str(exc).strip().splitlines()[0]}")
    try:
        stdin = sys.stdin.buffer
        if args.jsonl:
            prefix = base_id if isinstance(base_id, str) else "batch"

            async def batch() -> None:
                # One event loop for the whole batch; lines run one after the other.
                # A trapping line is answered 500 ycfn.trap (serve_async) and the
                # next line gets a fresh instance: untrusted lines cannot stop the batch.
                for number, line in enumerate(stdin, start=1):
                    if line.endswith(b"\n"):
                        line = line[:-1]
                    _emit(await host.serve_async(line, _with_request_id(context, f"{prefix}-{number}")))

            asyncio.run(batch())
        elif args.concurrent is not None:
            event = stdin.read()
            calls = [(event, _with_request_id(context, f"{base_id or 'concurrent'}-{i + 1}"))
                     for i in range(args.concurrent)]
            results = host.invoke_concurrently(calls)
            for (_, call_context), result in zip(calls, results):
                _emit(host.trap_answer(result, call_context) if isinstance(result, ModuleTrap) else result)
            s = host.stats
            sys.stderr.write(f"ycfn-host: {s.invocations} invocations, {s.fetch_steps} fetch steps, "
                             f"{s.wait_steps} wait steps, {s.http_requests} HTTP requests\n")
        else:
            _emit(host.invoke(stdin.read(), context))
    except HostError as exc:
        return _fail(EXIT_INTERNAL, str(exc))
    finally:
        host.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
