"""Where committed chunks go while a run is unfinished, and how the finished output is published.

Each sink stages its chunks in the run's work folder and reports a small *state* after each
chunk (an offset, a part count) that the ledger commits with the chunk. ``recover`` brings the
staging area back to the last committed state (a killed run may have written past it), and
``publish`` makes the output appear under its real name in one atomic step (a rename, or one
DuckDB transaction); it is idempotent, so a run killed while publishing publishes again.

- JSONL: records appended to ``records.jsonl`` in the work folder; published by renaming it.
- Parquet: one part file per chunk with records, ``parts/part-<chunk>.parquet``, all with the
  same columns (``write.records_to_table``); published by renaming the folder to OUT.
- DuckDB: Parquet parts as above, loaded into the table in one transaction
  (``CREATE OR REPLACE TABLE``), so readers see the old table or the new one, never half.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from pathlib import Path

from ..write import records_to_table
from .work import ItemResult

_PART = re.compile(r"part-(\d{6,})\.parquet")


class JsonlStage:
    """An append-only file whose committed length is the state: records or errors."""

    def __init__(self, staging: Path, target: Path):
        self.staging, self.target = staging, target
        self._stream = None

    def recover(self, state: dict | None) -> None:
        offset = (state or {}).get("offset", 0)
        if not self.staging.exists():
            if offset:
                raise RuntimeError(f"{self.staging} is missing: the run cannot be resumed "
                                   f"(use --restart)")
            self.staging.touch()
        with open(self.staging, "r+b") as stream:
            stream.truncate(offset)
        self._stream = open(self.staging, "ab")

    def append_text(self, text: str) -> dict:
        if text:
            self._stream.write(text.encode("utf-8"))
            self._stream.flush()
            os.fsync(self._stream.fileno())
        return {"offset": self._stream.tell()}

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def publish(self) -> None:
        self.close()
        if self.staging.exists():
            self.target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.target)
        elif not self.target.exists():
            raise RuntimeError(f"neither {self.staging} nor {self.target} exists")


class ErrorSink(JsonlStage):
    def append(self, k: int, results: list[ItemResult]) -> dict:
        return self.append_text("".join(json.dumps(result.error_row(), ensure_ascii=False) + "\n"
                                        for result in results))


class JsonlSink(JsonlStage):
    payload = "jsonl"

    def __init__(self, work_dir: Path, output: Path):
        super().__init__(work_dir / "records.jsonl", output)

    def append(self, k: int, results: list[ItemResult]) -> dict:
        return self.append_text("".join(result.payload or "" for result in results))


class ParquetSink:
    """Part files per chunk; the folder becomes the output."""

    payload = "rows"

    def __init__(self, work_dir: Path, output: Path):
        self.parts = work_dir / "parts"
        self.target = output

    def recover(self, state: dict | None) -> None:
        committed = (state or {}).get("chunks", 0)
        self.parts.mkdir(parents=True, exist_ok=True)
        for path in self.parts.iterdir():
            match = _PART.fullmatch(path.name)
            if match is None or int(match.group(1)) >= committed:
                path.unlink()  # temporary or uncommitted

    def append(self, k: int, results: list[ItemResult]) -> dict:
        rows = [row for result in results for row in result.payload or ()]
        if rows:
            final = self.parts / f"part-{k:06d}.parquet"
            temporary = self.parts / f".part-{k:06d}.{secrets.token_hex(4)}.tmp"
            records_to_table(rows).to_parquet(temporary, index=False, engine="pyarrow")
            with open(temporary, "rb") as stream:
                os.fsync(stream.fileno())
            os.replace(temporary, final)
        return {"chunks": k + 1}

    def part_files(self) -> list[Path]:
        return sorted(path for path in self.parts.iterdir() if _PART.fullmatch(path.name))

    def ensure_schema(self) -> None:
        """A run without records still gets one (empty) part, so that readers find the columns."""
        if not self.part_files():
            records_to_table([]).to_parquet(self.parts / "part-000000.parquet", index=False,
                                            engine="pyarrow")

    def close(self) -> None:
        pass

    def publish(self) -> None:
        if not self.parts.exists():
            if self.target.is_dir():
                return  # published by a run killed just after
            raise RuntimeError(f"neither {self.parts} nor {self.target} exists")
        self.ensure_schema()
        if self.target.exists() or self.target.is_symlink():
            old = self.target.with_name(f".{self.target.name}.old-{secrets.token_hex(4)}")
            os.replace(self.target, old)
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.parts, self.target)


class DuckDBSink(ParquetSink):
    """Parquet parts loaded into a DuckDB table in one transaction."""

    def __init__(self, work_dir: Path, output: Path, table: str):
        super().__init__(work_dir, output)
        self.table = table

    def publish(self) -> None:
        import duckdb

        self.ensure_schema()
        files = [str(path) for path in self.part_files()]
        self.target.parent.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(self.target))
        try:
            connection.execute("BEGIN TRANSACTION")
            connection.execute(f"CREATE OR REPLACE TABLE {quote_identifier(self.table)} AS "
                               f"SELECT * FROM read_parquet(?)", [files])
            connection.execute("COMMIT")
        finally:
            connection.close()


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def make_sink(fmt: str, work_dir: Path, output: Path, table: str = "records"):
    if fmt == "jsonl":
        return JsonlSink(work_dir, output)
    if fmt == "parquet":
        return ParquetSink(work_dir, output)
    if fmt == "duckdb":
        return DuckDBSink(work_dir, output, table)
    raise ValueError(f"the batch engine writes jsonl, parquet or duckdb, not {fmt!r}")
