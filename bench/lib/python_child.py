"""A Python function process for bench/python.py, imported the way the platform
does (cwd and sys.path[0] = the function's folder).

  <venv>/bin/python bench/lib/python_child.py cold     import index, answer one call, print
                                                       "@@cold {import_ms, call_ms, status}", exit
  <venv>/bin/python bench/lib/python_child.py worker   import once, then per stdin line
                                                       {"calls": N, "token": bool} run N calls and
                                                       print "@@lat [ms, ...]" (a line "@@ready" first)

Logs of the function go to stdout like on the platform; the parent reads only
the "@@" lines. Kept free of other modules so each function pays only for itself.
"""

import json
import os
import sys
import time

sys.path[0] = os.getcwd()

TOKEN = {"access_token": "t1.9euelZqd-ycfn-bench-token-not-a-real-one-QkJ2Ozc2SkpqSlc7OjY7Hyp2dk",
         "expires_in": 43200, "token_type": "Bearer"}
EVENT = {"httpMethod": "GET", "headers": {}, "path": "/", "body": "", "isBase64Encoded": False}


class Context:
    """Shaped like the platform's Python context."""

    def __init__(self, request_id, with_token):
        self.request_id = request_id
        self.function_name = "bench"
        self.function_version = "bench"
        self.memory_limit_in_mb = 256
        self.token = dict(TOKEN) if with_token else None
        self._deadline = time.time() * 1000 + 10000
        self.deadline_ms = int(self._deadline)

    def get_remaining_time_in_millis(self):
        return int(self._deadline - time.time() * 1000)


def say(tag, value):
    sys.stdout.write(f"@@{tag} {json.dumps(value)}\n")
    sys.stdout.flush()


def main():
    t0 = time.perf_counter()
    import index  # noqa: E402 (the function, from its folder)
    t1 = time.perf_counter()
    if sys.argv[1] == "cold":
        result = index.handler(dict(EVENT), Context("cold-1", True))
        t2 = time.perf_counter()
        say("cold", {"import_ms": (t1 - t0) * 1000, "call_ms": (t2 - t1) * 1000, "status": result["statusCode"]})
        return
    say("ready", {"import_ms": (t1 - t0) * 1000})
    counter = 0
    for line in sys.stdin:
        command = json.loads(line)
        lat, bad = [], 0
        for _ in range(command["calls"]):
            counter += 1
            context = Context(f"w-{counter}", command["token"])
            s = time.perf_counter()
            result = index.handler(dict(EVENT), context)
            lat.append((time.perf_counter() - s) * 1000)
            bad += result["statusCode"] != 200
        say("lat", {"lat": lat, "bad": bad})


main()
