"""The series store: observations with their SDMX-like keys and provenance, in DuckDB.

The default store is a DuckDB file in the user's data directory
(``$ECON_FIGURES_SERIES_DB``, else ``platformdirs.user_data_dir("econ-figures")/series.duckdb``,
else ``~/.local/share/econ-figures/series.duckdb``). It is seeded from the bundled snapshot
(``corpus/series/*.csv``, or ``$ECON_FIGURES_SNAPSHOT``) and re-seeded when the snapshot
changes; imported user series stay. ``SeriesStore.memory()`` holds the snapshot only.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from .importer import OBSERVATION_COLUMNS, SeriesFileError, read_series_file

DB_ENV = "ECON_FIGURES_SERIES_DB"
SNAPSHOT_ENV = "ECON_FIGURES_SNAPSHOT"
SNAPSHOT_ORIGIN = "snapshot"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    series_id VARCHAR NOT NULL, freq VARCHAR, ref_area VARCHAR, indicator VARCHAR,
    counterpart_area VARCHAR, product VARCHAR, flow_basis VARCHAR, accounting_entry VARCHAR,
    unit VARCHAR, transform VARCHAR, status VARCHAR, provider VARCHAR, hs_code VARCHAR,
    label VARCHAR, time_period VARCHAR, period_start VARCHAR, period_end VARCHAR,
    value DOUBLE, obs_value DOUBLE, unit_mult INTEGER, decimals INTEGER, agency VARCHAR,
    source_url VARCHAR, release_date VARCHAR, vintage VARCHAR, note VARCHAR, origin VARCHAR,
    collection VARCHAR
);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""


def default_db_path() -> Path:
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir("econ-figures", appauthor=False)) / "series.duckdb"
    except ImportError:  # platformdirs is optional
        return Path.home() / ".local" / "share" / "econ-figures" / "series.duckdb"


def snapshot_dir() -> Path:
    if os.environ.get(SNAPSHOT_ENV):
        return Path(os.environ[SNAPSHOT_ENV]).expanduser()
    return Path(__file__).resolve().parents[2] / "corpus" / "series"


def snapshot_files(directory: Path | None = None) -> list[Path]:
    directory = directory or snapshot_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in (".csv", ".parquet"))


def read_snapshot(directory: Path | None = None) -> pd.DataFrame:
    """All bundled observations; raises ``SeriesFileError`` for a bad file."""
    frames = [read_series_file(path, origin=path.name) for path in snapshot_files(directory)]
    if not frames:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _snapshot_digest(files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class SeriesStore:
    """Observations in DuckDB, readable as pandas (``frame()``)."""

    def __init__(self, connection, path: Path | None = None):
        self.connection = connection
        self.path = path
        self.connection.execute(_SCHEMA)
        self._frame: pd.DataFrame | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, snapshot: Path | None = None,
             sync_snapshot: bool = True) -> "SeriesStore":
        """The store in ``path`` (default: ``default_db_path()``), created if missing, with the
        bundled snapshot loaded or refreshed."""
        import duckdb

        path = Path(path).expanduser() if path else default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(duckdb.connect(str(path)), path)
        if sync_snapshot:
            store.sync_snapshot(snapshot)
        return store

    @classmethod
    def memory(cls, *, snapshot: Path | None = None, load_snapshot: bool = True) -> "SeriesStore":
        import duckdb

        store = cls(duckdb.connect(":memory:"))
        if load_snapshot:
            store.sync_snapshot(snapshot)
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "SeriesStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def sync_snapshot(self, directory: Path | None = None) -> bool:
        """Load the bundled snapshot when it changed since the last load; True if loaded."""
        files = snapshot_files(directory)
        digest = _snapshot_digest(files)
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
        if row and row[0] == digest:
            return False
        frame = read_snapshot(directory)
        self.remove_collection(SNAPSHOT_ORIGIN)
        self._insert(frame, SNAPSHOT_ORIGIN)
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('snapshot', ?)", [digest])
        return True

    def import_file(self, path: str | Path, *, replace: bool = True) -> int:
        """Import a user's CSV/Parquet series file; returns the number of observations.
        ``replace`` drops earlier imports of a file with the same name first."""
        path = Path(path)
        frame = read_series_file(path)
        collection = f"user:{path.name}"
        if replace:
            self.remove_collection(collection)
        self._insert(frame, collection)
        return len(frame)

    def remove_collection(self, collection: str) -> None:
        """Drop every observation that came in under ``collection`` (a file, a fetch)."""
        self.connection.execute("DELETE FROM observations WHERE collection = ?", [collection])

    def add(self, frame: pd.DataFrame, collection: str = "user") -> int:
        """Add normalized observations (as ``read_series_file`` returns them)."""
        self._insert(frame, collection)
        return len(frame)

    def _insert(self, frame: pd.DataFrame, collection: str) -> None:
        if frame.empty:
            self._frame = None
            return
        data = frame.reindex(columns=OBSERVATION_COLUMNS).copy()
        data["collection"] = collection
        data = data.astype(object).where(data.notna(), None)
        self.connection.register("_incoming", data)
        try:
            columns = ", ".join([*OBSERVATION_COLUMNS, "collection"])
            self.connection.execute(f"INSERT INTO observations ({columns}) "
                                    f"SELECT {columns} FROM _incoming")
        finally:
            self.connection.unregister("_incoming")
        self._frame = None

    # -- reading ---------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """Every observation as a pandas DataFrame (cached until the next write)."""
        if self._frame is None:
            self._frame = self.connection.execute(
                "SELECT * FROM observations ORDER BY series_id, period_start, period_end, "
                "release_date NULLS FIRST").df()
        return self._frame.copy()

    def series(self) -> pd.DataFrame:
        """One row per series: its key, label, observation count, first and last period."""
        return self.connection.execute("""
            SELECT series_id, any_value(freq) AS freq, any_value(ref_area) AS ref_area,
                   any_value(indicator) AS indicator, any_value(counterpart_area) AS counterpart_area,
                   any_value(product) AS product, any_value(flow_basis) AS flow_basis,
                   any_value(unit) AS unit, any_value(transform) AS transform,
                   any_value(status) AS status, any_value(label) AS label,
                   count(*) AS observations, min(period_start) AS first, max(period_end) AS last,
                   string_agg(DISTINCT agency, '; ') AS agencies
            FROM observations GROUP BY series_id ORDER BY series_id""").df()

    def observations(self, series_id: str) -> pd.DataFrame:
        return self.connection.execute(
            "SELECT * FROM observations WHERE series_id = ? ORDER BY period_start, period_end, "
            "release_date NULLS FIRST", [series_id]).df()

    def query(self, sql: str, params: Iterable | None = None) -> pd.DataFrame:
        """Run SQL against the ``observations`` table; returns a DataFrame."""
        return self.connection.execute(sql, list(params or [])).df()


__all__ = ["SeriesStore", "SeriesFileError", "default_db_path", "snapshot_dir", "read_snapshot"]
