"""Plays the platform's Python runtime for one unpacked function package.

Run with the package's virtual environment's python, cwd = the unpacked folder:

    <venv>/bin/python platform_runner.py

Like the platform, it puts the function's folder first on sys.path, imports
`index` once, and calls `index.handler(event, context)` for every request line
read on stdin, in this one process. A request is a JSON object:

    {"event": <any JSON>, "context": {"request_id": ..., "function_name": ...,
     "function_version": ..., "memory_limit_in_mb": ..., "token": {...}?,
     "remaining_ms": 5000, "attributes": {"function_folder_id": ...}?}}
                             ("attributes": more attributes of the context, as
                             the platform adds fields over time)
    {"probe": "loader"}      how index.py loaded its module
    {..., "threads": N}      N calls at once from N threads (a version with concurrency
                             > 1); the answer is the list of their results
    {"threads": [{"event", "context"}, ...]}
                             the same, each thread with its own event and context
    {..., "in_loop": true}   the call made from inside a running asyncio event loop

The answer of each line is one stdout line "@@result <JSON>" (or "@@raised
<text>" if handler raised); everything else on stdout and stderr is the
function's logs, as the platform would capture them.
"""

import asyncio
import concurrent.futures
import json
import os
import sys
import time

sys.path[0] = os.getcwd()


class PlatformContext:
    """Shaped like the context the platform's Python runtime passes."""

    def __init__(self, spec: dict) -> None:
        self.request_id = spec.get("request_id")
        self.function_name = spec.get("function_name")
        self.function_version = spec.get("function_version")
        self.memory_limit_in_mb = spec.get("memory_limit_in_mb")
        self.token = spec.get("token")  # None when the version has no service account
        self._deadline = time.time() * 1000 + spec.get("remaining_ms", 5000)
        self.deadline_ms = int(self._deadline)
        for name, value in (spec.get("attributes") or {}).items():
            setattr(self, name, value)

    def get_remaining_time_in_millis(self) -> int:
        return int(self._deadline - time.time() * 1000)


def answer(tag: str, text: str) -> None:
    sys.stdout.write(f"@@{tag} {text}\n")
    sys.stdout.flush()


import index  # noqa: E402  (after sys.path is the platform's)

for line in sys.stdin:
    request = json.loads(line)
    if request.get("probe") == "loader":
        loader = index.FUNCTION.loader
        answer("result", json.dumps({"how": loader.how, "refused": loader.refused}))
        continue
    event, spec = request.get("event"), request.get("context") or {}
    try:
        if isinstance(request.get("threads"), list):
            calls = request["threads"]
            with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
                futures = [pool.submit(index.handler, c.get("event"), PlatformContext(c.get("context") or {}))
                           for c in calls]
                result = [f.result() for f in futures]
        elif request.get("threads"):
            with concurrent.futures.ThreadPoolExecutor(max_workers=request["threads"]) as pool:
                futures = [pool.submit(index.handler, event, PlatformContext(dict(spec, request_id=f"{spec.get('request_id')}-{i}")))
                           for i in range(request["threads"])]
                result = [f.result() for f in futures]
        elif request.get("in_loop"):
            async def from_a_coroutine():
                return index.handler(event, PlatformContext(spec))
            result = asyncio.run(from_a_coroutine())
        else:
            result = index.handler(event, PlatformContext(spec))
    except BaseException as exc:  # noqa: BLE001 (reported to the test)
        answer("raised", f"{type(exc).__name__}: {exc}")
        continue
    answer("result", json.dumps(result))
