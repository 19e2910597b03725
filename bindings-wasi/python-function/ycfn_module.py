"""Loads the function's reactor module once per process: the precompiled
index.cwasm when this machine's wasmtime accepts it, else index.wasm compiled
with Cranelift.

Compiling the module costs on the order of 150 ms of every cold start;
deserializing the artefact precompiled at build time (precompile.py, the same
wasmtime version requirements.txt pins) costs a few ms. wasmtime refuses an
artefact from another version, another engine configuration or a CPU without
the features it was compiled for; that is not an error here, only slower.
Deserializing runs the artefact's machine code unchecked, which is safe only
because it comes from this ZIP, built with this package.
"""

from __future__ import annotations

import os
from typing import Optional

import wasmtime

WASM_NAME = "index.wasm"
CWASM_NAME = "index.cwasm"


class ModuleLoader:
    """A `load_module` callable for ycfn_host.ReactorHost; remembers how it loaded
    (`how`: "precompiled" or "compiled") and why the artefact was refused (`refused`)."""

    def __init__(self, folder: str) -> None:
        self.wasm = os.path.join(folder, WASM_NAME)
        self.cwasm = os.path.join(folder, CWASM_NAME)
        self.how: Optional[str] = None
        self.refused: Optional[str] = None

    def __call__(self, engine: wasmtime.Engine) -> wasmtime.Module:
        if os.path.isfile(self.cwasm):
            try:
                module = wasmtime.Module.deserialize_file(engine, self.cwasm)
                self.how = "precompiled"
                return module
            except wasmtime.WasmtimeError as exc:
                lines = str(exc).strip().splitlines()
                self.refused = " ".join(lines[0].split())[:200] if lines else type(exc).__name__
        module = wasmtime.Module.from_file(engine, self.wasm)
        self.how = "compiled"
        return module

    def warning(self) -> Optional[str]:
        """What to log when the shipped artefact could not be used."""
        if self.refused is None:
            return None
        return f"{CWASM_NAME} was refused by this machine's wasmtime ({self.refused}); compiled {WASM_NAME} instead"
