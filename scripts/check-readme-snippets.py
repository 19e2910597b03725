#!/usr/bin/env python3
"""Compiles every ```cpp block of README.md and docs/clients.md that is a whole
file (it has an #include) against the public headers (native
compiler, the flags handlers are built with), so the handlers the README shows
keep compiling. Run by scripts/lint.sh; needs the native preset's staged
third-party headers (build/native/third_party/include), which it configures if
missing."""
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
third_party = ROOT / "build/native/third_party/include"
if not third_party.exists():
    subprocess.run(["cmake", "--preset", "native"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
DOCUMENTS = ("README.md", "docs/clients.md")
blocks = [b for name in DOCUMENTS for b in re.findall(r"```cpp\n(.*?)```", (ROOT / name).read_text(), re.S)
          if "#include" in b]
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for number, block in enumerate(blocks, start=1):
        source = pathlib.Path(tmp) / f"readme_{number}.cpp"
        source.write_text(block)
        result = subprocess.run(
            ["c++", "-std=c++17", "-fno-exceptions", "-DJSON_NOEXCEPTION=1", "-Wall", "-Wextra", "-Werror",
             f"-I{ROOT / 'core/include'}", "-isystem", str(third_party), "-c", str(source), "-o", str(source) + ".o"],
            capture_output=True, text=True)
        if result.returncode != 0:
            failed += 1
            print(f"cpp block {number} of {', '.join(DOCUMENTS)} does not compile:\n{result.stderr[-2000:]}", file=sys.stderr)
print(f"README and docs/clients.md snippets: {len(blocks) - failed} of {len(blocks)} whole-file C++ blocks compile")
sys.exit(1 if failed or not blocks else 0)
