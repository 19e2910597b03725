"""Shared pieces of the Python function package's tests (scripts/test.sh stage
python_function).

Every python-function.zip of the wasi build (each examples/<name>/ and the
WASI binding's test handlers) is unpacked into its own folder, and one fresh
virtual environment of the machine's Python 3.11 gets `pip install -r
requirements.txt` (every ZIP pins the same line, checked in test_package.py):
one pip run for all ZIPs keeps the stage short, and each ZIP is still imported
from its own folder, in its own process (platform_runner.py), as the platform
does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Optional

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BUILD = Path(os.environ.get("YCFN_WASI_BUILD_DIR", ROOT / "build" / "wasi"))
NODE_BUILD = Path(os.environ.get("YCFN_NODE_BUILD_DIR", ROOT / "build" / "node"))
RUNNER = HERE / "platform_runner.py"
NODE_RUNNER = HERE / "node_runner.js"
NODE = shutil.which("node")
# The machine's Python 3.11 (the python311 runtime's version); YCFN_PYTHON311 overrides.
PYTHON311 = os.environ.get("YCFN_PYTHON311") or shutil.which("python3.11")
FIXTURE_DIRS = (ROOT / "tests" / "fixtures" / "docs", ROOT / "tests" / "fixtures" / "events")

# The metadata-service emulator: bindings-node/emulators/ (one implementation, in JS).
sys.path.insert(0, str(ROOT / "bindings-node" / "emulators"))
import client as emulators  # noqa: E402

# Looks like a real token and is unique enough to grep for in any output.
METADATA_TOKEN = "t1.PYFN-EMULATOR-TOKEN-9f3c2a7d41b84e6f.deadbeefcafef00d0123456789abcdef"


def MetadataEmulator(mode: str = "ok") -> "emulators.MetadataEmulator":  # noqa: N802 (a class-like factory)
    """The shared metadata-service emulator in `mode`, handing out METADATA_TOKEN."""
    return emulators.MetadataEmulator(mode, token=METADATA_TOKEN)

# A context token that passes the token rules; its text must never show up in any output.
CONTEXT_TOKEN = {"access_token": "t1.PYFN-CONTEXT-TOKEN-7d2e91c4.abcdefABCDEF0123456789", "expires_in": 3600,
                 "token_type": "Bearer"}


def zips() -> dict:
    """name -> python-function.zip of every handler the wasi build packaged."""
    out = {}
    for path in sorted((BUILD / "examples").glob("*/python-function.zip")):
        out[path.parent.name] = path
    for path in sorted((BUILD / "tests" / "handlers").glob("*.python-function.zip")):
        out[path.name[: -len(".python-function.zip")]] = path
    return out


EXAMPLES = sorted(p.parent.name for p in (BUILD / "examples").glob("*/python-function.zip"))


def fixture_events() -> list:
    """(id, event) of every documentation fixture that is an event (not a reply)."""
    seen, out = set(), []
    for folder in FIXTURE_DIRS:
        for path in sorted(folder.glob("*.json")):
            if path.name in seen or "response" in path.name:
                continue
            seen.add(path.name)
            out.append((path.stem, json.loads(path.read_text())))
    return out


def context(request_id: str = "r1", token: Optional[dict] = None, remaining_ms: int = 5000, **extra) -> dict:
    spec = {"request_id": request_id, "function_name": "pyfn-test", "function_version": "v1",
            "memory_limit_in_mb": 256, "remaining_ms": remaining_ms}
    if token is not None:
        spec["token"] = token
    spec.update(extra)
    return spec


class Runner:
    """One function process (platform_runner.py or node_runner.js): one import, many calls."""

    def __init__(self, cmd: list, cwd: Path, env: Optional[dict] = None) -> None:
        full_env = dict(os.environ)
        for name in ("YC_METADATA_ADDR", "GCE_METADATA_HOST"):
            full_env.pop(name, None)
        full_env.update(env or {})
        self.logs: list = []  # every non-answer line, stdout and stderr merged
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def request(self, request: dict) -> dict:
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the function process ended (exit {self.proc.wait()}); output: {self.logs[-20:]}")
            text = line.decode("utf-8", "replace").rstrip("\n")
            if text.startswith("@@result "):
                return json.loads(text[len("@@result "):])
            if text.startswith("@@raised "):
                raise AssertionError(f"handler raised: {text}")
            self.logs.append(text)

    def call(self, event, spec: dict) -> dict:
        return self.request({"event": event, "context": spec})

    def close(self) -> list:
        """Ends the process (stdin closed: the runner's loop ends) and returns all its logs."""
        self.proc.stdin.close()
        rest = self.proc.stdout.read().decode("utf-8", "replace").splitlines()
        self.proc.wait()
        self.logs += rest
        return self.logs

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.close()


@pytest.fixture(scope="session")
def packages():
    found = zips()
    if not found or not EXAMPLES:
        pytest.fail(f"no python-function.zip under {BUILD}: build the wasi preset first (cmake --build --preset wasi)")
    return found


@pytest.fixture(scope="session")
def venv_python(packages, tmp_path_factory) -> Path:
    """A fresh virtual environment of the machine's Python 3.11 with the packages' requirements.txt."""
    if not PYTHON311:
        pytest.fail("python3.11 not found (the python311 runtime's version); set YCFN_PYTHON311")
    folder = tmp_path_factory.mktemp("venv")
    # Without pip of its own (ensurepip alone takes about 15 s): the pip of the
    # test's environment installs into it (pip --python).
    subprocess.run([PYTHON311, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    requirements = tmp_path_factory.mktemp("req") / "requirements.txt"
    with zipfile.ZipFile(next(iter(packages.values()))) as z:
        requirements.write_bytes(z.read("requirements.txt"))
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                           "--disable-pip-version-check", "-r", str(requirements)], capture_output=True, text=True)
    assert proc.returncode == 0, f"pip install -r requirements.txt failed: {proc.stderr[-2000:]}"
    return python


@pytest.fixture(scope="session")
def unpacked(packages, tmp_path_factory) -> dict:
    """name -> the folder its ZIP was unpacked into (one folder per ZIP)."""
    out = {}
    for name, path in packages.items():
        folder = tmp_path_factory.mktemp(f"fn-{name}")
        with zipfile.ZipFile(path) as z:
            z.extractall(folder)
        out[name] = folder
    return out


@pytest.fixture()
def start(venv_python, unpacked):
    """start(name, env=None) -> a Runner of that package's index.handler (closed after the test)."""
    runners = []

    def _start(name: str, env: Optional[dict] = None, folder: Optional[Path] = None) -> Runner:
        runner = Runner([str(venv_python), str(RUNNER)], folder or unpacked[name], env)
        runners.append(runner)
        return runner

    yield _start
    for runner in runners:
        if runner.proc.poll() is None:
            runner.close()


def node_function(name: str) -> Path:
    folder = NODE_BUILD / "examples" / name / "function"
    if not (folder / "index.js").is_file():
        pytest.fail(f"{folder}/index.js is missing: build the node preset (cmake --preset node && "
                    f"cmake --build --preset node --target {name})")
    return folder


def start_node(name: str, env: Optional[dict] = None) -> Runner:
    if not NODE:
        pytest.fail("node not found")
    return Runner([NODE, str(NODE_RUNNER), str(node_function(name))], ROOT, env)


def json_lines_ok(logs: list) -> None:
    """Every log line is one JSON object with a level and a message, as the platform reads them."""
    for line in logs:
        record = json.loads(line)
        assert isinstance(record, dict), line
        assert record.get("level") in ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"), line
        assert isinstance(record.get("msg", record.get("message")), str), line
