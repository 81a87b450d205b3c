"""Importers for the field's standard datasets: COW state system, COW Formal Alliances v4.1, ATOP, MID 5.0,
the GML MID data, COW IGO v3 and the inter-state wars (IWD layout), with the state code crosswalk they share.

Owns: nothing of its own; the public face of the importers (what :mod:`alliancegraph.workspace`, the panels
and scripts use).

Must not know: the graph built from the facts, how curated facts and datasets are combined
(:mod:`alliancegraph.workspace`), analyses, views, the command line, Neo4j. Importers make facts of
:mod:`alliancegraph.model` and import nothing above it but :class:`alliancegraph.facts.Problem`.

Use :func:`import_datasets` (or give dataset files to :func:`alliancegraph.workspace.read_facts` and to every
CLI command's ``--facts``); each file is recognised by its header (:func:`detect_format`) or named with a
format (:data:`FORMATS`). What each importer reads and makes of it: ``docs/datasets.md``.
"""

from .atop import ATOP_NAMES, AtopMember, atop_members
from .base import DATASETS, DatasetError, DatasetInfo
from .codes import StateCode, ccode_of, lookup, state_id
from .cow import ALLIANCE_IGOS, DyadYear, alliance_dyad_years
from .detect import (
    FORMATS,
    Format,
    ImportResult,
    UnknownFormatError,
    dataset_files,
    detect_format,
    import_datasets,
    sniff_format,
)
from .gml import GML_DYAD_YEAR_DTYPES, gml_dyad_years
from .iwd import WAR_YEAR_DTYPES, war_years

__all__ = ["import_datasets", "detect_format", "sniff_format", "dataset_files", "FORMATS", "Format",
           "ImportResult", "DatasetError", "UnknownFormatError", "DATASETS", "DatasetInfo", "StateCode",
           "lookup", "state_id", "ccode_of", "ALLIANCE_IGOS", "ATOP_NAMES", "AtopMember", "atop_members", "DyadYear", "alliance_dyad_years",
           "gml_dyad_years", "GML_DYAD_YEAR_DTYPES", "war_years", "WAR_YEAR_DTYPES"]
