#!/usr/bin/env bash
# Creates a standalone project for one ycfn handler, outside ycfn:
#
#   scripts/new.sh [--ycfn <checkout or install prefix>] <dir> <name>
#
# <dir>   a folder that does not exist yet, or is empty, outside the ycfn checkout
# <name>  the function's name: lowercase letters, digits and '-', starting with a
#         letter, 2..63 characters (Yandex Cloud Functions' rule), e.g. hello-token
# --ycfn  the ycfn the project builds with: a checkout (used as a CMake
#         subproject) or an install prefix (cmake --install, used with
#         find_package). Default: the checkout (or install) this script is in.
#         The project holds no path of it: it finds ycfn through YCFN_ROOT (the
#         environment variable, or -DYCFN_ROOT) or CMAKE_PREFIX_PATH, and this
#         script says what to export.
#
# The project copies none of ycfn's sources. Its templates are scripts/new-project/.
set -euo pipefail

die() { printf 'new.sh: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

here=$(cd "$(dirname "$0")" && pwd)
templates="$here/new-project"
ycfn=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ycfn) [ $# -ge 2 ] || die "--ycfn needs a path"; ycfn=$2; shift 2 ;;
    --ycfn=*) ycfn=${1#--ycfn=}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -eq 2 ] || { usage >&2; exit 2; }
dir=${args[0]}
name=${args[1]}

[[ $name =~ ^[a-z][a-z0-9-]{0,61}[a-z0-9]$ ]] ||
  die "bad name '$name': lowercase letters, digits and '-', starting with a letter, not ending with '-', 2..63 characters"
ident=${name//-/_}

# The name, '-' made '_', names the handler's C++ function (app::<ident>): it
# must be an identifier there on every target. Refused: C++ keywords and
# alternative tokens (to C++26), identifiers reserved to the implementation (with
# "__"), and macros of the C library or of a compiler on one of the targets
# (unix is predefined by em++, linux by g++ -std=gnu++*; stdin is "(stdin)" in
# wasi-libc and Emscripten's musl).
cxx_keywords=" alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
  char32_t class compl concept const consteval constexpr constinit const_cast continue
  contract_assert co_await co_return co_yield decltype default delete do double dynamic_cast else
  enum explicit export extern false float for friend goto if inline int long mutable namespace new
  noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast
  requires return short signed sizeof static static_assert static_cast struct switch template this
  thread_local throw true try typedef typeid typename union unsigned using virtual void volatile
  wchar_t while xor xor_eq "
c_macros=" assert errno offsetof alloca stdin stdout stderr unix linux va_arg va_start va_end va_copy "
if [[ " ${cxx_keywords//$'\n'/ } " == *" $ident "* ]]; then
  die "bad name '$name': $ident is a C++ keyword (the handler's function is named after the project); choose another name, e.g. $name-fn"
elif [[ $ident == *__* ]]; then
  die "bad name '$name': $ident contains '__', which C++ reserves (the handler's function is named after the project); use single '-'"
elif [[ $c_macros == *" $ident "* ]]; then
  die "bad name '$name': $ident is a macro of the C library or a compiler (the handler's function is named after the project); choose another name, e.g. $name-fn"
fi

# Where ycfn is: given, else this script's own checkout (scripts/new.sh) or
# install prefix (share/ycfn/scripts/new.sh).
if [ -z "$ycfn" ]; then
  if [ -f "$here/../core/CMakeLists.txt" ]; then ycfn="$here/.."; else ycfn="$here/../../.."; fi
fi
[ -d "$ycfn" ] || die "--ycfn $ycfn: no such folder"
ycfn=$(cd "$ycfn" && pwd)
if [ -f "$ycfn/core/CMakeLists.txt" ] && [ -f "$ycfn/cmake/YcfnFunction.cmake" ]; then
  kind="checkout"
elif [ -f "$ycfn/lib/cmake/ycfn/ycfnConfig.cmake" ]; then
  kind="install prefix"
else
  die "$ycfn is neither a ycfn checkout (core/CMakeLists.txt) nor a ycfn install prefix (lib/cmake/ycfn/ycfnConfig.cmake)"
fi

# The project goes to a new or empty folder, outside ycfn.
if [ -e "$dir" ]; then
  [ -d "$dir" ] || die "$dir exists and is not a folder"
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
fi
dir=$(realpath -m "$dir")
case "$dir/" in
  "$(realpath "$ycfn")"/*) die "$dir is inside ycfn ($ycfn): create the project outside it" ;;
esac
mkdir -p "$dir"

# Copies each template, replacing @NAME@ (also in file names) and @IDENT@ (the
# name as a C++ identifier).
while IFS= read -r -d '' template; do
  rel=${template#"$templates"/}
  rel=${rel//@NAME@/$name}
  [ "$rel" = gitignore ] && rel=.gitignore
  mkdir -p "$(dirname "$dir/$rel")"
  sed -e "s|@NAME@|$name|g" -e "s|@IDENT@|$ident|g" "$template" >"$dir/$rel"
done < <(find "$templates" -type f -print0 | sort -z)

cat <<MSG
Created $dir ($name, using the ycfn $kind $ycfn):
$(cd "$dir" && find . -type f | sort | sed 's/^\.\//  /')

Next:
  export YCFN_ROOT=$(printf '%q' "$ycfn")   # how the project finds ycfn (README.md)
  cd $(printf '%q' "$dir")
  cmake --workflow --preset native   # build and run the unit tests
  cmake --workflow --preset node     # build/node/function.zip
  cmake --workflow --preset wasi     # build/wasi/$name.wasm
MSG
