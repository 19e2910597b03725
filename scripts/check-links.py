#!/usr/bin/env python3
"""Checks the relative links of the repository's Markdown pages: README.md,
docs/*.md, bench/README.md, fuzz/README.md and every README.md under bindings-*/
and tests/. Each link must point at a file or folder inside the repository, and
an anchor (`page.md#section`, `#section`) at a heading of that page, named the
way GitHub names it (lower case, punctuation dropped, spaces as hyphens, `-1`,
`-2` for repeats). Links with a scheme (https:, mailto:) are not fetched.

  scripts/check-links.py            check; exit 1 with one line per broken link
  scripts/check-links.py FILE...    check only these pages

Run by scripts/lint.sh.
"""
import pathlib
import re
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATTERNS = ("README.md", "docs/*.md", "bench/README.md", "fuzz/README.md", "bindings-*/**/README.md",
            "tests/**/README.md")
SKIP_DIRS = {"node_modules", "build", ".tools", ".git"}

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# [text](target "title") and ![alt](target); the text may hold `code` and nested [..].
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HREF = re.compile(r"<a\s[^>]*\b(?:href|src)=\"([^\"]+)\"", re.I)
EXPLICIT_ANCHOR = re.compile(r"<a\s[^>]*\b(?:name|id)=\"([^\"]+)\"", re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def pages():
    found = set()
    for pattern in PATTERNS:
        for path in ROOT.glob(pattern):
            rel = path.relative_to(ROOT)
            if path.is_file() and not SKIP_DIRS.intersection(rel.parts):
                found.add(path)
    return sorted(found)


def prose_lines(text):
    """(line number, line) outside fenced code blocks, inline code blanked."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield number, re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading's text."""
    parts = re.split(r"(`+[^`]*`+)", heading)  # code spans are kept as written
    text = "".join(part if part.startswith("`") else re.sub(r"<[^>]+>", "", part)  # inline HTML
                   for part in parts)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)  # \w: letters (any script), digits, _
    return text.replace(" ", "-")


ANCHORS = {}


def anchors(path):
    if path not in ANCHORS:
        seen = {}
        found = set()
        text = path.read_text(encoding="utf-8")
        previous = ""
        fence = None
        for line in text.splitlines():
            match = FENCE.match(line)
            if fence or match:
                if fence and match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = None
                elif not fence:
                    fence = match.group(1)
                previous = ""
                continue
            heading = None
            atx = ATX.match(line)
            if atx:
                heading = atx.group(2)
            elif SETEXT.match(line) and previous.strip() and not previous.startswith((" " * 4, "\t", "|", "-", "*")):
                heading = previous.strip()
            if heading is not None:
                base = slug(heading)
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
            found.update(a.lower() for a in EXPLICIT_ANCHOR.findall(line))
            previous = line
        ANCHORS[path] = found
    return ANCHORS[path]


def check(page):
    problems = []
    text = page.read_text(encoding="utf-8")
    where = page.relative_to(ROOT).as_posix()
    for number, line in prose_lines(text):
        targets = [m.group(1) for m in INLINE.finditer(line)]
        targets += HREF.findall(line)
        reference = REFERENCE.match(line)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            target = target.strip("<>")
            if SCHEME.match(target) or target.startswith("//"):
                continue
            problem = check_target(page, target)
            if problem:
                problems.append(f"{where}:{number}: broken link ({target}): {problem}")
    return problems


def check_target(page, target):
    path_part, _, anchor = target.partition("#")
    path_part = urllib.parse.unquote(path_part)
    if path_part.startswith("/"):
        resolved = (ROOT / path_part.lstrip("/")).resolve()
    elif path_part:
        resolved = (page.parent / path_part).resolve()
    else:
        resolved = page
    try:
        resolved.relative_to(ROOT)
    except ValueError:
        return "points outside the repository"
    if not resolved.exists():
        return f"no such file or folder {resolved.relative_to(ROOT).as_posix()}"
    if anchor and resolved.suffix == ".md" and resolved.is_file():
        if urllib.parse.unquote(anchor).lower() not in anchors(resolved):
            return f"no heading #{anchor} in {resolved.relative_to(ROOT).as_posix()}"
    return None


def main(argv):
    checked = [pathlib.Path(a).resolve() for a in argv] if argv else pages()
    problems = []
    for page in checked:
        problems += check(page)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"links: {len(checked)} pages, {len(problems)} broken link(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
