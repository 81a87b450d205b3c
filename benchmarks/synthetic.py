"""Seeded synthetic alliance data shaped like COW Formal Alliances v4.1 dyad data, at any size.

The COW alliance files may not be redistributed and the real datasets of ``../shared/data`` hold about
5 x 10^4 relationships, so the larger load benchmarks use synthetic alliances among the real COW state
system (``states2016.csv``: 217 states with their spells). The generator writes two files that the project's
own importers read (``alliancegraph.importers.import_datasets``), so the benchmark covers the whole path
from dataset files to Neo4j:

* ``states2016.csv``: a copy of the real COW state list;
* ``alliance_v4.1_by_dyad.csv``: synthetic alliances in the COW by-dyad layout (``version4id, ccode1,
  state_name1, ccode2, state_name2, dyad_st_*, dyad_end_*, left_censor, right_censor, defense,
  neutrality, nonaggression, entente, version``), one row per dyad of each alliance. (The dyad-year
  layout repeats each row once per year; the importer reads such repeats once, so it makes the same facts
  from a file ten times as large.)

Shape, drawn from ``random.Random(seed)``: an alliance starts in a year drawn uniformly from 1816-2010
with its members among the states in the system that year; three in four alliances are bilateral, the
others have 3 to 30 members (geometric tail, as the Rio Pact or the Arab League); each lasts 1 + an
exponential of mean 15 years, ends no later than 2012 and is right-censored (blank end) when it reaches it;
one member in ten leaves early; obligations are defense (45 %), neutrality (25 %), non-aggression (35 %),
entente (40 %), at least one; one date in twenty has an unknown day (-9).

Each alliance makes ``members`` PARTY_TO relationships, one CITES and one ALLIED_WITH tie per dyad whose
spells overlap; the generator adds alliances until that estimate reaches the target, and the benchmark
counts the relationships the graph really has.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from .paths import DATA

__all__ = ["write_world", "World", "STATES_FILE"]

STATES_FILE = DATA / "cow" / "states2016.csv"
FIRST_YEAR, LAST_START, DATA_END = 1816, 2010, 2012
HEADER = ["version4id", "ccode1", "state_name1", "ccode2", "state_name2", "dyad_st_day", "dyad_st_month",
          "dyad_st_year", "dyad_end_day", "dyad_end_month", "dyad_end_year", "left_censor", "right_censor",
          "defense", "neutrality", "nonaggression", "entente", "version"]


@dataclass(frozen=True)
class World:
    """What :func:`write_world` wrote: the files, and the alliances, dyad rows and estimated relationships."""

    files: tuple[Path, ...]
    alliances: int
    dyad_rows: int
    estimated_relationships: int


def _states(path: Path) -> list[tuple[int, str, int, int]]:
    """``(ccode, name, first year, last year)`` of each state-system spell."""
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append((int(r["ccode"]), r["statenme"], int(r["styear"]), min(int(r["endyear"]), DATA_END)))
    return out


def _day(rng: random.Random, year: int) -> tuple[int, int, int]:
    month = rng.randint(1, 12)
    day = -9 if rng.random() < 0.05 else rng.randint(1, 28)
    return year, month, day


def write_world(directory: str | Path, relationships: int, seed: int = 20240601,
                states_file: Path = STATES_FILE) -> World:
    """Write a synthetic world of about ``relationships`` graph relationships into ``directory``.

    Returns the :class:`World`. Raises ``FileNotFoundError`` if the COW state list is missing.
    """
    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    spells = _states(states_file)
    states_out = directory / "states2016.csv"
    states_out.write_bytes(Path(states_file).read_bytes())
    by_year: dict[int, list[tuple[int, str, int, int]]] = {}
    for y in range(FIRST_YEAR, LAST_START + 1):
        by_year[y] = [s for s in spells if s[2] <= y <= s[3]]
    estimate = 2 * len({s[0] for s in spells})  # State nodes' CITES and the dataset source, roughly
    alliances = rows = 0
    out = directory / "alliance_v4.1_by_dyad.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        while estimate < relationships:
            alliances += 1
            start = rng.randint(FIRST_YEAR, LAST_START)
            pool = by_year[start]
            size = 2 if rng.random() < 0.75 else min(30, 3 + int(rng.expovariate(1 / 5)))
            size = min(size, len(pool))
            if size < 2:
                continue
            members = rng.sample(pool, size)
            end = start + 1 + int(rng.expovariate(1 / 15))
            open_end = end >= DATA_END
            flags = [int(rng.random() < p) for p in (0.45, 0.25, 0.35, 0.40)]
            if not any(flags):
                flags[3] = 1
            st = _day(rng, start)
            # each member's spell: the alliance's, cut to its state-system spell; one in ten leaves early
            spans = []
            for ccode, name, first, last in members:
                m_end = min(end, last)
                if rng.random() < 0.1 and m_end > start + 1:
                    m_end = rng.randint(start + 1, m_end)
                spans.append((ccode, name, m_end))
            estimate += size + 1
            for i in range(size):
                for j in range(i + 1, size):
                    (c1, n1, e1), (c2, n2, e2) = sorted((spans[i], spans[j]))
                    e = min(e1, e2)
                    blank = open_end and e >= DATA_END
                    ed = ("", "", "") if blank else _day(rng, min(e, DATA_END))
                    if not blank and (ed[0], ed[1]) <= (st[0], st[1]):
                        ed = (st[0], 12, 31)
                    w.writerow([alliances, c1, n1, c2, n2, st[2], st[1], st[0], ed[2], ed[1], ed[0], 0,
                                int(blank), *flags, "4.1"])
                    rows += 1
                    estimate += 1
    return World((states_out, out), alliances, rows, estimate)
