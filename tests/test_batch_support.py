"""Shared helpers of the batch tests (no tests here): feeds generated from corpus/team and a fake
extractor. They live in a module of their own so that worker processes can import them."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import time
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import build_app
from extractor.document import Document
from extractor.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
TEAM = REPO_ROOT / "corpus" / "team"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def team_paragraphs() -> list[tuple[str, str | None]]:
    """(paragraph, publication date) of every paragraph of the team's articles."""
    meta = {}
    for line in (TEAM / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        meta[entry["id"]] = entry.get("published")
    paragraphs = []
    for path in sorted(TEAM.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if len(paragraph.split()) >= 8:
                paragraphs.append((paragraph.strip(), meta.get(path.stem)))
    return paragraphs


def team_entries(count: int, seed: int = 7, paragraphs_per_doc: int = 2) -> list[dict]:
    """``count`` feed entries, each a few random paragraphs of the team corpus with a unique
    closing line (so that no two have the same text), dated like their first paragraph."""
    rng = random.Random(seed)
    paragraphs = team_paragraphs()
    entries = []
    for index in range(count):
        chosen = rng.sample(paragraphs, paragraphs_per_doc)
        text = "\n\n".join(p for p, _ in chosen) + f"\n\nReport {index} of the generated feed."
        entries.append({"id": f"gen-{index:05d}", "text": text, "published": chosen[0][1]})
    return entries


def write_feed(path: Path, lines: list[dict | str | bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line, ensure_ascii=False)
            stream.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


class FakeExtractor:
    """One record per number. Markers in the text: FAIL raises, SLOW sleeps (a time limit stops
    it), STUCK sleeps with SIGALRM blocked (only killing the worker stops it), CRASH kills its
    own process."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def process(self, document: Document) -> list[dict]:
        text = document.text
        if "FAIL" in text:
            raise RuntimeError("the parser gave up")
        if "SLOW" in text:
            time.sleep(30)
        if "STUCK" in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if "CRASH" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        return [{"doc_id": document.id, "start": m.start(), "end": m.end(), "mention": m.group(),
                 "value": float(m.group()),
                 "published": str(document.published) if document.published else None}
                for m in NUMBER.finditer(text)]

    def pipe(self, documents):
        for document in documents:
            try:
                yield document, self.process(document)
            except Exception as exc:  # noqa: BLE001
                yield document, exc


def run_cli(*args, factory=FakeExtractor):
    """The CLI in this process with ``factory`` (the fake by default); the click Result."""
    return CliRunner().invoke(build_app(factory), [str(arg) for arg in args])
