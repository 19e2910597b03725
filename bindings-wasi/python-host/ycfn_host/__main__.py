"""`python bindings-wasi/python-host/ycfn_host ...` (or `python -m ycfn_host` with
bindings-wasi/python-host on the path): the command-line tool, cli.py."""

import os
import sys

if not __package__:
    # Run as a folder: the path starts at the package's parent instead of inside
    # it, so that it imports as ycfn_host (and its modules are not top-level names).
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from ycfn_host.cli import main  # noqa: E402

sys.exit(main())
