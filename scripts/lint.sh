#!/usr/bin/env bash
# Checks the C++ sources against the repository's .clang-format and the core
# against .clang-tidy (with the native build's compile_commands.json).
#   scripts/lint.sh          clang-format check (also of the C++ of a project
#                            scripts/new.sh makes), the generated error table
#                            and host-contract constants,
#                            the Markdown links and the README's C++ blocks (exit
#                            non-zero on any finding); fast, run by scripts/test.sh
#   scripts/lint.sh --tidy   also clang-tidy over core/src (a few minutes)
#   scripts/lint.sh --fix    reformat in place (clang-format only)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files 'core/*.hpp' 'core/*.cpp' 'core/*.h' 'tests/*.cpp' 'tests/*.hpp' \
  'examples/*.cpp' 'bindings-wasi/*.cpp' 'bindings-node/*.cpp' 'fuzz/*.cpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format-19 -i "${sources[@]}"
  exit 0
fi
echo "clang-format: ${#sources[@]} files"
clang-format-19 --dry-run --Werror "${sources[@]}"
# The C++ of the project scripts/new.sh makes (the templates hold @NAME@/@IDENT@).
scaffold=$(mktemp -d)
trap 'rm -rf "$scaffold"' EXIT
scripts/new.sh "$scaffold/project" hello-token >/dev/null
echo "clang-format: scripts/new-project (as new.sh fills it in)"
clang-format-19 --style=file:.clang-format --dry-run --Werror "$scaffold"/project/src/*.cpp \
  "$scaffold"/project/tests/*.cpp "$scaffold"/project/tests/*.hpp
# One JSON text writer (docs/json-pipeline.md): production C++ serialises JSON
# through ycfn::json::dump (ycfn/json.hpp; inside the core, json_text of
# ycfn/detail/json_writer.hpp), never nlohmann's dump() spelled out: the core
# does not link nlohmann's serializer (nor, with it, snprintf).
# tests/, fuzz/, bench/ and scripts/ are out of scope on purpose: they check the
# writer against nlohmann's own dump, which must stay independent of it.
echo "json writer: no raw .dump( / ->dump("
raw_dumps=$(git grep -n -E '(\.|->)dump\(' -- 'core/*.cpp' 'core/*.hpp' 'core/*.h' 'examples/*.cpp' 'examples/*.hpp' \
  'bindings-wasi/*.cpp' 'bindings-wasi/*.hpp' 'bindings-node/*.cpp' |
  grep -v -E '^[^:]+:[0-9]+:[[:space:]]*//' || true)
if [ -n "$raw_dumps" ]; then
  echo "$raw_dumps"
  echo "lint: raw nlohmann .dump( above: write JSON text with ycfn::json::dump (ycfn/json.hpp), or inside core/ json_text (ycfn/detail/json_writer.hpp)" >&2
  exit 1
fi
# One JSON parser in the core: parse_json_document (ycfn/detail/json_text.hpp),
# ycfn's own walk. nlohmann's parser (json::parse(text, nullptr, false), accept,
# sax_parse, its lexer) is linked only into handlers that call it themselves
# (and into the native test kit, core/testing/, which is not shipped).
echo "json parser: no nlohmann parser in core/"
raw_parses=$(git grep -n -E '::parse\([^)]*nullptr|::accept\(|sax_parse|detail::(parser|lexer)<' -- 'core/*.cpp' \
  'core/*.hpp' 'core/*.h' ':!core/testing' | grep -v -E '^[^:]+:[0-9]+:[[:space:]]*//' || true)
if [ -n "$raw_parses" ]; then
  echo "$raw_parses"
  echo "lint: nlohmann's parser above: parse with parse_json_document or parse_json_text (ycfn/detail/json_text.hpp)" >&2
  exit 1
fi
# The error table of docs/errors.md is generated from core/abi/errors.def (and nowhere else).
echo "error table: scripts/gen-error-table.py --check"
python3 scripts/gen-error-table.py --check
# The JavaScript and Python hosts' contract constants are generated from core/abi/host_contract.def.
echo "host contract: scripts/gen-host-contract.py --check"
python3 scripts/gen-host-contract.py --check
# Relative links of README.md, docs/ and the folders' READMEs point at files and headings that exist.
python3 scripts/check-links.py
# The README's C++ handlers compile against the public headers.
python3 scripts/check-readme-snippets.py

[ "${1:-}" = "--tidy" ] || exit 0
if [ ! -f build/native/compile_commands.json ]; then
  cmake --preset native -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
mapfile -t core_sources < <(git ls-files 'core/src/*.cpp')
echo "clang-tidy: ${#core_sources[@]} core sources"
clang-tidy-19 -p build/native --quiet "${core_sources[@]}" 2>/dev/null
