"""Validation of curated facts: every problem at once, each with file, line and fact id."""

import shutil
from pathlib import Path

import pytest

from alliancegraph.facts import FactValidationError, load_facts, validate_dir
from alliancegraph.graph import Snapshot
from alliancegraph.model import Confidence
from conftest import MINI


@pytest.fixture
def mini_copy(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    return d


def _problems(d):
    _, problems = validate_dir(d)
    return problems


def test_mini_fixture_is_valid():
    facts = load_facts(MINI)
    assert facts.counts() == {"sources": 1, "states": 11, "blocs": 2, "treaties": 7, "conflicts": 2, "supports": 1}


def test_every_problem_is_reported_with_file_line_and_fact(mini_copy):
    t = mini_copy / "treaties.yaml"
    text = t.read_text()
    # 1. unknown state reference, 2. unknown obligation, 3. impossible date
    text = text.replace("parties: [{state: USA}, {state: KOR}]", "parties: [{state: USA}, {state: ROKK}]")
    text = text.replace("obligations: [{type: defense}]\n    sources: [s1]\n  - id: chn-prk",
                        "obligations: [{type: defence}]\n    sources: [s1]\n  - id: chn-prk")
    text = text.replace("in_force: 1961-09-10", "in_force: 1961-09-31")
    t.write_text(text)
    c = mini_copy / "conflicts.yaml"
    # 4. end before start, 5. missing source
    c.write_text(c.read_text().replace("end: 1953-07-27", "end: 1949-07-27").replace(
        "participants: [{state: RUS, side: A}, {state: UKR, side: B}, {state: PRK, side: A, from: 2024-10}]\n    sources: [s1]",
        "participants: [{state: RUS, side: A}, {state: UKR, side: B}, {state: PRK, side: A, from: 2024-10}]"))
    s = mini_copy / "states.yaml"
    # 6. duplicate id
    s.write_text(s.read_text() + "  - {id: JPN, name: Japan again, sources: [s1]}\n")

    problems = _problems(mini_copy)
    text_of = {(Path(p.file).name, p.line, p.fact_id): p.message for p in problems}
    lines_t = (mini_copy / "treaties.yaml").read_text().splitlines()
    lines_c = (mini_copy / "conflicts.yaml").read_text().splitlines()
    lines_s = (mini_copy / "states.yaml").read_text().splitlines()

    def line_of(lines, needle):
        return next(i for i, l in enumerate(lines, start=1) if needle in l)

    # the party's own line
    assert "unknown state 'ROKK'" in text_of[("treaties.yaml", line_of(lines_t, "state: ROKK"), "usa-kor")]
    assert "unknown type 'defence'" in text_of[("treaties.yaml", line_of(lines_t, "defence"), "usa-jpn")]
    assert "did you mean 'defense'" in text_of[("treaties.yaml", line_of(lines_t, "defence"), "usa-jpn")]
    assert "impossible date" in text_of[("treaties.yaml", line_of(lines_t, "1961-09-31"), "chn-prk")]
    assert "'end' 1949-07-27 is before 'start' 1950-06-25" in text_of[
        ("conflicts.yaml", line_of(lines_c, "1949-07-27"), "korean-war")]
    assert "missing source" in text_of[("conflicts.yaml", line_of(lines_c, "id: invasion-2022"), "invasion-2022")]
    dup_line = len(lines_s)
    assert "duplicate id 'JPN'" in text_of[("states.yaml", dup_line, "JPN")]
    assert len(problems) == 6, problems

    with pytest.raises(FactValidationError) as e:
        load_facts(mini_copy)
    assert len(e.value.problems) == 6


def test_yaml_syntax_error_names_the_line(mini_copy):
    (mini_copy / "supports.yaml").write_text("supports:\n  - id: x\n    kind: [unclosed\n")
    problems = _problems(mini_copy)
    assert len(problems) == 1
    assert problems[0].file.endswith("supports.yaml") and problems[0].line == 4
    assert "YAML syntax error" in problems[0].message


def test_unknown_field_and_overlapping_spells(mini_copy):
    b = mini_copy / "blocs.yaml"
    b.write_text(b.read_text().replace("{state: UKR, status: observer, from: 2014-04}",
                                       "{state: UKR, status: observer, from: 2014-02, until: 2020}"))
    msgs = sorted(p.message for p in _problems(mini_copy))
    assert len(msgs) == 2
    assert "unknown field 'until'" in msgs[1]
    assert msgs[0].startswith("membership spells of UKR overlap")


def test_unknown_source_and_confidence(mini_copy):
    s = mini_copy / "supports.yaml"
    s.write_text(s.read_text().replace("{value: denied, date: 2024-10-25}", "{value: refuted, date: 2024-10-25}")
                 .replace("sources: [s1]", "sources: [s2]"))
    msgs = sorted(p.message for p in _problems(mini_copy))
    assert msgs == ["unknown source 's2'",
                    "unknown value 'refuted' (one of confirmed, reported, alleged, denied; did you mean 'reported'?)"]


def test_confidence_history_is_kept_and_dated():
    facts = load_facts(MINI)
    troops = facts.supports["prk-rus-troops"]
    import datetime as dt
    assert [e.value for e in troops.confidence] == [Confidence.ALLEGED, Confidence.DENIED, Confidence.CONFIRMED]
    assert troops.confidence_as_of(dt.date(2024, 10, 20)) is Confidence.ALLEGED
    assert troops.confidence_as_of(dt.date(2025, 1, 1)) is Confidence.DENIED
    assert troops.confidence_as_of(dt.date(2025, 4, 28)) is Confidence.CONFIRMED
    assert troops.start.iso() == "2024-10" and troops.start.precision == "month"


def test_supersession_cycles_are_reported_once(mini_copy):
    t = mini_copy / "treaties.yaml"
    # rus-prk-2024 supersedes rus-prk-2000 already; close the loop, and add a three-treaty cycle
    text = t.read_text().replace("    obligations: [{type: consultation, articles: [\"2\"]}]\n    sources: [s1]\n  - id: rus-prk-2024",
                                 "    obligations: [{type: consultation, articles: [\"2\"]}]\n    supersedes: [rus-prk-2024]\n"
                                 "    sources: [s1]\n  - id: rus-prk-2024")
    text = text.replace("  - id: usa-kor\n", "  - id: usa-kor\n    supersedes: [usa-jpn]\n")
    text = text.replace("  - id: usa-jpn\n", "  - id: usa-jpn\n    supersedes: [chn-prk]\n")
    text = text.replace("  - id: chn-prk\n", "  - id: chn-prk\n    supersedes: [usa-kor]\n")
    t.write_text(text)
    msgs = sorted(p.message for p in _problems(mini_copy))
    assert msgs == ["supersedes itself through chn-prk > usa-kor > usa-jpn > chn-prk",
                    "supersedes itself through rus-prk-2000 > rus-prk-2024 > rus-prk-2000"]


def test_a_dataset_file_in_a_fact_directory_is_reported(mini_copy):
    (mini_copy / "states2016.csv").write_text("stateabb,ccode\nUSA,2\n")
    (problem,) = _problems(mini_copy)
    assert problem.file.endswith("states2016.csv") and "is not read" in problem.message


def test_a_state_may_say_when_it_existed(mini_copy):
    import datetime as dt

    from alliancegraph.graph import AllianceGraph

    s = mini_copy / "states.yaml"
    s.write_text(s.read_text().replace("{id: UKR, name: Ukraine,", "{id: UKR, name: Ukraine, from: 1991-08-24,")
                 + "  - {id: DDR, name: East Germany, from: 1954-03-25, to: 1990-10-02, sources: [s1]}\n"
                 + "  - {id: XXX, name: Nowhere, to: 1990, sources: [s1]}\n")
    problems = _problems(mini_copy)
    assert [p.message for p in problems] == ["'to' needs 'from': when did the state come into existence?"]
    lines = s.read_text().splitlines()
    lines = [l for l in lines if "XXX" not in l]
    s.write_text("\n".join(lines) + "\n")
    g = AllianceGraph.from_facts(load_facts(mini_copy))
    assert "DDR" in g.states_as_of(dt.date(1990, 10, 2)) and "DDR" not in g.states_as_of(dt.date(1990, 10, 3))
    assert "UKR" not in g.states_as_of(dt.date(1991, 8, 23)) and "UKR" in g.states_as_of(dt.date(1991, 8, 24))
    assert "USA" in g.states_as_of(dt.date(1800, 1, 1))  # no from/to: always


def test_short_name_is_read_for_blocs_and_treaties(mini_copy):
    b = mini_copy / "blocs.yaml"
    b.write_text(b.read_text().replace("    name: North Atlantic Treaty Organization\n",
                                       "    name: North Atlantic Treaty Organization\n    short_name: NATO\n"))
    t = mini_copy / "treaties.yaml"
    t.write_text(t.read_text().replace("    name: US-ROK Mutual Defense Treaty\n",
                                       "    name: US-ROK Mutual Defense Treaty\n    short_name: \"US-ROK\"\n"))
    facts = load_facts(mini_copy)
    assert facts.blocs["nato"].short_name == "NATO"
    assert facts.blocs["nato"].name == "North Atlantic Treaty Organization"      # the long name is kept
    assert facts.treaties["usa-kor"].short_name == "US-ROK"
    assert facts.blocs["eastbloc"].short_name is None and facts.treaties["usa-jpn"].short_name is None


@pytest.mark.parametrize("value", ["1949", "[NATO, OTAN]", "{en: NATO}", "''"])
def test_short_name_must_be_text(mini_copy, value):
    b = mini_copy / "blocs.yaml"
    b.write_text(b.read_text().replace("    name: North Atlantic Treaty Organization\n",
                                       f"    name: North Atlantic Treaty Organization\n    short_name: {value}\n"))
    line = next(i for i, l in enumerate(b.read_text().splitlines(), start=1) if "short_name" in l)
    problems = _problems(mini_copy)
    assert [(Path(p.file).name, p.line, p.fact_id) for p in problems] == [("blocs.yaml", line, "nato")]
    assert problems[0].message.startswith("'short_name' must be text")


def test_short_name_is_not_a_field_of_states(mini_copy):
    s = mini_copy / "states.yaml"
    s.write_text(s.read_text().replace("{id: GBR, name: United Kingdom,", "{id: GBR, name: United Kingdom, short_name: UK,"))
    assert [(p.fact_id, p.message) for p in _problems(mini_copy)] == [("GBR", "unknown field 'short_name'")]


def test_defers_to_is_checked(mini_copy):
    t = mini_copy / "treaties.yaml"
    text = t.read_text()
    # usa-kor and usa-jpn defer to each other (a cycle); chn-prk names a state, a near-miss and a mapping
    text = text.replace("  - id: usa-kor\n", "  - id: usa-kor\n    defers_to: [usa-jpn]\n")
    text = text.replace("  - id: usa-jpn\n", "  - id: usa-jpn\n    defers_to: [usa-kor]\n")
    text = text.replace("  - id: chn-prk\n", "  - id: chn-prk\n    defers_to: [CHN, NATO]\n")
    text = text.replace("  - id: rus-prk-2000\n", "  - id: rus-prk-2000\n    defers_to: {nato: 1}\n")
    t.write_text(text)
    msgs = sorted(p.message for p in _problems(mini_copy))
    assert msgs == ["'defers_to' must be a list of bloc or treaty ids, not {'nato': 1}",
                    "defers to itself through usa-jpn -> usa-kor -> usa-jpn",
                    "defers_to names a bloc or treaty; 'CHN' is a state",
                    "unknown bloc or treaty 'NATO' in defers_to; did you mean 'nato'?"]


def test_deferral_counts_only_where_the_other_fact_ties_the_dyad_on_the_date(mini_copy):
    import datetime as dt

    from alliancegraph.graph import AllianceGraph

    # a hand-made EU-style clause among GBR, FRA, DEU and UKR that defers to NATO (its founding treaty
    # named: it stands for the bloc it establishes)
    t = mini_copy / "treaties.yaml"
    t.write_text(t.read_text() + """  - id: clause
    name: Mutual assistance clause
    parties: [{state: GBR}, {state: FRA}, {state: DEU}, {state: UKR}]
    in_force: 2010-01-01
    obligations: [{type: defense}]
    defers_to: [north-atlantic-treaty]
    sources: [s1]
""")
    g = AllianceGraph.from_facts(load_facts(mini_copy))
    snap = g.allied(dt.date(2025, 1, 1))
    vias = lambda a, b: [x["via"] for x in snap[a][b]["ties"]]  # noqa: E731
    assert vias("DEU", "FRA") == ["nato"]                       # both in NATO: the clause defers
    assert vias("DEU", "UKR") == ["clause"]                     # Ukraine is not: the clause counts
    assert snap["DEU"]["UKR"]["ties"][0]["parties"] == 4        # and still ties its four parties
    # where NATO does not count (here: its confidence made 'alleged', below the default floor 'reported'),
    # the clause is not deferred; with the floor at 'alleged' NATO counts again and the clause defers
    b = mini_copy / "blocs.yaml"
    b.write_text(b.read_text().replace("    founded: 1949-08-24\n", "    founded: 1949-08-24\n    confidence: alleged\n", 1))
    g = AllianceGraph.from_facts(load_facts(mini_copy))
    assert [x["via"] for x in g.allied(dt.date(2025, 1, 1))["DEU"]["FRA"]["ties"]] == ["clause"]
    assert [x["via"] for x in g.allied(Snapshot(dt.date(2025, 1, 1), min_confidence="alleged"))["DEU"]["FRA"]["ties"]] == ["nato"]


def test_facts_made_in_python_are_checked_not_crashed_on():
    # a fact built in Python has no origin: its problems are at '<facts>', line 0 (check_facts used to
    # raise AttributeError on origin.file)
    from alliancegraph.facts import check_facts
    from alliancegraph.model import FactSet, Source, State, Support

    facts = FactSet(sources={"s": Source("s", "Publisher", "Title")},
                    states={"USA": State(id="USA", name="United States", sources=("s",))},
                    supports={"aid": Support(id="aid", supporter="USA", recipient="USA", kind="arms")})
    problems = []
    check_facts(facts, problems)
    assert sorted((p.file, p.line, p.fact_id, p.message) for p in problems) == [
        ("<facts>", 0, "aid", "a state cannot support itself"),
        ("<facts>", 0, "aid", "missing source: every fact cites at least one source"),
    ]
