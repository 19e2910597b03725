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
#
# The project refers to ycfn by path (CMakePresets.json); it copies none of
# ycfn's sources. Its templates are scripts/new-project/.
set -euo pipefail

die() { printf 'new.sh: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

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

# Where ycfn is: given, else this script's own checkout (scripts/new.sh) or
# install prefix (share/ycfn/scripts/new.sh).
if [ -z "$ycfn" ]; then
  if [ -f "$here/../core/CMakeLists.txt" ]; then ycfn="$here/.."; else ycfn="$here/../../.."; fi
fi
[ -d "$ycfn" ] || die "--ycfn $ycfn: no such folder"
ycfn=$(cd "$ycfn" && pwd)
if [ -f "$ycfn/core/CMakeLists.txt" ] && [ -f "$ycfn/cmake/YcfnFunction.cmake" ]; then
  toolchains="$ycfn/toolchains"
  kind="checkout"
elif [ -f "$ycfn/lib/cmake/ycfn/ycfnConfig.cmake" ]; then
  toolchains="$ycfn/share/ycfn/toolchains"
  kind="install prefix"
else
  die "$ycfn is neither a ycfn checkout (core/CMakeLists.txt) nor a ycfn install prefix (lib/cmake/ycfn/ycfnConfig.cmake)"
fi
case "$ycfn" in *'"'*|*'\'*|*'|'*|*'&'*) die "the ycfn path may not contain \", \\, | or &: $ycfn" ;; esac

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

# Copies each template, replacing @NAME@ (also in file names), @IDENT@ (the
# name as a C++ identifier), @YCFN_ROOT@ and @YCFN_TOOLCHAINS@.
while IFS= read -r -d '' template; do
  rel=${template#"$templates"/}
  rel=${rel//@NAME@/$name}
  [ "$rel" = gitignore ] && rel=.gitignore
  mkdir -p "$(dirname "$dir/$rel")"
  sed -e "s|@NAME@|$name|g" -e "s|@IDENT@|$ident|g" -e "s|@YCFN_ROOT@|$ycfn|g" \
      -e "s|@YCFN_TOOLCHAINS@|$toolchains|g" "$template" >"$dir/$rel"
done < <(find "$templates" -type f -print0 | sort -z)

cat <<MSG
Created $dir ($name, using the ycfn $kind $ycfn):
$(cd "$dir" && find . -type f | sort | sed 's/^\.\//  /')

Next:
  cd $dir
  cmake --workflow --preset native   # build and run the unit tests
  cmake --workflow --preset node     # build/node/function.zip
  cmake --workflow --preset wasi     # build/wasi/$name.wasm
MSG
