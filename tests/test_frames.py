"""Results as DataFrames (alliancegraph.frames): each to_pandas table holds the result's own values, with
plain dtypes (no PartialDate, enum or tuple in any cell, no object column), and the hand-checked seed facts."""

from __future__ import annotations

import datetime as dt
import json
import math
from enum import Enum

import pandas as pd
import pytest

from alliancegraph import open_graph
from alliancegraph.analysis import alliance_clusters, influence_paths
from alliancegraph.analysis.centrality import brokerage
from alliancegraph.analysis.clusters import CLUSTER_COLUMNS
from alliancegraph.analysis.signed import signed_clusters, signed_graph
from alliancegraph.analysis.timeline import timeline
from alliancegraph.dates import PartialDate
from alliancegraph.frames import KINDS, columns, frame, plain
from alliancegraph.graph import TIE_COLUMNS
from alliancegraph.graph.projections import DYAD_COLUMNS

DAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def g():
    return open_graph()


def _plain_cells(df: pd.DataFrame) -> None:
    """No object column; every text cell a str or missing, never a PartialDate, an enum or a tuple."""
    assert not [c for c in df.columns if df[c].dtype == object]
    for c in df.columns:
        if isinstance(df[c].dtype, pd.StringDtype):
            for v in df[c]:
                assert v is pd.NA or (type(v) is str and not isinstance(v, Enum)), (c, v)


def _dtypes(df: pd.DataFrame, schema) -> None:
    """The dtypes the schema documents (frames.KINDS; a date column adds two datetime64[s])."""
    want = []
    for name, kind in schema:
        want.append(KINDS[kind])
        if kind == "date":
            want += ["datetime64[s]", "datetime64[s]"]
    assert list(df.columns) == columns(schema)
    assert [str(t) for t in df.dtypes] == want


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT


def _same(cell, value) -> bool:
    return _missing(value) and _missing(cell) or cell == value


# ---------------------------------------------------------------------------- frames itself
def test_frame_kinds_and_empty_table():
    rows = [{"d": PartialDate(1949), "ids": ["a", "b"], "n": None, "flag": None, "day": dt.date(1648, 10, 24)},
            {"d": None, "ids": [], "n": 3, "flag": True, "day": None}]
    schema = [("d", "date"), ("ids", "ids"), ("n", "Int"), ("flag", "boolean"), ("day", "day")]
    df = frame(rows, schema)
    _dtypes(df, schema)
    assert df.d.tolist() == ["1949", pd.NA]
    assert df.d_first[0] == pd.Timestamp("1949-01-01") and df.d_last[0] == pd.Timestamp("1949-12-31")
    assert df.d_first.isna()[1] and df.d_last.isna()[1]
    assert df.ids.tolist() == ["a;b", ""]
    assert df.n.isna()[0] and df.n[1] == 3 and df.flag.isna()[0] and bool(df.flag[1])
    assert df.day[0] == pd.Timestamp("1648-10-24")  # before the nanosecond range: the seconds unit holds it
    empty = frame([], schema)
    assert len(empty) == 0
    _dtypes(empty, schema)


def test_plain_is_json():
    from alliancegraph.model import Confidence

    v = plain({"s": {"b", "a"}, "d": dt.date(2025, 1, 1), "c": [Confidence.DENIED, PartialDate(2024, 10)]})
    assert v == {"s": ["a", "b"], "d": "2025-01-01", "c": ["denied", "2024-10"]}
    json.dumps(v)


# ---------------------------------------------------------------------------- ties
def test_ties_frame_is_the_ties(g):
    ties = g.ties_as_of(DAY)
    assert isinstance(ties, list) and list(ties) == [t for t in g.ties() if t in ties]
    df = ties.to_pandas()
    _dtypes(df, TIE_COLUMNS)
    _plain_cells(df)
    assert len(df) == len(ties)
    for t, row in zip(ties, df.itertuples(index=False)):
        assert (row.a, row.b, row.sign, row.kind, row.via, row.via_label) == (t.a, t.b, t.sign, t.kind, t.via, t.via_label)
        for what, value in (("start", t.start), ("end", t.end)):
            if value is None:
                assert _missing(getattr(row, what)) and _missing(getattr(row, f"{what}_first"))
            else:
                assert getattr(row, what) == value.iso()
                assert getattr(row, f"{what}_first").date() == value.first_day()
                assert getattr(row, f"{what}_last").date() == value.last_day()
        assert _same(row.level, t.level)
        assert row.confidence == t.confidence_as_of(DAY).value
    # every tie over time, too (confidence: the latest assessment)
    every = g.ties()
    assert len(every.to_pandas()) == len(every) and every.as_of is None


def test_tie_rows_checked_by_hand_against_the_seed(g):
    df = g.ties_as_of(DAY).to_pandas()
    # seed/treaties.yaml rus-prk-2024: in force 2024-12-04, no end, defense (Art. 4) and consultation
    # (Art. 3): the strongest obligation is the kind; no confidence history: confirmed
    treaty = df[df.via == "rus-prk-2024"]
    assert len(treaty) == 1
    r = treaty.iloc[0]
    assert (r.a, r.b, r.sign, r.kind, r.via_label) == ("PRK", "RUS", 1, "defense", "Treaty")
    assert (r.start, r.start_first, r.start_last) == ("2024-12-04", pd.Timestamp("2024-12-04"), pd.Timestamp("2024-12-04"))
    assert r.end is pd.NA and r.end_last is pd.NaT and r.level is pd.NA and r.confidence == "confirmed"
    # seed/supports.yaml prk-rus-troops-2024: start 2024-10 (a month), reported on 2024-10-23 and
    # confirmed only on 2025-04-26: on 2025-01-01 it is reported
    troops = df[df.via == "prk-rus-troops-2024"].iloc[0]
    assert (troops.kind, troops.start, troops.confidence) == ("support", "2024-10", "reported")
    assert (troops.start_first, troops.start_last) == (pd.Timestamp("2024-10-01"), pd.Timestamp("2024-10-31"))
    d = g.ties_as_of(DAY).to_dict()
    assert d["as_of"] == "2025-01-01"
    assert {"a": "PRK", "b": "RUS", "via": "rus-prk-2024", "start": "2024-12-04", "end": None,
            "confidence": "confirmed"}.items() <= next(t for t in d["ties"] if t["via"] == "rus-prk-2024").items()
    json.dumps(d)


def test_ties_of_an_edited_graph_serialise_too(g):
    ties = g.without(["rus-prk-2024"]).ties_as_of(DAY)
    assert "rus-prk-2024" not in set(ties.to_pandas().via)


# ---------------------------------------------------------------------------- dyads
def test_dyads_frame(g):
    dv = g.dyads(DAY)
    df = dv.to_pandas()
    _dtypes(df, DYAD_COLUMNS)
    _plain_cells(df)
    keys = sorted(set(dv.strength) | set(dv.level))
    assert list(zip(df.a, df.b)) == keys and all(a < b for a, b in keys)
    for row in df.itertuples(index=False):
        k = (row.a, row.b)
        assert _same(row.strength, dv.strength.get(k)) and _same(row.weight, dv.weight.get(k))
        assert _same(row.level, dv.level.get(k)) and _same(row.hostile_weight, dv.hostile_weight.get(k))
        assert _same(row.facts, ";".join(sorted(dv.facts[k])) if k in dv.facts else None)
    # by hand: RUS-PRK on 2025-01-01 is the 2024 treaty (defense 0.9) and two support relations (0.3 each),
    # combined by noisy-OR
    prk = df[(df.a == "PRK") & (df.b == "RUS")].iloc[0]
    assert prk.strength == pytest.approx(1 - (1 - 0.9) * (1 - 0.3) * (1 - 0.3))
    assert set(prk.facts.split(";")) == {"rus-prk-2024", "prk-rus-arms-2023", "prk-rus-troops-2024"}
    json.dumps(dv.to_dict())


# ---------------------------------------------------------------------------- clusters
def test_cluster_frame(g):
    res = alliance_clusters(g, DAY, stability_runs=3)
    df = res.to_pandas(g)
    _plain_cells(df)
    assert [str(t) for t in df.dtypes] == ["string", "string", "Int64", "string", "string", "string", "string",
                                          "string", "Int64", "float64", "float64", "boolean"]
    assert sorted(df.state) == sorted(res.projection.nodes)
    assert df.state.is_unique
    for row in df.itertuples(index=False):
        c = res.cluster_of(row.state)
        assert row.name == res.projection.nodes[row.state]["name"]
        assert _same(row.ccode, g.state_codes(row.state, DAY)[0])
        if c is None:
            assert row.state in res.unaligned and row.cluster is pd.NA and row.anchor is pd.NA
            assert row.anchor_name is pd.NA
        else:
            assert (row.cluster, row.cluster_name, row.anchor, row.size, row.share) == (c.label, c.name, c.anchor, c.size, c.share)
            assert row.anchor_name == res.projection.nodes[c.anchor]["name"]
            assert _same(row.defined_by, c.defined_by)
        assert _same(row.stability, res.stability.states.get(row.state))
        assert bool(row.unstable) == (row.state in res.stability.unstable)
    # by hand (COW codes): Germany 255, France 220 in the NATO cluster; the United States (2) anchors its own
    nato = df[df.cluster_name == "NATO"]
    assert {"DEU", "FRA", "GBR"} <= set(nato.state)
    assert df.set_index("state").loc["DEU", "ccode"] == 255 and df.set_index("state").loc["USA", "ccode"] == 2
    assert alliance_clusters(g, DAY).to_pandas().ccode.isna().all()  # no graph, no codes


def test_signed_cluster_frame(g):
    sg = signed_graph(g, DAY)
    sc = signed_clusters(sg)
    df = sc.to_pandas(g)
    _plain_cells(df)
    # one format with the alliance clusters' table: the same columns and dtypes
    _dtypes(df, CLUSTER_COLUMNS)
    assert list(df.columns) == list(alliance_clusters(g, DAY).to_pandas(g).columns)
    assert sorted(df.state) == sorted(sg.nodes) and df.state.is_unique
    # the blocs are the clusters of two or more states, B1 the largest; a state alone is in none
    multi = [i for i, c in enumerate(sc.clusters) if len(c) >= 2]
    label = {m: f"B{rank}" for rank, i in enumerate(multi, start=1) for m in sc.clusters[i]}
    assert {s: (None if c is pd.NA else c) for s, c in zip(df.state, df.cluster)} == {s: label.get(s) for s in sg.nodes}
    for row in df.itertuples(index=False):
        i = sc.membership()[row.state]
        assert row.name == sg.nodes[row.state]["name"]
        assert _same(row.ccode, g.state_codes(row.state, DAY)[0])
        assert row.stability is not pd.NA and math.isnan(row.stability) and row.unstable is pd.NA
        if len(sc.clusters[i]) < 2:
            assert all(getattr(row, c) is pd.NA for c in ("cluster", "cluster_name", "defined_by", "anchor", "anchor_name", "size"))
            continue
        assert (row.cluster_name, row.anchor, row.size) == (sc.names[i], sc.anchors[i], len(sc.clusters[i]))
        assert row.anchor_name == sg.nodes[sc.anchors[i]]["name"]
        assert _same(row.defined_by, sc.defined_by[i])
        assert 0.5 < row.share <= 1 if sc.defined_by[i] else row.share == 0
    # by hand: NATO is the largest bloc of 2025, anchored by a member; Ukraine (hostile ties only) is alone
    nato = df[df.cluster == "B1"]
    assert set(nato.cluster_name) == {"NATO"} and {"DEU", "FRA", "POL"} <= set(nato.state)
    assert df.set_index("state").loc["UKR", "cluster"] is pd.NA
    assert signed_clusters(sg).to_pandas().ccode.isna().all()  # no graph, no codes


# ---------------------------------------------------------------------------- paths
def test_path_frame_checked_by_hand(g):
    best = influence_paths(g, "Russia", "North Korea", DAY)[0]
    df = best.to_pandas()
    _plain_cells(df)
    assert [str(t) for t in df.dtypes] == ["int64", "string", "string", "float64", "float64", "string", "string"]
    # directly, over the 2024 treaty (and the two support relations), strongest first
    assert df[["hop", "source", "target", "kind"]].values.tolist() == [[1, "RUS", "PRK", "defense"]]
    assert df.ties[0].split(";")[0] == "rus-prk-2024"
    assert df.strength[0] == pytest.approx(1 - 0.1 * 0.7 * 0.7) and df.cost[0] == pytest.approx(-math.log(df.strength[0]))


def test_paths_frame_is_the_paths(g):
    paths = influence_paths(g, "RUS", "PRK", dt.date(2020, 1, 1), k=3)
    assert isinstance(paths, list) and len(paths) == 3
    df = paths.to_pandas()
    _plain_cells(df)
    assert list(df.columns) == ["path", "path_strength", "hop", "source", "target", "strength", "cost", "kind", "ties"]
    assert len(df) == sum(len(p.hops) for p in paths)
    for rank, p in enumerate(paths, start=1):
        part = df[df.path == rank]
        assert (part.path_strength == p.strength).all() and part.hop.tolist() == list(range(1, len(p.hops) + 1))
        assert list(zip(part["source"], part["target"])) == [(h.a, h.b) for h in p.hops]
        assert part.strength.tolist() == [h.strength for h in p.hops]
        assert part.ties.tolist() == [";".join(t["via"] for t in h.ties) for h in p.hops]
        assert math.prod(part.strength) == pytest.approx(p.strength)
    assert [d["states"] for d in paths.to_dict(g)["paths"]] == [list(p.states) for p in paths]


# ---------------------------------------------------------------------------- timeline
def test_timeline_frames(g):
    tl = timeline(g, 1990, 1992)
    states = tl.to_pandas()
    _plain_cells(states)
    assert [str(t) for t in states.dtypes] == ["int64", "string", "string", "string", "string", "bool"]
    want = [(y.year, s, name, y.tracks[name], y.defined_by[name]) for y in tl.years
            for name, members in y.blocs.items() for s in members]
    assert list(zip(states.year, states.state, states.bloc, states.track,
                    [None if v is pd.NA else v for v in states.defined_by])) == want
    blocs = tl.to_pandas("bloc")
    _plain_cells(blocs)
    assert list(zip(blocs.year, blocs.bloc, blocs["size"], blocs.members)) == [
        (y.year, name, len(m), ";".join(m)) for y in tl.years for name, m in y.blocs.items()]
    years = tl.to_pandas("year")
    _plain_cells(years)
    assert years.year.tolist() == [1990, 1991, 1992]
    for y, row in zip(tl.years, years.to_dict("records")):
        assert list(row) == list(y.row())
        assert all(_same(row[k], v) for k, v in y.row().items())
    with pytest.raises(ValueError, match="unknown unit"):
        tl.to_pandas("dyad")


# ---------------------------------------------------------------------------- brokers
def test_broker_frame(g):
    brokers = brokerage(g, DAY)
    df = brokers.to_pandas()
    _plain_cells(df)
    assert len(df) == len(brokers) and df.state.tolist() == [s.state for s in brokers]
    for s, row in zip(brokers, df.to_dict("records")):
        d = s.to_dict()
        assert list(row) == list(d)
        for k, v in d.items():
            assert _same(row[k], ";".join(v) if isinstance(v, list) else v), k
    assert brokers.to_dict()["as_of"] == "2025-01-01"
    json.dumps(brokers.to_dict())


# ---------------------------------------------------------------------------- every table
def test_every_column_is_an_attribute_name(g):
    """``df.<column>`` works for every column of every result's table: an identifier and no Python keyword
    (a hop's ends are ``source`` and ``target``, not ``from`` and ``to``)."""
    import keyword

    tables = {"ties": g.ties_as_of(DAY).to_pandas(), "dyads": g.dyads(DAY).to_pandas(),
              "clusters": alliance_clusters(g, DAY).to_pandas(g),
              "signed": signed_clusters(signed_graph(g, DAY)).to_pandas(g),
              "path": influence_paths(g, "RUS", "PRK", DAY)[0].to_pandas(),
              "paths": influence_paths(g, "RUS", "PRK", DAY, k=2).to_pandas(),
              "brokers": brokerage(g, DAY).to_pandas(),
              **{f"timeline {u}": timeline(g, 2024, 2025).to_pandas(u) for u in ("state", "bloc", "year")}}
    bad = {name: [c for c in df.columns if not c.isidentifier() or keyword.iskeyword(c)] for name, df in tables.items()}
    assert bad == {name: [] for name in tables}
