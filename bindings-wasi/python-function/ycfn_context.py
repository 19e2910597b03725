"""Maps the context object of the platform's Python runtime to the context the
ycfn core takes (the names the Node runtime uses, docs/design.md):

    request_id                      -> requestId
    function_name                   -> functionName
    function_version                -> functionVersion
    memory_limit_in_mb              -> memoryLimitInMB (a string, as on Node)
    token (dict, only with a service account)
                                    -> token, as it is: the core validates it
    get_remaining_time_in_millis()  -> deadlineMs = now + what it returns
    any other data attribute        -> under its own name, as it is

Every field the platform passes reaches the handler's Context::raw(), those
added later included (function_folder_id, the AWS-style aliases...): the Node
host forwards every data field of its context, and so does this one. Those
have no counterpart on Node to be renamed to, so they keep the Python runtime's
names; names the core reads itself (requestId, deadlineMs, token...) are never
taken from them.

Nothing is judged here: a missing attribute (or None) is left out, a value
JSON cannot express is left out, and what the values mean (a token that breaks
the rules, no token for a handler that needs one) is the core's to answer.
"""

from __future__ import annotations

import bisect
import json
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


# The attributes read above, which reach the core under its names.
MAPPED_ATTRIBUTES = {attribute for attribute, _ in STRING_FIELDS} | {"token", "deadline_ms",
                                                                   "get_remaining_time_in_millis"}
# The context fields the core interprets: never taken from another attribute.
CORE_NAMES = {name for _, name in STRING_FIELDS} | {"token", "deadlineMs"}
_NOT_OTHER = MAPPED_ATTRIBUTES | CORE_NAMES


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


def other_fields(context: Any) -> dict:
    """Every public data attribute of `context` that core_context does not map,
    under its own name, when JSON can express it (methods, None and values such
    as NaN or bytes are left out)."""
    out: dict = {}
    try:
        names = dir(context)
    except Exception:  # a broken context must not break the invocation
        return out
    # dir() is sorted, so the names that start with "_" (a few dozen dunders on
    # every object) are one run between "_" and "`" (the next character): cut out
    # at once rather than tested one by one on every call.
    try:
        names = names[:bisect.bisect_left(names, "_")] + names[bisect.bisect_left(names, "`"):]
    except TypeError:  # a __dir__ that lists something other than names
        pass
    for name in names:
        if not isinstance(name, str) or name in _NOT_OTHER or name[:1] == "_":
            continue
        try:
            value = getattr(context, name)
        except Exception:  # a property that raises: nothing to pass
            continue
        if value is None or callable(value):
            continue
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            continue
        out[name] = value
    return out


def core_context(context: Any, now: Optional[int] = None) -> dict:
    """The core's context for the platform's `context` (any object; None gives {})."""
    if context is None:
        return {}
    out = other_fields(context)
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
