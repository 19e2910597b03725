#!/usr/bin/env python3
"""ycfn_host: a Python host for ycfn reactor modules (<name>.reactor.wasm).

It embeds wasmtime (the `wasmtime` package from PyPI), instantiates the reactor
with WASI (stdout and stderr inherited), checks `ycfn_abi_version() == 1`,
creates one runtime (`"network": true`) and drives invocations through the C
ABI of core/include/ycfn/ycfn.h, doing the host's share of docs/design.md: it
performs the `fetch` steps itself (Python's http.client, no redirects, a total
timeout, a capped body), sleeps the `delay_ms` the runtime asks for, and parks
`wait` steps until the fetch they wait on has completed. Several invocations
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
import concurrent.futures
import dataclasses
import http.client
import json
import os
import socket
import sys
import time
import urllib.parse
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple, Union

import wasmtime

ABI_VERSION = 1
ABI_EXPORTS = (
    "ycfn_abi_version",
    "ycfn_alloc",
    "ycfn_free",
    "ycfn_runtime_new",
    "ycfn_runtime_delete",
    "ycfn_invoke",
    "ycfn_resume",
)
# Time budget of an invocation whose context has no deadlineMs (same default
# as the command module).
DEFAULT_TIMEOUT_MS = 3000
# The environment variables the runtime config knows (docs/design.md).
CONFIG_ENV_NAMES = ("YC_METADATA_ADDR", "GCE_METADATA_HOST")
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
    HTTP result as the Node host's (bindings-node/src/host.js, errorResult)."""
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
    """Performs one `fetch` step (after its delay) and returns the `fetch_result`.

    GET/whatever `fetch["method"]` says, `fetch["headers"]`, no redirects (a 3xx
    is returned as it is), `timeout_ms` for the whole exchange (connect, headers,
    body), at most `max_body_bytes` of body. Errors are `timeout`, `network` or
    `too_large`, with a message that never quotes the reply.
    """
    fetch_id = fetch.get("id")
    timeout_s = max(int(fetch.get("timeout_ms", DEFAULT_TIMEOUT_MS)), 1) / 1000.0
    limit = int(fetch.get("max_body_bytes", 65536))
    deadline = time.monotonic() + timeout_s

    def failure(kind: str, message: str) -> dict:
        return {"id": fetch_id, "error": kind, "message": message}

    url = urllib.parse.urlsplit(str(fetch.get("url", "")))
    if url.scheme != "http" or not url.hostname:
        return failure("network", f"unsupported URL scheme {url.scheme!r} (only http)")
    try:
        port = url.port or 80
    except ValueError:
        return failure("network", "bad port in the URL")
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("deadline passed")
        return left

    conn = http.client.HTTPConnection(url.hostname, port, timeout=timeout_s)
    try:
        conn.connect()
        conn.sock.settimeout(remaining())
        conn.request(str(fetch.get("method", "GET")), target, headers=dict(fetch.get("headers") or {}))
        resp = conn.getresponse()
        headers: dict = {}
        for name, value in resp.getheaders():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        body = bytearray()
        while True:
            conn.sock.settimeout(remaining())
            chunk = resp.read1(min(65536, limit + 1 - len(body)))
            if not chunk:
                break
            body += chunk
            if len(body) > limit:
                return failure("too_large", f"reply body over {limit} bytes")
        return {
            "id": fetch_id,
            "status": resp.status,
            "headers": headers,
            "body": bytes(body).decode("utf-8", "replace"),
        }
    except (socket.timeout, TimeoutError):
        return failure("timeout", f"no complete reply within {int(timeout_s * 1000)} ms")
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
    ) -> None:
        """`env` (default os.environ) supplies YC_METADATA_ADDR / GCE_METADATA_HOST
        to the runtime config; `log` receives every log line (default: stderr);
        `load_module(engine)`, when given, supplies the module instead of compiling
        wasm_path (the Python function deserializes a precompiled one)."""
        source = os.environ if env is None else env
        self.config = {
            "network": bool(network),
            "env": {name: source[name] for name in CONFIG_ENV_NAMES if source.get(name)},
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

    async def invoke_async(
        self,
        event: Event,
        context: Optional[dict] = None,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> dict:
        """Runs one invocation to its response. `event` is raw JSON (bytes/str)
        or a value to serialise; `context` is the platform's context object
        (requestId, token, deadlineMs, ...). The deadline is context.deadlineMs,
        else now + timeout_ms."""
        if isinstance(event, (bytes, bytearray)):
            event_bytes = bytes(event)
        elif isinstance(event, str):
            event_bytes = event.encode("utf-8", "surrogatepass")
        else:
            event_bytes = _json_dumps(event)
        context = dict(context or {})
        start = now_ms()
        deadline = context.get("deadlineMs")
        if not isinstance(deadline, (int, float)) or isinstance(deadline, bool):
            deadline = start + int(timeout_ms)
        invocation = {"context": context, "now_ms": start, "deadline_ms": int(deadline)}

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
                raise HostError(f"the runtime answered an error step: {json.dumps(step.get('error'))}")
            resume: dict = {"invocation": step.get("invocation")}
            if kind == "fetch":
                self.stats.fetch_steps += 1
                fetch = step.get("fetch") or {}
                done = self._event_done(fetch.get("id"))
                delay = max(int(fetch.get("delay_ms", 0)), 0)
                if delay:
                    await asyncio.sleep(delay / 1000.0)
                self.stats.http_requests += 1
                loop = asyncio.get_running_loop()
                resume["fetch_result"] = await loop.run_in_executor(self._executor, self.fetcher, fetch)
            elif kind == "wait":
                self.stats.wait_steps += 1
                wait = step.get("wait") or {}
                done = None
                try:
                    await asyncio.wait_for(self._event_done(wait.get("fetch_id")).wait(),
                                           max(int(wait.get("timeout_ms", 0)), 0) / 1000.0)
                except asyncio.TimeoutError:
                    pass  # the runtime decides what a timed-out wait means
            else:
                raise HostError(f"unknown step {kind!r}")
            if generation != self._generation or self._store is None:
                raise ModuleTrap("the instance trapped during another invocation")
            resume["now_ms"] = now_ms()
            step = self._call("ycfn_resume", _json_dumps(resume))
            if done is not None:
                # The runtime has recorded this fetch's outcome: wake its waiters.
                done.set()
        raise HostError(f"no response after {MAX_STEPS} steps")

    def invoke(self, event: Event, context: Optional[dict] = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> dict:
        """Runs one invocation to its response (blocking)."""
        return asyncio.run(self.invoke_async(event, context, timeout_ms=timeout_ms))

    def trap_answer(self, trap: ModuleTrap, context: Optional[dict] = None) -> dict:
        """Logs an ERROR record for `trap` and returns its 500 ycfn.trap answer."""
        self.stats.traps += 1
        detail = " ".join(str(trap).split())[:TRAP_DETAIL_MAX]
        record = {"level": "ERROR", "msg": f"the WebAssembly module trapped; the next call gets a new instance ({detail})"}
        request_id = (context or {}).get("requestId")
        if request_id:
            record["requestId"] = str(request_id)
        self.log(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        return trap_response(detail)

    async def serve_async(
        self,
        event: Event,
        context: Optional[dict] = None,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> dict:
        """Like invoke_async, but a trap is answered, not raised: 500 ycfn.trap
        (trap_response) plus an ERROR log record; the next invocation runs on a
        fresh instance. Other HostErrors (the runtime broke the ABI) still raise."""
        try:
            return await self.invoke_async(event, context, timeout_ms=timeout_ms)
        except ModuleTrap as trap:
            return self.trap_answer(trap, context)

    def serve(self, event: Event, context: Optional[dict] = None, *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> dict:
        """serve_async, blocking."""
        return asyncio.run(self.serve_async(event, context, timeout_ms=timeout_ms))

    def invoke_concurrently(
        self,
        calls: Iterable[Tuple[Event, Optional[dict]]],
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
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


def _parse_context(text: Optional[str]) -> dict:
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        raise SystemExit(_fail(EXIT_MISUSE, f"the context is not valid JSON ({len(text)} bytes)"))
    if not isinstance(value, dict):
        raise SystemExit(_fail(EXIT_MISUSE, f"the context is JSON {type(value).__name__}, expected an object"))
    return value


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
    parser.add_argument("--timeout-ms", type=int, default=None,
                        help=f"budget per event without context.deadlineMs (default: $YCFN_TIMEOUT_MS, else {DEFAULT_TIMEOUT_MS})")
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

    context = _parse_context(args.context if args.context is not None else os.environ.get("YCFN_CONTEXT"))
    timeout_ms = args.timeout_ms
    if timeout_ms is None:
        env_timeout = os.environ.get("YCFN_TIMEOUT_MS")
        timeout_ms = int(env_timeout) if env_timeout and env_timeout.isdigit() else DEFAULT_TIMEOUT_MS
    if not 1 <= timeout_ms <= 600000:
        return _fail(EXIT_MISUSE, "the timeout must be 1..600000 ms")
    if args.concurrent is not None and args.concurrent < 1:
        return _fail(EXIT_MISUSE, "--concurrent needs N >= 1")

    try:
        host = ReactorHost(args.module)
    except (OSError, wasmtime.WasmtimeError, HostError) as exc:
        return _fail(EXIT_INTERNAL, f"cannot load {args.module}: {str(exc).strip().splitlines()[0]}")
    try:
        stdin = sys.stdin.buffer
        if args.jsonl:
            prefix = context.get("requestId") if isinstance(context.get("requestId"), str) else "batch"

            async def batch() -> None:
                # One event loop for the whole batch; lines run one after the other.
                # A trapping line is answered 500 ycfn.trap (serve_async) and the
                # next line gets a fresh instance: untrusted lines cannot stop the batch.
                for number, line in enumerate(stdin, start=1):
                    if line.endswith(b"\n"):
                        line = line[:-1]
                    _emit(await host.serve_async(line, dict(context, requestId=f"{prefix}-{number}"),
                                                 timeout_ms=timeout_ms))

            asyncio.run(batch())
        elif args.concurrent is not None:
            event = stdin.read()
            calls = [(event, dict(context, requestId=f"{context.get('requestId', 'concurrent')}-{i + 1}"))
                     for i in range(args.concurrent)]
            results = host.invoke_concurrently(calls, timeout_ms=timeout_ms)
            for (_, call_context), result in zip(calls, results):
                _emit(host.trap_answer(result, call_context) if isinstance(result, ModuleTrap) else result)
            s = host.stats
            sys.stderr.write(f"ycfn-host: {s.invocations} invocations, {s.fetch_steps} fetch steps, "
                             f"{s.wait_steps} wait steps, {s.http_requests} HTTP requests\n")
        else:
            _emit(host.invoke(stdin.read(), context, timeout_ms=timeout_ms))
    except HostError as exc:
        return _fail(EXIT_INTERNAL, str(exc))
    finally:
        host.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
