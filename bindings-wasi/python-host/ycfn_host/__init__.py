"""ycfn_host: a Python host for ycfn reactor modules (<name>.reactor.wasm) on
wasmtime (the `wasmtime` package from PyPI).

    instance.py  the module's instance and runtime, and the C ABI calls
                 (core/include/ycfn/ycfn.h) with the bytes that cross it
    steps.py     ReactorHost: invocations driven step by step, the host's answers
    contract_generated.py  the host contract's constants (scripts/gen-host-contract.py)
    fetch.py     the I/O of fetch and wait steps (HTTP, event loop, deadline),
                 imported only by an invocation that needs it
    cli.py       the command-line tool (python bindings-wasi/python-host/ycfn_host)

As a library:

    from ycfn_host import ReactorHost
    with ReactorHost("build/wasi/examples/metadata-token/metadata-token.reactor.wasm") as host:
        response = host.invoke({"httpMethod": "GET"}, {"requestId": "r1"})
        answer = host.serve({"trap": True}, {"requestId": "r2"})   # a 500 ycfn.trap, not an exception
        responses = host.invoke_concurrently([({}, {"requestId": f"r{i}"}) for i in range(5)])
        print(host.stats)
"""

from .instance import ABI_EXPORTS, ABI_VERSION, HostError, ModuleTrap, ReactorInstance
from .steps import TOKEN_HINT, TRAP_DETAIL_MAX, HostStats, ReactorHost, error_result, trap_response

__all__ = ["ABI_EXPORTS", "ABI_VERSION", "HostError", "HostStats", "ModuleTrap", "ReactorHost",
           "ReactorInstance", "TOKEN_HINT", "TRAP_DETAIL_MAX", "error_result", "http_fetch", "trap_response"]


def __getattr__(name: str):
    # http_fetch lives with the rest of the I/O, which only fetching imports.
    if name == "http_fetch":
        from . import fetch

        return getattr(fetch, name)
    raise AttributeError(f"module 'ycfn_host' has no attribute {name!r}")
