#!/usr/bin/env python3
"""Writes the error-code tables of README.md and docs/design.md from the one
table, core/abi/errors.def, between the markers

    <!-- errors:begin --> ... <!-- errors:end -->

  scripts/gen-error-table.py          rewrite the tables in place
  scripts/gen-error-table.py --check  exit 1 (saying which file) when a table is stale

The lint stage runs --check, so a code added to errors.def without the docs
(or a table edited by hand) fails the tests.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'^YCFN_ERROR\("([^"]+)",\s*(\d+),\s*(\w+),\s*"((?:[^"\\]|\\.)*)"\)\s*$')
BEGIN, END = "<!-- errors:begin -->", "<!-- errors:end -->"
WHERE = {"answer": "the invocation's answer", "value": "a value the handler inspects", "host": "answered by the host"}


def entries():
    out = []
    for line in (ROOT / "core/abi/errors.def").read_text().splitlines():
        match = ENTRY.match(line)
        if match:
            code, status, kind, meaning = match.groups()
            out.append((code, int(status), kind, meaning.replace('\\"', '"')))
    return out


def table():
    rows = ["| code | status | where | meaning |", "|---|---|---|---|"]
    for code, status, kind, meaning in entries():
        shown = "—" if kind == "value" else str(status)
        rows.append(f"| `{code}` | {shown} | {WHERE[kind]} | {meaning} |")
        if code == "handler.failed":
            rows.append("| *the handler's own* | the handler's | the invocation's answer | "
                        "the handler returned `Response::failure(type, ...)` with a type of its own |")
    return "\n".join(rows)


def rewrite(text):
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{BEGIN}\n{table()}\n{END}", text)


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name in ("README.md", "docs/design.md"):
        path = ROOT / name
        text = path.read_text()
        if BEGIN not in text:
            stale.append(f"{name} has no {BEGIN} marker")
            continue
        new = rewrite(text)
        if new != text:
            if check:
                stale.append(f"{name}: the error table differs from core/abi/errors.def")
            else:
                path.write_text(new)
    for problem in stale:
        print(f"gen-error-table: {problem} (run scripts/gen-error-table.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
