"""The conformance runner of the Python function package (python-function.zip,
entry point index.handler, bindings-wasi/python-function/).

Plays every vector (the plan from plan.js, host `python-function`, family
`python`) the way the platform's Python runtime would: each handler's ZIP
unpacked once, and per vector ONE platform_runner.py process (one import of
`index`: one instance, one token cache) fed the calls on stdin, against the
emulators (bindings-node/emulators, as a subprocess). What it saw is judged by
judge-cli.js: the assertions live in lib/judge.js only.

    .tools/venv/bin/python tests/conformance/run_python_function.py [--filter s]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("YCFN_WASI_BUILD_DIR", ROOT / "build" / "wasi"))
RUNNER = ROOT / "bindings-wasi" / "python-function" / "test" / "platform_runner.py"
sys.path.insert(0, str(ROOT / "bindings-node" / "emulators"))
sys.path.insert(0, str(HERE))

from client import Emulators  # noqa: E402
from run_reactor import batches, configure_emulators, observation, substitute  # noqa: E402  (one copy of the plan's helpers)

HOST = "python-function"
NODE = os.environ.get("YCFN_EMULATOR_NODE", "node")
# The function's interpreter: the tools' venv, which has the ZIPs' pinned wasmtime.
PYTHON = ROOT / ".tools" / "venv" / "bin" / "python"
# The platform always passes a deadline (the version's timeout) through
# get_remaining_time_in_millis(); a call without `deadlineInMs` gets this one.
PLATFORM_TIMEOUT_MS = 5000
# lib/watchdog.js's guard: a call still unanswered after this is a failure, not a hang.
WATCHDOG_S = 30
# Node-style context key -> the platform's Python context attribute. Any other key
# (deadlineMs as data, extra fields) cannot be said to index.handler: such a vector
# carries notOn["python-function"], and one without it fails here, loudly.
CONTEXT_KEYS = {"requestId": "request_id", "functionName": "function_name", "functionVersion": "function_version",
                "memoryLimitInMB": "memory_limit_in_mb", "token": "token"}


def zip_for(handler: str) -> Path:
    if handler.startswith("example:"):
        name = handler[len("example:"):]
        path = BUILD / "examples" / name / "python-function.zip"
    else:
        path = BUILD / "tests" / "handlers" / f"test-{handler}.python-function.zip"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not built (cmake --build --preset wasi --target <name>_python)")
    return path


class Unpacked:
    """One unpacked folder per ZIP, in one temporary folder, reused by every vector."""

    def __init__(self, root: Path) -> None:
        self.root, self.folders = root, {}

    def __call__(self, handler: str) -> Path:
        path = zip_for(handler)
        if path not in self.folders:
            folder = self.root / handler.replace(":", "-")
            with zipfile.ZipFile(path) as z:
                z.extractall(folder)
            self.folders[path] = folder
        return self.folders[path]


def platform_context(call: dict) -> dict:
    """The platform's Python context (platform_runner.py's spec) for a call of the plan."""
    extra = sorted(set(call["context"]) - set(CONTEXT_KEYS))
    if extra:
        raise ValueError(f"context keys {extra} have no counterpart in the Python platform's context "
                         f"(the vector needs notOn[{HOST!r}])")
    spec = {CONTEXT_KEYS[k]: v for k, v in call["context"].items()}
    deadline = call.get("deadlineInMs")
    spec["remaining_ms"] = PLATFORM_TIMEOUT_MS if deadline is None else deadline
    return spec


class Function:
    """One platform_runner.py process: the function's instance for one vector."""

    def __init__(self, folder: Path, env: dict) -> None:
        # Only the vector's environment (plus PATH): nothing of this runner's leaks in.
        full_env = {**env, "PATH": os.environ.get("PATH", "")}
        self.proc = subprocess.Popen([str(PYTHON), str(RUNNER)], cwd=folder, env=full_env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # A reader thread, so that waiting for an answer can give up (the watchdog)
        # instead of blocking on readline forever.
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # the process ended

    def request(self, request: dict) -> tuple:
        """(answer or an error text, the log lines printed meanwhile)."""
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        logs: list = []
        while True:
            try:
                line = self.lines.get(timeout=WATCHDOG_S)
            except queue.Empty:
                return RuntimeError(f"no answer within {WATCHDOG_S} s: did not honour the deadline"), logs
            if line is None:
                return RuntimeError(f"the function process ended (exit {self.proc.wait()})"), logs
            if line.startswith("@@result "):
                return json.loads(line[len("@@result "):]), logs
            if line.startswith("@@raised "):
                return RuntimeError(f"index.handler raised: {line[len('@@raised '):]}"), logs
            logs.append(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=WATCHDOG_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def play(vector: dict, emu: Emulators, unpacked: Unpacked) -> dict:
    emu.reset()
    places = configure_emulators(vector, emu)
    calls = []
    function = None
    try:
        if vector.get("inject"):
            raise ValueError(f"no injection point for {vector['inject']!r} in the package (needs notOn[{HOST!r}])")
        function = Function(unpacked(vector["handler"]), substitute(vector["env"], places))
        for batch in batches(vector["calls"]):
            requests = [{"event": c["event"], "context": platform_context(c)} for c in batch]
            # A batch of one is a plain request; a group goes through threads (a
            # version with concurrency > 1), its calls sharing the log lines.
            answer, logs = function.request(requests[0] if len(batch) == 1 else {"threads": requests})
            if isinstance(answer, BaseException):
                calls += [{"error": str(answer), "logs": logs}] * len(batch)
            else:
                calls += [{"response": a, "logs": logs} for a in (answer if len(batch) > 1 else [answer])]
    except Exception as exc:  # the runner itself failed: a conformance failure, not a crash
        calls.append({"error": f"{type(exc).__name__}: {exc}", "logs": []})
    finally:
        if function is not None:
            function.close()
    return observation(vector, emu, calls)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    plan = json.loads(subprocess.run([NODE, str(HERE / "plan.js"), "--host", HOST, "--filter", args.filter],
                                     check=True, capture_output=True, text=True).stdout)
    out = []
    with Emulators(only="metadata,compute,other,connections,lockbox,storage,docapi") as emu, tempfile.TemporaryDirectory(prefix="ycfn-pyconf-") as tmp:
        unpacked = Unpacked(Path(tmp))
        for vector in plan:
            if vector.get("notApplicable"):
                out.append({"name": vector["name"], "notApplicable": vector["notApplicable"]})
            else:
                out.append({"name": vector["name"], "observation": play(vector, emu, unpacked)})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(out, f)
    try:
        print(f"# {HOST}: {PYTHON} {RUNNER.relative_to(ROOT)}", flush=True)
        return subprocess.run([NODE, str(HERE / "judge-cli.js"), "--host", HOST, f.name]).returncode
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    sys.exit(main())
