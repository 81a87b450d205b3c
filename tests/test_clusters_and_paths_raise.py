"""What the exported analyses of clusters, signed networks and paths raise for a bad date or an unknown
state is what their numpydoc Raises sections say (a script author reads them to know what to catch)."""

from __future__ import annotations

import inspect
import re

import pytest

from alliancegraph import (
    DateError,
    UnknownStateError,
    alliance_clusters,
    influence_paths,
    open_graph,
    reach,
    signed_graph,
)


@pytest.fixture(scope="module")
def g():
    return open_graph()


def raises_section(f) -> str:
    """The text of ``f``'s numpydoc Raises section."""
    doc = inspect.getdoc(f) or ""
    m = re.search(r"^Raises\n-+\n(.*?)(?=^\w[\w ]*\n-+\n|\Z)", doc, re.DOTALL | re.MULTILINE)
    assert m, f"{f.__name__} has no Raises section"
    return m.group(1)


BAD_DATE = "2025-13-01"  # month 13
CALLS = {
    "alliance_clusters": (alliance_clusters, lambda g, at: alliance_clusters(g, at)),
    "signed_graph": (signed_graph, lambda g, at: signed_graph(g, at)),
    "influence_paths": (influence_paths, lambda g, at, s="Russia": influence_paths(g, s, "North Korea", at)),
    "reach": (reach, lambda g, at, s="Russia": reach(g, s, at)),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_bad_date_raises_what_the_raises_section_says(g, name):
    f, call = CALLS[name]
    with pytest.raises(DateError) as e:
        call(g, BAD_DATE)
    assert type(e.value) is DateError and "month 13" in str(e.value)
    assert re.search(r"^DateError\b", raises_section(f), re.MULTILINE), raises_section(f)


@pytest.mark.parametrize("name", ["influence_paths", "reach"])
def test_an_unknown_state_raises_what_the_raises_section_says(g, name):
    f, call = CALLS[name]
    with pytest.raises(UnknownStateError) as e:
        call(g, "2025-01-01", "Rusia")
    assert "Russia (RUS)" in e.value.suggestions
    assert re.search(r"^UnknownStateError\b", raises_section(f), re.MULTILINE), raises_section(f)
