#!/usr/bin/env python3
"""Writes the error-code table of docs/errors.md (the only copy: README.md and
docs/design.md link to it) from the one table, core/abi/errors.def, between the
markers

    <!-- errors:begin --> ... <!-- errors:end -->

  scripts/gen-error-table.py          rewrite the table in place
  scripts/gen-error-table.py --check  exit 1 (saying why) when the table is stale

The lint stage runs --check, so a code added to errors.def without the docs
(or the table edited by hand) fails the tests.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'^YCFN_ERROR\("([^"]+)",\s*(\d+),\s*(\w+),\s*"((?:[^"\\]|\\.)*)"\)\s*$')
BEGIN, END = "<!-- errors:begin -->", "<!-- errors:end -->"
TARGETS = ("docs/errors.md",)
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
    # The table lives once: a second copy in the README or another docs page is stale.
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        name = path.relative_to(ROOT).as_posix()
        if name not in TARGETS and BEGIN in path.read_text():
            stale.append(f"{name} holds a copy of the error table: link docs/errors.md instead")
    for name in TARGETS:
        path = ROOT / name
        if not path.is_file():
            stale.append(f"{name} is missing: it holds the table, between {BEGIN} and {END}")
            continue
        text = path.read_text()
        if BEGIN not in text:
            stale.append(f"{name} has no {BEGIN} marker")
            continue
        new = rewrite(text)
        if new != text:
            if check:
                stale.append(f"{name}: the error table differs from core/abi/errors.def (run scripts/gen-error-table.py)")
            else:
                path.write_text(new)
    for problem in stale:
        print(f"gen-error-table: {problem}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
