"""The command-line tool: runs a reactor module on events from stdin, one JSON
answer per line on stdout, log records on stderr (`--help` for the options).

    python bindings-wasi/python-host/ycfn_host <name>.reactor.wasm < event.json

It fetches IAM tokens from the metadata service (YC_METADATA_ADDR /
GCE_METADATA_HOST, else 169.254.169.254). `--jsonl` and `--concurrent` answer a
trapping event 500 ycfn.trap (`ReactorHost.serve`), so an untrusted batch gets
one answer per line even when lines trap.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional, Sequence, Union

import wasmtime

from .instance import HostError, ModuleTrap
from .steps import ReactorHost

EXIT_OK, EXIT_INTERNAL, EXIT_MISUSE = 0, 1, 2


def _read_context(text: Optional[str]) -> Union[dict, str]:
    """The context as a dict when `text` is a JSON object (so batch lines can get
    their own requestId), else the text as it is: the core judges it and answers
    500 context.malformed, as on every host."""
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def _with_request_id(context: Union[dict, str], request_id: str) -> Union[dict, str]:
    return dict(context, requestId=request_id) if isinstance(context, dict) else context


def _fail(status: int, reason: str) -> int:
    sys.stderr.write(f"ycfn-host: {reason}\n")
    return status


def _emit(response: dict) -> None:
    sys.stdout.write(json.dumps(response, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ycfn_host",
        description="Run a ycfn reactor module (<name>.reactor.wasm) under wasmtime-py, fetching "
        "IAM tokens from the metadata service (YC_METADATA_ADDR / GCE_METADATA_HOST, else "
        "169.254.169.254). Reads the event from stdin, prints the response as one JSON line; "
        "log records go to stderr.",
        epilog="exit status: 0 a response was printed for every event (with --jsonl and --concurrent a "
        "trapping event is answered 500 ycfn.trap and the next one runs on a fresh instance); 1 internal "
        "failure, or the single event trapped; 2 misuse.",
    )
    parser.add_argument("module", help="the reactor module, <name>.reactor.wasm")
    parser.add_argument("--context", help="the context JSON object (default: $YCFN_CONTEXT, else {})")
    parser.add_argument("--timeout-ms", default=None,
                        help="budget per event without context.deadlineMs: sets YCFN_TIMEOUT_MS for the core "
                        "(1..600000; default: $YCFN_TIMEOUT_MS, else 3000)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--jsonl", action="store_true",
                      help="one event per input line, one response per output line; requestId <id or batch>-<line>")
    mode.add_argument("--concurrent", type=int, metavar="N",
                      help="run the one stdin event N times concurrently against one runtime, then "
                      "print the host's step counts to stderr (shows single-flight)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_MISUSE

    context = _read_context(args.context if args.context is not None else os.environ.get("YCFN_CONTEXT"))
    env = dict(os.environ)
    if args.timeout_ms is not None:
        env["YCFN_TIMEOUT_MS"] = str(args.timeout_ms)  # the core judges it (config.bad_timeout)
    if args.concurrent is not None and args.concurrent < 1:
        return _fail(EXIT_MISUSE, "--concurrent needs N >= 1")
    base_id = context.get("requestId") if isinstance(context, dict) else None

    try:
        host = ReactorHost(args.module, env=env)
    except (OSError, wasmtime.WasmtimeError, HostError) as exc:
        return _fail(EXIT_INTERNAL, f"cannot load {args.module}: {str(exc).strip().splitlines()[0]}")
    try:
        stdin = sys.stdin.buffer
        if args.jsonl:
            prefix = base_id if isinstance(base_id, str) else "batch"

            # Lines run one after the other; a trapping line is answered 500
            # ycfn.trap (serve) and the next line gets a fresh instance:
            # untrusted lines cannot stop the batch.
            for number, line in enumerate(stdin, start=1):
                if line.endswith(b"\n"):
                    line = line[:-1]
                _emit(host.serve(line, _with_request_id(context, f"{prefix}-{number}")))
        elif args.concurrent is not None:
            event = stdin.read()
            calls = [(event, _with_request_id(context, f"{base_id or 'concurrent'}-{i + 1}"))
                     for i in range(args.concurrent)]
            results = host.invoke_concurrently(calls)
            for (_, call_context), result in zip(calls, results):
                _emit(host.trap_answer(result, call_context) if isinstance(result, ModuleTrap) else result)
            s = host.stats
            sys.stderr.write(f"ycfn-host: {s.invocations} invocations, {s.fetch_steps} fetch steps, "
                             f"{s.wait_steps} wait steps, {s.http_requests} HTTP requests\n")
        else:
            _emit(host.invoke(stdin.read(), context))
    except HostError as exc:
        return _fail(EXIT_INTERNAL, str(exc))
    finally:
        host.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
