"""One reactor instance: the module instantiated with WASI (stdout and stderr
inherited), its one runtime (`ycfn_runtime_new`), and the C ABI calls of
core/include/ycfn/ycfn.h with the bytes that cross the boundary.

A warm invocation is a few tens of µs of wasm, so the crossings around it are
what a Python host costs. wasmtime-py's public `Func.__call__` re-reads the
function's type and converts every argument on each call (tens of µs each), and
`Memory.read` copies through Python objects. So the exports' signatures are
checked once, at instantiation, and then called through wasmtime's unchecked
call (`wasmtime_func_call_unchecked` of the C API, bound here with plain
addresses so that ctypes converts nothing) with one preallocated argument
array; the input is written with one memmove into a buffer the instance keeps;
the answer is read with one strnlen and one string_at. An invocation answered
in its first step is two calls into the module: `ycfn_invoke` and the
`ycfn_free` of its answer.
"""

from __future__ import annotations

import ctypes
import json
from typing import Any, Optional

import wasmtime
# wasmtime-py's ctypes bindings of the C API (internal, but the package pins
# wasmtime's version: requirements.txt, scripts/lib/versions.sh).
from wasmtime import _ffi as ffi

from .contract_generated import ABI_EXPORTS, ABI_VERSION

# Each export's (parameters, results), all i32 (wasm32 pointers and sizes).
# Checked at instantiation: the unchecked calls below rely on them.
SIGNATURES = {
    "ycfn_abi_version": (0, 1),
    "ycfn_alloc": (1, 1),
    "ycfn_free": (1, 0),
    "ycfn_runtime_new": (2, 1),
    "ycfn_runtime_delete": (1, 0),
    "ycfn_invoke": (5, 1),
    "ycfn_invoke_with_body": (7, 1),
    "ycfn_resume": (3, 1),
}
if set(SIGNATURES) != set(ABI_EXPORTS):  # a new export in core/abi/exports.def needs its signature here
    raise ImportError(f"ycfn_host knows the signatures of {sorted(SIGNATURES)}, the ABI exports {list(ABI_EXPORTS)}")
# An input larger than this gets a buffer of its own, freed after the call,
# so that one large event does not stay allocated in the instance.
KEPT_BUFFER_MAX = 1 << 20


class HostError(Exception):
    """The module broke the ABI contract (or ran out of memory)."""


class ModuleTrap(HostError):
    """The module trapped (or called exit, or the ABI answered NULL: out of memory)
    during an invocation. The instance is discarded; the next invocation gets a
    fresh one (and an empty token cache)."""


class NullFromAbi(Exception):
    """The ABI answered NULL (out of memory); ReactorInstance.call makes it a ModuleTrap."""


def _find_strnlen() -> Optional[Any]:
    try:
        strnlen = ctypes.CDLL(None).strnlen
    except (OSError, AttributeError):  # no C library to ask: the slower read below
        return None
    strnlen.restype = ctypes.c_size_t
    strnlen.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
    return strnlen


_STRNLEN = _find_strnlen()


def _bind(name: str, restype: Any, *argtypes: Any) -> Any:
    """A C API function of wasmtime's library taking and returning plain
    addresses: ctypes then checks no pointer types on each call (wasmtime-py's own
    bindings of the same functions stay as they are)."""
    func = ffi.dll[name]  # a new function object, not the one wasmtime-py configured
    func.restype = restype
    func.argtypes = argtypes
    return func


_VOID_P, _SIZE_T = ctypes.c_void_p, ctypes.c_size_t
_CALL_UNCHECKED = _bind("wasmtime_func_call_unchecked", _VOID_P, _VOID_P, _VOID_P, _VOID_P, _SIZE_T, _VOID_P)
_MEMORY_DATA = _bind("wasmtime_memory_data", _VOID_P, _VOID_P, _VOID_P)
_MEMORY_DATA_SIZE = _bind("wasmtime_memory_data_size", _SIZE_T, _VOID_P, _VOID_P)


def _check_signature(name: str, func: Any, store: wasmtime.Store) -> None:
    ty = func.type(store)
    params, results = SIGNATURES[name]
    i32 = wasmtime.ValType.i32()
    if list(ty.params) != [i32] * params or list(ty.results) != [i32] * results:
        raise HostError(f"not a ycfn reactor module: {name} has the wrong signature")


class ReactorInstance:
    """The module's instance and runtime. Not thread-safe: the host calls it from
    one thread."""

    def __init__(self, engine: wasmtime.Engine, module: wasmtime.Module, config: bytes) -> None:
        store = wasmtime.Store(engine)
        wasi = wasmtime.WasiConfig()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        store.set_wasi(wasi)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        instance = linker.instantiate(store, module)
        exports = instance.exports(store)
        missing = [name for name in ABI_EXPORTS + ("memory",) if name not in exports]
        if missing:
            raise HostError(f"not a ycfn reactor module: missing exports {', '.join(missing)}")
        for name in ABI_EXPORTS:
            _check_signature(name, exports[name], store)
        if "_initialize" in exports:
            exports["_initialize"](store)
        # The addresses below live as long as these objects: the store (its
        # context) and the exports (their wasmtime_func_t / wasmtime_memory_t).
        self._store = store
        self._exports = [exports[name] for name in ABI_EXPORTS + ("memory",)]
        self._context = ctypes.cast(store._context(), _VOID_P).value
        self._memory = ctypes.addressof(exports["memory"]._memory)
        self._funcs = {name: ctypes.addressof(exports[name]._func) for name in ABI_EXPORTS}
        self._args = (ffi.wasmtime_val_raw * 8)()
        self._args_at = ctypes.addressof(self._args)
        self._trap = _VOID_P()
        self._trap_at = ctypes.addressof(self._trap)
        self._buffer, self._capacity = 0, 0
        version = self._raw("ycfn_abi_version")
        if version != ABI_VERSION:
            raise HostError(f"the module implements ycfn C ABI {version}, this host {ABI_VERSION}")
        try:
            ptr = self._input(config)
            self.runtime = self._raw("ycfn_runtime_new", ptr, len(config))
        except NullFromAbi as exc:
            raise HostError(str(exc)) from None
        if self.runtime == 0:
            raise HostError("ycfn_runtime_new returned NULL (out of memory)")

    # --- calls -------------------------------------------------------------

    def _raw(self, name: str, *args: int) -> int:
        """One call of an export whose signature was checked; its i32 result as
        an unsigned number (0 when it has none). Raises wasmtime.Trap,
        wasmtime.ExitTrap or wasmtime.WasmtimeError as Func.__call__ does."""
        slots = self._args
        for i, value in enumerate(args):
            slots[i].i32 = value  # ctypes wraps an unsigned pointer to the signed i32
        error = _CALL_UNCHECKED(self._context, self._funcs[name], self._args_at, len(slots), self._trap_at)
        if error:
            raise wasmtime.WasmtimeError._from_ptr(ctypes.cast(error, ctypes.POINTER(ffi.wasmtime_error_t)))
        if self._trap.value:
            trap, self._trap.value = self._trap.value, None
            raise wasmtime.Trap._from_ptr(ctypes.cast(trap, ctypes.POINTER(ffi.wasm_trap_t)))
        return slots[0].i32 & 0xFFFFFFFF

    def _base(self) -> tuple:
        """The linear memory's address in this process and its size (both can
        change whenever the module runs: memory.grow)."""
        return _MEMORY_DATA(self._context, self._memory) or 0, _MEMORY_DATA_SIZE(self._context, self._memory)

    def _alloc(self, size: int) -> int:
        ptr = self._raw("ycfn_alloc", size)
        if ptr == 0:
            raise NullFromAbi(f"ycfn_alloc({size}) returned NULL (out of memory)")
        return ptr

    def _input(self, *parts: bytes) -> int:
        """Writes the parts one after the other into the instance's input buffer
        (grown when too small) and returns its address."""
        total = len(parts[0]) if len(parts) == 1 else sum(len(part) for part in parts)
        if total > self._capacity or total > KEPT_BUFFER_MAX:
            if self._buffer:
                self._buffer, old = 0, self._buffer
                self._capacity = 0
                self._raw("ycfn_free", old)
            capacity = max(total, 4096)
            self._buffer = self._alloc(capacity)
            self._capacity = capacity
        base, size = self._base()
        ptr = self._buffer
        if ptr + total > size:
            raise HostError("ycfn_alloc returned a buffer outside the module's memory")
        at = base + ptr
        for part in parts:
            ctypes.memmove(at, part, len(part))
            at += len(part)
        return ptr

    def _release_input(self) -> None:
        """Frees a buffer too large to keep (KEPT_BUFFER_MAX)."""
        if self._capacity > KEPT_BUFFER_MAX:
            self._buffer, old = 0, self._buffer
            self._capacity = 0
            self._raw("ycfn_free", old)

    def _take_string(self, ptr: int) -> bytes:
        """Reads the NUL-terminated string the ABI returned at `ptr`, then frees it."""
        if ptr == 0:
            raise NullFromAbi("the ABI returned NULL (out of memory)")
        try:
            base, size = self._base()
            if ptr >= size:
                raise HostError("the ABI returned a string outside the module's memory")
            if _STRNLEN is not None:
                length = _STRNLEN(base + ptr, size - ptr)
                text = ctypes.string_at(base + ptr, length)
            else:
                text = ctypes.string_at(base + ptr, size - ptr).split(b"\0", 1)[0]
                length = len(text)
            if length == size - ptr:
                raise HostError("the ABI returned a string without its NUL terminator")
            return text
        finally:
            self._raw("ycfn_free", ptr)

    def call(self, name: str, *buffers: bytes) -> dict:
        """Calls ycfn_invoke / ycfn_resume with the buffers (each as ptr, len, laid
        out one after the other in the input buffer) and returns the step.

        A trap inside the module (in the call itself, or in ycfn_alloc /
        ycfn_free around it) and a NULL from the ABI raise ModuleTrap: the caller
        discards the instance, which is never entered again."""
        try:
            ptr = self._input(*buffers)
            args = [self.runtime]
            for data in buffers:
                args += [ptr, len(data)]
                ptr += len(data)
            text = self._take_string(self._raw(name, *args))
            self._release_input()
        except (wasmtime.Trap, wasmtime.ExitTrap, wasmtime.WasmtimeError) as exc:
            first = str(exc).strip().splitlines()
            reason = first[-1].strip() if first else type(exc).__name__
            raise ModuleTrap(f"the module trapped in {name}: {reason}") from exc
        except NullFromAbi as exc:
            raise ModuleTrap(f"{name}: {exc}") from None
        step = json.loads(text.decode("utf-8", "replace"))
        if not isinstance(step, dict):
            raise HostError(f"{name} answered JSON {type(step).__name__}, not a step object")
        return step

    def memory_size(self) -> int:
        """The linear memory's size in bytes (bench/wasi.py watches it)."""
        return self._base()[1]

    def close(self) -> None:
        """Deletes the runtime (the instance itself goes with its store)."""
        try:
            self._raw("ycfn_runtime_delete", self.runtime)
        except (wasmtime.Trap, wasmtime.ExitTrap, wasmtime.WasmtimeError):
            pass
