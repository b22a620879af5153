"""Build the spaCy pipeline and turn Documents into figure records."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .document import Document
from .records import figure_record
from .settings import Settings


def build_nlp(settings: Settings) -> Language:
    """spaCy's blank English tokenizer (or a trained pipeline) plus the figure components."""
    if settings.model:
        nlp = spacy.load(settings.model, exclude=["ner", "lemmatizer"])
    else:
        nlp = spacy.blank(settings.language)
    for name in components.PIPELINE:
        if name == "econ_sentences":
            if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
                nlp.add_pipe(name)
        else:
            nlp.add_pipe(name)
    if settings.quantities:
        nlp.add_pipe("econ_quantities")
    return nlp


class Extractor:
    """Owns one spaCy ``Language``; turns Documents into SCHEMA §2 record dicts."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.nlp = build_nlp(self.settings)

    def _make_doc(self, document: Document):
        doc = self.nlp.make_doc(document.text)
        doc._.published = document.published
        doc._.doc_id = document.id
        return doc

    def _records(self, doc, document: Document) -> list[dict]:
        records = [figure_record(f, document.text, document) for f in doc._.figures or []]
        return [r for r in records if r["confidence"] >= self.settings.min_confidence]

    def parse(self, document: Document):
        """The spaCy Doc, with ``doc._.figures`` and ``doc.spans['figures']``."""
        return self.nlp(self._make_doc(document))

    def process(self, document: Document) -> list[dict]:
        """Records of one document (raises on a document the pipeline cannot handle)."""
        return self._records(self.parse(document), document)

    def pipe(self, documents: Iterable[Document], batch_size: int = 32
             ) -> Iterator[tuple[Document, list[dict] | Exception]]:
        """Records per document, in order; a failing document yields its exception instead."""
        for document in documents:
            try:
                yield document, self.process(document)
            except Exception as error:  # noqa: BLE001 - reported per document, run goes on
                yield document, error
