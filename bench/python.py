#!/usr/bin/env python3
"""Benchmark 6: the Python runtime (python-function.zip) against the
documentation's Python handlers (bench/baselines/python/).

  .tools/venv/bin/python bench/python.py [--cold-runs N] [--calls N] [--metadata-calls N]

One virtual environment of the machine's python3.11 (build/bench-python/venv,
reused while the pins do not change) gets the packages' requirements.txt and
the baselines' (`requests`). Every function runs in its own process, imported
from its own folder as the platform does (bench/lib/python_child.py):
  - cold start: a new process imports index and answers one context-token call;
    spawn -> answer, medians, runs interleaved (with a process that only imports
    wasmtime, the floor of `import index`): ycfn with the precompiled module
    (as shipped), ycfn compiling index.wasm at import (the ZIP without
    index.cwasm), ycfn compiling its sources at import (the ZIP without
    __pycache__), the documentation's context-token handler;
  - in-process costs (wasmtime-py of .tools/venv, the same version): `import
    wasmtime`, Module() with Cranelift (default, opt level none), with Winch,
    Module.deserialize_file of the shipped index.cwasm; medians;
  - warm: one process each, context-token with the token in the context, p50/p99
    per call, interleaved blocks after a warm-up;
  - metadata path: metadata-token without a token against the loopback emulator
    (12 h tokens) vs the documented `requests` handler, blocks of 100
    interleaved; the emulator counts each one's requests;
  - sizes of every example's python-function.zip.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.path.join(os.environ.get("YCFN_BENCH_WASI_BUILD") or os.path.join(ROOT, "build", "wasi"), "examples")
WORK = os.path.join(ROOT, "build", "bench-python")
CHILD = os.path.join(ROOT, "bench", "lib", "python_child.py")
BASELINES = os.path.join(ROOT, "bench", "baselines", "python")
sys.path.insert(0, os.path.join(ROOT, "bindings-node", "emulators"))

from client import MetadataEmulator  # noqa: E402


def log(text: str) -> None:
    sys.stderr.write(f"python bench: {text}\n")


def quantile(values, q):
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def venv_python() -> str:
    """build/bench-python/venv with the packages' and the baselines' requirements."""
    with zipfile.ZipFile(os.path.join(BUILD, "context-token", "python-function.zip")) as z:
        wanted = z.read("requirements.txt").decode()
    with open(os.path.join(BASELINES, "metadata-token", "requirements.txt")) as f:
        wanted += f.read()
    folder = os.path.join(WORK, "venv")
    python = os.path.join(folder, "bin", "python")
    stamp = os.path.join(folder, "ycfn-requirements.txt")
    if os.path.isfile(stamp) and open(stamp).read() == wanted:
        return python
    shutil.rmtree(folder, ignore_errors=True)
    base = shutil.which("python3.11") or sys.executable
    log(f"creating {folder} ({base}) and installing: {' '.join(wanted.split())}")
    subprocess.run([base, "-m", "venv", folder], check=True)
    req = os.path.join(WORK, "requirements.txt")
    with open(req, "w") as f:
        f.write(wanted)
    subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", req], check=True)
    with open(stamp, "w") as f:
        f.write(wanted)
    return python


def unpack(example: str, name: str, drop=()) -> str:
    folder = os.path.join(WORK, "fn", name)
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(os.path.join(BUILD, example, "python-function.zip")) as z:
        z.extractall(folder)
    for file in drop:
        path = os.path.join(folder, file)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    return folder


def cold_once(python: str, folder: str) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([python, CHILD, "cold"], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for line in proc.stdout:
        if line.startswith(b"@@cold "):
            answer_ms = (time.perf_counter() - t0) * 1000
            out = json.loads(line[7:])
            break
    else:
        raise SystemExit(f"python bench: no answer from {folder} (exit {proc.wait()})")
    proc.stdout.read()
    proc.wait()
    if out["status"] != 200:
        raise SystemExit(f"python bench: {folder} answered {out['status']}")
    out["answer_ms"] = answer_ms
    # Process start and interpreter start-up (and the pipe): all but import and call.
    out["start_ms"] = answer_ms - out["import_ms"] - out["call_ms"]
    return out


def import_wasmtime_ms(python: str) -> float:
    """`import wasmtime` alone in a new process: the floor of `import index`."""
    proc = subprocess.run([python, "-c", "import time; t=time.perf_counter(); import wasmtime; "
                           "print((time.perf_counter()-t)*1000)"], capture_output=True, text=True, check=True)
    return float(proc.stdout)


def cold(python: str, variants: dict, runs: int) -> dict:
    samples = {name: [] for name in variants}
    imports = []
    for name, folder in variants.items():
        cold_once(python, folder)  # page cache
    for _ in range(runs):
        for name, folder in variants.items():
            samples[name].append(cold_once(python, folder))
        # Interleaved with the variants, so that both see the same load.
        imports.append(import_wasmtime_ms(python))
    out: dict = {"import_wasmtime_ms": statistics.median(imports)}
    for name, runs_of in samples.items():
        out[name] = {key: statistics.median(r[key] for r in runs_of)
                     for key in ("answer_ms", "start_ms", "import_ms", "call_ms")}
    return out


def in_process(python: str, folder: str, runs: int) -> dict:
    """Medians of what a cold start is made of, measured in this process."""
    import wasmtime

    imports = []
    for _ in range(max(5, runs // 3)):
        proc = subprocess.run([python, "-c", "import time; t=time.perf_counter(); import wasmtime; "
                               "print((time.perf_counter()-t)*1000)"], capture_output=True, text=True, check=True)
        imports.append(float(proc.stdout))
    wasm = open(os.path.join(folder, "index.wasm"), "rb").read()
    cwasm = os.path.join(folder, "index.cwasm")

    def timed(make, n):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            make()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    def engine(**settings):
        config = wasmtime.Config()
        for key, value in settings.items():
            setattr(config, key, value)
        return wasmtime.Engine(config)

    n = max(5, runs // 3)
    out = {"import_wasmtime_ms": statistics.median(imports),
           "cranelift_ms": timed(lambda: wasmtime.Module(wasmtime.Engine(), wasm), n),
           "cranelift_opt_none_ms": timed(lambda: wasmtime.Module(engine(cranelift_opt_level="none"), wasm), n),
           "deserialize_ms": timed(lambda: wasmtime.Module.deserialize_file(wasmtime.Engine(), cwasm), n)}
    try:
        out["winch_ms"] = timed(lambda: wasmtime.Module(engine(strategy="winch"), wasm), n)
    except wasmtime.WasmtimeError as exc:
        out["winch_ms"] = None
        out["winch_error"] = str(exc).splitlines()[0]
    return out


class Worker:
    def __init__(self, python: str, folder: str, env=None) -> None:
        self.proc = subprocess.Popen([python, CHILD, "worker"], cwd=folder, env={**os.environ, **(env or {})},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._read("ready")

    def _read(self, tag: str):
        prefix = f"@@{tag} ".encode()
        for line in self.proc.stdout:
            if line.startswith(prefix):
                return json.loads(line[len(prefix):])
        raise SystemExit(f"python bench: worker ended (exit {self.proc.wait()})")

    def run(self, calls: int, token: bool) -> list:
        self.proc.stdin.write(json.dumps({"calls": calls, "token": token}).encode() + b"\n")
        self.proc.stdin.flush()
        out = self._read("lat")
        if out["bad"]:
            raise SystemExit(f"python bench: {out['bad']} calls answered a status other than 200")
        return out["lat"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def summary(lat: list) -> dict:
    return {"calls": len(lat), "p50_ms": quantile(lat, 0.5), "p99_ms": quantile(lat, 0.99)}


def warm(python: str, impls: dict, calls: int) -> dict:
    workers = {name: Worker(python, folder) for name, folder in impls.items()}
    lat = {name: [] for name in impls}
    try:
        for w in workers.values():
            w.run(max(100, calls // 10), True)  # warm-up
        block = max(1, calls // 10)
        for b in range(10):
            order = list(workers.items())
            for name, w in (order if b % 2 == 0 else reversed(order)):
                lat[name] += w.run(block, True)
    finally:
        for w in workers.values():
            w.close()
    return {name: summary(values) for name, values in lat.items()}


def metadata(python: str, impls: dict, calls: int) -> dict:
    out = {}
    with MetadataEmulator("ok", expires_in=43200) as md:
        env = {"YC_METADATA_ADDR": md.address}
        workers = {name: Worker(python, folder, env) for name, folder in impls.items()}
        lat = {name: [] for name in impls}
        requests = {name: 0 for name in impls}
        try:
            for b, done in enumerate(range(0, calls, 100)):
                order = list(workers.items())
                for name, w in (order if b % 2 == 0 else reversed(order)):
                    before = md.count()
                    lat[name] += w.run(min(100, calls - done), False)
                    requests[name] += md.count() - before
        finally:
            for w in workers.values():
                w.close()
    for name in impls:
        out[name] = dict(summary(lat[name]), requests=requests[name])
    return out


def sizes() -> dict:
    out = {}
    for example in sorted(os.listdir(BUILD)):
        path = os.path.join(BUILD, example, "python-function.zip")
        if os.path.isfile(path):
            with zipfile.ZipFile(path) as z:
                out[example] = {"zip": os.path.getsize(path), "wasm": z.getinfo("index.wasm").file_size,
                                "cwasm": z.getinfo("index.cwasm").file_size if "index.cwasm" in z.namelist() else None}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold-runs", type=int, default=20)
    ap.add_argument("--calls", type=int, default=5000)
    ap.add_argument("--metadata-calls", type=int, default=1000)
    a = ap.parse_args()
    python = venv_python()
    ycfn = unpack("context-token", "context-token")
    ycfn_compile = unpack("context-token", "context-token-compile", drop=("index.cwasm",))
    ycfn_no_pyc = unpack("context-token", "context-token-no-pyc", drop=("__pycache__",))
    docs = os.path.join(BASELINES, "context-token")
    out = {"python": subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                                    capture_output=True, text=True, check=True).stdout.strip()}
    log("cold start")
    out["cold"] = cold(python, {"ycfn_precompiled": ycfn, "ycfn_compile": ycfn_compile, "ycfn_no_pyc": ycfn_no_pyc,
                                "docs": docs}, a.cold_runs)
    out["cold"]["runs"] = a.cold_runs
    log("in-process costs")
    out["in_process"] = in_process(python, ycfn, a.cold_runs)
    log("warm")
    out["warm"] = warm(python, {"ycfn": ycfn, "docs": docs}, a.calls)
    log("metadata path")
    out["metadata"] = metadata(python, {"ycfn": unpack("metadata-token", "metadata-token"),
                                        "docs": os.path.join(BASELINES, "metadata-token")}, a.metadata_calls)
    out["metadata"]["calls"] = a.metadata_calls
    out["sizes"] = sizes()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
