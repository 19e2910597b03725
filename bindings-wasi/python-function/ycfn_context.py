"""Maps the context object of the platform's Python runtime to the context the
ycfn core takes (the names the Node runtime uses, docs/design.md):

    request_id                      -> requestId
    function_name                   -> functionName
    function_version                -> functionVersion
    memory_limit_in_mb              -> memoryLimitInMB (a string, as on Node)
    token (dict, only with a service account)
                                    -> token, as it is: the core validates it
    get_remaining_time_in_millis()  -> deadlineMs = now + what it returns

Nothing is judged here: a missing attribute is left out, and what the values
mean (a token that breaks the rules, no token for a handler that needs one)
is the core's to answer.
"""

from __future__ import annotations

import math
import time
from typing import Any, Optional

# (attribute of the platform's context, name in the core's context)
STRING_FIELDS = (
    ("request_id", "requestId"),
    ("function_name", "functionName"),
    ("function_version", "functionVersion"),
    ("memory_limit_in_mb", "memoryLimitInMB"),
)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def deadline_ms(context: Any, now: int) -> Optional[int]:
    """The invocation's deadline (Unix ms): now + get_remaining_time_in_millis(),
    else the context's deadline_ms; None leaves the host's default budget."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        try:
            left = remaining()
        except Exception:  # a broken context must not break the invocation
            left = None
        if _finite(left):
            return now + max(0, int(left))
    absolute = getattr(context, "deadline_ms", None)
    if _finite(absolute):
        return int(absolute)
    return None


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def core_context(context: Any, now: Optional[int] = None) -> dict:
    """The core's context for the platform's `context` (any object; None gives {})."""
    out: dict = {}
    if context is None:
        return out
    for attribute, name in STRING_FIELDS:
        value = getattr(context, attribute, None)
        if value is not None:
            out[name] = value if isinstance(value, str) else str(value)
    token = getattr(context, "token", None)
    if token is not None:
        out["token"] = dict(token) if isinstance(token, dict) else token
    deadline = deadline_ms(context, now_ms() if now is None else now)
    if deadline is not None:
        out["deadlineMs"] = deadline
    return out
