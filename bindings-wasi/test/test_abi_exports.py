"""The Python host's list of ABI exports is the one list, core/abi/exports.def."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings-wasi" / "python-host"))

import ycfn_host  # noqa: E402


def test_python_host_exports_match_exports_def():
    text = (ROOT / "core" / "abi" / "exports.def").read_text()
    listed = tuple(re.findall(r"^YCFN_EXPORT\(([a-z_]+)\)", text, re.M))
    assert listed, "no exports in core/abi/exports.def"
    assert ycfn_host.ABI_EXPORTS == listed


def test_python_host_speaks_the_abi_version_of_ycfn_h():
    header = (ROOT / "core" / "include" / "ycfn" / "ycfn.h").read_text()
    version = int(re.search(r"#define YCFN_ABI_VERSION (\d+)", header).group(1))
    assert ycfn_host.ABI_VERSION == version
