"""Reconcile extracted figures against official statistics (SCHEMA §7).

    >>> from extractor.reconcile import Reconciler, SeriesStore
    >>> reconciler = Reconciler(SeriesStore.memory())          # the bundled snapshot
    >>> verdict = reconciler.check(record)                      # a SCHEMA §2 record
    >>> verdict["verdict"], verdict["official_value"], verdict["source_url"]

``check_frame(records_df)`` returns the verdicts as a DataFrame; ``SeriesStore.open()`` is the
user's DuckDB store (``store.frame()`` reads it as pandas). Command functions for the CLI are in
``extractor.reconcile.commands``.
"""
from .config import Options, load_series_map
from .engine import VERDICT_FIELDS, Reconciler, check_frame, check_records
from .importer import SeriesFileError, read_series_file
from .keys import SeriesKey
from .store import SeriesStore

__all__ = ["Options", "Reconciler", "SeriesFileError", "SeriesKey", "SeriesStore",
           "VERDICT_FIELDS", "check_frame", "check_records", "load_series_map",
           "read_series_file"]
