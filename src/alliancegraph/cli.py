"""The ``alliancegraph`` command line: a thin click layer over the library.

Owns: argument parsing (click options, gathered into value objects such as :class:`GraphSource` and passed
to each command as parameters) and formatting (tables, JSON, one-line messages). Every command is library
calls plus formatting. The errors the library raises on purpose (:class:`~alliancegraph.errors.AllianceGraphError`)
and :class:`OSError` become one clear line on stderr and exit 1 (2 for usage); anything else is a bug and
shows as a traceback.

Must not know: how a result is computed, serialised (results have ``to_dict``) or written to a file (the
library writes every file, through :mod:`alliancegraph.fileio`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import click
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from . import __version__
from .analysis import alliance_clusters, influence_paths
from .analysis.clusters import METHODS
from .crosscheck import crosscheck_sources
from .dates import DateError, parse_as_of
from .errors import AllianceGraphError
from .facts import TEMPLATE_KINDS, FactValidationError, fact_template
from .graph import COMBINE_RULES, DEFAULT_STRENGTHS, AllianceGraph, Snapshot
from .model import Confidence
from .workspace import check_sources, default_facts_dir, load_set_name, open_graph


PIPED_WIDTH = 100_000
"""The console width when output is not a terminal: piped or redirected tables keep whole values."""


def _console(err: bool = False) -> Console:
    """The one console of every table and line the commands print: on a terminal its width; piped or
    redirected (whatever COLUMNS says) :data:`PIPED_WIDTH`, so that no value is cut or wrapped."""
    # markup off: fact text such as "[draft text]" is printed as it is, never read as rich markup
    stream = sys.stderr if err else sys.stdout
    width = None if stream.isatty() else PIPED_WIDTH
    return Console(stderr=err, highlight=False, soft_wrap=True, markup=False, width=width)


def _add_columns(table: Table, columns: Iterable[tuple[str, JustifyMethod]]) -> None:
    for col, just in columns:
        table.add_column(col, justify=just)


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors the library raises on purpose (:class:`~alliancegraph.errors.AllianceGraphError`;
    a :class:`~alliancegraph.facts.FactValidationError` with each of its problems first) and
    :class:`OSError` into one line and exit code 1; any other exception is a bug and propagates."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FactValidationError as e:
            for p in e.problems:
                click.echo(str(p), err=True)
            _fail(f"{len(e.problems)} problem(s) in the facts; nothing was run (see `alliancegraph validate`)")
        except click.ClickException:
            raise
        except OSError as e:
            # "[Errno 28] No space left on device: 'x'" -> "x: No space left on device"
            where = e.filename if e.filename is not None else ""
            text = f"{where}: {e.strerror}" if where and e.strerror else str(e)
            _fail(text)
        except AllianceGraphError as e:
            _fail(str(e))

    return wrapper


# ---------------------------------------------------------------------------- shared options
def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date:
    try:
        return parse_as_of(value)
    except DateError as e:
        raise click.BadParameter(str(e)) from None


def _snapshot(as_of: _dt.date | None = None, *, strengths: dict[str, float] | None = None,
              combine: str = "noisy-or", min_confidence: str = "reported", layers: str | None = None,
              multilateral: str | None = None, until: _dt.date | None = None) -> Snapshot:
    """The one :class:`~alliancegraph.graph.Snapshot` of a command, from its snapshot, network and period
    options (``as_of`` None: a template for years, its date unused)."""
    if until is not None and as_of is not None and until < as_of:
        _fail(f"--until {until.isoformat()} is before --as-of {as_of.isoformat()}")
    from .graph import DEFAULT_MULTILATERAL

    return Snapshot(as_of, until=until, min_confidence=min_confidence, strengths=strengths, combine=combine,
                    layers=layers, multilateral=multilateral or DEFAULT_MULTILATERAL)


def _strength(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, float]:
    out = {}
    for v in values:
        kind, _, num = v.partition("=")
        try:
            out[kind.strip()] = float(num)
        except ValueError:
            raise click.BadParameter(f"{v!r}: expected KIND=NUMBER, e.g. consultation=0.5") from None
        if kind.strip() not in DEFAULT_STRENGTHS:
            raise click.BadParameter(f"unknown tie kind {kind!r} (one of {', '.join(DEFAULT_STRENGTHS)})")
    return out


def _collect(fn: Callable[..., Any], keyword: str, make: Callable[..., Any], names: tuple[str, ...]) -> Callable[..., Any]:
    """``fn`` called with the option values ``names`` gathered into one value, ``keyword=make(**values)``:
    a command receives its inputs as parameters, never through ``ctx.meta``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs[keyword] = make(**{n: kwargs.pop(n) for n in names})
        return fn(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Neo4jConnection:
    """The Neo4j connection options as given (None: the default of :class:`~alliancegraph.neo4j_store.Neo4jSettings`)."""

    uri: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    def settings(self) -> Any:
        """The :class:`~alliancegraph.neo4j_store.Neo4jSettings` of these options (the environment was read by
        the options' envvars already)."""
        from .neo4j_store import Neo4jSettings

        return Neo4jSettings.from_env(env={}, uri=self.uri, user=self.user, password=self.password,
                                      database=self.database)


@dataclass(frozen=True)
class GraphSource:
    """Where a command's graph comes from (:func:`source_options`): fact directories and dataset files with
    overlays on top, or Neo4j (a load set of it, or the whole database) through ``connection``."""

    facts: tuple[Path, ...] = ()
    datasets: tuple[tuple[str, Path], ...] = ()
    skip_bad_rows: bool = False
    overlay: tuple[Path, ...] = ()
    neo4j: bool = False
    load_set: str | None = None
    connection: Neo4jConnection = field(default_factory=Neo4jConnection)


def _graph_source(facts: tuple[Path, ...], dataset: tuple[tuple[str, Path], ...], skip_bad_rows: bool,
                  overlay: tuple[Path, ...], neo4j: bool, load_set: str | None, uri: str | None, user: str | None,
                  password: str | None, database: str | None) -> GraphSource:
    return GraphSource(tuple(facts), tuple(dataset), bool(skip_bad_rows), tuple(overlay), bool(neo4j), load_set,
                       Neo4jConnection(uri, user, password, database))


def _connection_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--database", envvar="NEO4J_DATABASE", default=None, metavar="NAME",
                      help="Neo4j database (env NEO4J_DATABASE). Default: the server's default database.")(fn)
    fn = click.option("--password", envvar="NEO4J_PASSWORD", default=None, metavar="TEXT",
                      help="Neo4j password (env NEO4J_PASSWORD; never printed). Default: no authentication.")(fn)
    fn = click.option("--user", envvar="NEO4J_USERNAME", default=None, metavar="NAME",
                      help="Neo4j user (env NEO4J_USERNAME). Default: neo4j.")(fn)
    return click.option("--uri", envvar="NEO4J_URI", default=None, metavar="URI",
                        help="Neo4j Bolt URI (env NEO4J_URI). Default: bolt://127.0.0.1:7687.")(fn)


def _load_set(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("a load set needs a name (leave the option out for the default)")
    return value


def neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--uri``, ``--user``, ``--password``, ``--database``: the Neo4j connection, defaulting to NEO4J_URI,
    NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE, passed to the command as one
    :class:`Neo4jConnection`, ``connection=``."""
    return _connection_options(_collect(fn, "connection", Neo4jConnection, ("uri", "user", "password", "database")))


def overlay_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--overlay DIR`` (repeatable): directories of new or changed facts read on top of the sources,
    passed as ``overlay=``."""
    return click.option("--overlay", "overlay", multiple=True, type=click.Path(path_type=Path), metavar="DIR",
                        help="Fact directory of new or changed facts read on top of the --facts sources (default "
                             "the seed), in order (repeatable): its facts may name states as on the command line "
                             "and cite the base's sources; a fact with a base fact's id replaces it, and each "
                             "replacement is reported on stderr.")(fn)


def _report_overrides(overrides: list[Any]) -> None:
    for o in overrides:
        click.echo(f"overlay: {o}", err=True)


def source_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--facts`` (repeatable), ``--dataset``, ``--skip-bad-rows`` and ``--overlay``, or ``--neo4j`` with
    ``--load-set`` and the connection options: where the graph comes from, passed to the command as one
    :class:`GraphSource`, ``graph_source=`` (read by :func:`_graph`)."""
    fn = _collect(fn, "graph_source", _graph_source, ("facts", "dataset", "skip_bad_rows", "overlay", "neo4j",
                                                       "load_set", "uri", "user", "password", "database"))
    fn = _connection_options(fn)
    fn = overlay_option(fn)
    fn = click.option("--load-set", default=None, metavar="NAME", callback=_load_set,
                      help="With --neo4j: read only the facts of this load set. Default: the whole database.")(fn)
    fn = click.option("--neo4j", is_flag=True,
                      help="Read the graph from Neo4j (see --uri, --user, --password, --database) instead of "
                           "fact files.")(fn)
    fn = dataset_options(fn)
    return click.option("--facts", "-f", "facts", multiple=True, type=click.Path(path_type=Path),
                        help="Fact directory, dataset file (COW, ATOP, MID, GML, IGO, wars: recognised by its "
                             "header) or directory of dataset files to read (repeatable). Default: the seed "
                             "(the curated facts that ship with the package).")(fn)


def dataset_option(verb: str = "Read") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--dataset FORMAT FILE`` (repeatable), passed as ``dataset=``; ``verb`` begins its help ("Read",
    "Also check"...)."""
    from .importers import FORMATS

    return click.option("--dataset", "dataset", nargs=2, multiple=True, metavar="FORMAT FILE",
                        type=(click.Choice(list(FORMATS)), click.Path(exists=True, dir_okay=False, path_type=Path)),
                        help=f"{verb} FILE as dataset FORMAT whatever its header says (repeatable), e.g. "
                             "--dataset cow-mida disputes.csv.")


def dataset_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--dataset FORMAT FILE`` (:func:`dataset_option`) and ``--skip-bad-rows``, passed as ``dataset=`` and
    ``skip_bad_rows=``."""
    fn = click.option("--skip-bad-rows", is_flag=True,
                      help="Skip malformed dataset rows and report them all, instead of stopping at the first "
                           "(which names file, line and column).")(fn)
    return dataset_option()(fn)


def _report_skipped(skipped: list[Any]) -> None:
    for p in skipped:
        click.echo(f"skipped: {p}", err=True)
    if skipped:
        click.echo(f"skipped {len(skipped)} malformed dataset row(s)", err=True)


def snapshot_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options that define a snapshot: as-of date, strengths, combination rule, confidence floor."""
    fn = click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
                      help="Snapshot date YYYY[-MM[-DD]] (a year or month means its last day). Default: today.")(fn)
    return snapshot_rule_options(fn)


def snapshot_rule_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of a snapshot but its date (strengths, combination rule, confidence floor), with the
    source options."""
    fn = click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported",
                      show_default=True, help="Weakest confidence (as of the date) that still counts.")(fn)
    fn = click.option("--combine", type=click.Choice(COMBINE_RULES), default="noisy-or", show_default=True,
                      help="How several ties between two states combine.")(fn)
    fn = click.option("--strength", "strengths", multiple=True, callback=_strength, metavar="KIND=NUMBER",
                      help="Override a tie strength, e.g. --strength consultation=0.5 (repeatable).")(fn)
    return source_options(fn)


def network_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose the network clustered: layers (tie kinds) and the multilateral rule."""
    from .graph import DEFAULT_LAYERS, DEFAULT_MULTILATERAL, MULTILATERAL_RULES

    fn = click.option("--multilateral", type=click.Choice(MULTILATERAL_RULES), default=DEFAULT_MULTILATERAL,
                      show_default=True,
                      help="How a treaty, bloc or dispute of n states weighs each of its dyads: newman 1/(n-1), "
                           "sqrt 1/sqrt(n-1), full 1 (docs/analysis.md).")(fn)
    return click.option("--layers", metavar="KIND,...",
                        help="Tie kinds clustered, comma-separated (defense, offense, neutrality, non-aggression, "
                             "consultation, entente, support, bloc, none, or all). Default: "
                             f"{','.join(sorted(DEFAULT_LAYERS))}.")(fn)


def signed_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of signed clustering: negative-layer weight, resolution, seed, least hostility level."""
    fn = click.option("--min-level", type=click.IntRange(1, 5), default=1, show_default=True,
                      help="Least MID hostility level (1-5) that makes a hostile tie.")(fn)
    fn = click.option("--seed", type=int, default=42, show_default=True, help="Random seed of Leiden.")(fn)
    fn = click.option("--resolution", type=click.FloatRange(min=0, min_open=True, max=1e6), default=1.0,
                      show_default=True, help="Modularity resolution (above 0).")(fn)
    return click.option("--negative-weight", type=click.FloatRange(min=0), default=1.0, show_default=True,
                        help="Weight of the hostile layer in signed clustering (0 ignores hostilities).")(fn)


def _graph(source: GraphSource) -> AllianceGraph:
    """The graph of ``source``: read from Neo4j, or built from validated fact and dataset files (the rows
    skipped and the facts an overlay replaced reported on stderr)."""
    if source.neo4j:
        if source.facts or source.datasets or source.overlay:
            _fail("--facts (or --overlay) and --neo4j exclude each other: the graph comes from one place")
        from .neo4j_store import read_graph

        return read_graph(source.connection.settings(), load_set=source.load_set)
    skipped: list[Any] = []
    overrides: list[Any] = []
    graph = open_graph(list(source.facts) or None, datasets=source.datasets, skip_bad_rows=source.skip_bad_rows,
                       skipped=skipped, overlay=source.overlay, overrides=overrides)
    _report_skipped(skipped)
    _report_overrides(overrides)
    return graph


# ---------------------------------------------------------------------------- commands
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alliancegraph")
def main() -> None:
    """alliancegraph: international alliances as a graph: clusters, influence paths, views.

    States may be named by ISO3 code, COW abbreviation, COW ccode or name, in any case.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@dataset_option("Also check")
@overlay_option
@_handle_errors
def validate(paths: tuple[Path, ...], as_json: bool, dataset: tuple[tuple[str, Path], ...] = (),
             overlay: tuple[Path, ...] = ()) -> None:
    """Check fact directories and dataset files (default: the packaged seed); report every problem at once.

    Each problem names the file, line and fact id (for a dataset row: file, line and column). With
    --overlay, the overlay is checked against the sources and itself, and every fact it replaces is
    reported on stderr. Exits 1 if there is any problem.
    """
    targets = list(paths) or ([] if dataset else [default_facts_dir()])
    found = check_sources(targets, datasets=dataset, overlay=overlay)
    facts, problems = found.facts, found.problems
    _report_overrides(found.overrides)
    if as_json:
        click.echo(json.dumps(found.to_dict(), indent=1))
    else:
        for p in problems:
            click.echo(str(p))
    if problems:
        where = [str(t) for t in targets] + [str(f) for _, f in dataset] + [f"overlay {o}" for o in overlay]
        _fail(f"{len(problems)} problem(s) in {', '.join(where)}")
    if not as_json:
        counts = ", ".join(f"{n} {k}" for k, n in facts.counts().items())
        click.echo(f"ok: {counts}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@dataset_option("Also read")
@overlay_option
@_handle_errors
def crosscheck(paths: tuple[Path, ...], as_json: bool, dataset: tuple[tuple[str, Path], ...] = (),
               overlay: tuple[Path, ...] = ()) -> None:
    """Cross-check curated facts against the datasets given beside them (COW states, ATOP, MID, GML, IGO).

    Reports, with file, line, fact and the dataset row: a treaty, bloc or conflict without a dataset code
    whose likely twin is loaded; obligations that disagree with ATOP member by member; a party, member or
    participant outside its state's existence; a state's spells against the COW list; a bloc's memberships
    against its founding treaty's parties (docs/facts.md, "Cross-checking"). Findings a fact acknowledges
    (crosscheck: {ignore: "reason"}) are printed as acknowledged. Exits 1 on any unacknowledged finding.
    """
    targets = list(paths) or ([] if dataset else [default_facts_dir()])
    found = crosscheck_sources(targets, datasets=dataset, overlay=overlay)
    if as_json:
        click.echo(json.dumps(found.to_dict(), indent=1))
    else:
        for f in found.findings:
            click.echo(str(f))
    counts = found.to_dict()["counts"]
    summary = (f"{counts['findings']} finding(s), {counts['acknowledged']} acknowledged, {counts['unacknowledged']} "
               f"not, against {', '.join(found.datasets) or 'no dataset'}")
    if not found.ok:
        _fail(summary)
    if not as_json:
        click.echo(f"ok: {summary}")


@main.command()
@click.argument("kind", type=click.Choice(list(TEMPLATE_KINDS)), metavar="KIND")
@_handle_errors
def template(kind: str) -> None:
    """Print a commented YAML skeleton of a treaty, bloc, conflict or support relation.

    Every field with what it means and its vocabulary (docs/facts.md). Save it as the kind's file
    (treaties.yaml, blocs.yaml, conflicts.yaml, supports.yaml) in a directory, fill in every <...>, and read
    it with --overlay DIR on top of the seed: `alliancegraph template treaty > mine/treaties.yaml`.
    """
    click.echo(fact_template(kind), nl=False)


def cluster_run_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of a run of alliance clusters but its seed and resolution: method, null model, stability."""
    fn = click.option("--stability-runs", type=click.IntRange(min=0, max=1000), default=20, show_default=True,
                      help="Runs with other seeds for the stability (0: none).")(fn)
    fn = click.option("--null-runs", type=click.IntRange(min=0, max=1000), default=20, show_default=True,
                      help="Degree-preserving rewirings for the null model (0: none, else at least 2).")(fn)
    return click.option("--method", type=click.Choice(METHODS), default="louvain", show_default=True,
                        help="Community detection method.")(fn)


@main.command()
@snapshot_options
@network_options
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed of the method.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True, max=1e6), default=1.0, show_default=True,
              help="Modularity resolution (above 0; 1 is Newman's modularity).")
@cluster_run_options
@click.option("--explain", "explain", metavar="STATE", default=None,
              help="Say why STATE is in its cluster: its weight to it against the next best, and the ties behind both.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_handle_errors
def clusters(graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
             min_confidence: str, layers: str | None, multilateral: str, method: str, seed: int,
             resolution: float, null_runs: int, stability_runs: int, explain: str | None, as_json: bool) -> None:
    """Alliance clusters as of a date, named, with modularity against a null model and their stability."""
    if null_runs == 1:
        raise click.BadParameter("1 run makes no null model: give 0 (none) or at least 2", param_hint="'--null-runs'")
    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    state = g.resolve_state(explain) if explain is not None else None
    res = alliance_clusters(g, at, method=method, seed=seed, resolution=resolution, null_runs=null_runs,
                            stability_runs=stability_runs)
    if state is not None:
        if state not in (res.projection or {}):
            _fail(f"{g.state_name(state, as_of)} ({state}) is not in the state system on {as_of.isoformat()}")
        ex = res.explain(state)
        if as_json:
            click.echo(json.dumps(ex.to_dict(), indent=1, ensure_ascii=False))
            return
        console = _console()
        console.print(Text(ex.sentence()))
        by_label = {c.label: c for c in res.clusters}
        for label, ties in ex.ties.items():
            c = by_label[label]
            table = Table(title=f"ties to {c.label} ({c.name})")
            _add_columns(table, (("partner", "left"), ("via", "left"), ("kind", "left"), ("parties", "right"),
                              ("weight", "right")))
            for t in ties:
                table.add_row(Text(f"{t['partner_name']} ({t['partner']})"), Text(t["name"]), t["kind"],
                              str(t["parties"]), f"{t['weight']:.3f}")
            console.print(table)
        return
    if as_json:
        click.echo(json.dumps(res.to_dict(), indent=1, ensure_ascii=False))
        return
    table = Table(title=f"Alliance clusters as of {as_of.isoformat()} ({method}, seed {seed}; layers "
                        f"{', '.join(res.layers)}; multilateral {multilateral}): modularity {res.modularity:.3f}")
    table.add_column("cluster")
    table.add_column("name")
    table.add_column("size", justify="right")
    table.add_column("anchor")
    table.add_column("members")
    unstable = set(res.stability.unstable) if res.stability else set()
    assert res.projection is not None
    for c in res.clusters:
        anchor = res.projection.nodes[c.anchor]["name"] if res.projection is not None else g.state_name(c.anchor, as_of)
        table.add_row(c.label, Text(c.name), str(c.size), Text(anchor),
                      ", ".join(m + ("*" if m in unstable else "") for m in c.members))
    if res.unaligned:
        table.add_row("unaligned", "", str(len(res.unaligned)), "", ", ".join(res.unaligned))
    console = _console()
    console.print(table)
    console.print(Text(res.verdict() + (" (* unstable)" if unstable else "")))


@main.command()
@click.argument("source")
@click.argument("target")
@snapshot_options
@click.option("-k", "k", type=click.IntRange(min=1, max=1000), default=1, show_default=True,
              help="How many alternative paths, strongest first (at most 1000).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--html", "html", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Also write the HTML view of that date with the paths' hops highlighted.")
@_handle_errors
def path(source: str, target: str, graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float],
         combine: str, min_confidence: str, k: int, as_json: bool, html: Path | None) -> None:
    """The shortest path of influence from SOURCE to TARGET as of a date.

    Path strength is the product of hop strengths (cost -ln strength); each hop names the treaties, blocs
    and support relations behind it.
    """
    _check_html(html)
    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    g = _graph(graph_source)
    paths = influence_paths(g, source, target, at, k=k)
    if html is not None:
        from .views.html import write_view

        written = write_view(g, html, at, paths=paths)
        click.echo(f"wrote {written}", err=as_json)
    if as_json:
        click.echo(json.dumps(paths.to_dict(g), indent=1, ensure_ascii=False))
        return
    console = _console()
    for i, p in enumerate(paths, start=1):
        table = Table(title=f"Path {i} as of {as_of.isoformat()}: "
                            f"{' -> '.join(g.state_name(s, as_of) for s in p.states)} (strength {p.strength:.3f})")
        table.add_column("hop")
        table.add_column("strength", justify="right")
        table.add_column("via")
        for h in p.hops:
            via = "; ".join(f"{t['name']} ({t['kind']}, {t['strength']:.2f})" for t in h.ties)
            table.add_row(f"{g.state_name(h.a, as_of)} -> {g.state_name(h.b, as_of)}", f"{h.strength:.3f}", via)
        console.print(table)


@main.command()
@snapshot_options
@network_options
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="HTML file to write. Default: out/alliances-<as-of>.html (out/alliances-<from>-<to>.html).")
@click.option("--no-hostile", is_flag=True, help="Leave hostile ties out of the view.")
@click.option("--all-states", is_flag=True, help="Also draw states that have no tie on that date.")
@click.option("--size-by", type=click.Choice(["degree", "strength", "betweenness"]), default="degree",
              show_default=True, help="Centrality (on the allied ties) that sizes the nodes.")
@click.option("--ego", metavar="STATE", default=None, help="Draw only the states within --depth ties of STATE.")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="Radius of the --ego view, in ties (allied or hostile).")
@click.option("--from", "from_year", type=click.IntRange(1, 9999), default=None, metavar="YEAR",
              help="First year of a time control (with --to): one snapshot per year-end, and a slider.")
@click.option("--to", "to_year", type=click.IntRange(1, 9999), default=None, metavar="YEAR",
              help="Last year of the time control (with --from).")
@click.option("--step", type=click.IntRange(min=1), default=1, show_default=True,
              help="Years between two snapshots of the time control.")
@click.option("--layout", type=click.Choice(["spring", "kamada-kawai"]), default="spring", show_default=True,
              help="Layout computed in Python (seeded).")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the layout.")
@click.option("--physics/--no-physics", default=None,
              help="Run vis-network physics in the browser. Default: only for one date with at most 250 edges.")
@click.option("--blocs", is_flag=True,
              help="The bloc view: each named cluster as one node (area by its states; unaligned states as one "
                   "grey group), ties between blocs aggregated; a click shows a bloc's states.")
@_handle_errors
def view(graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
         min_confidence: str, layers: str | None, multilateral: str, output: Path | None, no_hostile: bool, all_states: bool, size_by: str,
         ego: str | None, depth: int, from_year: int | None, to_year: int | None, step: int, layout: str,
         seed: int, physics: bool | None, blocs: bool) -> None:
    """Write the HTML network view as of a date, or over years (self-contained, opens offline).

    One date (--as-of), an ego view of one state (--ego STATE --depth K), or a time control over years
    (--from YEAR --to YEAR [--step N]), or the blocs of one date (--blocs).
    """
    from .views.html import check_view_path, timeline_dates, write_view

    if (from_year is None) != (to_year is None):
        raise click.UsageError("--from and --to go together")
    if blocs and (from_year is not None or ego is not None):
        raise click.UsageError("--blocs shows one date: it does not go with --from/--to or --ego")
    if output is None:
        name = f"{from_year}-{to_year}" if from_year is not None else as_of.isoformat() + ("-blocs" if blocs else "")
        output = Path("out") / f"alliances-{name}.html"
    check_view_path(output)  # before the graph is built: a bad output fails at once
    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    dates: Any = [at.replace(as_of=d) for d in timeline_dates(from_year, to_year, step)] \
        if from_year is not None and to_year is not None else at
    common = {"hostile": not no_hostile, "layout": layout, "seed": seed}
    if blocs:
        written = write_view(g, output, at, blocs=True, **common)
    else:
        written = write_view(g, output, dates, size_by=size_by, ego=ego, depth=depth, only_linked=not all_states,
                             physics=physics, **common)
    click.echo(f"wrote {written}")


@main.command()
@snapshot_options
@network_options
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "cytoscape", "neo4j-csv", "cypher",
                                                    "png", "svg"]), required=True,
              help="Export format (neo4j-csv writes a directory).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="File to write (a directory for neo4j-csv).")
@click.option("--shape", type=click.Choice(["snapshot", "history", "property-graph"]), default=None,
              help="What to export: the signed network as of --as-of, every tie over time, or every fact. "
                   "Default: history for gexf, property-graph for neo4j-csv and cypher, else snapshot.")
@click.option("--property-graph", is_flag=True, help="Same as --shape property-graph.")
@click.option("--size-by", type=click.Choice(["degree", "strength", "betweenness"]), default=None,
              help="png/svg: centrality that sizes the nodes. Default: degree.")
@click.option("--label-by", type=click.Choice(["id", "name"]), default=None,
              help="png/svg: label nodes by state id or name. Default: id.")
@click.option("--from", "from_year", type=click.IntRange(1, 9999), default=None, metavar="YEAR",
              help="history: first year of the states' clusters and blocs. Default: the first tie's year.")
@click.option("--to", "to_year", type=click.IntRange(1, 9999), default=None, metavar="YEAR",
              help="history: last year of the states' clusters and blocs. Default: the last tie's (or this) year.")
@_handle_errors
def export(graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
           min_confidence: str, layers: str | None, multilateral: str, fmt: str, output: Path, shape: str | None, property_graph: bool,
           size_by: str | None, label_by: str | None, from_year: int | None, to_year: int | None) -> None:
    """Export the signed network as of a date, the tie history, or the whole property graph.

    GraphML, GEXF (dynamic: Gephi's timeline plays the history), JSON node-link, Cytoscape.js JSON, CSV
    files for neo4j-admin import, a Cypher script, or a PNG/SVG image.
    """
    from .views.exports import export as export_to

    if property_graph:
        if shape not in (None, "property-graph"):
            raise click.UsageError("--property-graph contradicts --shape")
        shape = "property-graph"
    from .views.exports import check_export_path

    check_export_path(output, fmt)  # before the graph is built: a bad output fails at once
    options = {k: v for k, v in (("size_by", size_by), ("label_by", label_by)) if v is not None}
    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    years: tuple[int, int] | bool = True
    given = from_year if from_year is not None else to_year
    if given is not None:  # --from or --to
        from .views.exports import history_years

        span = history_years(g)
        first = from_year or (span[0] if span else to_year)
        last = to_year or (span[1] if span else from_year)
        assert first is not None and last is not None
        if last < first:
            raise click.UsageError(f"--to {last} is before --from {first}")
        years = (first, last)
    r = export_to(g, output, fmt, shape=shape, at=at, years=years, **options)
    files = f", {len(r.paths)} files" if len(r.paths) > 1 else ""
    click.echo(f"wrote {output} ({r.shape}: {r.nodes} nodes, {r.edges} edges{files})")


def lock_timeout_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--lock-timeout SECONDS``: how long a load or drop waits for the database's load lock."""
    from .schema import DEFAULT_LOCK_TIMEOUT, LOCK_LEASE

    return click.option("--lock-timeout", type=click.FloatRange(min=0), default=DEFAULT_LOCK_TIMEOUT,
                        show_default=True, metavar="SECONDS",
                        help="Seconds to wait while another load or drop holds the database's load lock, then "
                             f"refuse (a holder that died lets go within {LOCK_LEASE:.0f} s).")(fn)


def _waiting(holder: str) -> None:
    click.echo(f"waiting for the load lock, held by {holder}", err=True)


def _report_lock(report: Any) -> None:
    if report.lock_taken_over:
        click.echo(f"took over the load lock of {report.lock_taken_over}: its lease had expired", err=True)
    if report.lock_waited >= 1:
        click.echo(f"waited {report.lock_waited:.1f} s for the load lock", err=True)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@neo4j_options
@click.option("--load-set", default=None, metavar="NAME", callback=_load_set,
              help="Name of the load set (the facts this load owns). Default: the source directory names "
                   "joined by '+', e.g. 'seed'.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per write transaction.")
@lock_timeout_option
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@click.option("--bulk", is_flag=True,
              help="Into an empty database of the local server (scripts/neo4j-server) only: stream the "
                   "neo4j-admin CSV to disk and import it (the server is stopped and started again); much "
                   "faster for a first load of a large graph.")
@dataset_options
@_handle_errors
def load(sources: tuple[Path, ...], connection: Neo4jConnection, load_set: str | None, batch_size: int,
         lock_timeout: float, as_json: bool, dataset: tuple[tuple[str, Path], ...] = (),
         skip_bad_rows: bool = False, bulk: bool = False) -> None:
    """Load fact directories (default: the packaged seed) into Neo4j, with the derived ties.

    Everything is validated before anything is written. Loading the same facts again changes nothing;
    loading an edited fact set under the same load set updates it (facts removed from the files disappear)
    and leaves other load sets untouched. A load that fails half way is marked incomplete and repaired by
    the next load. Loads into one database run one at a time (a lock in the database; see --lock-timeout).
    A node that several load sets share shows the version of the set with the most sources (then the name
    that sorts first); where this load's version differs, each property is reported on stderr.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from .neo4j_bulk import bulk_load
    from .neo4j_store import LoadFailedError, Neo4jStore, Neo4jStoreError

    targets = list(sources) or ([] if dataset else [default_facts_dir()])
    name = load_set or load_set_name(targets, dataset)
    skipped: list[Any] = []
    # validates every source before anything is written
    graph = open_graph(targets, datasets=dataset, skip_bad_rows=skip_bad_rows, skipped=skipped)
    _report_skipped(skipped)
    settings = connection.settings()
    err = _console(err=True)
    try:
        load_sources = [str(t) for t in targets] + [f"{k}={p}" for k, p in dataset]
        if bulk:
            report = bulk_load(graph, settings, name, sources=load_sources)
        else:
            with Neo4jStore(settings) as store, Progress(
                    TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
                task = bar.add_task("load", total=None)
                report = store.load(graph, name, sources=load_sources, batch_size=batch_size, lock_timeout=lock_timeout,
                                    on_wait=_waiting,
                                    progress=lambda done, total: bar.update(task, completed=done, total=total))
    except LoadFailedError as e:
        _fail(str(e))
    except Neo4jStoreError as e:
        _fail(f"{e}; nothing was written")
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
        return
    _report_lock(report)
    for w in report.warnings[:20]:
        click.echo(f"warning: {w}", err=True)
    if len(report.warnings) > 20:
        click.echo(f"warning: ... and {len(report.warnings) - 20} more disagreements (all of them: --json)", err=True)
    if report.repaired:
        click.echo(f"repaired load set {name!r}: its previous load had failed half way; it is complete now")
    nodes, rels = sum(report.nodes.values()), sum(report.relationships.values())
    ties = report.relationships.get("ALLIED_WITH", 0) + report.relationships.get("HOSTILE_TO", 0)
    click.echo(f"load set {name!r} in {report.where}: {nodes} nodes, {rels} relationships "
               f"({ties} derived ties) in {report.seconds:.1f} s")
    if report.changes == 0:
        click.echo("no changes: Neo4j already held exactly these facts")
    else:
        click.echo(f"changes: {report.nodes_created} nodes and {report.relationships_created} relationships "
                   f"created, {report.updated} updated, {report.nodes_deleted} nodes and "
                   f"{report.relationships_deleted} relationships deleted, {report.properties_set} properties set")


def _years(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    first, sep, last = value.partition("-")
    try:
        span = (int(first), int(last) if sep else int(first))
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected FIRST-LAST, e.g. 1950-2020, or one year") from None
    if not 1 <= span[0] <= span[1] <= 9999:
        raise click.BadParameter(f"{value!r}: the first year must not be after the last (years 1 to 9999)")
    return span


@main.command()
@snapshot_rule_options
@network_options
@signed_options
@cluster_run_options
@click.option("--as-of", "dates", multiple=True, callback=lambda c, p, v: tuple(_as_of(c, p, x) for x in v),
              metavar="DATE", help="An as-of date YYYY[-MM[-DD]] to analyse (repeatable).")
@click.option("--years", callback=_years, metavar="FIRST-LAST",
              help="Analyse each year from FIRST to LAST as a period (every tie in force at any time in it, the "
                   "dyad-year convention), e.g. 1950-2020.")
@click.option("--every", type=click.IntRange(min=1), default=1, show_default=True, help="Years between steps of --years.")
@click.option("--write", "write", is_flag=True, help="Write the analyses into Neo4j (the --uri... connection), a load "
                                                     "set per date; without it they are only printed.")
@click.option("--status", is_flag=True, help="List the analyses in Neo4j and whether they are stale; nothing computed.")
@click.option("--drop", is_flag=True, help="Drop the analyses of the dates given (all of them without a date) from "
                                           "Neo4j; the facts stay.")
@click.option("--exact-frustration", is_flag=True, help="Also compute the exact two-group frustration index.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds per date for the exact frustration index.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per write transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_handle_errors
def analyze(graph_source: GraphSource, strengths: dict[str, float], combine: str, min_confidence: str,
            layers: str | None, multilateral: str, negative_weight: float, resolution: float, seed: int,
            min_level: int, method: str, null_runs: int, stability_runs: int, dates: tuple[_dt.date, ...],
            years: tuple[int, int] | None, every: int, write: bool, status: bool, drop: bool,
            exact_frustration: bool, time_limit: float, batch_size: int, as_json: bool) -> None:
    """Named alliance clusters, signed blocs and brokerage per as-of date or year, written back to Neo4j.

    With --write, each date (and set of parameters) is a load set of its own, analyses/<date>/<parameters>,
    holding (:Analysis) nodes with the method and parameters, (:Cluster) and (:SignedBloc) nodes with
    IN_CLUSTER and IN_BLOC relationships from their states, and MEASURED relationships with each state's
    betweenness and brokerage. Writing the same again changes nothing; a new run for the same dates and
    parameters replaces the old results; other dates stay. Analyses whose facts changed or went since are
    reported stale. See cypher/README.md for the Browser queries.
    """
    from .neo4j_analyses import AnalysisParams, analyses_in, drop_analyses, write_analyses

    if null_runs == 1:
        raise click.BadParameter("1 run makes no null model: give 0 (none) or at least 2", param_hint="'--null-runs'")
    if sum((write, status, drop)) > 1:
        _fail("--write, --status and --drop exclude each other")
    template = _snapshot(None, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                         multilateral=multilateral)
    snapshots = [template.replace(as_of=d) for d in dates]
    if years is not None:
        snapshots += [template.for_year(y) for y in range(years[0], years[1] + 1, every)]
    settings = graph_source.connection.settings()
    if status:
        rows = analyses_in(settings)
        if as_json:
            click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
            return
        for r in rows:
            when = r["as_of"] + (f" to {r['until']}" if r["until"] else "")
            click.echo(f"{r['id']}: {r['kind']} ({r['method']}) as of {when}, {r['held']} states"
                       + (f"; STALE: {r['stale']}" if r["stale"] else ""))
        if not rows:
            click.echo(f"no analyses in Neo4j at {settings.where}")
        return
    if drop:
        reports = drop_analyses(settings, snapshots or None, batch_size=batch_size)
        if as_json:
            click.echo(json.dumps([r.to_dict() for r in reports], indent=1))
            return
        click.echo(f"dropped {len(reports)} load set(s) of analyses from {settings.where}"
                   + "".join(f"\n  {r.load_set}" for r in reports))
        return
    if not snapshots:
        _fail("no date to analyse: give --as-of DATE (repeatable) or --years FIRST-LAST")
    params = AnalysisParams(method=method, seed=seed, resolution=resolution, null_runs=null_runs,
                            stability_runs=stability_runs, negative_weight=negative_weight, min_level=min_level,
                            exact_frustration=exact_frustration, time_limit=time_limit)
    g = _graph(graph_source)
    if not write:
        from .neo4j_analyses import analysis_plan

        summaries = [analysis_plan(g, at, params)[2] for at in snapshots]
        if as_json:
            click.echo(json.dumps(summaries, indent=1, ensure_ascii=False))
            return
        for s in summaries:
            _print_analysis_summary(s)
        return
    sources = [] if graph_source.neo4j else [str(p) for p in graph_source.facts] or [str(default_facts_dir())]
    load_sets = None if not graph_source.neo4j else ([graph_source.load_set] if graph_source.load_set else [])
    report = write_analyses(g, settings, snapshots, params, sources=sources, neo4j_load_sets=load_sets,
                            batch_size=batch_size)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
        return
    for summary, load in zip(report.snapshots, report.loads):
        _print_analysis_summary(summary, f": {load.changes} changes")
    click.echo(f"wrote {len(report.loads)} load set(s) of analyses into {report.where} in {report.seconds:.1f} s "
               f"({report.compute_seconds:.1f} s computing)")
    if report.changes == 0:
        click.echo("no changes: Neo4j already held exactly these analyses")
    for a in report.stale:
        click.echo(f"stale: {a['id']}: {a['stale']}", err=True)


def _print_analysis_summary(s: dict[str, Any], tail: str = "") -> None:
    when = s["as_of"] + (f" to {s['until']}" if s["until"] else "")
    click.echo(f"{s['load_set']} ({when}): {len(s['clusters'])} clusters ({', '.join(list(s['clusters'])[:6])}"
               f"{', ...' if len(s['clusters']) > 6 else ''}), {len(s['blocs'])} signed blocs, "
               f"{len(s['brokers'])} brokers{tail}")


@main.command()
@click.argument("load_set_name", metavar="LOAD_SET")
@neo4j_options
@lock_timeout_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_handle_errors
def drop(load_set_name: str, connection: Neo4jConnection, lock_timeout: float, as_json: bool) -> None:
    """Remove a load set from Neo4j: its claims (facts no other load set holds are deleted) and its name.

    A node another load set shares then shows that set's version. Runs under the load lock, as a load does.
    """
    from .neo4j_store import Neo4jStore, Neo4jStoreError

    try:
        with Neo4jStore(connection.settings()) as store:
            known = [s["name"] for s in store.load_sets()]
            if load_set_name not in known:
                _fail(f"no load set {load_set_name!r} in Neo4j at {store.settings.where} (load sets: "
                      f"{', '.join(map(repr, known)) or 'none'})")
            report = store.drop(load_set_name, lock_timeout=lock_timeout, on_wait=_waiting)
    except Neo4jStoreError as e:
        _fail(str(e))
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
        return
    _report_lock(report)
    click.echo(f"dropped load set {load_set_name!r} from {report.where}: {report.nodes_deleted} nodes and "
               f"{report.relationships_deleted} relationships deleted, {report.released} claims released")


@main.command()
@snapshot_options
@network_options
@signed_options
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for the exact frustration index; past it the value is a bound.")
@click.option("--until", "until", callback=lambda c, p, v: None if v is None else _as_of(c, p, v), metavar="DATE",
              help="Make the snapshot a period from --as-of to this date: every tie in force at any time in it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_handle_errors
def balance(graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
            min_confidence: str, layers: str | None, multilateral: str, negative_weight: float, resolution: float, seed: int, min_level: int,
            time_limit: float, until: _dt.date | None, as_json: bool) -> None:
    """Signed clusters and structural balance as of a date.

    Prints the signed clusters (allies together, enemies apart; Traag and Bruggeman 2009), the signed
    triad census, the frustration of that partition, and the two-group frustration index (Aref and
    Wilson 2019), saying whether it is exact or a bound.
    """
    from .analysis.balance import structural_balance

    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral, until=until)
    g = _graph(graph_source)
    b = structural_balance(g, at, min_level=min_level, resolution=resolution, negative_weight=negative_weight,
                           seed=seed, time_limit=time_limit)
    if as_json:
        click.echo(json.dumps(b.to_dict(), indent=1))
        return
    sg, sc, census, part, fi = b.signed, b.clusters, b.triads, b.partition_frustration, b.frustration_index
    pos = sum(1 for *_, d in sg.edges(data=True) if d["sign"] > 0)
    console = _console()
    when = as_of.isoformat() + (f" to {until.isoformat()}" if until else "")
    table = Table(title=f"Signed clusters as of {when}: {sg.number_of_nodes()} states, "
                        f"{pos} allied ({', '.join(sg.graph['layers'])}) and {sg.number_of_edges() - pos} hostile ties")
    table.add_column("cluster")
    table.add_column("name")
    table.add_column("size", justify="right")
    table.add_column("members")
    for i, (c, name) in enumerate(zip(sc.clusters, sc.names), start=1):
        table.add_row(f"S{i}", Text(name), str(len(c)), ", ".join(c))
    console.print(table)
    share = census.balanced_share
    console.print(f"triads: {census.ppp} +++, {census.ppn} ++-, {census.pnn} +--, {census.nnn} ---; "
                  f"balanced share {'n/a' if share is None else f'{share:.3f}'}")
    console.print(f"frustration of the signed-cluster partition: {part:g} of {sg.number_of_edges()} ties "
                  f"(heuristic: Leiden's partition, not proved optimal)")
    console.print(fi.statement() + f"; groups of {len(fi.partition[0])} and {len(fi.partition[1])} states")


@main.command()
@snapshot_options
@network_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many states to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_handle_errors
def brokers(graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
            min_confidence: str, layers: str | None, multilateral: str, top: int, as_json: bool) -> None:
    """Betweenness and brokerage: the states that bridge alliance clusters as of a date.

    A state is flagged "(broker)" when its participation coefficient is above 0.30 (Guimerà and Amaral
    2005: the least participation of connector hubs), i.e. its clustering ties reach other clusters
    substantially, not by one weak tie.
    """
    from .analysis.centrality import BROKER_PARTICIPATION, brokerage

    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    rows = brokerage(g, at).top(top)
    if as_json:
        click.echo(json.dumps(rows.to_dict(), indent=1, ensure_ascii=False))
        return
    table = Table(title=f"Betweenness and brokerage as of {as_of.isoformat()} (betweenness over every allied tie; "
                        f"clusters and participation on {', '.join(rows.layers)}, multilateral {rows.multilateral})",
                  caption=f"(broker): participation above {BROKER_PARTICIPATION:.2f} (Guimerà and Amaral's "
                          "connector hubs)")
    _add_columns(table, (("state", "left"), ("cluster", "left"), ("allies", "right"), ("strength", "right"),
                      ("betweenness", "right"), ("participation", "right"), ("ties into", "left")))
    for r in rows:
        table.add_row(Text(f"{r.name} ({r.state})"), Text(f"{r.cluster_name} ({r.cluster})" if r.cluster else ""),
                      str(r.degree), f"{r.strength:.2f}", f"{r.betweenness:.3f}", f"{r.participation:.2f}",
                      Text(", ".join(r.bridge_names) + (" (broker)" if r.is_broker else "")))
    _console().print(table)


@main.command()
@source_options
@click.option("--from", "start", type=int, required=True, help="First year.")
@click.option("--to", "end", type=int, required=True, help="Last year.")
@click.option("--step", type=click.IntRange(min=1), default=1, show_default=True, help="Years between steps.")
@network_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Directory for timeline.csv, timeline.json, timeline.png and the alluvial chart of the "
                   "blocs (alluvial.html, alluvial.png). Default: out/timeline.")
@signed_options
@click.option("--exact-frustration", is_flag=True, help="Also compute the exact two-group frustration index.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds per year for the exact frustration index.")
@click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported", show_default=True,
              help="Weakest confidence that still counts.")
@click.option("--stability-runs", type=click.IntRange(min=0, max=1000), default=0, show_default=True,
              help="Find each year's signed clusters again with this many other seeds and report the blocs' "
                   "stability (0: off).")
@click.option("--no-plot", is_flag=True, help="Do not draw timeline.png and the alluvial chart.")
@_handle_errors
def timeline(graph_source: GraphSource, start: int, end: int, step: int, layers: str | None,
             multilateral: str, out_dir: Path | None, negative_weight: float,
             resolution: float, seed: int, min_level: int, exact_frustration: bool, time_limit: float,
             min_confidence: str, stability_runs: int, no_plot: bool) -> None:
    """Signed clusters and balance for each year, with blocs tracked across years (splits and merges).

    Each year counts every tie in force at any time in it (dyad-year convention). The years must lie within
    the data: from the year its first tie starts to the year its last ends (or this year). On a terminal a
    progress bar shows the years done (on stderr; nothing when stderr is piped or redirected).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .analysis.timeline import timeline as run_timeline
    from .fileio import check_directory
    from .views.exports import history_years

    if out_dir is None:
        out_dir = Path("out") / "timeline"
    check_directory(out_dir)  # before the years are computed: a bad --out fails at once
    at = _snapshot(min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    g = _graph(graph_source)
    span = history_years(g)
    if span is None:
        _fail("the graph has no dated ties: there is no timeline to compute")
    assert span is not None
    for option, year in (("--from", start), ("--to", end)):
        if not span[0] <= year <= span[1]:
            _fail(f"{option} {year} is outside the data: its ties run from {span[0]} to {span[1]}")
    err = _console(err=True)
    with Progress(TextColumn("timeline"), BarColumn(), MofNCompleteColumn(), TextColumn("years"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("timeline", total=None)
        tl = run_timeline(g, start, end, step=step, resolution=resolution, negative_weight=negative_weight,
                          seed=seed, exact_frustration=exact_frustration, time_limit=time_limit,
                          min_level=min_level, stability_runs=stability_runs, at=at,
                          progress=lambda done, total: bar.update(task, completed=done, total=total))
    table = Table(title=f"Signed blocs and balance, {start}-{end} (layers {', '.join(tl.params['layers'])}; "
                        f"multilateral {multilateral})")
    for col in ("year", "states", "+ties", "-ties", "blocs", "largest", "balanced", "frustration", "events"):
        table.add_column(col)
    for y in tl.years:
        r = y.row()
        share = r["balanced_share"]
        table.add_row(str(y.year), str(y.states), str(y.positive), str(y.negative), str(len(y.blocs)),
                      str(r["largest_bloc"]), "n/a" if share is None else f"{share:.3f}",
                      f"{y.partition_frustration:g}", Text("; ".join(y.events)))
    _console().print(table)
    from .views.timeline import write_timeline

    for p in write_timeline(tl, out_dir, plot=not no_plot):
        click.echo(f"wrote {p}")


# ---------------------------------------------------------------------------- what changed
def _pairs_option(ctx: click.Context, param: click.Parameter, value: str | None) -> list[tuple[str, str]] | None:
    if value is None:
        return None
    out = []
    for item in (x.strip() for x in value.split(",") if x.strip()):
        a, sep, b = item.partition(":")
        if not sep or not a.strip() or not b.strip():
            raise click.BadParameter(f"{item!r}: expected A:B, e.g. RUS:PRK")
        out.append((a.strip(), b.strip()))
    if not out:
        raise click.BadParameter("no pair given")
    return out


def comparison_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of ``diff`` and ``impact``: pairs, how many changes, seed, JSON and HTML output."""
    fn = click.option("--html", "html", type=click.Path(path_type=Path), default=None, metavar="FILE",
                      help="Also write the HTML view of the later snapshot with what changed highlighted.")(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(fn)
    fn = click.option("--seed", type=int, default=42, show_default=True,
                      help="Seed of the clustering and signed clustering on both sides.")(fn)
    fn = click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
                      help="How many of the largest path and betweenness changes to show.")(fn)
    return click.option("--pairs", callback=_pairs_option, metavar="A:B,...",
                        help="Compare these pairs' strongest paths only (e.g. RUS:PRK,CHN:USA). Default: every "
                             "pair of states present on both sides.")(fn)


def _check_html(html: Path | None) -> None:
    """Refuse a bad --html FILE before anything is computed (:func:`alliancegraph.views.html.check_view_path`)."""
    if html is not None:
        from .views.html import check_view_path

        check_view_path(html)


def _print_comparison(c: Any, html: Path | None, as_json: bool) -> None:
    g_after = c.after.graph
    if html is not None:
        from .views.html import write_view

        fact = c.fact
        heading = (f"What changed from {c.labels[0]} to {c.labels[1]}" if c.kind == "diff" else
                   f"Impact of {fact['name']} ({fact['id']}) as of {c.after.as_of.isoformat()}")
        written = write_view(g_after, html, c.after.at, heading=heading, highlight=c.highlight(),
                             cluster_seed=c.after.clusters.seed)
        click.echo(f"wrote {written}", err=as_json)
    if as_json:
        click.echo(json.dumps(c.to_dict(), indent=1, ensure_ascii=False))
        return
    console = _console()
    a, b = c.labels
    name = c.name
    if c.fact is not None:
        f = c.fact
        what = "taken away" if f["mode"] == "remove" else "added"
        console.print(Text(f"Impact as of {c.after.as_of.isoformat()} of the {f['kind']} {f['name']} ({f['id']}), "
                           f"{what}: the snapshot without it against the snapshot with it"))
    for title, ties in ((f"Ties begun ({a} -> {b})", c.ties_begun), (f"Ties ended ({a} -> {b})", c.ties_ended)):
        table = Table(title=f"{title}: {len(ties)}")
        for col in ("dyad", "fact", "kind", "from", "to", "why"):
            table.add_column(col)
        for t in ties:
            table.add_row(Text(f"{name(t['a'])} - {name(t['b'])}"), Text(f"{t['short_name']} ({t['via']})"),
                          t["kind"] if t["sign"] > 0 else "hostility", t["start"] or "", t["end"] or "",
                          Text(t["why"]))
        console.print(table)
    table = Table(title=f"States that moved between clusters: {len(c.moves)}")
    for col in ("state", a, b):
        table.add_column(col)
    for m in c.moves:
        table.add_row(Text(f"{m['name']} ({m['state']})"), Text(m["before"]), Text(m["after"]))
    console.print(table)
    table = Table(title=f"Strongest paths: {c.pairs_changed} of {c.pairs_compared} pairs changed; the largest")
    _add_columns(table, (("pair", "left"), (a, "right"), (b, "right"), ("change", "right"), (f"path {a}", "left"),
                      (f"path {b}", "left")))

    def hops(p: Any) -> Text:
        if p is None:
            return Text("no path")
        return Text("\n".join(f"{name(h.a)} -> {name(h.b)} {h.strength:.3f}: " +
                               "; ".join(f"{t.get('short_name') or t['name']} ({t['kind']}, {t['strength']:.2f})"
                                         for t in h.ties)
                               for h in p.hops))
    for p in c.paths:
        table.add_row(Text(f"{name(p.a)} - {name(p.b)}"), f"{p.before:.3f}", f"{p.after:.3f}", f"{p.change:+.3f}",
                      hops(p.before_path), hops(p.after_path))
    console.print(table)
    console.print(Text(f"brokers gained: {', '.join(f'{name(s)} ({s})' for s in c.brokers_gained) or 'none'}; "
                       f"lost: {', '.join(f'{name(s)} ({s})' for s in c.brokers_lost) or 'none'}"))
    if c.betweenness:
        console.print(Text("largest changes of betweenness: " + ", ".join(
            f"{name(s)} {x:.3f} -> {y:.3f}" for s, x, y in c.betweenness[:5])))
    bal = c.balance
    for label in c.labels:
        v = bal[label]
        t = v["triads"]
        share = t["balanced_share"]
        console.print(Text(f"balance {label}: triads {t['+++']} +++, {t['++-']} ++-, {t['+--']} +--, {t['---']} ---"
                           f" (balanced share {'n/a' if share is None else f'{share:.3f}'}); partition frustration "
                           f"{v['partition_frustration']:g} of {v['signed_ties']} signed ties"))


@main.command("diff")
@source_options
@click.option("--from", "start", required=True, callback=_as_of, metavar="DATE", help="The earlier date.")
@click.option("--to", "end", required=True, callback=_as_of, metavar="DATE", help="The later date.")
@click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported", show_default=True,
              help="Weakest confidence (as of each date) that still counts.")
@click.option("--combine", type=click.Choice(COMBINE_RULES), default="noisy-or", show_default=True,
              help="How several ties between two states combine.")
@click.option("--strength", "strengths", multiple=True, callback=_strength, metavar="KIND=NUMBER",
              help="Override a tie strength, e.g. --strength consultation=0.5 (repeatable).")
@network_options
@comparison_options
@_handle_errors
def diff_command(graph_source: GraphSource, start: _dt.date, end: _dt.date, min_confidence: str, combine: str,
                 strengths: dict[str, float], layers: str | None, multilateral: str,
                 pairs: list[tuple[str, str]] | None, top: int, seed: int, as_json: bool, html: Path | None) -> None:
    """What changed between two dates: ties begun and ended, cluster moves, strongest paths, brokers, balance."""
    from .analysis.change import diff

    if end < start:
        _fail(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    _check_html(html)
    at = _snapshot(start, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    c = diff(g, at, end, pairs=pairs, top=top, seed=seed)
    _print_comparison(c, html, as_json)


@main.command("impact")
@click.argument("fact_id", required=False)
@snapshot_options
@network_options
@click.option("--add", "add", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Instead of taking a fact away, add the hypothetical facts of this YAML file "
                                   "(docs/facts.md; they may cite the base's sources and name its states).")
@comparison_options
@_handle_errors
def impact_command(fact_id: str | None, graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float],
                   combine: str, min_confidence: str, layers: str | None, multilateral: str,
                   add: Path | None, pairs: list[tuple[str, str]] | None, top: int, seed: int, as_json: bool,
                   html: Path | None) -> None:
    """What one fact changes as of a date: the graph without FACT_ID against the graph with it.

    FACT_ID is a treaty, bloc, conflict, support relation or bloc membership (bloc/STATE/from/status).
    With --add FILE instead: the graph against the graph with the file's facts.
    """
    from .analysis.change import impact
    from .facts import read_fact_file

    if (fact_id is None) == (add is None):
        raise click.UsageError("give a FACT_ID or --add FILE (one of them)")
    _check_html(html)
    added = None
    if add is not None:
        added, problems = read_fact_file(add)
        if problems:
            raise FactValidationError(problems)
    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                   multilateral=multilateral)
    g = _graph(graph_source)
    c = impact(g, fact_id, at, add=added, pairs=pairs, top=top, seed=seed)
    _print_comparison(c, html, as_json)


@main.command("allies")
@click.argument("state")
@snapshot_options
@click.option("--min-strength", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Weakest tie (direct allies) or path (others) listed.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(DEFAULT_STRENGTHS)),
              help="Count only ties of this kind (repeatable). Default: every kind.")
@click.option("--depth", type=click.IntRange(min=1, max=20), default=2, show_default=True,
              help="Most hops of a path to a state reached.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@_handle_errors
def allies_command(state: str, graph_source: GraphSource, as_of: _dt.date, strengths: dict[str, float], combine: str,
                   min_confidence: str, min_strength: float, kinds: tuple[str, ...], depth: int, as_json: bool) -> None:
    """A state's direct allies with the facts behind each, and the states it reaches within --depth hops."""
    from .analysis.change import allies

    at = _snapshot(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    g = _graph(graph_source)
    r = allies(g, state, at, min_strength=min_strength, kinds=kinds or None, depth=depth)
    if as_json:
        click.echo(json.dumps(r.to_dict(), indent=1, ensure_ascii=False))
        return
    console = _console()
    on = f"; kinds {', '.join(r.kinds)}" if r.kinds else ""
    table = Table(title=f"Allies of {r.name} ({r.state}) as of {as_of.isoformat()}: {len(r.direct)} direct"
                        f" (strength >= {min_strength:g}{on})")
    _add_columns(table, (("ally", "left"), ("strength", "right"), ("facts", "left")))
    for a in r.direct:
        table.add_row(Text(f"{a.name} ({a.state})"), f"{a.strength:.3f}",
                      Text("; ".join(f"{t['name']} ({t['kind']}, {t['strength']:.2f})" for t in a.ties)))
    console.print(table)
    table = Table(title=f"Reached within {depth} hops: {len(r.reached)} more states")
    _add_columns(table, (("state", "left"), ("strength", "right"), ("hops", "right"), ("path", "left")))
    for a in r.reached:
        table.add_row(Text(f"{a.name} ({a.state})"), f"{a.strength:.3f}", str(a.hops),
                      Text(" -> ".join(g.state_name(s, as_of) for s in a.path)))
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


# ---------------------------------------------------------------------------- panels
def panel_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options every panel command shares: the years, the network clustered, the seed, the confidence."""
    fn = click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported",
                      show_default=True, help="Weakest confidence (as of the year's last day) that still counts.")(fn)
    fn = click.option("--seed", type=int, default=42, show_default=True,
                      help="Random seed of Louvain (clusters) and Leiden (signed blocs).")(fn)
    fn = network_options(fn)
    fn = click.option("--to", "last", type=int, required=True, metavar="YEAR", help="Last year (inclusive).")(fn)
    fn = click.option("--from", "first", type=int, required=True, metavar="YEAR", help="First year.")(fn)
    return source_options(fn)


def _write_panel(df: Any, output: Path) -> None:
    from .analysis.panels import write_panel

    write_panel(df, output)
    click.echo(f"wrote {len(df):,} rows x {len(df.columns)} columns to {output}", err=True)


@main.command("dyadyears")
@panel_options
@click.option("--directed", is_flag=True, help="Both directions of every dyad (default: ccode1 < ccode2 only).")
@click.option("--no-network", is_flag=True, help="Leave out the network covariates (clusters, blocs, paths, "
                                                  "similarity): alliances and conflicts only.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=None, metavar="N",
              help="Processes that compute the years (default: the cores available, at most 4); the panel is "
                   "the same for any number.")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="Output file: .parquet (Parquet) or .csv (CSV, missing values empty).")
@_handle_errors
def dyadyears_cmd(graph_source: GraphSource, first: int, last: int, layers: str | None, multilateral: str,
                  seed: int, min_confidence: str, directed: bool, no_network: bool, workers: int | None,
                  output: Path) -> None:
    """Write the dyad-year panel: every dyad of states in the state system in each year, with alliance,
    conflict and network columns (docs/panels.md)."""
    from .analysis.panels import check_output, check_years, dyad_years

    check_years(first, last)
    check_output(output)
    at = _snapshot(min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    graph = _graph(graph_source)
    if workers is None:
        import os

        workers = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    df = dyad_years(graph, first, last, directed=directed, network=not no_network, seed=seed, workers=workers,
                    at=at)
    _write_panel(df, output)


@main.command("stateyears")
@panel_options
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="Output file: .parquet (Parquet) or .csv (CSV, missing values empty).")
@_handle_errors
def stateyears_cmd(graph_source: GraphSource, first: int, last: int, layers: str | None, multilateral: str,
                   seed: int, min_confidence: str, output: Path) -> None:
    """Write the state-year panel: every state in the state system in each year, with its degree, strength,
    betweenness, brokerage, cluster and bloc (docs/panels.md)."""
    from .analysis.panels import check_output, state_years

    check_output(output)
    at = _snapshot(min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    graph = _graph(graph_source)
    _write_panel(state_years(graph, first, last, seed=seed,
                             at=at),
                 output)


@main.command("system")
@panel_options
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Output file (.parquet or .csv). Default: CSV on stdout.")
@_handle_errors
def system_cmd(graph_source: GraphSource, first: int, last: int, layers: str | None, multilateral: str,
               seed: int, min_confidence: str, output: Path | None) -> None:
    """The system series, one row per year: states, dyads, allied density, clusters, modularity, blocs,
    polarization, frustration (docs/panels.md)."""
    from .analysis.panels import check_output, check_years, system_years

    check_years(first, last)
    if output is not None:
        check_output(output)
    at = _snapshot(min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    graph = _graph(graph_source)
    df = system_years(graph, first, last, seed=seed,
                      at=at)
    if output is None:
        click.echo(df.to_csv(index=False), nl=False)
    else:
        _write_panel(df, output)
