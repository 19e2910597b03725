"""The conformance runner of the Python reactor host (bindings-wasi/python-host/ycfn_host).

Plays every vector (the plan from plan.js) through `ReactorHost.serve`, one host
(one instance, one token cache) per vector, against the emulators (bindings-node/emulators,
as a subprocess), records what it saw, and has judge-cli.js judge it: the
assertions live in lib/judge.js only.

    .tools/venv/bin/python tests/conformance/run_reactor.py [--filter s]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("YCFN_WASI_BUILD_DIR", ROOT / "build" / "wasi"))
sys.path.insert(0, str(ROOT / "bindings-wasi" / "python-host"))
sys.path.insert(0, str(ROOT / "bindings-node" / "emulators"))

from client import Emulators  # noqa: E402
from ycfn_host import ReactorHost, http_fetch  # noqa: E402

NODE = os.environ.get("YCFN_EMULATOR_NODE", "node")


def substitute(value, places: dict):
    if isinstance(value, str):
        for key, real in places.items():
            value = value.replace("$" + key, real)
        return value
    if isinstance(value, list):
        return [substitute(v, places) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, places) for k, v in value.items()}
    return value


def module_for(handler: str) -> Path:
    if handler.startswith("example:"):
        name = handler[len("example:"):]
        path = BUILD / "examples" / name / f"{name}.reactor.wasm"
    else:
        path = BUILD / "tests" / "handlers" / f"test-{handler}.reactor.wasm"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not built")
    return path


def fetcher_for(inject: Optional[str]):
    """The host's fetcher, or one that breaks the ABI on purpose (a vector's `inject`)."""
    if inject is None:
        return http_fetch
    if inject == "wrong-fetch-id":
        return lambda fetch: {**http_fetch(fetch), "id": int(fetch["id"]) + 1000}
    raise ValueError(f"unknown injection {inject!r}")


def batches(calls: list) -> list:
    """Consecutive calls of one `group` together (started at once), the others alone."""
    out: list = []
    for call in calls:
        if call.get("group") is not None and out and out[-1][0].get("group") == call["group"]:
            out[-1].append(call)
        else:
            out.append([call])
    return out


async def serve_together(host: ReactorHost, batch: list) -> list:
    """`ReactorHost.serve` for every call of the batch at once, on one runtime."""
    tasks = []
    for call in batch:
        context = dict(call["context"])
        if call.get("deadlineInMs") is not None:
            context["deadlineMs"] = int(time.time() * 1000) + call["deadlineInMs"]
        tasks.append(host.serve_async(call["event"], context))
    return list(await asyncio.gather(*tasks, return_exceptions=True))


def observation(vector: dict, emu: Emulators, calls: list) -> dict:
    """What a Python runner hands judge-cli.js for one vector: the calls' answers,
    the requests the emulators recorded, and the secrets no answer may show."""
    secrets = [emu.token] + [c["context"].get("token", {}).get("access_token") for c in vector["calls"]
                             if isinstance(c["context"].get("token"), dict)]
    return {
        "calls": calls,
        "metadataRequests": [r for r in emu.requests("metadata") if r["path"].startswith("/computeMetadata/")],
        "computeRequests": emu.requests("compute"),
        "lockboxRequests": emu.requests("lockbox"),
        "storageRequests": emu.requests("storage"),
        "docapiRequests": emu.requests("docapi"),
        "otherRequests": emu.requests("other"),
        "connectionsRequests": emu.requests("connections"),
        "metadataToken": emu.token,
        "secrets": [s for s in secrets if isinstance(s, str) and len(s) >= 8],
    }


def configure_emulators(vector: dict, emu: Emulators) -> dict:
    """Sets the emulators up for `vector` (after emu.reset()) and answers the
    places its placeholders stand for."""
    emu.metadata(mode="ok")
    places = {"metadata_addr": emu.address("metadata"), "compute_url": emu.url("compute"),
              "other_url": emu.url("other"), "connections_url": emu.url("connections"),
              "lockbox_url": emu.url("lockbox"), "storage_url": emu.url("storage"), "docapi_url": emu.url("docapi")}
    if vector.get("metadata"):
        emu.metadata(**substitute(vector["metadata"], places))
    if vector.get("compute"):
        emu.compute(**substitute(vector["compute"], places))
    emu.connections(**substitute(vector.get("connections") or {}, places))
    if vector.get("lockbox"):
        emu.lockbox(**substitute(vector["lockbox"], places))
    if vector.get("storage"):
        emu.storage(**substitute(vector["storage"], places))
    if vector.get("docapi"):
        emu.docapi(**substitute(vector["docapi"], places))
    return places


def play(vector: dict, emu: Emulators) -> dict:
    emu.reset()
    places = configure_emulators(vector, emu)
    calls = []
    logs: list = []
    try:
        env = substitute(vector["env"], places)
        with ReactorHost(module_for(vector["handler"]), env=env, log=lambda line: logs.append(line),
                         fetcher=fetcher_for(vector.get("inject"))) as host:
            for batch in batches(vector["calls"]):
                logs = []  # a concurrent batch shares its log lines
                try:
                    answers = asyncio.run(serve_together(host, batch))
                except Exception as exc:  # the host itself failed: a conformance failure, not a crash
                    answers = [exc] * len(batch)
                for answer in answers:
                    if isinstance(answer, BaseException):
                        calls.append({"error": f"{type(answer).__name__}: {answer}", "logs": logs})
                    else:
                        calls.append({"response": answer, "logs": logs})
    except Exception as exc:
        calls.append({"error": f"{type(exc).__name__}: {exc}", "logs": []})
    return observation(vector, emu, calls)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    plan = json.loads(subprocess.run([NODE, str(HERE / "plan.js"), "--host", "reactor", "--filter", args.filter],
                                     check=True, capture_output=True, text=True).stdout)
    out = []
    with Emulators(only="metadata,compute,other,connections,lockbox,storage,docapi") as emu:
        for vector in plan:
            if vector.get("notApplicable"):
                out.append({"name": vector["name"], "notApplicable": vector["notApplicable"]})
            else:
                out.append({"name": vector["name"], "observation": play(vector, emu)})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(out, f)
    try:
        print(f"# reactor: {sys.executable}", flush=True)
        return subprocess.run([NODE, str(HERE / "judge-cli.js"), "--host", "reactor", f.name]).returncode
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    sys.exit(main())
