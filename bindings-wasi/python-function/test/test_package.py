"""What each python-function.zip holds: the files the platform needs and no others."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile

import pytest

from conftest import EXAMPLES, ROOT

SIZE_LIMIT = 3_500_000
FILES = {"index.py", "ycfn_context.py", "ycfn_function.py", "ycfn_module.py", "ycfn_host.py",
         "index.wasm", "index.cwasm", "requirements.txt"}


def pinned_wasmtime() -> str:
    text = (ROOT / "scripts" / "lib" / "versions.sh").read_text()
    return re.search(r"^WASMTIME_PY_VERSION=(\S+)$", text, re.M).group(1)


def test_every_example_has_a_python_function_zip(packages):
    examples = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "CMakeLists.txt").is_file())
    assert EXAMPLES == examples


SOURCES = ("index", "ycfn_context", "ycfn_function", "ycfn_module", "ycfn_host")


def test_zip_holds_the_package_and_nothing_else(packages):
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
        bytecode = {n for n in names if n.startswith("__pycache__/")}
        assert names - bytecode == FILES, name
        tags = {n.split(".")[-2] for n in bytecode if n.endswith(".pyc")}
        assert tags <= {"cpython-311", "cpython-312"}, name
        for tag in tags:
            assert {f"__pycache__/{s}.{tag}.pyc" for s in SOURCES} <= bytecode, (name, tag)


def test_the_shipped_bytecode_is_what_python_3_11_imports(venv_python, unpacked):
    folder = unpacked["test-echo"]
    if not (folder / "__pycache__" / "ycfn_host.cpython-311.pyc").is_file():
        pytest.skip("no python3.11 at build time: the ZIP ships no 3.11 bytecode")
    proc = subprocess.run([str(venv_python), "-v", "-c", "import sys, os; sys.path[0] = os.getcwd(); import index"],
                          cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    for source in SOURCES:
        assert f"code object from '{folder / '__pycache__' / source}.cpython-311.pyc'" in proc.stderr, source


def test_requirements_pin_the_wasmtime_of_versions_sh(packages):
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            assert z.read("requirements.txt").decode() == f"wasmtime=={pinned_wasmtime()}\n", name


def test_host_is_the_one_of_bindings_wasi_host_not_a_copy_in_the_source_tree(packages):
    source = (ROOT / "bindings-wasi" / "host" / "ycfn_host.py").read_bytes()
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            assert z.read("ycfn_host.py") == source, name
    assert not (ROOT / "bindings-wasi" / "python-function" / "ycfn_host.py").exists()


def test_sources_are_the_ones_of_bindings_wasi_python_function(packages):
    folder = ROOT / "bindings-wasi" / "python-function"
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            for file in ("index.py", "ycfn_context.py", "ycfn_function.py", "ycfn_module.py"):
                assert z.read(file) == (folder / file).read_bytes(), (name, file)


def test_zip_is_under_the_platform_limit(packages):
    for name in EXAMPLES:
        size = packages[name].stat().st_size
        print(f"{name}: python-function.zip {size} bytes")
        assert size <= SIZE_LIMIT, name
