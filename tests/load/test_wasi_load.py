"""Load and crash-isolation tests of the WASI binding (scripts/test.sh load).

They drive the mixed handler (tests/handlers/mixed.cpp) built by the wasi
preset: build/wasi/tests/handlers/test-mixed.wasm (command) and
test-mixed.reactor.wasm (reactor), and print what they measured as `# ...` lines
(run pytest with -s to see them).

- test_command_jsonl_mixed_stream: LINES (20,000) lines of the same mixed stream
  as tests/load/node-load.js, plus lines that are not JSON and empty lines,
  through `wasmtime run --jsonl` (one process, one runtime): output line count =
  input line count, every answer exactly as its kind expects, and the memory probe
  lines ({"stats": true}) show wasm linear memory and the malloc arena's end
  (sbrk(0)) unchanged after warm-up.
- test_command_jsonl_stops_at_a_trap: what the README says of `wasmtime run
  --jsonl`: a trap ends the batch; the lines before it are answered, none after.
- test_reactor_host_jsonl_isolates_traps: a stream of TRAP_LINES lines with a trap
  every TRAP_EVERY lines through the Python reactor host's `--jsonl`
  (bindings-wasi/python-host/ycfn_host): every line answered, each trap exactly one
  500 ycfn.trap answer and one ERROR record, the lines after it run on a fresh
  instance (the handler's call counter restarts), exit status 0.

Every run is bounded in lines and in time (subprocess timeouts).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("YCFN_WASI_BUILD_DIR", ROOT / "build" / "wasi"))
COMMAND = BUILD / "tests" / "handlers" / "test-mixed.wasm"
REACTOR = BUILD / "tests" / "handlers" / "test-mixed.reactor.wasm"
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
WASMTIME = ROOT / ".tools" / "venv" / "bin" / "wasmtime"
HOST = ROOT / "bindings-wasi" / "python-host" / "ycfn_host"

LINES = int(os.environ.get("YCFN_LOAD_WASI_LINES", "20000"))
WARMUP = 2000
PROBE_EVERY = 5000
TRAP_LINES = 2000
TRAP_EVERY = 40
TIMEOUT_S = 150


_first_report = [True]


@pytest.fixture(autouse=True)
def _new_test():
    _first_report[0] = True


def report(line: str) -> None:
    # With -s, pytest -v prints the test's name without a newline: start a line.
    sys.stdout.write(f"{chr(10) if _first_report[0] else ''}# {line}\n")
    sys.stdout.flush()
    _first_report[0] = False


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


HTTP_DOCS = fixture("http-post-curl-docs.json")
TIMER = fixture("timer-docs.json")
QUEUE = fixture("message-queue-docs.json")
STORAGE = fixture("object-storage-delete-docs.json")


def ok(**fields):
    return (200, None, fields)


def error(status: int, error_type: str):
    return (status, error_type, None)


def js(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


# name -> (line for position i, expected (status, errorType, echoed fields) for i,
#          reaches the handler). The same kinds as tests/load/node-load.js, plus two
#          only a line-based batch can carry: a line that is not JSON, an empty line.
KINDS = [
    ("http-docs", lambda i: js(HTTP_DOCS), lambda i: ok(kind="http", method="POST", body="hello, world!"), True),
    ("http-marker",
     lambda i: js({"httpMethod": "GET", "headers": {}, "path": f"/p/{i}", "queryStringParameters": {"marker": f"m{i}"},
                   "body": f"body {i}"}),
     lambda i: ok(kind="http", method="GET", path=f"/p/{i}", marker=f"m{i}", body=f"body {i}"), True),
    ("http-base64",
     lambda i: js({"httpMethod": "PUT", "headers": {"Content-Type": "text/plain"},
                   "body": base64.b64encode(f"payload {i}".encode()).decode(), "isBase64Encoded": True}),
     lambda i: ok(kind="http", method="PUT", body=f"payload {i}"), True),
    ("timer", lambda i: js(TIMER), lambda i: ok(kind="trigger", messages=1), True),
    ("message-queue", lambda i: js(QUEUE), lambda i: ok(kind="trigger", messages=2), True),
    ("object-storage", lambda i: js(STORAGE), lambda i: ok(kind="trigger", messages=1), True),
    ("other", lambda i: js({"marker": f"o{i}"}), lambda i: ok(kind="other", marker=f"o{i}"), True),
    ("malformed-method", lambda i: js({"httpMethod": 42}), lambda i: error(400, "event.malformed"), False),
    ("malformed-headers", lambda i: js({"httpMethod": "GET", "headers": "x"}), lambda i: error(400, "event.malformed"),
     False),
    ("malformed-body", lambda i: js({"httpMethod": "POST", "body": 7}), lambda i: error(400, "event.malformed"), False),
    ("malformed-query", lambda i: js({"httpMethod": "GET", "queryStringParameters": []}),
     lambda i: error(400, "event.malformed"), False),
    ("malformed-base64-flag", lambda i: js({"httpMethod": "GET", "isBase64Encoded": "yes"}),
     lambda i: error(400, "event.malformed"), False),
    ("malformed-messages", lambda i: js({"messages": "x"}), lambda i: error(400, "event.malformed"), False),
    ("not-an-object", lambda i: js([i, "x"]), lambda i: error(400, "event.malformed"), False),
    ("a-string", lambda i: js(f"event {i}"), lambda i: error(400, "event.malformed"), False),
    ("null", lambda i: b"null", lambda i: error(400, "event.malformed"), False),
    ("not-json", lambda i: f"not json {i}".encode(), lambda i: error(400, "event.malformed"), False),
    ("empty-line", lambda i: b"", lambda i: error(400, "event.malformed"), False),
    ("bad-base64", lambda i: js({"httpMethod": "POST", "isBase64Encoded": True, "body": f"@@{i}@@"}),
     lambda i: error(400, "event.bad_base64"), False),
    ("fail", lambda i: js({"fail": True}), lambda i: error(503, "test.load_failure"), True),
    ("bad-status", lambda i: js({"badStatus": True}), lambda i: error(500, "handler.bad_status"), True),
]
TRAP = ("trap", lambda i: js({"trap": True}), lambda i: error(500, "ycfn.trap"), False)
STATS = ("stats", lambda i: js({"stats": True}), lambda i: (200, None, {}), True)


def check(kind, i: int, line: bytes):
    """None, or what is wrong with answer `line` to line `i` of kind `kind`."""
    status, error_type, fields = kind[2](i)
    try:
        answer = json.loads(line)
    except ValueError:
        return f"answer is not JSON: {line[:200]!r}"
    if not isinstance(answer, dict):
        return f"answer is not an object: {line[:200]!r}"
    if answer.get("statusCode") != status:
        return f"statusCode {answer.get('statusCode')}, expected {status}: {str(answer.get('body'))[:200]}"
    try:
        body = json.loads(answer.get("body"))
    except (TypeError, ValueError):
        return f"body is not JSON: {str(answer.get('body'))[:200]}"
    if error_type is not None:
        if body.get("errorType") != error_type:
            return f"errorType {body.get('errorType')}, expected {error_type}"
        if not isinstance(body.get("errorMessage"), str) or not body["errorMessage"]:
            return "no errorMessage"
        return None
    for key, value in fields.items():
        if body.get(key) != value:
            return f"{key} = {body.get(key)!r}, expected {value!r}"
    return None


class Tally:
    def __init__(self):
        self.count = 0
        self.unexpected = 0
        self.samples = []
        self.by_kind = {}

    def add(self, kind, i, problem):
        self.count += 1
        self.by_kind[kind[0]] = self.by_kind.get(kind[0], 0) + 1
        if problem:
            self.unexpected += 1
            if len(self.samples) < 10:
                self.samples.append(f"line {i + 1} ({kind[0]}): {problem}")


@pytest.fixture(scope="module", autouse=True)
def _built():
    for path in (COMMAND, REACTOR, WASMTIME):
        if not path.is_file():
            pytest.fail(f"{path} is missing: run scripts/setup.sh, then cmake --preset wasi && cmake --build --preset wasi")


def test_command_jsonl_mixed_stream():
    kinds, lines = [], []
    probes = []  # line indexes of the memory probes
    for i in range(LINES):
        if i == 0 or i == WARMUP or (i > WARMUP and i % PROBE_EVERY == 0) or i == LINES - 1:
            kind = STATS
            probes.append(i)
        else:
            kind = KINDS[i % len(KINDS)]
        kinds.append(kind)
        lines.append(kind[1](i))
    stdin = b"\n".join(lines) + b"\n"
    t0 = time.monotonic()
    proc = subprocess.run([str(WASMTIME), "run", "--env", 'YCFN_CONTEXT={"requestId":"load"}', str(COMMAND), "--jsonl"],
                          input=stdin, capture_output=True, timeout=TIMEOUT_S)
    elapsed = time.monotonic() - t0
    answers = proc.stdout.split(b"\n")
    assert answers[-1] == b"", "the output does not end with a newline"
    answers = answers[:-1]

    tally = Tally()
    stats = {}
    last_calls, monotonic = 0, True
    for i, (kind, answer) in enumerate(zip(kinds, answers)):
        tally.add(kind, i, check(kind, i, answer))
        parsed = json.loads(answer) if answer.startswith(b"{") else {}
        if parsed.get("statusCode") == 200:
            calls = json.loads(parsed["body"]).get("calls")
            monotonic = monotonic and isinstance(calls, int) and calls > last_calls
            last_calls = calls if isinstance(calls, int) else last_calls
            if kind is STATS:
                stats[i] = json.loads(parsed["body"])
    log_lines = proc.stderr.count(b"\n")
    report(f"wasmtime run --jsonl: {len(lines)} lines in, {len(answers)} lines out, exit {proc.returncode}, "
           f"{elapsed:.2f} s: {len(lines) / elapsed:.0f} lines/s; log records on stderr {log_lines}")
    report(f"unexpected answers: {tally.unexpected}; handler call counter increasing: {monotonic}")
    for sample in tally.samples:
        report(f"  {sample}")
    report("per kind: " + ", ".join(f"{k} {v}" for k, v in tally.by_kind.items()))
    warm = stats.get(WARMUP, {})
    for i in probes:
        s = stats.get(i, {})
        label = "before" if i == 0 else "after warm-up" if i == WARMUP else "end" if i == LINES - 1 else f"at {i}"
        report(f"memory {label:>13} (line {i + 1}): wasm memory {s.get('memoryBytes')} B, heap top {s.get('heapTop')}")

    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(answers) == len(lines)
    assert tally.unexpected == 0, tally.samples
    assert monotonic, "the handler's call counter did not increase: the runtime was replaced"
    assert len(stats) == len(probes)
    after = [stats[i] for i in probes if i > WARMUP]
    assert after and all(s["memoryBytes"] == warm["memoryBytes"] for s in after), "wasm memory grew after warm-up"
    assert all(s["heapTop"] == warm["heapTop"] for s in after), "the malloc arena grew after warm-up"


def test_command_jsonl_stops_at_a_trap():
    lines = [js({"marker": "a"}), b"not json", js({"trap": True}), js({"marker": "b"}), js({"marker": "c"})]
    proc = subprocess.run([str(WASMTIME), "run", str(COMMAND), "--jsonl"], input=b"\n".join(lines) + b"\n",
                          capture_output=True, timeout=60)
    answers = proc.stdout.splitlines()
    report(f"wasmtime run --jsonl with a trap on line 3 of 5: exit {proc.returncode}, {len(answers)} answers")
    assert proc.returncode not in (0, 1, 2)
    assert [json.loads(a)["statusCode"] for a in answers] == [200, 400]
    assert b"wasm trap" in proc.stderr


def test_reactor_host_jsonl_isolates_traps():
    kinds, lines = [], []
    for i in range(TRAP_LINES):
        kind = TRAP if i % TRAP_EVERY == 17 else KINDS[i % len(KINDS)]
        kinds.append(kind)
        lines.append(kind[1](i))
    traps = sum(1 for k in kinds if k is TRAP)
    t0 = time.monotonic()
    proc = subprocess.run([str(ROOT / ".tools" / "venv" / "bin" / "python"), str(HOST), str(REACTOR), "--jsonl",
                           "--context", '{"requestId":"iso"}'],
                          input=b"\n".join(lines) + b"\n", capture_output=True, timeout=TIMEOUT_S,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    elapsed = time.monotonic() - t0
    answers = proc.stdout.splitlines()
    tally = Tally()
    trap_answers = 0
    since_trap, mismatches, checked = None, 0, 0
    for i, (kind, answer) in enumerate(zip(kinds, answers)):
        tally.add(kind, i, check(kind, i, answer))
        parsed = json.loads(answer)
        if parsed.get("statusCode") == 500 and "ycfn.trap" in parsed.get("body", ""):
            trap_answers += 1
        if kind is TRAP:
            since_trap = 0
        elif since_trap is not None and kind[3]:
            since_trap += 1
            if parsed.get("statusCode") == 200:
                checked += 1
                if json.loads(parsed["body"]).get("calls") != since_trap:
                    mismatches += 1
    errors = [json.loads(line) for line in proc.stderr.splitlines() if b'"level":"ERROR"' in line and b"trapped" in line]
    trap_ids = sorted(int(e["requestId"].rsplit("-", 1)[1]) for e in errors)
    report(f"ycfn_host --jsonl: {len(lines)} lines in ({traps} traps), {len(answers)} lines out, exit "
           f"{proc.returncode}, {elapsed:.2f} s: {len(lines) / elapsed:.0f} lines/s")
    report(f"500 ycfn.trap answers {trap_answers}, trap ERROR records {len(errors)}, unexpected answers "
           f"{tally.unexpected}; answers after a trap from a fresh instance: {checked - mismatches}/{checked}")
    for sample in tally.samples:
        report(f"  {sample}")

    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(answers) == len(lines)
    assert tally.unexpected == 0, tally.samples
    assert trap_answers == traps
    assert trap_ids == [i + 1 for i, k in enumerate(kinds) if k is TRAP]
    assert checked > 0 and mismatches == 0
