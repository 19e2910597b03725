#!/usr/bin/env python3
"""Build step (not shipped): compiles a reactor module with wasmtime-py's Cranelift
and writes the result of Module.serialize(), which the Python function loads with
Module.deserialize_file() instead of compiling at every cold start.

    python precompile.py --expect-version 50.0.1 index.wasm index.cwasm

The artefact loads only in the same wasmtime version with the same engine
configuration (ycfn_host.ReactorHost uses wasmtime.Engine() with the defaults,
and so does this script), and on a CPU with the features it was compiled for;
ycfn_module.py falls back to compiling index.wasm whenever wasmtime rejects it.
"""

import argparse
import importlib.metadata
import os
import sys

import wasmtime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect-version", required=True,
                        help="the wasmtime version requirements.txt pins; any other is an error")
    parser.add_argument("wasm")
    parser.add_argument("cwasm")
    args = parser.parse_args()
    found = importlib.metadata.version("wasmtime")
    if found != args.expect_version:
        sys.stderr.write(f"precompile: wasmtime {found} here, the package pins {args.expect_version}: "
                         "an artefact of another version would never load\n")
        return 1
    module = wasmtime.Module.from_file(wasmtime.Engine(), args.wasm)
    tmp = args.cwasm + ".tmp"
    with open(tmp, "wb") as out:
        out.write(module.serialize())
    os.replace(tmp, args.cwasm)  # a failed build never leaves half an artefact
    return 0


if __name__ == "__main__":
    sys.exit(main())
