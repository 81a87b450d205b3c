"""``python -m alliancegraph``: the command line (:func:`alliancegraph.cli.main`).

Owns: nothing but this entry point.

Must not know: anything but :func:`alliancegraph.cli.main`.
"""

from .cli import main

main()
