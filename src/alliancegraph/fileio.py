"""Writing output files so that a failed write loses nothing.

Owns: the one way the project writes a file or a set of files (:func:`atomic_file`, :func:`atomic_files`)
and the mode they get (:func:`default_mode`).

Must not know: what is written, or any other module of the package (every module may import this one).

Every file the project writes (views, exports, timelines) is first written beside its target under a
temporary name and moved onto the target only when the whole write succeeded (``os.replace``, atomic on
one file system). A full disk or an error half way leaves the old file, if any, as it was, and no
half-written file behind.

The file that lands on the target has the mode a plain ``open(path, "w")`` would give it,
``0o666 & ~umask`` (:func:`default_mode`), not the ``0o600`` of :func:`tempfile.mkstemp`: an export is
as readable by the user's group as any file their other tools write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["atomic_file", "atomic_files", "default_mode"]


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (``/proc/self/status``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it straight back
    os.umask(mask)
    return mask


def default_mode() -> int:
    """The permission bits a new file gets from a plain ``open()``: ``0o666 & ~umask``.

    Examples
    --------
    >>> import os
    >>> old = os.umask(0o027)
    >>> oct(default_mode())
    '0o640'
    >>> _ = os.umask(old)
    """
    return 0o666 & ~_umask()


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same directory and suffix) to write one file to; when the
    block ends without an exception it replaces ``path`` (with the mode of :func:`default_mode`), else it
    is removed.

    Raises ``OSError`` (e.g. ``IsADirectoryError`` when ``path`` is a directory) before anything is written.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a directory, not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, default_mode())  # mkstemp made it 0600; a writer that reopens it keeps that
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_files(directory: str | Path) -> Iterator[Path]:
    """Yield a temporary directory beside ``directory`` to write several files to; when the block ends
    without an exception each file is moved into ``directory`` (created if needed; other files in it stay),
    else the temporary directory is removed and ``directory`` is left as it was. Files keep the mode they
    were written with (a plain ``open()`` gives :func:`default_mode`).

    Raises ``OSError`` (e.g. ``NotADirectoryError``) before anything is written.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        target.mkdir(exist_ok=True)
        for f in sorted(tmp.iterdir()):
            os.replace(f, target / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
