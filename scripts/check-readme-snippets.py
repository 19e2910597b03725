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
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    driver = pathlib.Path(tmp) / "adversary.o"
    subprocess.run(["c++", *FLAGS, "-c", str(ROOT / "scripts/lib/snippet_adversary.cpp"), "-o", str(driver)],
                   check=True)
    for number, (page, block) in enumerate(blocks, start=1):
        source = pathlib.Path(tmp) / f"snippet_{number}.cpp"
        source.write_text(block)
        binary = pathlib.Path(tmp) / f"snippet_{number}"
        built = subprocess.run(
            ["c++", *FLAGS, str(source), str(driver), str(BUILD / "core/libycfn_testing.a"),
             str(BUILD / "core/libycfn_core.a"), "-o", str(binary)], capture_output=True, text=True)
        if built.returncode != 0:
            failed += 1
            print(f"{page}: C++ block {number} does not compile:\n{built.stderr[-2000:]}", file=sys.stderr)
            continue
        env_names = sorted(set(re.findall(r'env\("([A-Za-z0-9_]+)"', block)))
        ran = subprocess.run([str(binary), *env_names], capture_output=True, text=True, timeout=120)
        if ran.returncode != 0:
            failed += 1
            why = f"killed by signal {-ran.returncode} (it aborts)" if ran.returncode < 0 else "misbehaves"
            print(f"{page}: C++ block {number} {why}:\n{ran.stdout[-2000:]}", file=sys.stderr)
print(f"documentation snippets: {len(blocks) - failed} of {len(blocks)} whole-file handlers compile and "
      "survive hostile input")
sys.exit(1 if failed or not blocks else 0)
