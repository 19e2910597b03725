"""(b) The same command modules under Node's node:wasi (the machine's Node,
>= 20, and Node 16.14.1 of the nodejs16 runtime), with the same inputs:
stdout must be byte-identical to the wasmtime CLI's, and so must the exit
status and stderr, except for a trap (each runtime words its own report).
The few cases whose output shows the wall clock (an example printing a token's
expiry time) are compared with their digits masked."""

from __future__ import annotations

import re

import pytest

from cases import command_cases, run_case_wasmtime
from conftest import NODE, NODE16, node_cmd, run

NODES = []
if NODE:
    NODES.append(pytest.param(NODE, id="node"))
NODES.append(pytest.param(str(NODE16), id="node16"))

CASES = [pytest.param(case, id=case.id) for case in command_cases()]


@pytest.mark.parametrize("node", NODES)
@pytest.mark.parametrize("case", CASES)
def test_node_wasi_matches_wasmtime(case, node):
    if node == str(NODE16) and not NODE16.is_file():
        pytest.fail(f"{NODE16} is missing: run scripts/setup.sh")
    if not case.module.is_file():
        pytest.fail(f"{case.module} is missing: build the wasi preset first")
    expected = run_case_wasmtime(case)
    got = run(node_cmd(node, case.module, case.env, case.args), case.stdin)
    if case.clock_dependent:
        assert re.sub(rb"[0-9]", b"0", got.stdout) == re.sub(rb"[0-9]", b"0", expected.stdout)
    else:
        assert got.stdout == expected.stdout
    trapped = case.id.startswith("trap-") and expected.returncode not in (0, 1, 2)
    if trapped:
        assert got.returncode != 0
        assert b"wasm trap" in got.stderr and len(got.stderr.splitlines()) == 1
    else:
        assert got.returncode == expected.returncode
        assert got.stderr == expected.stderr
