"""Build the spaCy pipeline and turn Documents into figure records."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .document import Document
from .settings import Settings


class Extractor:
    """Owns one spaCy ``Language``; turns Documents into SCHEMA §2 record dicts."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()

    def process(self, document: Document) -> list[dict]:
        """Records of one document (raises on a document the pipeline cannot handle)."""
        raise NotImplementedError

    def pipe(self, documents: Iterable[Document], batch_size: int = 32
             ) -> Iterator[tuple[Document, list[dict] | Exception]]:
        """Records per document, in order; a failing document yields its exception instead."""
        raise NotImplementedError
