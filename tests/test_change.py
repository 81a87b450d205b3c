"""diff, impact and allies on the seed, with values worked out by hand from the seed's treaties.yaml and
supports.yaml in src/alliancegraph/seed/ (strengths: defense 0.9, support 0.3, agreement without obligation 0.02;
noisy-OR 1 - prod(1 - s); the confidence floor 'reported' judged as of the date)."""

from __future__ import annotations

import datetime as dt
import json
import math

import networkx as nx
import pytest
from click.testing import CliRunner

from alliancegraph import open_graph
from alliancegraph.analysis.change import allies, diff, impact
from alliancegraph.cli import main
from alliancegraph.facts import read_fact_file
from alliancegraph.graph import AllianceGraph, UnknownFactError

DAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def g() -> AllianceGraph:
    return open_graph()


# RUS-PRK as of 2025-01-01, with the 2024 treaty (in force 2024-12-04):
#   rus-prk-2024 defense 0.9; prk-rus-arms-2023 support 0.3 (reported again since 2024-05-31);
#   prk-rus-troops-2024 support 0.3 (reported since 2024-10-23); rus-prk-air-defense-2024 is alleged
#   (reported only from 2025-05-29) and does not count; the 2000 treaty and the 2000 and 2001 declarations
#   are superseded (they end 2024-12-03).
#   1 - (1 - 0.9)(1 - 0.3)(1 - 0.3) = 1 - 0.1 * 0.49 = 0.951
WITH = 1 - 0.1 * 0.7 * 0.7
# without it: nothing supersedes the declarations (no end of their own: 0.02 each, kind none); the 2000
#   treaty is no longer superseded but ended 2024-12-04 by its own `ended`, so it does not count on
#   2025-01-01; the two support relations remain.
#   1 - (1 - 0.3)(1 - 0.3)(1 - 0.02)(1 - 0.02) = 1 - 0.49 * 0.9604 = 1 - 0.470596 = 0.529404
WITHOUT = 1 - 0.7 * 0.7 * 0.98 * 0.98


def test_impact_of_the_2024_treaty_on_the_rus_prk_path(g) -> None:
    r = impact(g, "rus-prk-2024", DAY)
    p = next(p for p in r.paths if (p.a, p.b) == ("PRK", "RUS"))
    assert p.before == pytest.approx(WITHOUT, abs=1e-12) and p.after == pytest.approx(WITH, abs=1e-12)
    assert round(WITHOUT, 6) == 0.529404 and round(WITH, 3) == 0.951
    assert p.before_path.states == ("PRK", "RUS") and p.after_path.states == ("PRK", "RUS")
    assert sorted(t["via"] for t in p.before_path.hops[0].ties) == [
        "prk-rus-arms-2023", "prk-rus-troops-2024", "rus-prk-declaration-2000", "rus-prk-declaration-2001"]
    assert [t["via"] for t in p.after_path.hops[0].ties] == ["rus-prk-2024", "prk-rus-arms-2023",
                                                             "prk-rus-troops-2024"]
    # the largest change of all pairs is this one: 0.951 - 0.529404 = 0.421596
    assert (r.paths[0].a, r.paths[0].b) == ("PRK", "RUS")
    assert [t["via"] for t in r.ties_begun] == ["rus-prk-2024"]
    assert sorted(t["via"] for t in r.ties_ended) == ["rus-prk-declaration-2000", "rus-prk-declaration-2001"]
    assert {t["why"] for t in r.ties_ended} == {"superseded by rus-prk-2024"}
    assert r.fact == {"id": "rus-prk-2024", "name": "Treaty on Comprehensive Strategic Partnership (Russia-DPRK)",
                      "kind": "treaty", "mode": "remove"}
    # BLR-PRK runs through Russia on both sides: the BLR-RUS hop (its own ties: CSTO, the Union State and
    # its security guarantees...) times RUS-PRK
    blr = next(p for p in r.paths if (p.a, p.b) == ("BLR", "PRK"))
    assert blr.after_path.states == ("BLR", "RUS", "PRK")
    assert blr.after == pytest.approx(blr.after_path.hops[0].strength * WITH, abs=1e-12)


def test_without_the_treaty_the_2000_treaty_is_no_longer_superseded(g) -> None:
    w = g.without(["rus-prk-2024"])
    assert str(g.treaty_span("rus-prk-2000")[1]) == "2024-12-03"   # the day before the new treaty's entry into force
    assert str(w.treaty_span("rus-prk-2000")[1]) == "2024-12-04"   # its own end
    assert "rus-prk-2024" not in w.pg and "rus-prk-2024" in g.pg   # the base is not changed


@pytest.mark.parametrize("fact", ["rus-prk-2024", "nato", "csto", "prk-rus-troops-2024",
                                  "russo-ukrainian-war-2014"])
def test_an_edited_graph_has_the_ties_of_a_graph_built_without_the_fact(g, fact) -> None:
    w = g.without([fact])
    rebuilt = AllianceGraph(nx.MultiDiGraph(w.pg))   # the same property graph, every tie computed again
    assert w.ties() == rebuilt.ties()
    for day in (DAY, dt.date(2015, 6, 30)):
        assert w.ties_as_of(day) == rebuilt.ties_as_of(day)


def test_a_membership_is_a_fact_that_can_be_taken_away(g) -> None:
    swe = next(d["id"] for _, b, d in g.rels("MEMBER_OF") if b == "nato" and d["id"].startswith("nato/SWE/"))
    assert g.fact_kind(swe) == "bloc membership"
    r = impact(g, swe, DAY, pairs=[("SWE", "USA")])
    # Sweden-USA with Sweden in NATO: NATO defense 0.9 (a bloc tie: the strongest obligation of the North
    # Atlantic Treaty); without, no tie of its own and the path goes through a partner
    assert r.paths[0].after == pytest.approx(1 - (1 - 0.9) * math.prod(
        1 - t["strength"] for t in r.paths[0].after_path.hops[0].ties if t["via"] != "nato"), abs=1e-12)
    assert len(r.ties_begun) == 31 and {t["via"] for t in r.ties_begun} == {"nato"}


def test_unknown_facts_are_named_with_close_matches(g) -> None:
    with pytest.raises(UnknownFactError, match="unknown fact 'rus-prk-2042'; did you mean rus-prk-2024"):
        impact(g, "rus-prk-2042", DAY)
    with pytest.raises(UnknownFactError, match="'RUS' is a state"):
        g.without(["RUS"])


def test_diff_2024_to_2025_lists_the_new_treaty_begun_and_the_superseded_ones_ended(g) -> None:
    d = diff(g, dt.date(2024, 1, 1), DAY)
    begun = {(t["via"], t["a"], t["b"]): t for t in d.ties_begun}
    ended = {(t["via"], t["a"], t["b"]): t for t in d.ties_ended}
    assert begun[("rus-prk-2024", "PRK", "RUS")]["why"] == "in force from 2024-12-04"
    assert ended[("rus-prk-2000", "PRK", "RUS")]["why"] == "ended 2024-12-03 (superseded by rus-prk-2024)"
    # the arms transfers stood denied on 2024-01-01 (Peskov, 2023-10-17) and were reported on 2025-01-01
    # (the G7 and partners' statement of 2024-05-31, after the UN panel's report and Kim Yo Jong's denial)
    assert begun[("prk-rus-arms-2023", "PRK", "RUS")]["why"] == "confidence denied -> reported"
    # Sweden joined NATO on 2024-03-07: a tie with each of the 31 other members
    assert sum(1 for v, a, b in begun if v == "nato") == 31
    # RUS-PRK on 2024-01-01: the 2000 treaty (consultation 0.05), the declarations (0.02 each), the arms
    # transfers denied (Peskov 2023-10-17, not counted): 1 - 0.95 * 0.98 * 0.98 = 0.08762; on 2025-01-01 0.951; but the
    # strongest path on 2024-01-01 may run through another state: it is at least the direct tie
    p = next(p for p in d.paths if (p.a, p.b) == ("PRK", "RUS"))
    assert p.after == pytest.approx(WITH, abs=1e-12) and p.before >= 1 - 0.95 * 0.98 * 0.98 - 1e-12
    frames = d.to_pandas()
    assert set(frames) == {"ties", "clusters", "paths", "brokers", "balance"}
    assert len(frames["ties"]) == len(d.ties_begun) + len(d.ties_ended)
    assert frames["paths"]["change"].dtype == "float64" and len(frames["paths"]) == d.pairs_changed
    json.dumps(d.to_dict())


def test_diff_refuses_a_later_date_before_the_earlier(g) -> None:
    with pytest.raises(ValueError, match="the later date 2024-01-01 is before the earlier date 2025-01-01"):
        diff(g, DAY, dt.date(2024, 1, 1))


def test_cli_impact_prints_both_strengths_and_writes_json_and_html(tmp_path) -> None:
    r = CliRunner().invoke(main, ["impact", "rus-prk-2024", "--as-of", "2025-01-01", "--pairs", "RUS:PRK", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    p = data["paths"]["largest"][0]
    assert (p["a"], p["b"]) == ("RUS", "PRK")
    assert p["before"] == pytest.approx(WITHOUT) and p["after"] == pytest.approx(WITH)
    r = CliRunner().invoke(main, ["impact", "rus-prk-2024", "--as-of", "2025-01-01", "--html", str(tmp_path / "i.html")])
    assert r.exit_code == 0, r.output
    assert "0.529" in r.output and "0.951" in r.output and "Sino-DPRK Treaty 1961" in r.output
    html = (tmp_path / "i.html").read_text(encoding="utf-8")
    assert "changed: began: Treaty on Comprehensive Strategic Partnership" in html


def test_cli_diff_and_its_errors() -> None:
    r = CliRunner().invoke(main, ["diff", "--from", "2024-01-01", "--to", "2025-01-01", "--pairs", "RUS:PRK", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert ("rus-prk-2024", "PRK", "RUS") in {(t["via"], t["a"], t["b"]) for t in data["ties_begun"]}
    assert ("rus-prk-2000", "PRK", "RUS") in {(t["via"], t["a"], t["b"]) for t in data["ties_ended"]}
    r = CliRunner().invoke(main, ["diff", "--from", "2024-01-01", "--to", "2025-01-01", "--pairs", "RUS:PRK"])
    assert r.exit_code == 0 and "Ties ended (2024-01-01 -> 2025-01-01): 8" in r.output
    r = CliRunner().invoke(main, ["diff", "--from", "2025-01-01", "--to", "2024-01-01"])
    assert r.exit_code == 1 and r.output.strip() == "Error: --to 2024-01-01 is before --from 2025-01-01"
    r = CliRunner().invoke(main, ["diff", "--from", "2024-13-01", "--to", "2025-01-01"])
    assert r.exit_code == 2 and "--from" in r.output
    r = CliRunner().invoke(main, ["impact", "rus-prk-2042", "--as-of", "2025-01-01"])
    assert r.exit_code == 1 and "unknown fact 'rus-prk-2042'" in r.output
    r = CliRunner().invoke(main, ["diff", "--from", "2024", "--to", "2025", "--pairs", "RUS:Narnia"])
    assert r.exit_code == 1 and "unknown state 'Narnia'" in r.output


SAU_PAK = """\
sources:
  - id: spa-2025-09-17-smda
    publisher: Saudi Press Agency
    title: "Joint Statement on the signing of the Strategic Mutual Defense Agreement between Saudi Arabia and Pakistan"
    date: 2025-09-17
treaties:
  - id: sau-pak-2025
    name: Strategic Mutual Defense Agreement (Saudi Arabia-Pakistan), as a defense pact for both
    short_name: Saudi-Pakistan SMDA 2025
    kind: agreement
    parties:
      - {state: SAU}
      - {state: PAK}
    signed: 2025-09-17
    obligations:
      - {type: defense}
    sources: [spa-2025-09-17-smda]
    note: hypothetical coding for alliancegraph impact --add
"""


def test_impact_of_a_hypothetical_defense_pact(g, tmp_path) -> None:
    f = tmp_path / "treaties.yaml"
    f.write_text(SAU_PAK, encoding="utf-8")
    facts, problems = read_fact_file(f)
    assert problems == []
    # the seed records the real agreement (sau-pak-2025); the hypothetical one is added to a graph without it
    g = g.without(["sau-pak-2025"])
    r = impact(g, None, dt.date(2025, 10, 1), add=facts, pairs=[("SAU", "PAK")])
    p = r.paths[0]
    # SAU-PAK before: whatever chain there is; after, the new defense pact alone gives 0.9 and noisy-OR
    # with any other direct tie makes it at least 0.9
    assert p.after >= 0.9 and p.after_path.states == ("SAU", "PAK") and p.after > p.before
    assert [t["via"] for t in r.ties_begun] == ["sau-pak-2025"]
    assert r.fact["mode"] == "add" and r.fact["added"] == ["sau-pak-2025"]
    # parties named as on the command line resolve to the same ids and give the same impact
    named = tmp_path / "named.yaml"
    named.write_text(SAU_PAK.replace("{state: PAK}", "{state: pakistan}").replace("{state: SAU}", "{state: Saudi Arabia}"),
                     encoding="utf-8")
    assert "{state: pakistan}" in named.read_text()
    facts2, _ = read_fact_file(named)
    r2 = impact(g, None, dt.date(2025, 10, 1), add=facts2, pairs=[("SAU", "PAK")])
    assert (r2.paths[0].after, r2.paths[0].after_path.states) == (p.after, ("SAU", "PAK"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAU_PAK.replace("{state: PAK}", "{state: PKA}"), encoding="utf-8")
    r = CliRunner().invoke(main, ["impact", "--add", str(bad), "--as-of", "2025-10-01"])
    assert r.exit_code == 1 and "unknown state 'PKA'" in r.output and "bad.yaml:" in r.output


def test_allies_of_north_korea(g) -> None:
    r = allies(g, "North Korea", DAY, min_strength=0.5, depth=2)
    # direct: Russia 0.951 (above); China: the 1961 treaty, defense 0.9 alone
    assert [(a.state, round(a.strength, 6)) for a in r.direct] == [("RUS", round(WITH, 6)), ("CHN", 0.9)]
    assert [t["via"] for t in r.direct[1].ties] == ["chn-prk-1961"]
    # two hops: through Russia to its CSTO partners: Belarus at 0.951 x BLR-RUS
    blr = next(a for a in r.reached if a.state == "BLR")
    assert blr.path == ("PRK", "RUS", "BLR") and blr.hops == 2
    assert blr.strength == pytest.approx(WITH * g.allied(DAY)["BLR"]["RUS"]["strength"], abs=1e-12)
    assert all(a.hops <= 2 and a.strength >= 0.5 for a in r.reached)
    only = allies(g, "PRK", DAY, kinds=["support"], depth=1)
    # support only: the arms transfers and the troops, 1 - 0.7 * 0.7 = 0.51
    assert [(a.state, round(a.strength, 6)) for a in only.direct] == [("RUS", 0.51)] and only.reached == ()
    out = CliRunner().invoke(main, ["allies", "PRK", "--as-of", "2025-01-01", "--min-strength", "0.5", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["direct"][0]["state"] == "RUS"
    out = CliRunner().invoke(main, ["allies", "Narnia", "--as-of", "2025-01-01"])
    assert out.exit_code == 1 and "unknown state 'Narnia'" in out.output
