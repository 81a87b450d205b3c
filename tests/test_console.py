"""Piped tables keep whole values, and the broker flag has a stated threshold (issue 12)."""

import json
import os
import subprocess
import sys

from alliancegraph.analysis.centrality import BROKER_PARTICIPATION


def _brokers(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80"}  # as a narrow terminal would export it: piped output ignores it
    return subprocess.run([sys.executable, "-m", "alliancegraph", "brokers", "--as-of", "2010", *args], env=env,
                          capture_output=True, text=True, check=True).stdout


def test_piped_tables_keep_whole_values():
    # was: cut to 80 characters ("betweenn...", "Philippi...")
    out = _brokers()
    assert "…" not in out
    header = next(line for line in out.splitlines() if "state" in line and "betweenness" in line)
    assert "participation" in header and "ties into" in header
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert any("Philippines (PHL)" in r for r in rows) and any("Treaty of Lisbon, United States and partners" in r
                                                                for r in rows)


def test_a_broker_has_participation_above_the_stated_threshold():
    # was: 17 European states with betweenness 0.003 flagged, each with one tie into the US cluster
    states = {s["state"]: s for s in json.loads(_brokers("--json", "--top", "200"))["states"]}
    # Belgium's clustering weight is nearly all inside its own cluster (participation about 0.06), the USA's
    # spread over two (about 0.5): Guimerà and Amaral's connector hubs begin at 0.30
    assert BROKER_PARTICIPATION == 0.30
    assert len(states["BEL"]["bridges"]) == 2 and states["BEL"]["participation"] < 0.1 and not states["BEL"]["broker"]
    assert states["USA"]["participation"] > 0.4 and states["USA"]["broker"]
    assert all(s["broker"] == (s["participation"] > 0.30) for s in states.values())
    table = _brokers()
    assert "(broker): participation above 0.30" in table
    assert sum("(broker)" in line for line in table.splitlines() if line.startswith("│")) == \
        sum(s["broker"] for s in sorted(states.values(), key=lambda s: (-s["betweenness"], s["state"]))[:20])
