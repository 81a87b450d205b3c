"""The corpus of bad inputs: every case a file set, a command line and the exact one-line error expected.

Each area has a module of its own (``yaml_cases``, ``dataset_cases``, ``output_cases``, ``cli_cases``,
``neo4j_cases``) whose ``cases()`` generates its :class:`Case` values; a new kind of bad input is one more
``Case(...)`` there. ``tests/test_bad_inputs.py`` runs every case as a user would: ``alliancegraph ...`` in a
subprocess, in a fresh temporary directory holding the case's files, with a time and memory limit, and
asserts the exit code, the exact last line of stderr, that no traceback was printed and that the files the
case says must survive are unchanged.

Placeholders in ``args``, ``error`` and file contents: ``{tmp}`` is the case's directory, ``{seed}`` the
packaged seed, ``{data}`` the shared datasets (../shared/data or ``ALLIANCEGRAPH_SHARED_DATA``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

AREAS = ("yaml_cases", "dataset_cases", "output_cases", "cli_cases", "neo4j_cases")
"""The modules of the corpus, one per area."""


@dataclass(frozen=True)
class Case:
    """One bad input.

    Parameters
    ----------
    name : str
        Unique within the corpus; the test id.
    args : list of str
        The command line after ``alliancegraph`` (placeholders allowed).
    error : str
        The exact last line of stderr (placeholders allowed); ``None`` to assert only the exit code and
        the absence of a traceback (for a case whose message is the OS's own wording).
    files : dict
        Relative path -> text (str, written UTF-8) or bytes, created in the case's directory first.
    setup : callable, optional
        ``setup(tmp)`` for what files cannot say (a FIFO, a symbolic link, a read-only directory).
    exit_code : int
        1 for an error the tool reports, 2 for a usage error (click).
    unchanged : tuple of str
        Relative paths whose bytes (or absence) must be the same after the run as before it.
    env : dict
        Extra environment variables (placeholders allowed), e.g. Neo4j connection settings.
    needs_data : bool
        The case reads the shared datasets (it fails, never skips, when they are missing).
    timeout : float
        Seconds before the run counts as a hang (a failure).
    shows : tuple of str
        Exact lines (placeholders allowed) that must also be printed, on stdout or stderr: the problems an
        error line counts (``validate`` prints them on stdout, other commands on stderr).
    """

    name: str
    args: list[str]
    error: str | None
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    exit_code: int = 1
    unchanged: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    needs_data: bool = False
    timeout: float = 60.0
    shows: tuple[str, ...] = ()


def all_cases() -> list[Case]:
    """Every case of every area, in area order; names are checked unique."""
    out: list[Case] = []
    for area in AREAS:
        try:
            module = importlib.import_module(f"bad_inputs.{area}")
        except ModuleNotFoundError as e:
            if e.name != f"bad_inputs.{area}":
                raise
            continue
        out += module.cases()
    names = [c.name for c in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    assert not dup, f"case names used twice: {dup}"
    return out
