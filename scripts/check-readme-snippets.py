#!/usr/bin/env python3
"""Checks the whole-file C++ handlers of README.md and docs/*.md (```cpp blocks
with an #include and a YCFN_HANDLER line; other blocks are fragments):

  1. each compiles against the public headers, as C++20 with the flags
     handlers are built with (-fno-exceptions, JSON_NOEXCEPTION, -Werror);
  2. each runs, linked with scripts/lib/snippet_adversary.cpp and the native
     test kit, against events, bodies and API replies of every shape and with
     hostile values in the environment variables it reads: nothing may abort,
     every invocation answers a status, no value goes into a URL unencoded.

Run by scripts/lint.sh; builds the native preset's ycfn_core and ycfn_testing
(build/native) when missing."""
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build/native"
third_party = BUILD / "third_party/include"
if not (BUILD / "build.ninja").exists() or not third_party.exists():
    subprocess.run(["cmake", "--preset", "native"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
subprocess.run(["cmake", "--build", "--preset", "native", "--target", "ycfn_core", "ycfn_testing"], cwd=ROOT,
               check=True, stdout=subprocess.DEVNULL)

pages = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
blocks = []
for page in pages:
    for block in re.findall(r"```cpp\n(.*?)```", page.read_text(), re.S):
        if "#include" in block and re.search(r"^YCFN_HANDLER(_WITH_TOKEN)?\(", block, re.M):
            blocks.append((page.relative_to(ROOT), block))

FLAGS = ["-std=c++20", "-fno-exceptions", "-DJSON_NOEXCEPTION=1", "-Wall", "-Wextra", "-Werror",
         f"-I{ROOT / 'core/include'}", "-isystem", str(third_party)]
def check(tmp, driver, number, page, block):
    """Compiles and runs one block; returns what failed, or None."""
    source = pathlib.Path(tmp) / f"snippet_{number}.cpp"
    source.write_text(block)
    binary = pathlib.Path(tmp) / f"snippet_{number}"
    built = subprocess.run(
        ["c++", *FLAGS, str(source), str(driver), str(BUILD / "core/libycfn_testing.a"),
         str(BUILD / "core/libycfn_core.a"), "-o", str(binary)], capture_output=True, text=True)
    if built.returncode != 0:
        return f"{page}: C++ block {number} does not compile:\n{built.stderr[-2000:]}"
    env_names = sorted(set(re.findall(r'env\("([A-Za-z0-9_]+)"', block)))
    ran = subprocess.run([str(binary), *env_names], capture_output=True, text=True, timeout=120)
    if ran.returncode != 0:
        why = f"killed by signal {-ran.returncode} (it aborts)" if ran.returncode < 0 else "misbehaves"
        return f"{page}: C++ block {number} {why}:\n{ran.stdout[-2000:]}"
    return None


with tempfile.TemporaryDirectory() as tmp:
    driver = pathlib.Path(tmp) / "adversary.o"
    subprocess.run(["c++", *FLAGS, "-c", str(ROOT / "scripts/lib/snippet_adversary.cpp"), "-o", str(driver)],
                   check=True)
    # Each block is a compiler run of its own: as many at once as there are cores.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        problems = list(pool.map(lambda numbered: check(tmp, driver, numbered[0], *numbered[1]),
                                 enumerate(blocks, start=1)))
failed = 0
for problem in problems:
    if problem:
        failed += 1
        print(problem, file=sys.stderr)
print(f"documentation snippets: {len(blocks) - failed} of {len(blocks)} whole-file handlers compile and "
      "survive hostile input")
sys.exit(1 if failed or not blocks else 0)
