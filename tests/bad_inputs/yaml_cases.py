"""Bad YAML fact files: constructs that cost out of proportion, keys given twice, text that is not UTF-8,
wrong types, unknown fields and vocabulary, impossible dates, broken references, files that are no fact files.

Most cases are a small valid fact directory ``f`` (:func:`_facts`) with one file made bad, run through
``validate f``: the problem is printed on stdout (``shows``), stderr ends with the count. Line numbers are
those of the texts below: the treaty of :data:`TREATY` has its id on line 2 and each field on the next line.
"""

from __future__ import annotations

from bad_inputs import Case

SOURCES = "sources:\n  - {id: s1, publisher: Test Publisher, title: Test facts}\n"
STATES = ("states:\n"
          "  - {id: RUS, name: Russia, ccode: 365, sources: [s1]}\n"
          "  - {id: PRK, name: North Korea, ccode: 731, sources: [s1]}\n"
          "  - {id: USA, name: United States, ccode: 2, sources: [s1]}\n")
TREATY = {"name": "A treaty", "parties": "[{state: RUS}, {state: PRK}]", "signed": "2024-06-19",
          "sources": "[s1]"}
"""The fields of the one valid treaty, in order: ``name`` is on line 3, ``parties`` 4, ``signed`` 5..."""
CONFLICT = ("conflicts:\n  - id: c1\n    name: A dispute\n    start: 2020-01-01\n    hostility_level: 3\n"
            "    participants: [{state: RUS, side: A}, {state: USA, side: B}]\n    sources: [s1]\n")
"""A valid conflict; its fields are on lines 3 to 7 (hostility_level on line 5)."""
FACTS_PROBLEM = "Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph validate`)"
BILLION_LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))


def _treaty(**fields: str | None) -> str:
    """``treaties.yaml`` with the one treaty of :data:`TREATY`, ``fields`` replacing (or, None, dropping) its
    fields; a field not in TREATY is added last."""
    values = {**TREATY, **fields}
    return "treaties:\n  - id: t1\n" + "".join(f"    {k}: {v}\n" for k, v in values.items() if v is not None)


def _facts(**files: str | bytes) -> dict[str, str | bytes]:
    """A valid fact directory ``f`` (sources, states, one treaty), ``files`` replacing or adding files."""
    out: dict[str, str | bytes] = {"f/sources.yaml": SOURCES, "f/states.yaml": STATES,
                                   "f/treaties.yaml": _treaty()}
    out.update({f"f/{name}": text for name, text in files.items()})
    return out


def _validate(name: str, problem: str | tuple[str, ...], count: int = 1, **files: str | bytes) -> Case:
    """``validate f`` of a fact directory with ``files`` made bad: ``count`` problems, among them ``problem``
    (one line or several), the files untouched."""
    fs = _facts(**files)
    return Case(f"yaml:{name}", ["validate", "f"], f"Error: {count} problem(s) in f", files=fs,
                shows=(problem,) if isinstance(problem, str) else problem, unchanged=tuple(fs))


def cases() -> list[Case]:
    out = [
        # ---- the defects of issue 12
        _validate("deep-nesting", "f/treaties.yaml:1: YAML nested more than 32 levels deep",
                  **{"treaties.yaml": "treaties: " + "[" * 5000 + "]" * 5000 + "\n"}),
        _validate("billion-laughs", "f/treaties.yaml:5: YAML aliases repeat more than 10000 values (here *l3); "
                                    "write the values out",
                  **{"treaties.yaml": "l0: &l0 [lol]\n" + BILLION_LAUGHS + _treaty(sources="*l9")}),
        _validate("alias-in-itself", "f/treaties.yaml:1: YAML alias *a is inside the value it names (a structure "
                                     "that contains itself)", **{"treaties.yaml": "treaties: &a [*a]\n"}),
        _validate("key-twice", "f/treaties.yaml:7: key 'signed' given twice in one mapping (first at line 5)",
                  **{"treaties.yaml": _treaty() + "    signed: 2025-01-01\n"}),
        _validate("not-utf8", "f/treaties.yaml:3: not UTF-8 text: byte 0xe9 at column 16 (save the file as UTF-8)",
                  **{"treaties.yaml": _treaty(name="Trait\xe9").encode("latin-1")}),
        _validate("party-twice", "f/treaties.yaml:4: [t1] parties name RUS twice",
                  **{"treaties.yaml": _treaty(parties="[{state: RUS}, {state: PRK}, {state: Russia}]")}),
        _validate("digit-state-id", "f/states.yaml:5: [2] a state id may not be all digits: '2' names the state "
                                    "of COW ccode 2 (use the ISO3 code)",
                  **{"states.yaml": STATES + "  - {id: '2', name: Two, sources: [s1]}\n"}),
        Case("yaml:digit-state-id-path", ["path", "2", "PRK", "--facts", "f", "--as-of", "2025-01-01"],
             FACTS_PROBLEM, files=_facts(**{"states.yaml": STATES + "  - {id: 2, name: Two, sources: [s1]}\n"}),
             shows=("f/states.yaml:5: [2] a state id may not be all digits: '2' names the state of COW ccode 2 "
                    "(use the ISO3 code)",)),
        # ---- what YAML itself may hold
        _validate("tab-indented", "f/treaties.yaml:3: YAML syntax error: a tab at column 1: indent with spaces, "
                                  "not tabs", **{"treaties.yaml": "treaties:\n  - id: t1\n\tname: A treaty\n"}),
        _validate("unclosed-bracket", "f/treaties.yaml:5: YAML syntax error: expected ',' or ']', but got '<scalar>' "
                                      "(column 5; while parsing a flow sequence)",
                  **{"treaties.yaml": _treaty(parties="[{state: RUS}, {state: PRK}")}),
        _validate("undefined-alias", "f/treaties.yaml:6: YAML syntax error: found undefined alias 'common' "
                                     "(column 14)", **{"treaties.yaml": _treaty(sources="*common")}),
        _validate("python-tag", "f/treaties.yaml:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                                "is not allowed in a fact file",
                  **{"treaties.yaml": "treaties: !!python/object/apply:os.system [touch pwned]\n"}),
        _validate("two-documents", "f/treaties.yaml:7: YAML syntax error: expected a single document in the "
                                   "stream, but found another document (column 1)",
                  **{"treaties.yaml": _treaty() + "---\n" + _treaty()}),
        _validate("list-as-key", "f/treaties.yaml:7: a key must be text, not a list or mapping",
                  **{"treaties.yaml": _treaty() + "    ? [a, b]\n    : c\n"}),
        _validate("binary", "f/treaties.yaml:1: not UTF-8 text: byte 0x89 at column 1 (save the file as UTF-8)",
                  **{"treaties.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
        _validate("control-character", "f/treaties.yaml:3: not text: control character U+0000 at column 12 (a "
                                       "YAML file holds printable text only)",
                  **{"treaties.yaml": _treaty(name="A\x00treaty")}),
        _validate("empty-file", "f/treaties.yaml:1: the file is empty: expected a top-level key 'treaties' holding "
                                "a list (`treaties: []` for none)", **{"treaties.yaml": ""}),
        _validate("top-level-list", "f/treaties.yaml:1: expected a top-level key 'treaties' holding a list",
                  **{"treaties.yaml": "- id: t1\n  name: A treaty\n"}),
        _validate("entry-not-mapping", "f/treaties.yaml:2: each entry of 'treaties' must be a mapping",
                  **{"treaties.yaml": "treaties:\n  - [t1, A treaty]\n"}),
        _validate("party-not-mapping", ("f/treaties.yaml:4: [t1] an entry of 'parties' must be a mapping",
                                        "f/treaties.yaml:4: [t1] a treaty needs at least two parties"), 2,
                  **{"treaties.yaml": _treaty(parties="[RUS, {state: PRK}]")}),
        Case("yaml:file-is-directory", ["validate", "f"], "Error: 1 problem(s) in f",
             files={"f/sources.yaml": SOURCES, "f/states.yaml": STATES, "f/treaties.yaml/x": "x\n"},
             shows=("f/treaties.yaml:0: a directory, not a fact file",)),
        # ---- the YAML 1.1 readings that mis-read: Norway's code as false, 020 as octal 16
        _validate("iso3-no", "f/states.yaml:5: [NOR] iso3 'No' must be three upper-case letters",
                  **{"states.yaml": STATES + "  - {id: NOR, name: Norway, iso3: No, sources: [s1]}\n"}),
        _validate("ccode-leading-zero", "f/states.yaml:5: [CAN] ccode '020' must be a COW state number (2-999)",
                  **{"states.yaml": STATES + "  - {id: CAN, name: Canada, ccode: 020, sources: [s1]}\n"}),
        # ---- facts: unknown fields and fact files, ids
        _validate("unknown-field", "f/treaties.yaml:7: [t1] unknown field 'sigend' (did you mean 'signed'?)",
                  **{"treaties.yaml": _treaty(sigend="2024-06-19")}),
        _validate("unknown-fact-file", "f/treatise.yaml:1: unknown fact file (expected one of blocs.yaml, "
                                       "conflicts.yaml, sources.yaml, states.yaml, supports.yaml, treaties.yaml)",
                  **{"treatise.yaml": _treaty()}),
        _validate("unknown-top-key", "f/treaties.yaml:7: unexpected top-level key 'blocs'",
                  **{"treaties.yaml": _treaty() + "blocs: []\n"}),
        _validate("missing-id", "f/treaties.yaml:2: missing 'id'",
                  **{"treaties.yaml": _treaty().replace("  - id: t1\n    name", "  - name")}),
        _validate("id-a-list", "f/treaties.yaml:2: 'id' must be text, not ['t1']",
                  **{"treaties.yaml": _treaty().replace("id: t1", "id: [t1]")}),
        _validate("duplicate-id", "f/treaties.yaml:7: [t1] duplicate id 't1' (first defined at f/treaties.yaml:2)",
                  **{"treaties.yaml": _treaty() + _treaty().removeprefix("treaties:\n")}),
        Case("yaml:missing-sources-file", ["validate", "f"], "Error: 5 problem(s) in f",
             files={"f/states.yaml": STATES, "f/treaties.yaml": _treaty()},
             shows=("f/sources.yaml:0: missing: a fact directory needs sources.yaml (a directory of facts over "
                    "another one is given with --overlay)", "f/states.yaml:2: [RUS] unknown source 's1'")),
        # ---- dates and order
        _validate("impossible-date", ("f/treaties.yaml:5: [t1] 'signed': malformed or impossible date: day 30 does "
                                  "not exist in 2024-02"),
                  **{"treaties.yaml": _treaty(signed="2024-02-30")}),
        _validate("end-before-start", "f/treaties.yaml:7: [t1] 'ended' 2020-01-01 is before 'signed' 2024-06-19",
                  **{"treaties.yaml": _treaty(ended="2020-01-01")}),
        # ---- vocabulary and references
        _validate("unknown-kind", "f/treaties.yaml:7: [t1] unknown kind 'pact' (one of treaty, declaration, "
                                  "agreement)",
                  **{"treaties.yaml": _treaty(kind="pact")}),
        _validate("unknown-state", "f/treaties.yaml:4: [t1] unknown state 'Rusia' in parties; did you mean Russia "
                                   "(RUS), United States (USA)?", **{"treaties.yaml": _treaty(parties="[{state: Rusia}, {state: PRK}]")}),
        _validate("unknown-source", "f/treaties.yaml:2: [t1] unknown source 's2'",
                  **{"treaties.yaml": _treaty(sources="[s2]")}),
        _validate("missing-source", "f/treaties.yaml:2: [t1] missing source: every fact cites at least one source",
                  **{"treaties.yaml": _treaty(sources=None)}),
        _validate("unknown-superseded", "f/treaties.yaml:2: [t1] unknown treaty 'old' in supersedes",
                  **{"treaties.yaml": _treaty(supersedes="[old]")}),
        _validate("unknown-defers-to", "f/treaties.yaml:2: [t1] unknown bloc or treaty 'nato' in defers_to",
                  **{"treaties.yaml": _treaty(defers_to="[nato]")}),
        _validate("one-party", "f/treaties.yaml:4: [t1] a treaty needs at least two parties",
                  **{"treaties.yaml": _treaty(parties="[{state: RUS}]")}),
        # ---- a conflict's fields
        _validate("hostility-text", "f/conflicts.yaml:5: [c1] hostility_level must be 1-5 on the MID scale, not "
                                    "'high'", **{"conflicts.yaml": CONFLICT.replace("hostility_level: 3",
                                                                                    "hostility_level: high")}),
        _validate("fatality-text", "f/conflicts.yaml:8: [c1] fatality_level must be 0-6 on the MID scale, not "
                                   "'many'", **{"conflicts.yaml": CONFLICT + "    fatality_level: many\n"}),
        _validate("participant-twice", "f/conflicts.yaml:6: [c1] participants name USA twice on side B",
                  **{"conflicts.yaml": CONFLICT.replace("side: B}]", "side: B}, {state: United States, side: B}]")}),
        # ---- an overlay, and a file given with --add, with the same problems
        Case("yaml:overlay-key-twice", ["validate", "f", "--overlay", "o"], "Error: 1 problem(s) in f, overlay o",
             files=_facts() | {"o/treaties.yaml": _treaty() + "    name: Another\n"},
             shows=("o/treaties.yaml:7: key 'name' given twice in one mapping (first at line 3)",)),
        Case("yaml:overlay-deep-nesting", ["path", "RUS", "PRK", "--facts", "f", "--overlay", "o",
                                           "--as-of", "2025-01-01"], FACTS_PROBLEM,
             files=_facts() | {"o/treaties.yaml": "treaties: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"},
             shows=("o/treaties.yaml:1: YAML nested more than 32 levels deep",)),
        Case("yaml:add-billion-laughs", ["impact", "--add", "x.yaml"], FACTS_PROBLEM,
             files={"x.yaml": "l0: &l0 [lol]\n" + BILLION_LAUGHS + _treaty(sources="*l9")},
             shows=("x.yaml:5: YAML aliases repeat more than 10000 values (here *l3); write the values out",)),
    ]
    # a value of the wrong type, field by field: (field, value, message after "[t1] ")
    wrong_types = [
        ("name", "[A, treaty]", "'name' must be text, not ['A', 'treaty']"),
        ("signed", "[2024]", "'signed': malformed or impossible date: [2024] is not a date (expected YYYY, "
                             "YYYY-MM or YYYY-MM-DD)"),
        ("parties", "{state: RUS}", "'parties' must be a list"),
        ("sources", "{s1: yes}", "'sources' must be a list of text, not {'s1': 'yes'}"),  # and "missing source"
        ("obligations", "defense", "'obligations' must be a list"),
        ("short_name", "2024", "'short_name' must be text (quote it), not 2024"),
        ("codes", "[3180]", "'codes' must be a mapping of dataset to code, e.g. {atop: 3180}"),
        ("confidence", "sure", "unknown confidence 'sure' (one of confirmed, reported, alleged, denied)"),
        ("supersedes", "[[a]]", "'supersedes' must be a list of text, not [['a']]"),
    ]
    lines = {k: i for i, k in enumerate(TREATY, start=3)}
    for key, value, message in wrong_types:
        line = lines.get(key, 3 + len(TREATY))
        out.append(_validate(f"wrong-type-{key}", f"f/treaties.yaml:{line}: [t1] {message}", 2 if key == "sources" else 1,
                             **{"treaties.yaml": _treaty(**{key: value})}))
    return out
