"""An analyst's own facts over a base (--overlay), states named in YAML as on the command line, duplicate ids
across fact directories, and the fact templates.

The strengths below are worked out by hand from src/alliancegraph/seed/ and graph.DEFAULT_STRENGTHS. As of
2026-01-01 Russia and Iran are tied directly by
  * rus-irn-2025 (in force 2025-10-02; neutrality and consultation: its strongest kind, neutrality, 0.3);
  * rus-irn-2001, still in force beside it (the seed's 2025 treaty does not supersede it; neutrality,
    non-aggression and consultation: neutrality, 0.3);
  * irn-rus-drones-2022 (support, 0.3; confirmed since 2022-11-05) and irn-rus-missiles-2024 (support, 0.3;
    reported since 2024-10-14);
  * co-membership of the SCO (Iran from 2023-07-04) and of BRICS (Iran from 2024-01-01): bloc, 0.1 each;
so by noisy-OR the pair's strength is 1 - 0.7 * 0.7 * 0.7 * 0.7 * 0.9 * 0.9 = 0.805519, and no path through a third state
comes close (each hop is below 1, and Russia's and Iran's other partners are weakly tied to the other).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alliancegraph import FactValidationError, open_graph, read_facts
from alliancegraph.analysis import influence_paths
from alliancegraph.dates import parse_as_of
from alliancegraph.facts import _READERS, FILES, TEMPLATE_KINDS, Override, fact_template, validate_dir

from conftest import MINI, SEED

DAY = "2026-01-01"
BASE = 1 - 0.7 * 0.7 * 0.7 * 0.7 * 0.9 * 0.9            # 0.805519
WITH_DEFENSE = 1 - 0.1 * 0.7 * 0.7 * 0.7 * 0.7 * 0.9 * 0.9  # a new defense pact (0.9) on top: 0.9805519
# rus-irn-2025 read as a defense pact (0.9 for its 0.3) that supersedes rus-irn-2001 (REDEFINED): 0.96031
AS_DEFENSE = 1 - 0.1 * 0.7 * 0.7 * 0.9 * 0.9

NEW_TREATY = """treaties:
  - id: rus-irn-defense-2025
    name: Russia-Iran mutual defence pact (hypothetical)
    parties:
      - {state: Russia}
      - {state: iran}
    signed: 2025-11-01
    obligations:
      - {type: defense}
    sources: [kremlin-2025-01-17-rus-irn-treaty]
"""

REDEFINED = """treaties:
  - id: rus-irn-2025
    name: Treaty on Comprehensive Strategic Partnership (Russia-Iran), read as a defence pact
    parties: [{state: RUS}, {state: IRN}]
    signed: 2025-01-17
    in_force: 2025-10-02
    obligations: [{type: defense}]
    supersedes: [rus-irn-2001]
    sources: [kremlin-2025-01-17-rus-irn-treaty]
"""


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def _dir(tmp_path: Path, name: str, **files: str) -> Path:
    d = tmp_path / name
    d.mkdir()
    for kind, text in files.items():
        (d / FILES[kind]).write_text(text)
    return d


def _strength(r) -> float:
    assert r.exit_code == 0, r.output
    best = json.loads(r.stdout)["paths"][0]
    assert [best["hops"][0]["from"], best["hops"][-1]["to"]] == ["RUS", "IRN"] and len(best["hops"]) == 1
    return best["strength"]


def test_the_base_strength_worked_out_by_hand(run):
    assert _strength(run("path", "Russia", "Iran", "--as-of", DAY, "--json")) == pytest.approx(BASE)


def test_a_one_file_overlay_with_parties_by_name_changes_path(run, tmp_path):
    mine = _dir(tmp_path, "mine", treaties=NEW_TREATY)
    r = run("path", "Russia", "Iran", "--as-of", DAY, "--overlay", str(mine), "--json")
    assert _strength(r) == pytest.approx(WITH_DEFENSE)
    assert r.stderr == ""  # a new fact replaces nothing
    hop = json.loads(r.stdout)["paths"][0]["hops"][0]
    assert {"rus-irn-defense-2025", "rus-irn-2025"} <= {t["via"] for t in hop["ties"]}


def test_the_library_reads_an_overlay_and_stores_state_ids(tmp_path):
    mine = _dir(tmp_path, "mine", treaties=NEW_TREATY)
    overrides: list[Override] = []
    facts = read_facts(overlay=[mine], overrides=overrides)
    assert [p.state for p in facts.treaties["rus-irn-defense-2025"].parties] == ["RUS", "IRN"]
    assert overrides == []
    g = open_graph(overlay=[mine])
    assert influence_paths(g, "RUS", "IRN", parse_as_of(DAY))[0].strength == pytest.approx(WITH_DEFENSE)


def test_an_overlay_that_redefines_a_seed_fact_wins_and_is_reported(run, tmp_path):
    mine = _dir(tmp_path, "mine", treaties=REDEFINED)
    r = run("path", "RUS", "IRN", "--as-of", DAY, "-f", str(SEED), "--overlay", str(mine), "--json")
    assert _strength(r) == pytest.approx(AS_DEFENSE)
    seed_line = _line_of(SEED / "treaties.yaml", "- id: rus-irn-2025")
    assert r.stderr.splitlines() == [f"overlay: {mine}/treaties.yaml:2 rus-irn-2025 replaces "
                                     f"{SEED}/treaties.yaml:{seed_line}"]
    overrides: list[Override] = []
    read_facts([SEED], overlay=[mine], overrides=overrides)
    assert [(o.kind, o.fact_id, o.origin.line, o.replaced.file, o.replaced.line) for o in overrides] == [
        ("treaties", "rus-irn-2025", 2, f"{SEED}/treaties.yaml", seed_line)]


def test_overlays_apply_in_order_and_each_replacement_is_reported(run, tmp_path):
    first = _dir(tmp_path, "first", treaties=REDEFINED)
    # the second is the seed's own rus-irn-2025 again: neutrality, and no supersession of rus-irn-2001
    second = _dir(tmp_path, "second", treaties=REDEFINED.replace("obligations: [{type: defense}]",
                                                                 "obligations: [{type: neutrality}]")
                  .replace("    supersedes: [rus-irn-2001]\n", ""))
    r = run("path", "RUS", "IRN", "--as-of", DAY, "--overlay", str(first), "--overlay", str(second), "--json")
    assert _strength(r) == pytest.approx(BASE)  # the second restores neutrality, as in the seed
    lines = r.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == f"overlay: {second}/treaties.yaml:2 rus-irn-2025 replaces {first}/treaties.yaml:2"


def test_a_duplicate_id_in_two_fact_directories_is_an_error_naming_both(run, tmp_path):
    """Regression: `-f seed -f mine` kept the first definition and `-f mine -f seed` the other, silently."""
    dup = _dir(tmp_path, "dup", sources="sources: []\n", states="states: []\n", treaties=REDEFINED)
    seed_line = _line_of(SEED / "treaties.yaml", "- id: rus-irn-2025")
    for order, (here, there) in {("seed", "dup"): ((dup, 2), (SEED, seed_line)),
                                 ("dup", "seed"): ((SEED, seed_line), (dup, 2))}.items():
        args = [a for name in order for a in ("-f", str(SEED if name == "seed" else dup))]
        r = run("path", "RUS", "IRN", "--as-of", DAY, *args)
        assert r.exit_code == 1 and r.stdout == ""
        assert r.stderr.splitlines() == [
            f"{here[0]}/treaties.yaml:{here[1]}: [rus-irn-2025] id 'rus-irn-2025' is also defined at "
            f"{there[0]}/treaties.yaml:{there[1]}: two fact directories may not define one id (give the one that "
            "should win with --overlay)",
            "Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph validate`)"]
    with pytest.raises(FactValidationError):
        read_facts([SEED, dup])


def test_a_fact_directory_given_with_facts_still_needs_its_sources(tmp_path):
    mine = _dir(tmp_path, "mine", treaties=NEW_TREATY)
    with pytest.raises(FactValidationError) as e:
        read_facts([SEED, mine])
    assert [p.message for p in e.value.problems] == [
        "missing: a fact directory needs sources.yaml (a directory of facts over another one is given with --overlay)",
        "missing: a fact directory needs states.yaml (a directory of facts over another one is given with --overlay)"]


@pytest.mark.parametrize("text, line, message", [
    (NEW_TREATY.replace("{state: iran}", "{state: Irann}"), 6,
     "[rus-irn-defense-2025] unknown state 'Irann' in parties; did you mean Iran (IRN), Ireland (IRL), Iraq (IRQ)?"),
    (NEW_TREATY.replace("[kremlin-2025-01-17-rus-irn-treaty]", "[kremlin-2025-01-17-rus-irn]"), 2,
     "[rus-irn-defense-2025] unknown source 'kremlin-2025-01-17-rus-irn'; did you mean "
     "'kremlin-2025-01-17-rus-irn-treaty'?"),
    (NEW_TREATY.replace("- {type: defense}", "- {type: defense"), 10,
     "YAML syntax error: expected ',' or '}', but got ':' (column 12; while parsing a flow mapping)"),
])
def test_bad_overlay_input_is_one_line_with_file_line_and_fact(run, tmp_path, text, line, message):
    # a good file next to the bad one: nothing of the overlay is applied
    mine = _dir(tmp_path, "mine", treaties=text, supports="""supports:
  - {id: rus-irn-aid, supporter: Russia, recipient: Iran, kind: military aid, sources: [atop-4-01]}
""")
    r = run("path", "Russia", "Iran", "--as-of", DAY, "--overlay", str(mine))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines() == [f"{mine}/treaties.yaml:{line}: {message}",
                                     "Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph validate`)"]
    with pytest.raises(FactValidationError):
        read_facts(overlay=[mine])


def test_an_overlay_may_not_change_the_kind_of_a_fact(tmp_path):
    mine = _dir(tmp_path, "mine", blocs="""blocs:
  - {id: rus-irn-2025, name: Russia and Iran, memberships: [], sources: [atop-4-01]}
""")
    with pytest.raises(FactValidationError) as e:
        read_facts(overlay=[mine])
    seed_line = _line_of(SEED / "treaties.yaml", "- id: rus-irn-2025")
    assert [str(p) for p in e.value.problems] == [
        f"{mine}/blocs.yaml:2: [rus-irn-2025] id 'rus-irn-2025' is a bloc here but a treaty at "
        f"{SEED}/treaties.yaml:{seed_line}: an overlay replaces a fact only with one of its kind"]


def test_an_overlay_must_be_a_directory_and_not_neo4j(run, tmp_path):
    f = tmp_path / "treaties.yaml"
    f.write_text(NEW_TREATY)
    r = run("path", "RUS", "IRN", "--overlay", str(f))
    assert r.exit_code == 1 and r.stderr.strip() == (f"Error: {f}: an overlay is a directory of fact files (YAML, "
                                                    "docs/facts.md), not a file")
    r = run("path", "RUS", "IRN", "--overlay", str(tmp_path / "nowhere"))
    assert r.exit_code == 1 and r.stderr.strip() == f"Error: {tmp_path / 'nowhere'}: no such overlay directory"
    r = run("path", "RUS", "IRN", "--overlay", str(tmp_path), "--neo4j")
    assert r.exit_code == 1 and "--neo4j exclude each other" in r.stderr


def test_validate_checks_an_overlay_against_the_base(run, tmp_path):
    mine = _dir(tmp_path, "mine", treaties=REDEFINED)
    r = run("validate", str(SEED), "--overlay", str(mine))
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith(f"overlay: {mine}/treaties.yaml:2 rus-irn-2025 replaces ")
    assert r.stdout.startswith("ok: ")
    r = run("validate", str(SEED), "--overlay", str(mine), "--json")
    assert json.loads(r.stdout)["overrides"][0]["id"] == "rus-irn-2025"


# ---------------------------------------------------------------------------- names in YAML
def test_states_in_fact_files_are_named_as_on_the_command_line(tmp_path):
    d = tmp_path / "mini"
    d.mkdir()
    for f in MINI.iterdir():
        (d / f.name).write_text(f.read_text())
    t = d / "treaties.yaml"
    assert "parties: [{state: USA}, {state: KOR}]" in t.read_text()
    t.write_text(t.read_text().replace("parties: [{state: USA}, {state: KOR}]",
                                       "parties: [{state: united states}, {state: 732}]"))
    facts, problems = validate_dir(d)
    assert problems == []
    assert [p.state for p in facts.treaties["usa-kor"].parties] == ["USA", "KOR"]


def test_a_state_named_twice_in_a_support_is_still_one_state(tmp_path):
    mine = _dir(tmp_path, "mine", supports="""supports:
  - {id: self-help, supporter: Russia, recipient: rus, kind: military aid, sources: [atop-4-01]}
""")
    with pytest.raises(FactValidationError) as e:
        read_facts(overlay=[mine])
    assert [str(p) for p in e.value.problems] == [f"{mine}/supports.yaml:2: [self-help] a state cannot support itself"]


def test_members_and_participants_may_be_named(tmp_path):
    mine = _dir(tmp_path, "mine", blocs="""blocs:
  - id: axis-2026
    name: Hypothetical bloc
    memberships:
      - {state: north korea, status: member, from: 2026}
      - {state: 365, status: member, from: 2026}
    sources: [atop-4-01]
""", conflicts="""conflicts:
  - id: war-2026
    name: Hypothetical war
    start: 2026-02-01
    hostility_level: 4
    participants: [{state: Iran, side: A}, {state: isr, side: B}]
    sources: [atop-4-01]
""")
    facts = read_facts(overlay=[mine])
    assert sorted(m.state for m in facts.blocs["axis-2026"].memberships) == ["PRK", "RUS"]
    assert [p.state for p in facts.conflicts["war-2026"].participants] == ["IRN", "ISR"]


# ---------------------------------------------------------------------------- templates
FILL = {"<id>": "my-fact-2026", "<text>": "Filled in", "<date>": "2026-01-02", "<source-id>": "atop-4-01",
        "<treaty-id>": "north-atlantic-treaty", "<1-5>": "4"}


def _fill(text: str) -> str:
    """Every placeholder of the YAML (not of the comments) filled in; the states are Russia then Iran."""
    names = iter(["Russia", "iran"])
    out = []
    for line in text.splitlines(keepends=True):
        yaml_part, hash_, comment = line.partition("#")
        yaml_part = re.sub(r"<STATE>", lambda m: next(names), yaml_part)
        for k, v in FILL.items():
            yaml_part = yaml_part.replace(k, v)
        assert "<" not in yaml_part, line
        out.append(yaml_part + hash_ + comment)
    return "".join(out)


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_a_filled_template_is_valid(run, tmp_path, kind):
    r = run("template", kind)
    assert r.exit_code == 0 and r.stdout == fact_template(kind)
    key = {"treaty": "treaties", "bloc": "blocs", "conflict": "conflicts", "support": "supports"}[kind]
    unfilled = _dir(tmp_path, "unfilled", **{key: r.stdout})
    with pytest.raises(FactValidationError):
        read_facts(overlay=[unfilled])
    mine = _dir(tmp_path, "mine", **{key: _fill(r.stdout)})
    facts = read_facts(overlay=[mine])
    fact = getattr(facts, key)["my-fact-2026"]
    states = {"treaty": lambda f: [p.state for p in f.parties],
              "bloc": lambda f: [m.state for m in f.memberships],
              "conflict": lambda f: [p.state for p in f.participants],
              "support": lambda f: [f.supporter, f.recipient]}[kind](fact)
    assert states == ["RUS", "IRN"]


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_a_template_names_every_field_the_reader_takes(kind):
    key = {"treaty": "treaties", "bloc": "blocs", "conflict": "conflicts", "support": "supports"}[kind]
    text = fact_template(kind)
    missing = [f for f in sorted(_READERS[key][1]) if not re.search(rf"\b{f}:", text)]
    assert missing == []
