"""A tiny stand-in for the metadata service, for tests only.

Listens on 127.0.0.1 at a random port and answers
GET /computeMetadata/v1/instance/service-accounts/default/token according to
its `mode`, counting every request it receives (by path):

  ok             200, {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"},
                 Metadata-Flavor: Google
  404            404 (no service account attached)
  500            500 every time
  503-then-ok    503 for the first request, then as `ok`
  redirect       302 to /redirected on this server (which would hand out a token)
  hang           accepts, reads the request, never answers (until stop())
  garbage        200 with a body that is not JSON
  not-http       bytes that are not an HTTP reply at all
  huge           200 with a 100 KiB body (over the 64 KiB cap)

    with MetadataEmulator("ok") as md:
        env = {"YC_METADATA_ADDR": md.address}
        ...
        assert md.count() == 1
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Optional

TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token"
# Looks like a real token and is unique enough to grep for in any output.
TOKEN = "t1.EMULATOR-TOKEN-9f3c2a7d41b84e6f.deadbeefcafef00d0123456789abcdef"
MODES = ("ok", "404", "500", "503-then-ok", "redirect", "hang", "garbage", "not-http", "huge")


class MetadataEmulator:
    def __init__(self, mode: str = "ok", token: str = TOKEN, expires_in: int = 3600) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self.token = token
        self.expires_in = expires_in
        self.requests: list = []  # (method, path, headers dict) in arrival order
        self._lock = threading.Lock()
        self._release = threading.Event()
        emulator = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                with emulator._lock:
                    emulator.requests.append((self.command, self.path, dict(self.headers)))
                    number = sum(1 for r in emulator.requests if r[1] == TOKEN_PATH)
                emulator._answer(self, number)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="metadata-emulator", daemon=True)

    @property
    def address(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def count(self, path: Optional[str] = TOKEN_PATH) -> int:
        """Requests received for `path` (None: all paths)."""
        with self._lock:
            return sum(1 for r in self.requests if path is None or r[1] == path)

    def start(self) -> "MetadataEmulator":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "MetadataEmulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- replies ------------------------------------------------------------

    def _token_body(self) -> bytes:
        return json.dumps(
            {"access_token": self.token, "expires_in": self.expires_in, "token_type": "Bearer"}).encode()

    @staticmethod
    def _send(handler, status: int, body: bytes = b"", headers: Optional[dict] = None) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _answer(self, handler, number: int) -> None:
        mode = self.mode
        if handler.path != TOKEN_PATH:
            # Only a followed redirect would come here.
            self._send(handler, 200, self._token_body(), {"Metadata-Flavor": "Google"})
            return
        if mode == "ok" or (mode == "503-then-ok" and number > 1):
            self._send(handler, 200, self._token_body(),
                       {"Metadata-Flavor": "Google", "Content-Type": "application/json"})
        elif mode == "503-then-ok":
            self._send(handler, 503, b"service unavailable", {"Metadata-Flavor": "Google"})
        elif mode in ("404", "500"):
            self._send(handler, int(mode), b"error", {"Metadata-Flavor": "Google"})
        elif mode == "redirect":
            host, port = self._server.server_address[:2]
            self._send(handler, 302, b"", {"Location": f"http://{host}:{port}/redirected"})
        elif mode == "hang":
            self._release.wait(timeout=30)
            handler.close_connection = True
        elif mode == "garbage":
            self._send(handler, 200, b"<html>this is not the metadata service " + self.token.encode() + b"</html>",
                       {"Content-Type": "text/html"})
        elif mode == "huge":
            filler = b" " * (100 * 1024)
            self._send(handler, 200, filler + self._token_body(), {"Metadata-Flavor": "Google"})
        elif mode == "not-http":
            handler.wfile.write(b"\x00\x01 definitely not HTTP " + self.token.encode() + b"\r\n\r\n")
            handler.close_connection = True
