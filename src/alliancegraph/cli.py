"""The ``alliancegraph`` command line: a thin click layer over the library.

Every command is one library call plus formatting. Errors from the library become one clear line on
stderr and a non-zero exit (1 for bad input or data, 2 for usage), never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .analysis import NoPathError, alliance_clusters, influence_paths
from .analysis.clusters import METHODS
from .dates import DateError, parse_as_of
from .facts import FactValidationError
from .graph import COMBINE_RULES, DEFAULT_STRENGTHS, AllianceGraph, UnknownStateError
from .model import Confidence
from .workspace import check_sources, default_facts_dir, open_graph

_EXPECTED = (FactValidationError, UnknownStateError, NoPathError, DateError, ValueError, FileNotFoundError,
             OSError, LookupError)


def _console(err: bool = False) -> Console:
    # markup off: fact text such as "[draft text]" is printed as it is, never read as rich markup
    return Console(stderr=err, highlight=False, soft_wrap=True, markup=False)


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's expected exceptions into one line and exit code 1."""

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
        except _EXPECTED as e:
            _fail(str(e))

    return wrapper


# ---------------------------------------------------------------------------- shared options
def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date:
    try:
        return parse_as_of(value)
    except DateError as e:
        raise click.BadParameter(str(e)) from None


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


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"alliancegraph.{param.name}"] = value
    return value


def neo4j_options(fn: Callable[..., Any], expose: bool = True) -> Callable[..., Any]:
    """``--uri``, ``--user``, ``--password``, ``--database``: the Neo4j connection, defaulting to NEO4J_URI,
    NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE. With ``expose=False`` the values go to ``ctx.meta``
    (read by :func:`_graph`) instead of the command's parameters."""
    kw: dict[str, Any] = {} if expose else {"expose_value": False, "callback": _remember}
    fn = click.option("--database", envvar="NEO4J_DATABASE", default=None, metavar="NAME",
                      help="Neo4j database (env NEO4J_DATABASE). Default: the server's default database.", **kw)(fn)
    fn = click.option("--password", envvar="NEO4J_PASSWORD", default=None, metavar="TEXT",
                      help="Neo4j password (env NEO4J_PASSWORD; never printed). Default: no authentication.",
                      **kw)(fn)
    fn = click.option("--user", envvar="NEO4J_USERNAME", default=None, metavar="NAME",
                      help="Neo4j user (env NEO4J_USERNAME). Default: neo4j.", **kw)(fn)
    return click.option("--uri", envvar="NEO4J_URI", default=None, metavar="URI",
                        help="Neo4j Bolt URI (env NEO4J_URI). Default: bolt://127.0.0.1:7687.", **kw)(fn)


def source_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--facts`` (repeatable), or ``--neo4j`` with the connection options: where the graph comes from."""
    fn = neo4j_options(fn, expose=False)
    fn = click.option("--load-set", default=None, metavar="NAME", expose_value=False, callback=_remember,
                      help="With --neo4j: read only the facts of this load set. Default: the whole database.")(fn)
    fn = click.option("--neo4j", is_flag=True, expose_value=False, callback=_remember,
                      help="Read the graph from Neo4j (see --uri, --user, --password, --database) instead of "
                           "fact files.")(fn)
    fn = dataset_options(fn)
    return click.option("--facts", "-f", "facts", multiple=True, type=click.Path(path_type=Path),
                        help="Fact directory, dataset file (COW, ATOP, MID, IGO: recognised by its header) or "
                             "directory of dataset files to read (repeatable). Default: the embedded seed/.")(fn)


def dataset_options(fn: Callable[..., Any], expose: bool = False) -> Callable[..., Any]:
    """``--dataset FORMAT FILE`` (repeatable) and ``--skip-bad-rows``. With ``expose=False`` the values go to
    ``ctx.meta`` (read by :func:`_graph`) instead of the command's parameters."""
    from .importers import FORMATS

    kw: dict[str, Any] = {} if expose else {"expose_value": False, "callback": _remember}
    fn = click.option("--skip-bad-rows", is_flag=True,
                      help="Skip malformed dataset rows and report them all, instead of stopping at the first "
                           "(which names file, line and column).", **kw)(fn)
    return click.option("--dataset", "dataset", nargs=2, multiple=True, metavar="FORMAT FILE",
                        type=(click.Choice(list(FORMATS)), click.Path(exists=True, dir_okay=False, path_type=Path)),
                        help="Read FILE as dataset FORMAT whatever its header says (repeatable), e.g. "
                             "--dataset cow-mida disputes.csv.", **kw)(fn)


def _report_skipped(skipped: list[Any]) -> None:
    for p in skipped:
        click.echo(f"skipped: {p}", err=True)
    if skipped:
        click.echo(f"skipped {len(skipped)} malformed dataset row(s)", err=True)


def snapshot_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options that define a snapshot: as-of date, strengths, combination rule, confidence floor."""
    fn = click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported",
                      show_default=True, help="Weakest confidence (as of the date) that still counts.")(fn)
    fn = click.option("--combine", type=click.Choice(COMBINE_RULES), default="noisy-or", show_default=True,
                      help="How several ties between two states combine.")(fn)
    fn = click.option("--strength", "strengths", multiple=True, callback=_strength, metavar="KIND=NUMBER",
                      help="Override a tie strength, e.g. --strength consultation=0.5 (repeatable).")(fn)
    fn = click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
                      help="Snapshot date YYYY[-MM[-DD]] (a year or month means its last day). Default: today.")(fn)
    return source_options(fn)


def _layers(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
    from .graph import check_layers

    if value is None:
        return None
    try:
        return check_layers(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def network_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose the network clustered: layers (tie kinds) and the multilateral rule."""
    from .graph import DEFAULT_LAYERS, DEFAULT_MULTILATERAL, MULTILATERAL_RULES

    fn = click.option("--multilateral", type=click.Choice(MULTILATERAL_RULES), default=DEFAULT_MULTILATERAL,
                      show_default=True,
                      help="How a treaty, bloc or dispute of n states weighs each of its dyads: newman 1/(n-1), "
                           "sqrt 1/sqrt(n-1), full 1 (docs/analysis.md).")(fn)
    return click.option("--layers", callback=_layers, metavar="KIND,...",
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


def _neo4j_settings(values: dict[str, Any]) -> Any:
    from .neo4j_store import Neo4jSettings

    return Neo4jSettings.from_env(env={}, uri=values.get("uri"), user=values.get("user"),
                                  password=values.get("password"), database=values.get("database"))


def _graph(facts: tuple[Path, ...]) -> AllianceGraph:
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    datasets = tuple(meta.get("alliancegraph.dataset") or ())
    if meta.get("alliancegraph.neo4j"):
        if facts or datasets:
            _fail("--facts and --neo4j exclude each other: the graph comes from one place")
        from .neo4j_store import Neo4jStoreError, read_graph

        values = {k.split(".", 1)[1]: v for k, v in meta.items() if k.startswith("alliancegraph.")}
        try:
            return read_graph(_neo4j_settings(values), load_set=values.get("load_set"))
        except Neo4jStoreError as e:
            _fail(str(e))
    skipped: list[Any] = []
    graph = open_graph(list(facts) or None, datasets=datasets, skip_bad_rows=bool(meta.get("alliancegraph.skip_bad_rows")),
                       skipped=skipped)
    _report_skipped(skipped)
    return graph


def _dataset_formats() -> list[str]:
    from .importers import FORMATS

    return list(FORMATS)


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
@click.option("--dataset", "dataset", nargs=2, multiple=True, metavar="FORMAT FILE",
              type=(click.Choice(list(_dataset_formats())), click.Path(exists=True, dir_okay=False, path_type=Path)),
              help="Also check FILE as dataset FORMAT whatever its header says (repeatable).")
@_handle_errors
def validate(paths: tuple[Path, ...], as_json: bool, dataset: tuple[tuple[str, Path], ...] = ()) -> None:
    """Check fact directories and dataset files (default: the embedded seed/); report every problem at once.

    Each problem names the file, line and fact id (for a dataset row: file, line and column). Exits 1 if
    there is any problem.
    """
    targets = list(paths) or ([] if dataset else [default_facts_dir()])
    facts, problems = check_sources(targets, datasets=dataset)
    if as_json:
        click.echo(json.dumps({"problems": [p.__dict__ for p in problems], "counts": facts.counts()}, indent=1))
    else:
        for p in problems:
            click.echo(str(p))
    if problems:
        _fail(f"{len(problems)} problem(s) in {', '.join(map(str, targets))}")
    if not as_json:
        counts = ", ".join(f"{n} {k}" for k, n in facts.counts().items())
        click.echo(f"ok: {counts}")


@main.command()
@snapshot_options
@network_options
@click.option("--method", type=click.Choice(METHODS), default="louvain", show_default=True,
              help="Community detection method.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed of the method.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True, max=1e6), default=1.0, show_default=True,
              help="Modularity resolution (above 0; 1 is Newman's modularity).")
@click.option("--null-runs", type=click.IntRange(min=0, max=1000), default=20, show_default=True,
              help="Degree-preserving rewirings for the null model (0: none, else at least 2).")
@click.option("--stability-runs", type=click.IntRange(min=0, max=1000), default=20, show_default=True,
              help="Runs with other seeds for the stability (0: none).")
@click.option("--explain", "explain", metavar="STATE", default=None,
              help="Say why STATE is in its cluster: its weight to it against the next best, and the ties behind both.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_handle_errors
def clusters(facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float], combine: str,
             min_confidence: str, layers: frozenset[str] | None, multilateral: str, method: str, seed: int,
             resolution: float, null_runs: int, stability_runs: int, explain: str | None, as_json: bool) -> None:
    """Alliance clusters as of a date, named, with modularity against a null model and their stability."""
    if null_runs == 1:
        raise click.BadParameter("0 (no null model) or at least 2", param_hint="--null-runs")
    g = _graph(facts)
    state = g.resolve_state(explain) if explain is not None else None
    res = alliance_clusters(g, as_of, method=method, seed=seed, resolution=resolution, strengths=strengths,
                            combine=combine, min_confidence=min_confidence, layers=layers,
                            multilateral=multilateral, null_runs=null_runs, stability_runs=stability_runs)
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
            for col, just in (("partner", "left"), ("via", "left"), ("kind", "left"), ("parties", "right"),
                              ("weight", "right")):
                table.add_column(col, justify=just)  # type: ignore[arg-type]
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
    for c in res.clusters:
        table.add_row(c.label, Text(c.name), str(c.size), Text(res.projection.nodes[c.anchor]["name"]),
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
def path(source: str, target: str, facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float],
         combine: str, min_confidence: str, k: int, as_json: bool, html: Path | None) -> None:
    """The shortest path of influence from SOURCE to TARGET as of a date.

    Path strength is the product of hop strengths (cost -ln strength); each hop names the treaties, blocs
    and support relations behind it.
    """
    g = _graph(facts)
    paths = influence_paths(g, source, target, as_of, k=k, strengths=strengths, combine=combine,
                            min_confidence=min_confidence)
    if html is not None:
        from .views.html import write_view

        written = write_view(g, html, as_of, paths=paths, strengths=strengths, combine=combine,
                             min_confidence=min_confidence)
        click.echo(f"wrote {written}", err=as_json)
    if as_json:
        click.echo(json.dumps({"as_of": as_of.isoformat(), "paths": [p.to_dict(g) for p in paths]}, indent=1,
                              ensure_ascii=False))
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
def view(facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float], combine: str,
         min_confidence: str, layers: frozenset[str] | None, multilateral: str, output: Path | None, no_hostile: bool, all_states: bool, size_by: str,
         ego: str | None, depth: int, from_year: int | None, to_year: int | None, step: int, layout: str,
         seed: int, physics: bool | None, blocs: bool) -> None:
    """Write the HTML network view as of a date, or over years (self-contained, opens offline).

    One date (--as-of), an ego view of one state (--ego STATE --depth K), or a time control over years
    (--from YEAR --to YEAR [--step N]), or the blocs of one date (--blocs).
    """
    from .views.html import build_bloc_view, build_view, render_view, timeline_dates

    if (from_year is None) != (to_year is None):
        raise click.UsageError("--from and --to go together")
    if blocs and (from_year is not None or ego is not None):
        raise click.UsageError("--blocs shows one date: it does not go with --from/--to or --ego")
    g = _graph(facts)
    dates: Any = timeline_dates(from_year, to_year, step) if from_year is not None and to_year is not None else as_of
    if output is None:
        name = f"{from_year}-{to_year}" if from_year is not None else as_of.isoformat() + ("-blocs" if blocs else "")
        output = Path("out") / f"alliances-{name}.html"
    if blocs:
        data = build_bloc_view(g, as_of, hostile=not no_hostile, strengths=strengths, combine=combine,
                               min_confidence=min_confidence, layout=layout, seed=seed, layers=layers,
                               multilateral=multilateral)
    else:
        data = build_view(g, dates, size_by=size_by, ego=ego, depth=depth, hostile=not no_hostile,
                          strengths=strengths, combine=combine, min_confidence=min_confidence,
                          only_linked=not all_states, layout=layout, seed=seed, physics=physics, layers=layers,
                          multilateral=multilateral)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_view(data), encoding="utf-8")
    click.echo(f"wrote {output}")


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
@_handle_errors
def export(facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float], combine: str,
           min_confidence: str, layers: frozenset[str] | None, multilateral: str, fmt: str, output: Path, shape: str | None, property_graph: bool,
           size_by: str | None, label_by: str | None) -> None:
    """Export the signed network as of a date, the tie history, or the whole property graph.

    GraphML, GEXF (dynamic: Gephi's timeline plays the history), JSON node-link, Cytoscape.js JSON, CSV
    files for neo4j-admin import, a Cypher script, or a PNG/SVG image.
    """
    from .views.exports import export as export_to

    if property_graph:
        if shape not in (None, "property-graph"):
            raise click.UsageError("--property-graph contradicts --shape")
        shape = "property-graph"
    options = {k: v for k, v in (("size_by", size_by), ("label_by", label_by)) if v is not None}
    g = _graph(facts)
    r = export_to(g, output, fmt, shape=shape, as_of=as_of, strengths=strengths, combine=combine,
                  min_confidence=min_confidence, layers=layers, multilateral=multilateral, **options)
    files = f", {len(r.paths)} files" if len(r.paths) > 1 else ""
    click.echo(f"wrote {output} ({r.shape}: {r.nodes} nodes, {r.edges} edges{files})")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@neo4j_options
@click.option("--load-set", default=None, metavar="NAME",
              help="Name of the load set (the facts this load owns). Default: the source directory names "
                   "joined by '+', e.g. 'seed'.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per write transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@dataset_options
@_handle_errors
def load(sources: tuple[Path, ...], uri: str | None, user: str | None, password: str | None,
         database: str | None, load_set: str | None, batch_size: int, as_json: bool) -> None:
    """Load fact directories (default: the embedded seed/) into Neo4j, with the derived ties.

    Everything is validated before anything is written. Loading the same facts again changes nothing;
    loading an edited fact set under the same load set updates it (facts removed from the files disappear)
    and leaves other load sets untouched. A load that fails half way is marked incomplete and repaired by
    the next load.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .neo4j_store import LoadFailedError, Neo4jStore, Neo4jStoreError

    meta = click.get_current_context().meta
    datasets = tuple(meta.get("alliancegraph.dataset") or ())
    targets = list(sources) or ([] if datasets else [default_facts_dir()])
    name = load_set or "+".join([Path(t).resolve().name for t in targets] + [Path(f).name for _, f in datasets])
    skipped: list[Any] = []
    # validates every source before anything is written
    graph = open_graph(targets, datasets=datasets, skip_bad_rows=bool(meta.get("alliancegraph.skip_bad_rows")),
                       skipped=skipped)
    _report_skipped(skipped)
    settings = _neo4j_settings({"uri": uri, "user": user, "password": password, "database": database})
    err = _console(err=True)
    try:
        with Neo4jStore(settings) as store, Progress(
                TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"), TimeElapsedColumn(),
                console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("load", total=None)
            report = store.load(graph, name, sources=[str(t) for t in targets], batch_size=batch_size,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    except LoadFailedError as e:
        _fail(str(e))
    except Neo4jStoreError as e:
        _fail(f"{e}; nothing was written")
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
        return
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
def balance(facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float], combine: str,
            min_confidence: str, layers: frozenset[str] | None, multilateral: str, negative_weight: float, resolution: float, seed: int, min_level: int,
            time_limit: float, until: _dt.date | None, as_json: bool) -> None:
    """Signed clusters and structural balance as of a date.

    Prints the signed clusters (allies together, enemies apart; Traag and Bruggeman 2009), the signed
    triad census, the frustration of that partition, and the two-group frustration index (Aref and
    Wilson 2019), saying whether it is exact or a bound.
    """
    from .analysis.balance import frustration, frustration_index, triad_census
    from .analysis.signed import signed_clusters, signed_graph

    g = _graph(facts)
    if until is not None and until < as_of:
        _fail(f"--until {until.isoformat()} is before --as-of {as_of.isoformat()}")
    sg = signed_graph(g, as_of, until=until, strengths=strengths, combine=combine, min_confidence=min_confidence,
                      min_level=min_level, layers=layers, multilateral=multilateral)
    sc = signed_clusters(sg, resolution=resolution, negative_weight=negative_weight, seed=seed)
    census = triad_census(sg)
    part = frustration(sg, sc.clusters)
    fi = frustration_index(sg, time_limit=time_limit)
    if as_json:
        click.echo(json.dumps({
            "as_of": as_of.isoformat(), "until": until.isoformat() if until else None,
            "layers": list(sg.graph["layers"]), "multilateral": multilateral,
            "clusters": [list(c) for c in sc.clusters], "names": list(sc.names), "quality": sc.quality,
            "triads": census.to_dict(), "partition_frustration": part,
            "frustration_index": {"value": fi.value, "lower_bound": fi.lower_bound, "exact": fi.exact,
                                  "normalized": fi.normalized, "partition": [list(p) for p in fi.partition],
                                  "method": fi.method}}, indent=1))
        return
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
def brokers(facts: tuple[Path, ...], as_of: _dt.date, strengths: dict[str, float], combine: str,
            min_confidence: str, layers: frozenset[str] | None, multilateral: str, top: int, as_json: bool) -> None:
    """Betweenness and brokerage: the states that bridge alliance clusters as of a date."""
    from .analysis.centrality import brokerage

    g = _graph(facts)
    from .graph import check_layers

    rows = brokerage(g, as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
                     multilateral=multilateral)[:top]
    used = sorted(check_layers(layers))
    if as_json:
        click.echo(json.dumps({"as_of": as_of.isoformat(), "layers": used, "multilateral": multilateral,
                               "states": [r.to_dict() for r in rows]}, indent=1, ensure_ascii=False))
        return
    table = Table(title=f"Betweenness and brokerage as of {as_of.isoformat()} (betweenness over every allied tie; "
                        f"clusters and participation on {', '.join(used)}, multilateral {multilateral})")
    for col, just in (("state", "left"), ("cluster", "left"), ("allies", "right"), ("strength", "right"),
                      ("betweenness", "right"), ("participation", "right"), ("ties into", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
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
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out/timeline"), show_default=True,
              help="Directory for timeline.csv, timeline.json, timeline.png and the alluvial chart of the "
                   "blocs (alluvial.html, alluvial.png).")
@signed_options
@click.option("--exact-frustration", is_flag=True, help="Also compute the exact two-group frustration index.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds per year for the exact frustration index.")
@click.option("--min-confidence", type=click.Choice(Confidence.values()), default="reported", show_default=True,
              help="Weakest confidence that still counts.")
@click.option("--no-plot", is_flag=True, help="Do not draw timeline.png and the alluvial chart.")
@_handle_errors
def timeline(facts: tuple[Path, ...], start: int, end: int, step: int, layers: frozenset[str] | None,
             multilateral: str, out_dir: Path, negative_weight: float,
             resolution: float, seed: int, min_level: int, exact_frustration: bool, time_limit: float,
             min_confidence: str, no_plot: bool) -> None:
    """Signed clusters and balance for each year, with blocs tracked across years (splits and merges).

    Each year counts every tie in force at any time in it (dyad-year convention).
    """
    from .analysis.timeline import timeline as run_timeline

    g = _graph(facts)
    tl = run_timeline(g, start, end, step=step, resolution=resolution, negative_weight=negative_weight, seed=seed,
                      exact_frustration=exact_frustration, time_limit=time_limit, min_level=min_level,
                      min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    table = Table(title=f"Signed blocs and balance, {start}-{end} (layers {', '.join(tl.params['layers'])}; "
                        f"multilateral {multilateral})")
    for col in ("year", "states", "+ties", "-ties", "blocs", "largest", "balanced", "frustration", "events"):
        table.add_column(col)
    for y in tl.years:
        r = y.row()
        share = r["balanced_share"]
        table.add_row(str(y.year), str(y.states), str(y.positive), str(y.negative), str(len(y.blocs)),
                      str(r["largest_bloc"]), "n/a" if share is None else f"{share:.3f}",
                      f"{y.partition_frustration:g}", "; ".join(y.events)[:80])
    _console().print(table)
    for p in tl.write(out_dir, plot=not no_plot):
        click.echo(f"wrote {p}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
