"""One ycfn function in a Python process: the reactor module loaded once (at
import, so the token cache lives across invocations), and each platform
invocation turned into one invocation of the core through ycfn_host.

The answers given here, not by the core, are the ones the Node host gives in
the same situations (docs/design.md): 400 event.malformed for an event that
cannot be serialized as JSON, 500 ycfn.load_failed when the module cannot be
loaded (tried again on the next call), 500 ycfn.host_error for a failure of the
host itself; a trap is answered 500 ycfn.trap by ycfn_host. Every other answer
comes from the core. Log records go to stdout, one JSON object per line, as
the platform's runtime captures them.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any, Callable, Optional

from ycfn_context import core_context
from ycfn_host import ReactorHost, error_result
from ycfn_host.contract_generated import ANSWERS, TOKEN_HINTS, fill
from ycfn_host.steps import host_answer, log_record, one_line
from ycfn_module import ModuleLoader

# Ends the core's token.missing message: on the platform a token comes with the
# version's service account (the same words as the Node host's).
TOKEN_HINT = TOKEN_HINTS["function"]


def stdout_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# Made once: json.dumps with options builds an encoder on every call.
_EVENT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_json(event: Any) -> bytes:
    """The event as the JSON text the core reads, like Node's JSON.stringify: any
    JSON value (the core answers what is not an object). Raises ValueError or
    TypeError for what JSON cannot express (NaN, bytes, a cycle...)."""
    try:
        return _EVENT_ENCODER.encode(event).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (the platform decodes "\ud800" escapes into one):
        # escaped, as JSON.stringify does, instead of made invalid UTF-8.
        return json.dumps(event, separators=(",", ":"), allow_nan=False).encode("ascii")


def _detail(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return one_line(f"{type(exc).__name__}: {lines[0] if lines else ''}")


class Function:
    def __init__(self, folder: str, log: Callable[[str], None] = stdout_line) -> None:
        self.loader = ModuleLoader(folder)
        self.log = log
        self._host: Optional[ReactorHost] = None
        self._load_error: Optional[str] = None
        # The platform may call from several threads (a version with concurrency
        # > 1): one of them loads the module again after a failed load. The
        # invocations themselves overlap; the host serializes the calls into the
        # module, so calls waiting on one metadata request share it.
        self._load_lock = threading.Lock()
        self._load()

    def _log_record(self, level: str, message: str, request_id: Optional[str] = None) -> None:
        self.log(log_record(level, message, request_id))

    def _load(self) -> None:
        try:
            self._host = ReactorHost(self.loader.wasm, log=self.log, load_module=self.loader, token_hint=TOKEN_HINT)
            self._load_error = None
        except Exception as exc:  # noqa: BLE001 (answered as ycfn.load_failed)
            self._load_error = _detail(exc)
            self._log_record("ERROR", fill(ANSWERS["LOAD_FAILED"]["log"], detail=self._load_error))
        warning = self.loader.warning()
        if warning:
            self._log_record("WARN", warning)

    def handle(self, event: Any, context: Any) -> dict:
        context = core_context(context)
        request_id = context.get("requestId")
        try:
            event_bytes = event_json(event)
        except (TypeError, ValueError, RecursionError):
            return error_result("UNSERIALIZABLE_EVENT")
        with self._load_lock:
            if self._host is None:
                self._load()
            host, load_error = self._host, self._load_error
        if host is None:
            return error_result("LOAD_FAILED", detail=load_error)
        try:
            # Answered on this thread without an event loop unless the invocation
            # fetches (then on the host's I/O loop thread, shared by every call).
            return host.serve(event_bytes, context)
        except Exception as exc:  # noqa: BLE001 (the process keeps serving)
            return host_answer("HOST_ERROR", self.log, request_id, host="Python", detail=_detail(exc))
