"""What each python-function.zip holds: the files the platform needs and no others."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile

import pytest

from conftest import EXAMPLES, ROOT

SIZE_LIMIT = 3_500_000
# The host package's library files (its command-line tool, cli.py and __main__.py, stays out).
HOST_FILES = ("__init__.py", "contract_generated.py", "instance.py", "steps.py", "fetch.py")
FILES = {"index.py", "ycfn_context.py", "ycfn_function.py", "ycfn_module.py",
         "index.wasm", "index.cwasm", "requirements.txt"} | {f"ycfn_host/{name}" for name in HOST_FILES}


def pinned_wasmtime() -> str:
    text = (ROOT / "scripts" / "lib" / "versions.sh").read_text()
    return re.search(r"^WASMTIME_PY_VERSION=(\S+)$", text, re.M).group(1)


def test_every_example_has_a_python_function_zip(packages):
    examples = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "CMakeLists.txt").is_file())
    assert EXAMPLES == examples


SOURCES = ("index", "ycfn_context", "ycfn_function", "ycfn_module") + tuple(
    f"ycfn_host/__pycache__/{name[:-3]}" for name in HOST_FILES)


def pyc(source: str, tag: str) -> str:
    """Where the bytecode of `source` (a module name, or a path in the host package) is."""
    return f"{source}.{tag}.pyc" if "/" in source else f"__pycache__/{source}.{tag}.pyc"


def test_zip_holds_the_package_and_nothing_else(packages):
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            names = {n for n in z.namelist() if not n.endswith("/")}  # the folders' own entries aside
        bytecode = {n for n in names if "__pycache__/" in n}
        assert names - bytecode == FILES, name
        tags = {n.split(".")[-2] for n in bytecode if n.endswith(".pyc")}
        assert tags <= {"cpython-311", "cpython-312"}, name
        for tag in tags:
            assert {pyc(s, tag) for s in SOURCES} <= bytecode, (name, tag)


def test_the_shipped_bytecode_is_what_python_3_11_imports(venv_python, unpacked):
    folder = unpacked["test-echo"]
    if not (folder / "__pycache__" / "index.cpython-311.pyc").is_file():
        pytest.skip("no python3.11 at build time: the ZIP ships no 3.11 bytecode")
    proc = subprocess.run([str(venv_python), "-v", "-c", "import sys, os; sys.path[0] = os.getcwd(); import index"],
                          cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    for source in SOURCES:
        if source.endswith("/fetch"):
            continue  # imported by the first invocation that fetches, not at import (below)
        assert f"code object from '{folder / pyc(source, 'cpython-311')}'" in proc.stderr, source


def test_import_loads_none_of_what_only_fetching_needs(venv_python, unpacked):
    """A cold start pays for what it uses: the HTTP client, TLS, the event loop
    and the thread pool come with the first invocation that fetches."""
    proc = subprocess.run([str(venv_python), "-c", "import sys, os; sys.path[0] = os.getcwd(); import index; "
                           "print(' '.join(sorted(sys.modules)))"],
                          cwd=unpacked["test-echo"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = set(proc.stdout.split())
    assert "ycfn_host.steps" in modules and "ycfn_host.instance" in modules
    for module in ("ycfn_host.fetch", "asyncio", "http.client", "ssl", "concurrent.futures", "argparse"):
        assert module not in modules, module


def test_requirements_pin_the_wasmtime_of_versions_sh(packages):
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            assert z.read("requirements.txt").decode() == f"wasmtime=={pinned_wasmtime()}\n", name


def test_host_is_the_one_of_bindings_wasi_python_host_not_a_copy_in_the_source_tree(packages):
    host = ROOT / "bindings-wasi" / "python-host" / "ycfn_host"
    for name, path in packages.items():
        with zipfile.ZipFile(path) as z:
            for file in HOST_FILES:
                assert z.read(f"ycfn_host/{file}") == (host / file).read_bytes(), (name, file)
    assert not (ROOT / "bindings-wasi" / "python-function" / "ycfn_host").exists()


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
