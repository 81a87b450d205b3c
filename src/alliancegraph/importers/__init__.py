"""Importers for the field's standard datasets: COW state system, COW Formal Alliances v4.1, ATOP, MID 5.0
and COW IGO v3, with the state code crosswalk they share.

Use :func:`import_datasets` (or give dataset files to :func:`alliancegraph.workspace.read_facts` and to every
CLI command's ``--facts``); each file is recognised by its header (:func:`detect_format`) or named with a
format (:data:`FORMATS`). What each importer reads and makes of it: ``docs/datasets.md``.
"""

from .atop import ATOP_NAMES
from .base import DATASETS, DatasetError, DatasetInfo
from .codes import StateCode, ccode_of, lookup, state_id
from .cow import ALLIANCE_IGOS, DyadYear, alliance_dyad_years
from .detect import (
    FORMATS, Format, ImportResult, UnknownFormatError, dataset_files, detect_format, import_datasets,
    sniff_format,
)

__all__ = ["import_datasets", "detect_format", "sniff_format", "dataset_files", "FORMATS", "Format",
           "ImportResult", "DatasetError", "UnknownFormatError", "DATASETS", "DatasetInfo", "StateCode",
           "lookup", "state_id", "ccode_of", "ALLIANCE_IGOS", "ATOP_NAMES", "DyadYear", "alliance_dyad_years"]
