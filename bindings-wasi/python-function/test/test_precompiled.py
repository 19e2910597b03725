"""index.cwasm: the shipped artefact is what the package loads, and an artefact
this machine's wasmtime refuses (corrupted, truncated, of another engine
configuration) falls back to compiling index.wasm, with a WARN record."""

from __future__ import annotations

import json
import shutil

import pytest
import wasmtime

from conftest import context, json_lines_ok


def loader(fn) -> dict:
    return fn.request({"probe": "loader"})


def host_records(logs: list) -> list:
    """The records of the host itself (the test handler logs at INFO)."""
    return [line for line in logs if json.loads(line)["level"] != "INFO"]


def test_the_shipped_artefact_is_loaded(start):
    with start("test-echo") as fn:
        assert loader(fn) == {"how": "precompiled", "refused": None}
        assert fn.call({}, context("p"))["statusCode"] == 200
        assert host_records(fn.close()) == []  # nothing to report at import


def _foreign(wasm: bytes) -> bytes:
    """The module serialized by the same wasmtime version for another engine
    configuration. (An artefact for a CPU feature this machine lacks cannot be
    made here: wasmtime refuses to compile for it.)"""
    config = wasmtime.Config()
    config.memory_reservation = 1 << 20
    return wasmtime.Module(wasmtime.Engine(config), wasm).serialize()


@pytest.mark.parametrize("kind", ["garbage", "truncated", "foreign"])
def test_a_refused_artefact_falls_back_to_compiling(start, unpacked, tmp_path, kind):
    folder = tmp_path / "fn"
    shutil.copytree(unpacked["test-echo"], folder)
    cwasm = folder / "index.cwasm"
    original = cwasm.read_bytes()
    if kind == "garbage":
        cwasm.write_bytes(b"\x7fELF not really a compiled module" * 100)
    elif kind == "truncated":
        cwasm.write_bytes(original[: len(original) // 2])
    else:
        cwasm.write_bytes(bytes(_foreign((folder / "index.wasm").read_bytes())))
    with start("test-echo", folder=folder) as fn:
        how = loader(fn)
        assert how["how"] == "compiled" and how["refused"], how
        assert fn.call({"x": 1}, context("fb"))["statusCode"] == 200
        logs = fn.close()
    json_lines_ok(logs)
    warnings = [json.loads(line) for line in logs if json.loads(line)["level"] == "WARN"]
    assert len(warnings) == 1 and "index.cwasm" in warnings[0]["msg"], logs


def test_without_an_artefact_the_module_is_compiled_silently(start, unpacked, tmp_path):
    folder = tmp_path / "fn"
    shutil.copytree(unpacked["test-echo"], folder)
    (folder / "index.cwasm").unlink()
    with start("test-echo", folder=folder) as fn:
        assert loader(fn) == {"how": "compiled", "refused": None}
        assert fn.call({}, context("nc"))["statusCode"] == 200
        assert host_records(fn.close()) == []


def test_a_module_that_cannot_load_is_answered_load_failed_and_retried(start, unpacked, tmp_path):
    folder = tmp_path / "fn"
    shutil.copytree(unpacked["test-echo"], folder)
    (folder / "index.cwasm").unlink()
    wasm = folder / "index.wasm"
    good = wasm.read_bytes()
    wasm.write_bytes(b"\0asm broken")
    with start("test-echo", folder=folder) as fn:
        result = fn.call({}, context("lf"))
        assert result["statusCode"] == 500 and json.loads(result["body"])["errorType"] == "ycfn.load_failed"
        wasm.write_bytes(good)  # loading is tried again on the next call
        assert fn.call({}, context("lf2"))["statusCode"] == 200
        json_lines_ok(fn.close())
