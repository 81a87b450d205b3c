"""Opening a graph from its sources: fact directories and dataset files (COW, ATOP, MID, IGO), and naming
the load set they make in Neo4j.

Owns: the default fact directory (``$ALLIANCEGRAPH_FACTS``, ``./seed`` or the seed inside the package:
:func:`default_facts_dir`), sorting sources into fact directories and dataset files (:func:`split_sources`),
combining curated facts, overlays and datasets with their precedence (:func:`read_facts`,
:func:`check_sources`), :func:`open_graph`, and the name of the load set sources make in Neo4j
(:func:`load_set_name`).

Must not know: the YAML format and its rules (:mod:`alliancegraph.facts`), dataset formats
(:mod:`alliancegraph.importers`), the Neo4j store (which reads a graph back itself,
:func:`alliancegraph.neo4j_store.read_graph`), analyses, views, the command line.

This is the one place where the CLI and analysis scripts turn "where the facts are" into an
:class:`~alliancegraph.graph.AllianceGraph`; every source is validated before anything uses it.

A source is a fact directory (YAML, ``docs/facts.md``), a dataset file (a CSV recognised by its header,
``docs/datasets.md``), or a directory of dataset files (one with CSV files and no YAML). Dataset files can
also be named with their format (``datasets=[("cow-mida", "disputes.csv")]``). Curated facts are read first,
then the overlays (directories of new or changed facts, ``overlay=``) on top of them: the curated states'
ccodes decide the ids dataset facts use, and on equal ids curated facts win
(:meth:`~alliancegraph.model.FactSet.merge`). Two fact directories may not define one id; an overlay may,
and replaces the fact (:func:`read_facts` says every rule).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import InvalidArgumentError
from .facts import FactValidationError, Override, Problem, check_facts, read_fact_dirs
from .gcpause import paused_gc
from .graph import AllianceGraph
from .model import FactSet

__all__ = ["default_facts_dir", "read_facts", "open_graph", "check_sources", "Validation", "split_sources", "load_set_name"]

DatasetSpec = Sequence[tuple[str, "str | Path"]]
"""``(format name, file)`` pairs: dataset files named with their format (see ``importers.FORMATS``)."""


def default_facts_dir() -> Path:
    """The default fact directory: ``$ALLIANCEGRAPH_FACTS``, else ``./seed`` if it exists, else the seed
    embedded in the package (``alliancegraph/seed``, read through :mod:`importlib.resources`, so that an
    installed wheel has it too).

    Returns
    -------
    Path
        A directory of fact files (``docs/facts.md``).

    Raises
    ------
    FileNotFoundError
        If ``$ALLIANCEGRAPH_FACTS`` names no directory, or the package holds no seed directory on disk.

    Examples
    --------
    >>> d = default_facts_dir()
    >>> (d / "states.yaml").is_file()
    True
    """
    env = os.environ.get("ALLIANCEGRAPH_FACTS")
    if env:
        if Path(env).is_dir():
            return Path(env)
        raise FileNotFoundError(f"ALLIANCEGRAPH_FACTS={env}: no such directory")
    if (Path.cwd() / "seed").is_dir():
        return Path.cwd() / "seed"
    embedded = resources.files("alliancegraph") / "seed"
    if isinstance(embedded, Path) and embedded.is_dir():
        return embedded
    raise FileNotFoundError("no fact directory given and the package holds no seed directory on disk "
                            "(set ALLIANCEGRAPH_FACTS or pass --facts)")


def split_sources(paths: Iterable[str | Path], datasets: DatasetSpec = ()) -> tuple[list[Path], list[tuple[Path, str | None]]]:
    """Sort sources into fact directories and dataset files ``(path, format or None)``.

    A directory with CSV files and no YAML file is a directory of dataset files. Raises
    ``FileNotFoundError`` for a path that does not exist and :class:`~alliancegraph.errors.InvalidArgumentError`
    for a directory with files but neither (an empty one is a fact directory still to be written); the name ``seed`` stands for the embedded seed (:func:`default_facts_dir`)
    where no ``./seed`` exists.
    """
    from .importers import dataset_files

    dirs: list[Path] = []
    files: list[tuple[Path, str | None]] = []
    for p in paths:
        p = Path(p)
        if not p.exists() and str(p) == "seed":
            p = default_facts_dir()  # the name "seed" stands for the embedded seed where ./seed does not exist
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or directory")
        if p.is_dir():
            csvs = dataset_files(p)
            yamls = any(p.glob("*.y*ml"))
            if not csvs and not yamls and any(p.iterdir()):   # empty: a fact directory to fill
                raise InvalidArgumentError(f"{p}: no fact files (*.yaml) and no dataset files (*.csv) in this "
                                           f"directory")
            if csvs and not yamls:
                files.extend((c, None) for c in csvs)
            else:
                dirs.append(p)
        else:
            files.append((p, None))
    for fmt, f in datasets:
        if not Path(f).exists():
            raise FileNotFoundError(f"{f}: no such file")
        files = [x for x in files if x[0].resolve() != Path(f).resolve()] + [(Path(f), fmt)]
    return dirs, files


def _state_ids(facts: FactSet) -> dict[int, str]:
    """ccode -> id of the curated states (dataset facts then use these ids)."""
    return {st.ccode: sid for sid, st in sorted(facts.states.items()) if st.ccode is not None}


def _overlay_dirs(overlay: Iterable[str | Path]) -> list[Path]:
    out = []
    for p in overlay:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such overlay directory")
        if not p.is_dir():
            raise InvalidArgumentError(f"{p}: an overlay is a directory of fact files (YAML, docs/facts.md), not a file")
        out.append(p)
    return out


def _read(paths: Iterable[str | Path] | None, datasets: DatasetSpec, overlay: Iterable[str | Path],
          skip_bad_rows: bool, check: bool, as_read: list[FactSet] | None = None
          ) -> tuple[FactSet, list[Problem], list[Override], list[Problem]]:
    """The one reading of sources behind :func:`check_sources` and :func:`read_facts`: ``(merged facts,
    problems, overrides, skipped rows)``; ``as_read`` receives the curated facts as read, before the
    datasets are merged into them. ``check=True`` reads the datasets whatever the fact directories'
    problems and turns dataset errors into problems; ``check=False`` stops at the fact directories' reading
    problems when datasets are to be read, and lets dataset errors propagate, among them a dataset file that
    gave nothing usable (a header only, or every row malformed under ``skip_bad_rows``)."""
    from .importers import DatasetError, UnknownFormatError, import_datasets

    paths = list(paths or [])
    if not paths and not datasets:
        paths = [default_facts_dir()]
    dirs, files = split_sources(paths, datasets)
    curated, problems, overrides = read_fact_dirs(dirs, _overlay_dirs(overlay))
    if as_read is not None:
        as_read.append(curated)
    skipped: list[Problem] = []
    merged = curated
    if files:
        if problems and not check:
            return merged, sorted(set(problems)), overrides, skipped
        try:
            result = import_datasets(files, skip_bad_rows=skip_bad_rows or check, state_ids=_state_ids(curated))
        except DatasetError as e:
            if not check:
                raise
            problems.append(e.problem())
        except UnknownFormatError as e:
            if not check:
                raise
            problems.append(Problem(e.file or "", 1, None, str(e).removeprefix(f"{e.file}: ")))
        else:
            if result.empty and not check:
                raise result.empty[0]
            problems.extend(e.problem() for e in result.empty)
            skipped = list(result.skipped)
            merged = curated.merge(result.facts)
    check_facts(merged, problems)
    return merged, sorted(set(problems)), overrides, skipped


@dataclass(frozen=True)
class Validation:
    """What :func:`check_sources` found: the merged ``facts``, every ``problem`` (sorted by file and line)
    and the ``overrides`` an overlay made; serialises itself as ``alliancegraph validate --json`` prints it.

    Examples
    --------
    >>> v = check_sources(["seed"])
    >>> v.ok, v.facts.counts()["treaties"], sorted(v.to_dict())
    (True, 41, ['counts', 'overrides', 'problems'])
    """

    facts: FactSet
    problems: list[Problem]
    overrides: list[Override] = field(default_factory=list)
    curated: FactSet = field(default_factory=FactSet)
    """The curated facts as read, before the datasets were merged into them: a curated state's own from/to,
    which the COW state list's spells replace in ``facts`` (what ``alliancegraph crosscheck`` compares)."""

    @property
    def ok(self) -> bool:
        """Whether there is no problem."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"problems": [...], "counts": {kind: n}, "overrides": [...]}``."""
        return {"problems": [p.to_dict() for p in self.problems], "counts": self.facts.counts(),
                "overrides": [o.to_dict() for o in self.overrides]}


def check_sources(paths: Iterable[str | Path], datasets: DatasetSpec = (), overlay: Iterable[str | Path] = ()
                  ) -> Validation:
    """Read every source and return what was found, without raising on problems.

    Fact directories and overlays are validated (every problem, with file, line and fact id) against
    everything read; dataset files are read whole, every malformed row being a problem (file, line,
    column). The rules on equal ids are those of :func:`read_facts`.

    Returns
    -------
    Validation
        The merged facts, the problems (dataset rows skipped included) and the overlay's replacements.

    Raises
    ------
    FileNotFoundError
        For a path that does not exist.
    """
    as_read: list[FactSet] = []
    facts, problems, ovr, skipped = _read(paths, datasets, overlay, True, check=True, as_read=as_read)
    return Validation(facts, problems + skipped, list(ovr), as_read[0] if as_read else FactSet())


def read_facts(paths: Iterable[str | Path] | None = None, datasets: DatasetSpec = (), skip_bad_rows: bool = False,
               skipped: list[Problem] | None = None, overlay: Iterable[str | Path] = (),
               overrides: list[Override] | None = None) -> FactSet:
    """Read and validate sources (default: the embedded seed, when no source at all is given).

    Fact directories are read first, then the overlays on top of them, then the dataset files; the states
    the curated facts name and their references are checked against all of it (so a fact may name a state
    by its ISO3 code, COW abbreviation, ccode or name, and cite a source of another directory). On equal ids:

    * two fact directories (``paths``) may not define one id: that is a problem naming both places;
    * an overlay's fact replaces the fact of that id and kind read before it (a base directory's or an
      earlier overlay's), and the replacement is appended to ``overrides``;
    * a curated fact wins over a dataset fact (a curated state keeps the dataset's state-system spells and
      codes it lacks; :meth:`~alliancegraph.model.FactSet.merge`), and curated states' ccodes decide the ids
      dataset facts use.

    Parameters
    ----------
    paths : fact directories, dataset files or directories of dataset files
    datasets : (format, file) pairs, for dataset files named with their format
    skip_bad_rows : bool
        False (default): the first malformed dataset row raises ``DatasetError`` (file, line, column) and
        nothing is returned. True: malformed rows are skipped and appended to ``skipped``.
    skipped : list, optional
        Receives the skipped rows as :class:`~alliancegraph.facts.Problem`.
    overlay : fact directories
        Directories of new or changed facts, applied in order on top of ``paths`` (default the seed); an
        overlay needs no ``sources.yaml`` or ``states.yaml`` of its own.
    overrides : list, optional
        Receives an :class:`~alliancegraph.facts.Override` for every fact an overlay replaced.

    Returns
    -------
    FactSet
        The validated facts, curated and imported, keyed by kind and id.

    Raises
    ------
    FactValidationError
        With every problem of the fact directories and overlays; nothing is returned.
    DatasetError, UnknownFormatError, FileNotFoundError, InvalidArgumentError

    Examples
    --------
    >>> import pathlib, tempfile
    >>> mine = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (mine / "treaties.yaml").write_text('''treaties:
    ...   - id: rus-irn-defense
    ...     name: Russia-Iran mutual defence (hypothetical)
    ...     parties: [{state: Russia}, {state: iran}]
    ...     signed: 2025-11-01
    ...     obligations: [{type: defense}]
    ...     sources: [kremlin-2025-01-17-rus-irn-treaty]
    ... ''')
    >>> replaced = []
    >>> facts = read_facts(overlay=[mine], overrides=replaced)
    >>> [p.state for p in facts.treaties["rus-irn-defense"].parties], replaced
    (['RUS', 'IRN'], [])
    """
    facts, problems, ovr, rows = _read(paths, datasets, overlay, skip_bad_rows, check=False)
    if problems:
        raise FactValidationError(problems)
    if skipped is not None:
        skipped.extend(rows)
    if overrides is not None:
        overrides.extend(ovr)
    return facts


def open_graph(paths: Iterable[str | Path] | None = None, datasets: DatasetSpec = (), skip_bad_rows: bool = False,
               skipped: list[Problem] | None = None, overlay: Iterable[str | Path] = (),
               overrides: list[Override] | None = None) -> AllianceGraph:
    """The alliance graph built in memory from validated sources (default: the embedded seed); the
    arguments are those of :func:`read_facts`.

    Parameters
    ----------
    paths, datasets, skip_bad_rows, skipped, overlay, overrides
        As :func:`read_facts`.

    Returns
    -------
    AllianceGraph
        The frozen graph of the facts.

    Raises
    ------
    FactValidationError, DatasetError, UnknownFormatError, FileNotFoundError, InvalidArgumentError
        As :func:`read_facts`.

    Examples
    --------
    >>> g = open_graph()
    >>> g.resolve_state("North Korea")
    'PRK'
    """
    with paused_gc():
        return AllianceGraph.from_facts(read_facts(paths, datasets, skip_bad_rows, skipped, overlay, overrides))


def load_set_name(sources: Iterable[str | Path], datasets: DatasetSpec = ()) -> str:
    """The default name of the load set that loading ``sources`` (and ``datasets``) into Neo4j makes: the
    name of each source (a fact directory's resolved name, a dataset file's name) joined by ``+``, in order.

    A load set is the facts one load owns (:meth:`~alliancegraph.neo4j_store.Neo4jStore.load`): loading
    the same sources again under this name updates them and leaves other load sets alone.

    Parameters
    ----------
    sources : fact directories, dataset files or directories of dataset files
    datasets : (format, file) pairs, for dataset files named with their format

    Returns
    -------
    str
        E.g. ``'seed'`` for the embedded seed, ``'seed+MIDA 5.0.csv'`` for the seed and a MID file.

    Raises
    ------
    InvalidArgumentError
        When there is no source at all to name the load set after.

    Examples
    --------
    >>> load_set_name(["seed"])
    'seed'
    >>> load_set_name(["/data/cow/"], datasets=[("cow-mida", "/data/mid/MIDA 5.0.csv")])
    'cow+MIDA 5.0.csv'
    """
    names = [Path(s).resolve().name for s in sources] + [Path(f).name for _, f in datasets]
    if not names:
        raise InvalidArgumentError("a load set is named after its sources, and none was given")
    return "+".join(names)
