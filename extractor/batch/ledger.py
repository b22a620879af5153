"""The chunk ledger: which chunks of a run are committed, in one SQLite file (``state.sqlite``).

A chunk is committed in one transaction together with what it changed: its counts, the end
offsets of the staged records/errors files after it, and the text keys of the documents it kept
(for deduplication). Chunks are committed in order, so the committed ones are always a prefix
0..n-1 of the feed; anything a killed run wrote past the last commit is discarded on resume.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

COUNTERS = ("items", "documents", "records", "errors", "timeouts", "duplicates_id",
            "duplicates_text", "words")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    k INTEGER PRIMARY KEY,
    {", ".join(f"{name} INTEGER NOT NULL" for name in COUNTERS)},
    records_state TEXT NOT NULL,
    errors_state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kept_text (key BLOB PRIMARY KEY, doc_id TEXT) WITHOUT ROWID;
"""


class Ledger:
    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # --- meta ---
    def get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- chunks ---
    @property
    def committed(self) -> int:
        """How many chunks are committed (they are chunks 0..committed-1)."""
        row = self._db.execute("SELECT COALESCE(MAX(k) + 1, 0), COUNT(*) FROM chunks").fetchone()
        if row[0] != row[1]:
            raise RuntimeError(f"{self.path}: the committed chunks are not a prefix of the feed")
        return row[0]

    def last_states(self) -> tuple[dict | None, dict | None]:
        """The records and errors sink states after the last committed chunk."""
        row = self._db.execute(
            "SELECT records_state, errors_state FROM chunks ORDER BY k DESC LIMIT 1").fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else (None, None)

    def totals(self) -> dict[str, int]:
        sums = ", ".join(f"COALESCE(SUM({name}), 0)" for name in COUNTERS)
        row = self._db.execute(f"SELECT {sums} FROM chunks").fetchone()
        return dict(zip(COUNTERS, row))

    @contextmanager
    def transaction(self) -> Iterator["Ledger"]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def claim_text(self, key: bytes, doc_id: str | None) -> str | None:
        """Register a kept document's text key (in the current transaction); None if it is new,
        else the id of the document that has it."""
        cursor = self._db.execute("INSERT OR IGNORE INTO kept_text VALUES (?, ?)", (key, doc_id))
        if cursor.rowcount:
            return None
        return self._db.execute("SELECT doc_id FROM kept_text WHERE key = ?", (key,)).fetchone()[0]

    def add_chunk(self, k: int, counts: dict[str, int], records_state: dict,
                  errors_state: dict) -> None:
        names = ", ".join(COUNTERS)
        marks = ", ".join("?" for _ in COUNTERS)
        self._db.execute(
            f"INSERT INTO chunks (k, {names}, records_state, errors_state) "
            f"VALUES (?, {marks}, ?, ?)",
            (k, *(counts.get(name, 0) for name in COUNTERS), json.dumps(records_state),
             json.dumps(errors_state)))


class KeySet:
    """First-seen keys (id and text digests) of the units the driver has read in this run, on
    disk so that memory does not grow with the feed. Rebuilt on every run by reading the feed
    from its start; never needs to survive a crash."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE keys (key BLOB PRIMARY KEY, doc_id TEXT) WITHOUT ROWID")
        self._db.execute("BEGIN")
        self._pending = 0

    def claim(self, key: bytes, doc_id: str | None) -> tuple[bool, str | None]:
        """``(True, None)`` if the key is new (and now claimed by ``doc_id``), else
        ``(False, id of the first document with it)``."""
        cursor = self._db.execute("INSERT OR IGNORE INTO keys VALUES (?, ?)", (key, doc_id))
        self._pending += 1
        if self._pending >= 10_000:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0
        if cursor.rowcount:
            return True, None
        return False, self._db.execute("SELECT doc_id FROM keys WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError:
            pass
        self._db.close()
