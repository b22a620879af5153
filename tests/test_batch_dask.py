"""The Dask engine on a real LocalCluster of separate worker processes (loopback only) gives
exactly the output of the local engine."""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from test_batch_support import read_jsonl, run_cli, team_entries, write_feed

pytest.importorskip("distributed")

from extractor.pipeline import Extractor  # noqa: E402


@pytest.mark.slow
def test_batch_dask_local_cluster_gives_exactly_the_records_of_the_local_engine(tmp_path):
    from distributed import Client, LocalCluster

    entries = team_entries(120, seed=11)
    feed = write_feed(tmp_path / "feed.jsonl", [*entries[:60], "{broken", dict(entries[3], id="copy"),
                                                *entries[60:]])
    local = tmp_path / "local" / "records.jsonl"
    common = ["--chunk-size", "10", "--quiet"]
    result = run_cli("extract", feed, "-o", local, "--workers", "2", *common, factory=Extractor)
    assert result.exit_code == 1, result.output  # the broken line
    local_parquet = tmp_path / "local" / "records.parquet"
    assert run_cli("extract", feed, "-o", local_parquet, "--workers", "2", *common,
                   factory=Extractor).exit_code == 1

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        out = tmp_path / "dask" / "records.jsonl"
        result = run_cli("extract", feed, "-o", out, "--engine", "dask", "--scheduler", address,
                         *common, factory=Extractor)
        assert result.exit_code == 1, result.output
        parquet = tmp_path / "dask" / "records.parquet"
        assert run_cli("extract", feed, "-o", parquet, "--engine", "dask", "--scheduler", address,
                       *common, factory=Extractor).exit_code == 1
        # The documents were processed in the cluster's worker processes, not here.
        worker_pids = client.run(os.getpid)
        built = client.run(lambda: len(__import__("extractor.batch.work", fromlist=["x"])._EXTRACTORS))
    assert os.getpid() not in worker_pids.values() and len(set(worker_pids.values())) == 2
    assert sum(built.values()) >= 1

    assert out.read_bytes() == local.read_bytes()
    records = read_jsonl(out)
    assert len(records) > 300 and len({r["doc_id"] for r in records}) > 100
    errors = out.with_name("records.jsonl.errors.jsonl")
    assert errors.read_bytes() == local.with_name("records.jsonl.errors.jsonl").read_bytes()
    manifest = json.loads(out.with_name("records.jsonl.manifest.json").read_text())
    local_manifest = json.loads(local.with_name("records.jsonl.manifest.json").read_text())
    assert manifest["counts"] == local_manifest["counts"]
    assert manifest["counts"]["duplicates_by"] == {"id": 0, "text": 1}
    assert (manifest["counts"]["documents"], manifest["counts"]["errors"]) == (120, 1)
    assert manifest["engine"] == {"name": "dask", "workers": None, "scheduler": address}
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), pd.read_parquet(local_parquet))
    assert sorted(p.name for p in parquet.iterdir()) == sorted(p.name for p in local_parquet.iterdir())
