"""The host's I/O: the HTTP requests of `fetch` steps, `wait` steps, the
deadline, and the event loop and thread pool they run on.

Everything asynchronous of the host lives here (asyncio, concurrent.futures,
http.client, ssl), and the step loop imports this module only when an
invocation asks for I/O: a function whose invocations the core answers in their
first step (a token in the context, a cached token) never pays for importing
any of it (tens of ms of every cold start).

Invocations that wait on I/O all run on ONE event loop, on a thread of its own
started at the first such invocation: calls made at the same time from several
threads (a version with concurrency > 1) then overlap there, so the core's
single-flight can share one fetch among them. HTTP requests run on a small
thread pool; ReactorHost serializes the calls into the module.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
from typing import Any, Awaitable, Callable, Coroutine, Iterable, Optional, Tuple


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def http_fetch(fetch: dict) -> dict:
    """Performs one request of a `fetch` step (after its delay) and returns its
    entry of `fetch_results`.

    `fetch["method"]`, `fetch["url"]` (http or https; https verifies the server's
    certificate with the system's CA store), `fetch["headers"]` ([[name, value],
    ...]), `fetch["body_base64"]`; no redirects (a 3xx is returned as it is);
    `timeout_ms` for the whole exchange (connect, headers, body); at most
    `max_body_bytes` of body (the core writes both in every request; one missing
    is a KeyError). Errors are `timeout`, `network` or `too_large`, with a
    message that never quotes the reply, a header value or the URL.
    """
    fetch_id = fetch.get("id")
    timeout_s = max(int(fetch["timeout_ms"]), 1) / 1000.0
    limit = int(fetch["max_body_bytes"])
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


class StepIO:
    """Performs the I/O of `fetch` and `wait` steps for one host (all its
    invocations, which may run concurrently on one event loop)."""

    def __init__(self, fetcher: Callable[[dict], dict], max_threads: int, stats: Any) -> None:
        self.fetcher = fetcher
        self.stats = stats
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=max_threads,
                                                               thread_name_prefix="ycfn-fetch")
        # The loop every blocking call (ReactorHost.invoke) runs its I/O on, on its
        # own thread: one loop, whichever thread calls and however many at once.
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._loop_thread: Optional[threading.Thread] = None
        self._loop_lock = threading.Lock()
        # fetch id -> the event set once its results have been resumed: a flight,
        # registered (register) under the host's ABI lock with the call that
        # returned its fetch step, so that no other invocation can be told to wait
        # on it before it is here; it stays until the resume delivering its results
        # has returned (complete). A wait on an id not here resumes at once.
        self._flights: dict = {}

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._loop_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="ycfn-io", daemon=True)
                thread.start()
                self._loop, self._loop_thread = loop, thread
            return self._loop

    def run(self, coroutine: Coroutine) -> Any:
        """Runs a coroutine to its end from blocking code, on this host's loop
        thread: callers on several threads at once (or inside a running loop of
        their own) all share it, so their invocations overlap there."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._running_loop()).result()

    def run_all(self, awaitables: Iterable[Awaitable]) -> list:
        """Runs coroutines concurrently (blocking); an exception is returned in
        its coroutine's place."""

        async def together() -> list:
            return list(await asyncio.gather(*awaitables, return_exceptions=True))

        return self.run(together())

    def forget(self) -> None:
        """The instance was discarded: no fetch of it will complete."""
        self._flights = {}

    def register(self, fetch_ids: Iterable[Any]) -> None:
        """Fetches a step just asked for (called under the ABI lock, with the call
        that returned the step): other invocations may now wait on them."""
        for fetch_id in fetch_ids:
            self._flights[fetch_id] = asyncio.Event()

    def complete(self, fetch_ids: Iterable[Any]) -> None:
        """The runtime has recorded these fetches' outcomes: wake their waiters and
        forget them (the map holds only fetches in flight)."""
        for fetch_id in fetch_ids:
            done = self._flights.pop(fetch_id, None)
            if done is not None:
                done.set()

    async def _perform(self, fetch: dict) -> dict:
        delay = max(int(fetch["delay_ms"]), 0)
        if delay:
            await asyncio.sleep(delay / 1000.0)
        self.stats.http_requests += 1
        return await asyncio.get_running_loop().run_in_executor(self._executor, self.fetcher, fetch)

    async def _wait_for(self, wait: dict) -> None:
        done = self._flights.get(wait.get("fetch_id"))
        if done is None:
            return  # its results were resumed already (a confused core meets its own step limit)
        try:
            await asyncio.wait_for(done.wait(), max(int(wait["timeout_ms"]), 0) / 1000.0)
        except asyncio.TimeoutError:
            pass  # the runtime decides what a timed-out wait means

    async def perform(self, step: dict) -> Tuple[dict, list]:
        """Does what a `fetch` or `wait` step asks, until the step's `give_up_ms`
        (host clock, as the core wrote it). Returns the resume fields
        (`fetch_results`, or `cancel` when that time came first) and the ids of the
        fetches to `complete` once the runtime has them."""
        kind = step.get("step")
        fetch_ids: list = []
        if kind == "fetch":
            fetches = step["fetches"]
            fetch_ids = [f["id"] for f in fetches]
            io: Awaitable = asyncio.gather(*(self._perform(f) for f in fetches))
        else:
            io = self._wait_for(step["wait"])
        try:
            results = await asyncio.wait_for(io, max(step["give_up_ms"] - now_ms(), 0) / 1000.0)
        except asyncio.TimeoutError:
            # Still waiting on I/O at give_up_ms: the core answers (504).
            return {"cancel": True}, fetch_ids
        if kind == "fetch":
            return {"fetch_results": list(results)}, fetch_ids
        return {}, fetch_ids

    def close(self) -> None:
        self._executor.shutdown(wait=False)
        with self._loop_lock:
            loop, thread = self._loop, self._loop_thread
            self._loop = self._loop_thread = None
        if loop is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
