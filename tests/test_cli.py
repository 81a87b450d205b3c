"""The CLI: exit codes, one-line errors, JSON output, help text on every command and option."""

import json
import shutil

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from alliancegraph.cli import main
from conftest import MINI as MINI_DIR

MINI = str(MINI_DIR)


def test_every_command_and_option_has_help():
    for name, cmd in main.commands.items():
        assert cmd.help, name
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert p.help, f"{name} {p.opts}"


def test_validate_ok_and_error_exit(run, tmp_path):
    r = run("validate", MINI)
    assert r.exit_code == 0
    assert r.output.strip() == "ok: 1 sources, 11 states, 2 blocs, 7 treaties, 2 conflicts, 1 supports"
    bad = tmp_path / "bad"
    shutil.copytree(MINI, bad)
    t = bad / "treaties.yaml"
    t.write_text(t.read_text().replace("signed: 2024-06-19", "signed: 2024-06-31"))
    r = run("validate", str(bad))
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}/treaties.yaml:") and "[rus-prk-2024] 'signed': malformed or impossible date" in lines[0]
    assert lines[1] == f"Error: 1 problem(s) in {bad}"


def test_no_other_command_runs_on_invalid_facts(run, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(MINI, bad)
    (bad / "states.yaml").write_text((bad / "states.yaml").read_text().replace("{id: JPN,", "{id: USA,"))
    r = run("clusters", "-f", str(bad), "--as-of", "2025-01-01")
    assert r.exit_code == 1
    assert "duplicate id 'USA'" in r.output
    assert "Traceback" not in r.output


def test_path_json_and_errors(run):
    r = run("path", "Russia", "north korea", "-f", MINI, "--as-of", "2025-01-01", "--json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert data["paths"][0]["states"] == ["RUS", "PRK"]
    assert data["paths"][0]["hops"][0]["ties"][0]["via"] == "rus-prk-2024"
    r = run("path", "rus", "chnia", "-f", MINI)
    assert r.exit_code == 1
    assert r.output.strip() == "Error: unknown state 'chnia'; did you mean China (CHN)?"
    r = run("path", "rus", "usa", "-f", MINI, "--as-of", "2025-01-01")
    assert r.exit_code == 1
    assert r.output.strip() == ("Error: no chain of allied ties joins Russia and United States of America "
                                "as of 2025-01-01")
    r = run("path", "rus", "prk", "-f", MINI, "--as-of", "2025-02-30")
    assert r.exit_code == 2
    assert "day 30 does not exist in 2025-02" in r.output


def test_clusters_json(run):
    r = run("clusters", "-f", MINI, "--as-of", "2025-01-01", "--json")
    data = json.loads(r.output)
    # worked out in test_analysis.test_clusters_2025_by_hand
    assert [c["members"] for c in data["clusters"]] == [["CHN", "PRK", "RUS"], ["DEU", "FRA", "GBR"],
                                                        ["JPN", "KOR", "USA"]]
    assert [c["name"] for c in data["clusters"]] == ["China-DPRK Treaty", "North Atlantic Treaty Organization",
                                                     "US-Japan Security Treaty"]
    assert data["layers"] == ["defense", "offense"] and data["multilateral"] == "sqrt"
    assert data["null_model"]["runs"] == 20 and data["stability"]["runs"] == 20 and data["verdict"]
    assert data["unaligned"] == ["BLR", "UKR"]  # Belarus: only a bloc tie, outside the default layers


def test_clusters_table(run):
    r = run("clusters", "-f", MINI, "--as-of", "2025-01-01")
    assert r.exit_code == 0
    assert "DEU, FRA, GBR" in r.output and "JPN, KOR, USA" in r.output and "unaligned" in r.output


def test_export_graphml_and_json_read_back(run, tmp_path):
    out = tmp_path / "snap.graphml"
    r = run("export", "-f", MINI, "--as-of", "2025-01-01", "--format", "graphml", "-o", str(out))
    assert r.exit_code == 0, r.output
    h = nx.read_graphml(out, force_multigraph=True)
    # 12 allied + 2 hostile dyads (worked out in test_graph), 11 states
    assert h.number_of_nodes() == 11 and h.number_of_edges() == 14
    (e,) = [d for d in h["PRK"]["RUS"].values()]
    assert e["sign"] == 1 and e["via"] == "rus-prk-2024" and e["strength"] == pytest.approx(0.9)
    out = tmp_path / "pg.json"
    r = run("export", "-f", MINI, "--format", "json", "-o", str(out), "--property-graph")
    data = json.loads(out.read_text())
    assert len(data["nodes"]) == 23 and len(data["links"]) == 22 + 1 + 1 + 8 + 7 + 15 + 1  # as counted in test_graph


def test_view_writes_html(run, tmp_path):
    out = tmp_path / "v.html"
    r = run("view", "-f", MINI, "--as-of", "2025-01-01", "-o", str(out))
    assert r.exit_code == 0
    assert r.output.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_fact_text_is_never_read_as_terminal_markup(run, tmp_path):
    # a regression: "[...]" in a name was taken for rich markup (text lost, or a crash on "[/...]")
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    t = d / "treaties.yaml"
    t.write_text(t.read_text().replace("name: Russia-DPRK Treaty of 2024", "name: '[/bogus] Treaty [draft text]'"))
    wide = CliRunner().invoke(main, ["path", "RUS", "PRK", "-f", str(d), "--as-of", "2025-01-01"],
                              env={"COLUMNS": "250"})
    assert wide.exit_code == 0, wide.output
    assert "[/bogus] Treaty [draft text] (defense, 0.90)" in wide.output
    r = run("brokers", "-f", str(d), "--as-of", "2025-01-01")
    assert r.exit_code == 0, r.output


def test_k_is_bounded(run):
    r = run("path", "RUS", "PRK", "-f", MINI, "-k", "1000001")
    assert r.exit_code == 2 and "1000001" in r.output
