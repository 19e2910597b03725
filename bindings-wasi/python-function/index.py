"""Entry point of a ycfn handler on Yandex Cloud Functions' Python runtime
(python311 / python312): `index.handler`.

The WebAssembly module is loaded here, at import, once per process: the
platform imports this file before the first call and keeps the process for the
next ones, so the core's token cache serves them all.
"""

import os

from ycfn_function import Function

FUNCTION = Function(os.path.dirname(os.path.abspath(__file__)))


def handler(event, context):
    return FUNCTION.handle(event, context)
