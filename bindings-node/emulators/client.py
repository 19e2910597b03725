"""Python client of the emulators (bindings-node/emulators/cli.js run as a subprocess).

    with Emulators() as emu:                     # metadata, compute, other, connections
        env = {"YC_METADATA_ADDR": emu.metadata_address}
        emu.metadata(mode="status", opts={"status": 404})
        emu.metadata(replies=[{"status": 503}], fallback={"token": True})
        emu.compute(instances=[...], list=[{"fault": "hang"}])
        # Emulators(only="lockbox,storage,docapi"): emu.lockbox(secrets=...),
        # emu.storage(buckets=...), emu.docapi(tables=...)
        emu.requests("metadata")                 # [{method, path, query, headers, body, at}]
        emu.wait("metadata", 1)                  # blocks until one request was received
        emu.token                                # the token the metadata service hands out

The JS emulators are the only implementation; this file only talks to their
control port. The subprocess ends when this client closes its stdin.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Optional

CLI = Path(__file__).resolve().parent / "cli.js"
TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token"


def node_binary() -> str:
    """The machine's node (the emulators need no particular version)."""
    return os.environ.get("YCFN_EMULATOR_NODE", "node")


class Emulators:
    def __init__(self, only: str = "metadata,compute,other,connections", **metadata_options: Any) -> None:
        self._args = [node_binary(), str(CLI), "--only", only]
        for key, value in metadata_options.items():
            self._args += ["--" + key.replace("_", "-"), str(value)]
        self._proc: Optional[subprocess.Popen] = None
        self.ports: dict = {}

    # --- life cycle --------------------------------------------------------

    def start(self) -> "Emulators":
        self._proc = subprocess.Popen(self._args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        for line in self._proc.stdout:  # waits for the lines, not for a time
            parts = line.split()
            if len(parts) == 3 and parts[0] == "listening":
                self.ports[parts[1]] = int(parts[2])
                if parts[1] == "control":
                    break
        if "control" not in self.ports:
            self.stop()
            raise RuntimeError(f"emulators did not start: {self._args}")
        self._ready_token = self.metadata_config().get("token") if "metadata" in self.ports else None
        return self

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._proc = None

    def __enter__(self) -> "Emulators":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- addresses ----------------------------------------------------------

    def address(self, server: str) -> str:
        return f"127.0.0.1:{self.ports[server]}"

    def url(self, server: str) -> str:
        return f"http://{self.address(server)}"

    @property
    def metadata_address(self) -> str:
        return self.address("metadata")

    @property
    def token(self) -> str:
        return self._ready_token

    # --- control API --------------------------------------------------------

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", self.ports["control"])
        try:
            data = None if body is None else json.dumps(body)
            conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
            reply = conn.getresponse()
            payload = json.loads(reply.read() or b"null")
            if reply.status != 200:
                raise RuntimeError(f"emulator control {method} {path}: {reply.status} {payload}")
            return payload
        finally:
            conn.close()

    def metadata_config(self, **config: Any) -> dict:
        result = self._call("POST", "/_control/metadata", config)
        self._ready_token = result.get("token", getattr(self, "_ready_token", None))
        return result

    def metadata(self, **config: Any) -> dict:
        """mode=, opts=, replies=, fallback=, token=, expiresIn= (metadata.js configure)."""
        return self.metadata_config(**config)

    def compute(self, **config: Any) -> dict:
        """token=, pageSize=, instances=, list=, stop=, stopFaults= (compute.js configure)."""
        return self._call("POST", "/_control/compute", config)

    def lockbox(self, **config: Any) -> dict:
        """token=, secrets=, payload= (lockbox.js configure)."""
        return self._call("POST", "/_control/lockbox", config)

    def storage(self, **config: Any) -> dict:
        """token=, buckets=, get=, put=, head=, delete=, list= (storage.js configure)."""
        return self._call("POST", "/_control/storage", config)

    def docapi(self, **config: Any) -> dict:
        """token=, tables=, GetItem=, PutItem=, UpdateItem=, DeleteItem=, Query= (docapi.js configure)."""
        return self._call("POST", "/_control/docapi", config)

    def other(self, **config: Any) -> dict:
        return self._call("POST", "/_control/other", config)

    def connections(self, **config: Any) -> dict:
        """token=, connections=, send=, close= (connections.js configure)."""
        return self._call("POST", "/_control/connections", config)

    def requests(self, server: str = "metadata") -> list:
        return self._call("GET", f"/_control/requests?server={server}")

    def count(self, server: str = "metadata", path: Optional[str] = TOKEN_PATH) -> int:
        """Requests `server` received for `path` (None: any path)."""
        return sum(1 for r in self.requests(server) if path is None or r["path"] == path)

    def wait(self, server: str, n: int = 1) -> list:
        """Blocks until `server` has recorded `n` requests; returns them."""
        return self._call("GET", f"/_control/wait?server={server}&n={n}")

    def stats(self) -> dict:
        return self._call("GET", "/_control/stats")

    def reset(self, server: Optional[str] = None) -> None:
        self._call("POST", "/_control/reset" + (f"?server={server}" if server else ""))


# --- one shared process, a metadata service per `with` block -------------------------

_SHARED: Optional[Emulators] = None

# Short names the Python suites use -> metadata.js modes.
_MODES = {
    "404": ("status", {"status": 404}),
    "500": ("status", {"status": 500}),
    "503-then-ok": ("unavailable-then-ok", {"failures": 1}),
    "huge": ("huge", {"size": 100 * 1024 + 100}),
}


def shared() -> Emulators:
    """One emulator process for the whole test session (stopped at exit)."""
    global _SHARED
    if _SHARED is None:
        import atexit

        _SHARED = Emulators().start()
        atexit.register(_SHARED.stop)
    return _SHARED


class MetadataEmulator:
    """`with MetadataEmulator("ok", token=T) as md:` the shared metadata service, reset
    and switched to `mode` (a metadata.js mode, or one of _MODES); `md.address`,
    `md.count(path)`, `md.requests` (dicts, header names lower-cased)."""

    def __init__(self, mode: str = "ok", token: Optional[str] = None, expires_in: int = 3600, **opts: Any) -> None:
        name, base = _MODES.get(mode, (mode, {}))
        self._config = {"mode": name, "opts": {**base, **opts}, "expiresIn": expires_in}
        if token is not None:
            self._config["token"] = token
        self.emulators = shared()

    def __enter__(self) -> "MetadataEmulator":
        self.emulators.reset()
        self.emulators.metadata(**self._config)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.emulators.metadata(mode="ok")

    @property
    def address(self) -> str:
        return self.emulators.metadata_address

    @property
    def token(self) -> str:
        return self.emulators.token

    @property
    def requests(self) -> list:
        return self.emulators.requests("metadata")

    def count(self, path: Optional[str] = TOKEN_PATH) -> int:
        return self.emulators.count("metadata", path)
