#!/usr/bin/env python3
"""Benchmark 4 (WASI) and the WASI half of 5 (linear memory of a reactor).

  .tools/venv/bin/python bench/wasi.py --events DIR [--runs N] [--lines N] [--memory-calls N]

DIR holds event-1k.json and batch.jsonl (bench/lib/write-events.js writes them).
Measures, for examples/http-echo:
  - one `wasmtime run` process per event (N runs, events/s): wasmtime's default
    configuration (module cache on), precompiled (`wasmtime compile`, then
    `run --allow-precompiled`), and without the cache (`-C cache=n`, N/10 runs);
  - one `wasmtime run --jsonl` process for a batch of lines (events/s);
  - the embedding (wasmtime-py): Module compilation, and Instance creation +
    _initialize + ycfn_runtime_new (medians);
  - the reactor's linear memory (memory.data_len) after a warm-up and after
    --memory-calls invocations through the Python host (bindings-wasi/python-host/).
Prints one JSON object.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "bindings-wasi", "python-host"))

import wasmtime  # noqa: E402
from ycfn_host import ReactorHost  # noqa: E402

# The wasmtime binary itself: .tools/venv/bin/wasmtime is a Python shim that
# starts the binary as a child process and costs a Python start-up per run.
WASMTIME = (glob.glob(os.path.join(ROOT, ".tools", "venv", "lib", "python3*", "site-packages", "wasmtime_cli",
                                   "wasmtime")) or [os.path.join(ROOT, ".tools", "venv", "bin", "wasmtime")])[0]
# YCFN_BENCH_WASI_BUILD: another wasi build tree (before/after comparisons).
BUILD = os.path.join(os.environ.get("YCFN_BENCH_WASI_BUILD") or os.path.join(ROOT, "build", "wasi"), "examples")
CONTEXT = '{"requestId":"bench","functionName":"bench"}'


def per_process(wasm, event, runs, extra=()):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run([WASMTIME, "run", *extra, "--env", f"YCFN_CONTEXT={CONTEXT}", wasm],
                             input=event, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
        if b'"statusCode":200' not in out.stdout:
            raise SystemExit(f"wasi bench: unexpected answer {out.stdout[:200]!r}")
    return times


def batch(wasm, lines_path, lines):
    with open(lines_path, "rb") as f:
        t0 = time.perf_counter()
        out = subprocess.run([WASMTIME, "run", "--env", f"YCFN_CONTEXT={CONTEXT}", wasm, "--jsonl"],
                             stdin=f, capture_output=True, check=True)
        elapsed = time.perf_counter() - t0
    answers = out.stdout.count(b"\n")
    ok = out.stdout.count(b'"statusCode":200')
    if answers != lines or ok != lines:
        raise SystemExit(f"wasi bench: batch answered {answers} lines ({ok} with 200) for {lines}")
    return elapsed


def embedding(reactor, runs):
    engine = wasmtime.Engine()
    with open(reactor, "rb") as f:
        data = f.read()
    compile_s, inst_s = [], []
    module = None
    for _ in range(max(3, runs // 10)):
        t0 = time.perf_counter()
        module = wasmtime.Module(engine, data)
        compile_s.append(time.perf_counter() - t0)
    config = b'{"network":false}'
    for _ in range(runs):
        t0 = time.perf_counter()
        store = wasmtime.Store(engine)
        store.set_wasi(wasmtime.WasiConfig())
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        instance = linker.instantiate(store, module)
        ex = instance.exports(store)
        ex["_initialize"](store)
        ptr = ex["ycfn_alloc"](store, len(config))
        ex["memory"].write(store, config, ptr)
        runtime = ex["ycfn_runtime_new"](store, ptr, len(config))
        inst_s.append(time.perf_counter() - t0)
        if runtime == 0:
            raise SystemExit("wasi bench: ycfn_runtime_new returned NULL")
    return statistics.median(compile_s), statistics.median(inst_s)


def reactor_memory(reactor, event, calls, warmup):
    host = ReactorHost(reactor, env={}, network=False, log=lambda line: None)
    invocation = {"context": {"requestId": "bench"}, "now_ms": 0, "deadline_ms": 0}
    initial = host.instance.memory_size()
    def run(n):
        for _ in range(n):
            now = int(time.time() * 1000)
            invocation["now_ms"], invocation["deadline_ms"] = now, now + 3000
            step = host.instance.call("ycfn_invoke", event, json.dumps(invocation).encode())
            if step.get("step") != "respond" or step["response"]["statusCode"] != 200:
                raise SystemExit(f"wasi bench: reactor answered {str(step)[:200]}")
    run(warmup)
    after_warmup = host.instance.memory_size()
    t0 = time.perf_counter()
    run(calls)
    elapsed = time.perf_counter() - t0
    after = host.instance.memory_size()
    host.close()
    return {"initial": initial, "after_warmup": after_warmup, "after_calls": after, "calls": calls,
            "warmup": warmup, "calls_per_s": calls / elapsed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", required=True)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--memory-calls", type=int, default=100000)
    ap.add_argument("--example", default="http-echo")
    a = ap.parse_args()

    wasm = os.path.join(BUILD, a.example, f"{a.example}.wasm")
    reactor = os.path.join(BUILD, a.example, f"{a.example}.reactor.wasm")
    with open(os.path.join(a.events, "event-1k.json"), "rb") as f:
        event = f.read()
    lines_path = os.path.join(a.events, "batch.jsonl")
    with open(lines_path, "rb") as f:
        lines = f.read().count(b"\n")

    out = {"example": a.example}
    # One process per event, three ways: wasmtime's default configuration (its
    # compiled-module cache is on, so after the first run the module is not
    # compiled again), the module precompiled once (`wasmtime compile`, then
    # `run --allow-precompiled`), and no cache (`-C cache=n`: Cranelift compiles
    # the module in every process, fewer runs). Interleaved with two batch runs.
    pp, pp_pre, pp_nocache, batches = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        cwasm = os.path.join(tmp, f"{a.example}.cwasm")
        subprocess.run([WASMTIME, "compile", wasm, "-o", cwasm], check=True)
        per_process(wasm, event, 3)  # page cache, wasmtime's module cache
        for half in range(2):
            pp += per_process(wasm, event, a.runs // 2)
            pp_pre += per_process(cwasm, event, a.runs // 2, extra=("--allow-precompiled",))
            pp_nocache += per_process(wasm, event, max(2, a.runs // 20), extra=("-C", "cache=n"))
            batches.append(batch(wasm, lines_path, lines))
    def summary(times):
        return {"runs": len(times), "median_ms": statistics.median(times) * 1000, "events_per_s": len(times) / sum(times)}
    out["per_process"] = summary(pp)
    out["per_process_precompiled"] = summary(pp_pre)
    out["per_process_no_cache"] = summary(pp_nocache)
    batch_eps = 2 * lines / sum(batches)
    out["batch"] = {"lines": lines, "runs": 2, "seconds": batches, "events_per_s": batch_eps}
    out["batch_speedup"] = batch_eps / out["per_process"]["events_per_s"]
    out["batch_speedup_vs_precompiled"] = batch_eps / out["per_process_precompiled"]["events_per_s"]
    out["batch_speedup_vs_no_cache"] = batch_eps / out["per_process_no_cache"]["events_per_s"]
    # `wasmtime run` of a trivial event (one small invocation): process start,
    # module load from the cache and instantiation.
    trivial = per_process(wasm, b'{"httpMethod":"GET"}', 20)
    out["trivial_run_ms"] = statistics.median(trivial) * 1000
    compile_s, inst_s = embedding(reactor, 50)
    out["embedding"] = {"module_compile_ms": compile_s * 1000, "instantiate_ms": inst_s * 1000}
    out["memory"] = reactor_memory(reactor, event, a.memory_calls, 1000)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
