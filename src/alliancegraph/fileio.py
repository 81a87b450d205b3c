"""Writing output files so that a failed write loses nothing, and nothing but a regular file is written.

Owns: the one way the project writes a file or a set of files (:func:`atomic_file`, :func:`atomic_files`),
the checks of an output path made before anything is computed or written (:func:`check_file`,
:func:`check_directory`) and the mode a new file gets (:func:`default_mode`).

Must not know: what is written, or any other module of the package (every module may import this one).

Every file the project writes (views, exports, timelines, panels) is first written beside its target under
a temporary name and moved onto the target only when the whole write succeeded (``os.replace``, atomic on
one file system). A full disk or an error half way leaves the old file, if any, as it was, and no
half-written file behind.

* A symbolic link is written *through*: the link stays and the file it points to gets the content (the
  temporary file is made beside that file).
* Only regular files are written: a directory, a device (``/dev/null`` too), a FIFO or a socket at the
  path (or behind its link) is refused with one line, before anything is written; so is a path under a
  file or in a directory that cannot be written. Missing parent directories are created.
* Errors name the path the user gave, never the temporary name.
* A new file has the mode a plain ``open(path, "w")`` would give it, ``0o666 & ~umask``
  (:func:`default_mode`), not the ``0o600`` of :func:`tempfile.mkstemp`; a file replaced keeps its mode.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["atomic_file", "atomic_files", "check_file", "check_directory", "default_mode"]

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


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


def _error(code: int, given: Path, fact: str) -> OSError:
    """``OSError`` (the subclass of ``code``) whose ``filename`` is the path as given and ``strerror`` the fact:
    the command line prints ``given: fact``."""
    return OSError(code, fact, str(given))


def _real(given: Path) -> Path:
    """``given`` with every symbolic link resolved (a dangling link: the path it points to)."""
    return Path(os.path.realpath(given)) if given.is_symlink() or any(p.is_symlink() for p in given.parents) \
        else given


def _via(given: Path, real: Path) -> str:
    return f" (the link's target {real})" if real != given and given.is_symlink() else ""


def _check_parent(given: Path, real: Path) -> None:
    """The directory of ``real``, or the nearest of its parents that exists (the writer creates the rest),
    must be a writable directory."""
    parent = real.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    shown = parent
    if real == given:  # name it as the user did (relative stays relative)
        rel = [p for p in given.parents if Path(os.path.abspath(p)) == Path(os.path.abspath(parent))]
        shown = rel[0] if rel and str(rel[0]) != "." else parent
    if not parent.is_dir():
        raise _error(errno.ENOTDIR, given, f"{shown} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _error(errno.EACCES, given, f"cannot write in directory {shown}: {os.strerror(errno.EACCES)}")


def check_file(path: str | Path) -> Path:
    """The file an output to ``path`` lands in (``path`` itself, or the target of its symbolic link), checked
    as :func:`atomic_file` checks it; nothing is written.

    Raises ``OSError`` whose ``filename`` is ``path`` as given: ``IsADirectoryError`` for a directory,
    ``OSError`` for a device, FIFO or socket, ``NotADirectoryError`` when a parent is a file,
    ``PermissionError`` when its directory (or the nearest existing parent) is not writable. A missing
    directory is no error: :func:`atomic_file` creates it.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_file(d / "net.json") == d / "net.json"
    True
    >>> (d / "link.json").symlink_to(d / "net.json")
    >>> check_file(d / "link.json") == (d / "net.json").resolve()
    True
    >>> try:
    ...     check_file("/dev/null")
    ... except OSError as e:
    ...     print(f"{e.filename}: {e.strerror}")
    /dev/null: is a character device, not a regular file; outputs are written to regular files only
    >>> _ = (d / "notes.txt").write_text("mine")
    >>> try:
    ...     check_file(d / "notes.txt" / "net.json")
    ... except NotADirectoryError as e:
    ...     print(e.strerror.replace(str(d), "D"))
    D/notes.txt is not a directory
    """
    given = Path(path)
    real = _real(given)
    via = _via(given, real)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        st = None  # a path under a file: said by the parent's check
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _error(errno.EISDIR, given, f"is a directory{via}, not a file")
        for test, kind in _KINDS:
            if test(st.st_mode):
                raise _error(errno.EINVAL, given, f"is {kind}{via}, not a regular file; outputs are written to "
                                                  "regular files only")
    _check_parent(given, real)
    return real


def check_directory(path: str | Path) -> Path:
    """The directory an output set to ``path`` lands in (``path``, or the target of its symbolic link),
    checked as :func:`atomic_files` checks it; nothing is written (it need not exist, nor its parents).

    Raises ``OSError`` whose ``filename`` is ``path`` as given (``NotADirectoryError`` when it exists and is
    not a directory).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_directory(d / "out") == d / "out"
    True
    >>> _ = (d / "f.csv").write_text("x")
    >>> try:
    ...     check_directory(d / "f.csv")
    ... except NotADirectoryError as e:
    ...     print(e.strerror)
    exists and is not a directory
    """
    given = Path(path)
    real = _real(given)
    if real.exists() and not real.is_dir():
        raise _error(errno.ENOTDIR, given, f"exists{_via(given, real)} and is not a directory")
    if real.is_dir():
        if not os.access(real, os.W_OK | os.X_OK):
            raise _error(errno.EACCES, given, f"cannot write in directory {given}: {os.strerror(errno.EACCES)}")
        return real
    _check_parent(given, real)
    return real


def _cannot_write(e: OSError, given: Path) -> OSError:
    """The error of a temporary file that could not be made beside ``given``, naming ``given`` and its directory."""
    where = given.parent if str(given.parent) else Path(".")
    return _error(e.errno or errno.EIO, given, f"cannot write in directory {where}: {e.strerror or e}")


def _mode_for(real: Path) -> int:
    """The mode the file written to ``real`` gets: an existing file's own, else :func:`default_mode`."""
    try:
        return stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        return default_mode()


def _named(e: OSError, tmp: Path, given: Path) -> OSError:
    """``e`` naming ``given`` where it names the temporary file ``tmp`` (or nothing)."""
    if e.filename is None or str(e.filename) == str(tmp):
        return _error(e.errno or errno.EIO, given, e.strerror or str(e))
    return e


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside the file ``path`` lands in (same directory and suffix; the directory
    created if needed) to write one file to; when the block ends without an exception it replaces that file (a symbolic link stays and its target
    is replaced; a new file gets :func:`default_mode`, a replaced one keeps its mode), else it is removed.

    Raises ``OSError`` (those of :func:`check_file`) before anything is written; an ``OSError`` of the write
    names ``path``, not the temporary file.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "link.txt").symlink_to("net.txt")
    >>> with atomic_file(d / "link.txt") as tmp:
    ...     _ = tmp.write_text("new")
    >>> (d / "link.txt").is_symlink(), (d / "net.txt").read_text(), sorted(p.name for p in d.iterdir())
    (True, 'new', ['link.txt', 'net.txt'])
    """
    given = Path(path)
    real = check_file(given)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{real.stem}.", suffix=f".tmp{real.suffix}", dir=real.parent)
    except OSError as e:
        raise _cannot_write(e, given) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
            os.chmod(tmp_path, _mode_for(real))  # mkstemp made it 0600; a writer that reopens it keeps that
            os.replace(tmp_path, real)
        except OSError as e:
            named = _named(e, tmp_path, given)
            if named is e:
                raise
            raise named from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _move(src: Path, dest: Path, given: Path) -> None:
    """Move the finished file ``src`` onto ``dest`` (through a link; across file systems by a copy beside it)."""
    real = check_file(dest) if os.path.lexists(dest) else dest
    mode = _mode_for(real) if real.exists() else stat.S_IMODE(os.stat(src).st_mode)
    try:
        os.chmod(src, mode)
        os.replace(src, real)
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise _named(e, src, given) from None
        with atomic_file(real) as tmp:
            shutil.copyfile(src, tmp)


@contextmanager
def atomic_files(directory: str | Path) -> Iterator[Path]:
    """Yield a temporary directory beside ``directory`` to write several files to; when the block ends
    without an exception each file is moved into ``directory`` (created with its parents if needed;
    other files in it stay; a file behind a link written through), else the temporary directory is removed
    and ``directory`` is left as it was. Every file is checked before the first is moved (a file of the set
    that is a directory, device or FIFO there moves none). Files keep the mode they were written with (a
    plain ``open()`` gives :func:`default_mode`); a replaced file keeps its own.

    Raises ``OSError`` (those of :func:`check_directory`) before anything is written.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_files(d) as tmp:
    ...     _ = (tmp / "a.csv").write_text("a")
    ...     _ = (tmp / "b.csv").write_text("b")
    >>> sorted(p.name for p in d.iterdir())
    ['a.csv', 'b.csv']
    """
    given = Path(directory)
    target = check_directory(given)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as e:
        raise _cannot_write(e, given) from None
    try:
        yield tmp
        files = sorted(tmp.iterdir())
        for f in files:  # all checked before any is moved
            if os.path.lexists(target / f.name):
                check_file(given / f.name)
        target.mkdir(exist_ok=True)
        for f in files:
            _move(f, target / f.name, given / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
