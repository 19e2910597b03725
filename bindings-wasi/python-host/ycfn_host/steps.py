"""The step loop: one runtime (one token cache) driven through invocations.

`ReactorHost` does the host's share of docs/design.md ("The host contract")
around the instance (instance.py): it starts an invocation, writes the log
lines of every step, forwards the answer of a `respond` or `error` step (the
core renders both), hands `fetch`
and `wait` steps to the I/O (fetch.py) and resumes the invocation with what
they gave, and answers a trap 500 ycfn.trap (`serve`) after discarding the
instance, so the next invocation gets a fresh one.

An invocation the core answers in its first step (most: a token in the
context, or in the cache) never touches an event loop: `invoke` and `serve`
call the module and return. Only a `fetch` or `wait` step brings in fetch.py,
its event loop and its imports.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any, Callable, Iterable, Optional, Tuple, Union

import wasmtime

from . import contract_generated as contract
from .contract_generated import ANSWERS, STEP_INTEGERS, fill
from .instance import HostError, ModuleTrap, ReactorInstance

# Ends the core's token.missing message on this host (docs/design.md, host hints).
TOKEN_HINT = contract.TOKEN_HINTS["reactor"]
# The longest trap reason quoted in a ycfn.trap answer.
TRAP_DETAIL_MAX = contract.ERROR_DETAIL_MAX

Event = Union[bytes, str, dict, list, int, float, bool, None]


class HostStats:
    """What the host did, for tests and the command line's --concurrent report."""

    __slots__ = ("invocations", "responses", "fetch_steps", "wait_steps", "http_requests", "instances", "traps")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)}" for name in self.__slots__)
        return f"HostStats({fields})"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _print_log_line(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


# Made once: json.dumps with options builds an encoder on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_dumps(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8", "surrogatepass")


def error_result(answer: str, **values: object) -> dict:
    """The platform's HTTP result for ANSWERS[answer], an answer a host gives
    itself (trap, load failure, host error), its placeholders filled from `values`."""
    entry = ANSWERS[answer]
    body = {contract.ERROR_MESSAGE_KEY: fill(entry["message"], **values), contract.ERROR_TYPE_KEY: entry["code"]}
    return {
        "statusCode": entry["status"],
        "headers": {"Content-Type": contract.ERROR_CONTENT_TYPE},
        "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def log_record(level: str, message: str, request_id: Any = None) -> str:
    """One host log record, the shape of the core's records."""
    record = {contract.LOG_LEVEL_KEY: level, contract.LOG_MESSAGE_KEY: message}
    if request_id:
        record[contract.LOG_REQUEST_ID_KEY] = str(request_id)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def host_answer(answer: str, log: Callable[[str], None], request_id: Any = None, **values: object) -> dict:
    """error_result(answer, **values), after writing through `log` the ERROR record
    the host contract gives that answer (when it has one)."""
    record = ANSWERS[answer]["log"]
    if record:
        log(log_record("ERROR", fill(record, **values), request_id))
    return error_result(answer, **values)


def one_line(detail: object) -> str:
    """A detail as a host quotes it: one line, at most ERROR_DETAIL_MAX characters."""
    return " ".join(str(detail).split())[:TRAP_DETAIL_MAX]


def trap_response(detail: str) -> dict:
    """The answer to an invocation whose module instance trapped."""
    return error_result("TRAP", detail=one_line(detail))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _missing_integer(step: dict) -> str:
    """The first integer the core writes in every step of its kind (STEP_INTEGERS,
    from host_contract.def) that `step` lacks ("give_up_ms", "fetches[].id",
    "wait.timeout_ms"); "" when all are there."""
    for kind, place, key in STEP_INTEGERS:
        if kind != step.get("step"):
            continue
        where = f"{place}.{key}" if place else key
        if not place:
            entries = [step]
        elif place.endswith("[]"):
            entries = step.get(place[:-2])
            if not isinstance(entries, list):
                return where
        else:
            entries = [step.get(place)]
        if not all(isinstance(entry, dict) and _is_int(entry.get(key)) for entry in entries):
            return where
    return ""


def _check_io_step(step: dict) -> None:
    """A fetch or wait step without one of its integers is the core's bug:
    answered as a HostError, never given a value of this host's."""
    missing = _missing_integer(step)
    if missing:
        raise HostError(f"{step['step']} step without an integer {missing}")


def _default_fetcher(fetch: dict) -> dict:
    from .fetch import http_fetch  # only a function that fetches imports http.client and ssl

    return http_fetch(fetch)


class ReactorHost:
    """One reactor instance, one runtime (one token cache), many invocations."""

    def __init__(
        self,
        wasm_path: Union[str, os.PathLike],
        *,
        env: Optional[dict] = None,
        network: bool = True,
        log: Optional[Callable[[str], None]] = None,
        fetcher: Optional[Callable[[dict], dict]] = None,
        max_fetch_threads: int = 4,
        load_module: Optional[Callable[["wasmtime.Engine"], "wasmtime.Module"]] = None,
        token_hint: str = TOKEN_HINT,
    ) -> None:
        """`env` (default os.environ) is the function's environment: handlers read
        it (context.env), and the core takes YC_METADATA_ADDR, GCE_METADATA_HOST and
        YCFN_TIMEOUT_MS from it; `log` receives every log line (default: stderr);
        `fetcher` performs one request of a fetch step (default: fetch.http_fetch);
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
        self.fetcher = fetcher or _default_fetcher
        self.stats = HostStats()
        self._max_fetch_threads = max_fetch_threads
        self._step_io: Any = None
        # One call into the module at a time, whichever thread makes it: a platform
        # thread's first step, or the I/O loop's resumes. Only the crossings are
        # serialized, not whole invocations: those overlap while they wait on I/O
        # (the core's single-flight decides who fetches).
        self._abi_lock = threading.RLock()
        self._engine = wasmtime.Engine()
        self._module = (load_module(self._engine) if load_module is not None
                        else wasmtime.Module.from_file(self._engine, os.fspath(wasm_path)))
        self._generation = 0
        self.instance: Optional[ReactorInstance] = None
        self._start()

    # --- instance lifecycle -------------------------------------------------

    def _start(self) -> None:
        self.instance = ReactorInstance(self._engine, self._module, _json_dumps(self.config))
        self._generation += 1
        if self._step_io is not None:
            self._step_io.forget()
        self.stats.instances += 1

    def _io(self) -> Any:
        """fetch.StepIO, made (and fetch.py imported) at the first step that needs I/O."""
        with self._abi_lock:
            if self._step_io is None:
                from .fetch import StepIO

                self._step_io = StepIO(self.fetcher, self._max_fetch_threads, self.stats)
            return self._step_io

    def _call(self, name: str, *buffers: bytes) -> dict:
        """instance.call; a trap discards the instance (never entered again)."""
        with self._abi_lock:
            if self.instance is None:
                self._start()
            try:
                return self.instance.call(name, *buffers)
            except ModuleTrap:
                self.instance = None
                raise

    def _step(self, name: str, *buffers: bytes) -> dict:
        """_call of ycfn_invoke or ycfn_resume, whose answer is a step. A fetch
        step's flights are registered in the same hold of the ABI lock: another
        invocation cannot be told to wait on one before it is registered."""
        with self._abi_lock:
            step = self._call(name, *buffers)
            if isinstance(step, dict) and step.get("step") in ("fetch", "wait"):
                _check_io_step(step)
                if step["step"] == "fetch":
                    self._io().register(fetch["id"] for fetch in step["fetches"])
            return step

    def close(self) -> None:
        if self.instance is not None:
            self.instance.close()
        self.instance = None
        if self._step_io is not None:
            self._step_io.close()

    def __enter__(self) -> "ReactorHost":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- invocations ------------------------------------------------------

    def _first_step(self, event: Event, context: Any, timeout_ms: Optional[int]) -> Tuple[dict, int]:
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
        with self._abi_lock:
            self.stats.invocations += 1
            if self.instance is None:
                self._start()
            generation = self._generation
            return self._step("ycfn_invoke", event_bytes, _json_dumps(invocation)), generation

    def _answer(self, step: dict) -> Optional[dict]:
        """Writes the step's log lines; the invocation's answer for a `respond` or
        `error` step, None for a step that asks for I/O."""
        for line in step.get("logs") or ():
            self.log(str(line))
        kind = step.get("step")
        if kind in ("respond", "error"):
            # The core renders an ABI error's 500 too: forwarded like a response.
            self.stats.responses += 1
            response = step.get("response")
            if not isinstance(response, dict):
                raise HostError(f"{kind} step without a response object")
            return response
        if kind == "fetch":
            self.stats.fetch_steps += 1
        elif kind == "wait":
            self.stats.wait_steps += 1
        else:
            raise HostError(f"unknown step {kind!r}")
        return None

    async def _drive(self, step: dict, generation: int) -> dict:
        """From a step that asks for I/O to the invocation's answer (no step limit
        here: the core ends an invocation past its own)."""
        io = self._io()
        while True:
            fields, fetch_ids = await io.perform(step)
            with self._abi_lock:
                if generation != self._generation or self.instance is None:
                    raise ModuleTrap("the instance trapped during another invocation")
                resume = {"invocation": step.get("invocation"), "now_ms": now_ms(), **fields}
                try:
                    step = self._step("ycfn_resume", _json_dumps(resume))
                finally:
                    io.complete(fetch_ids)
            answer = self._answer(step)
            if answer is not None:
                return answer

    def invoke(self, event: Event, context: Any = None, *, timeout_ms: Optional[int] = None) -> dict:
        """Runs one invocation to its response (blocking). `event` is raw JSON
        (bytes/str) or a value to serialise; `context` is the platform's context
        object (requestId, token, deadlineMs, ...), or its JSON text as a host read
        it (the core judges it: a malformed one is answered 500 context.malformed).
        The deadline is now + `timeout_ms` when given, else context.deadlineMs,
        else the core's default (YCFN_TIMEOUT_MS or 3000 ms). Raises ModuleTrap
        when the module traps."""
        step, generation = self._first_step(event, context, timeout_ms)
        answer = self._answer(step)
        if answer is not None:
            return answer
        return self._io().run(self._drive(step, generation))

    async def invoke_async(self, event: Event, context: Any = None, *, timeout_ms: Optional[int] = None) -> dict:
        """invoke, on the running event loop: invocations awaited together run
        concurrently against the one runtime (the core's single-flight)."""
        step, generation = self._first_step(event, context, timeout_ms)
        answer = self._answer(step)
        if answer is not None:
            return answer
        return await self._drive(step, generation)

    def trap_answer(self, trap: ModuleTrap, context: Any = None) -> dict:
        """Logs an ERROR record for `trap` and returns its 500 ycfn.trap answer."""
        self.stats.traps += 1
        request_id = context.get("requestId") if isinstance(context, dict) else None
        return host_answer("TRAP", self.log, request_id, detail=one_line(trap))

    def serve(self, event: Event, context: Any = None, *, timeout_ms: Optional[int] = None) -> dict:
        """Like invoke, but a trap is answered, not raised: 500 ycfn.trap
        (trap_response) plus an ERROR log record; the next invocation runs on a
        fresh instance. Other HostErrors (the runtime broke the ABI) still raise."""
        try:
            return self.invoke(event, context, timeout_ms=timeout_ms)
        except ModuleTrap as trap:
            return self.trap_answer(trap, context)

    async def serve_async(self, event: Event, context: Any = None, *, timeout_ms: Optional[int] = None) -> dict:
        """serve, on the running event loop."""
        try:
            return await self.invoke_async(event, context, timeout_ms=timeout_ms)
        except ModuleTrap as trap:
            return self.trap_answer(trap, context)

    def invoke_concurrently(
        self,
        calls: Iterable[Tuple[Event, Any]],
        *,
        timeout_ms: Optional[int] = None,
    ) -> list:
        """Starts every (event, context) invocation at once against this runtime
        and returns their responses in order. A ModuleTrap in one is returned as
        the exception object in its place (and in the places of the others it
        took down)."""
        results = self._io().run_all([self.invoke_async(event, context, timeout_ms=timeout_ms)
                                      for event, context in calls])
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, ModuleTrap):
                raise result
        return results
