#!/usr/bin/env python3
"""Benchmark 6: the wasi:http component of examples/http-echo under `wasmtime serve`.

  .tools/venv/bin/python bench/wasi_http.py [--requests N]

Starts `wasmtime serve -S cli --addr 127.0.0.1:<free port>` twice: with wasmtime's
default (a new instance per request) and with instances kept
(--max-instance-reuse-count); each time sends N sequential GET requests with a
small query over one keep-alive connection, after 20 warm-up requests, and
reports requests/s and the p50 and p99 round trips; the same requests to the
Node build of http-echo under `ycfn serve` (Node 16.14.1, the nodejs16
runtime's version, as `ycfn serve` runs by default) for comparison. Also the
sizes of every example's components (raw and gzip -9). Prints one JSON object.
"""

import argparse
import glob
import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WASMTIME = (glob.glob(os.path.join(ROOT, ".tools", "venv", "lib", "python3*", "site-packages", "wasmtime_cli",
                                   "wasmtime")) or [os.path.join(ROOT, ".tools", "venv", "bin", "wasmtime")])[0]
BUILD = os.path.join(os.environ.get("YCFN_BENCH_WASI_BUILD") or os.path.join(ROOT, "build", "wasi"), "examples")
NODE_FUNCTION = os.path.join(ROOT, "build", "node", "examples", "http-echo", "function")
YCFN_SERVE = os.path.join(ROOT, "bindings-node", "bin", "ycfn-serve.js")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(module: str, reuse: bool):
    port = free_port()
    cmd = [WASMTIME, "serve", "-S", "cli", "--addr", f"127.0.0.1:{port}"]
    if reuse:
        cmd += ["--max-instance-reuse-count", "1000000"]
    proc = subprocess.Popen(cmd + [module], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    ready = threading.Event()

    def drain():
        for line in proc.stderr:
            if b"Serving HTTP on" in line:
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    ready.wait(120)
    if proc.poll() is not None:
        raise SystemExit("wasmtime serve did not start")
    return proc, port


def ycfn_serve():
    """`ycfn serve` of the Node build, on a free port: ready at its `listening on` line."""
    proc = subprocess.Popen(["node", YCFN_SERVE, NODE_FUNCTION, "--port", "0"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = None
    for line in proc.stdout:
        if line.startswith(b"listening on http://"):
            port = int(line.strip().rsplit(b":", 1)[1])
            break
    if port is None:
        raise SystemExit("ycfn serve did not start (build the node preset first)")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # keep its pipe drained
    return proc, port


def measure(module: str, reuse: bool, requests: int, start=None) -> dict:
    proc, port = start() if start else serve(module, reuse)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        times = []
        for i in range(20 + requests):
            started = time.perf_counter()
            conn.request("GET", "/bench?x=1&y=2", headers={"X-Bench": "1"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise SystemExit(f"http-echo answered {resp.status}")
            if i >= 20:
                times.append((time.perf_counter() - started) * 1000)
        conn.close()
    finally:
        proc.terminate()
        proc.wait(60)
    times.sort()
    return {"requests": requests, "requests_per_s": requests / (sum(times) / 1000),
            "p50_ms": statistics.median(times), "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))]}


def sizes() -> dict:
    out = {}
    for folder in sorted(glob.glob(os.path.join(BUILD, "*"))):
        name = os.path.basename(folder)
        entry = {}
        for kind in ("http", "cli"):
            path = os.path.join(folder, f"{name}.{kind}.wasm")
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    data = f.read()
                entry[kind] = len(data)
                entry[f"{kind}_gz"] = len(gzip.compress(data, 9))
        if entry:
            out[name] = entry
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    module = os.path.join(BUILD, "http-echo", "http-echo.http.wasm")
    result = {
        "example": "http-echo",
        "new_instance": measure(module, False, args.requests),
        "kept_instance": measure(module, True, args.requests),
        "ycfn_serve_node16": measure(module, False, args.requests, start=ycfn_serve),
        "sizes": sizes(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
