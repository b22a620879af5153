"""The spaCy components of the pipeline, all registered here.

    econ_sentences  -> token.is_sent_start          (skipped when a parser already set them)
    econ_figures    -> doc._.figures, doc.spans["figures"], doc._.econ_state
    econ_measures   -> Figure.measure/sector/role/basis/approx/status, sign of value
    econ_geo        -> Figure.reporter/partner (and yen/yuan for "¥")
    econ_periods    -> Figure.period_start/period_end
    econ_comparisons-> Figure.basis from comparison periods; .mom/.qoq variants
    econ_sources    -> Figure.source
    econ_equivalents-> converted equivalents take their original's context
    econ_quantities -> (Settings(quantities=True) only) every other number with its unit

Every component reads the lexicon from ``resources_dir`` (default: the packaged tables).
The publication date is per document: set ``doc._.published`` before running the pipeline.
"""
from __future__ import annotations

from pathlib import Path

import numpy
import regex
from spacy.language import Language
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from .context.comparisons import assign_comparisons
from .context.cues import CueMatcher
from .context.equivalents import inherit_from_originals, link_equivalents
from .context.geo import assign_geo
from .context.layout import build_layout, split_sentences, trim_span
from .context.measure import assign_measures
from .context.period_links import assign_periods
from .context.periods import PeriodFinder
from .context.source import assign_sources
from .context.state import DocState
from .figures import FigureFinder
from .quantities import QuantityFinder
from .lexicon import RESOURCES_DIR, load_lexicon

for _name, _default in (("published", None), ("doc_id", None), ("figures", None),
                        ("econ_state", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _lexicon(resources_dir: str | None):
    return load_lexicon(Path(resources_dir) if resources_dir else RESOURCES_DIR)


@Language.factory("econ_sentences", assigns=["token.is_sent_start"],
                  default_config={})
def make_sentences(nlp: Language, name: str):
    def econ_sentences(doc: Doc) -> Doc:
        if doc.has_annotation("SENT_START"):
            return doc
        starts = {s for s, _ in split_sentences(doc.text)}
        # One array write instead of a setter per token (each checks the Doc's annotation).
        flags = numpy.array([1 if token.i == 0 or token.idx in starts else -1 for token in doc],
                            dtype="int64")
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc
    return econ_sentences


def _publish(doc: Doc, figures: list) -> None:
    """Expose figures as ``doc._.figures`` and as the span group ``doc.spans["figures"]``."""
    doc._.figures = figures
    spans = [doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand") for f in figures]
    doc.spans["figures"] = [span for span in spans if span is not None]


class FigureComponent:
    """Finds figures, indexes cues and periods, and builds the per-document state."""

    def __init__(self, nlp: Language, resources_dir: str | None):
        self.lexicon = _lexicon(resources_dir)
        self.finder = FigureFinder(self.lexicon)
        self.periods = PeriodFinder(self.lexicon)
        self.cues = CueMatcher(nlp.vocab, self.lexicon, nlp.make_doc)
        self.furniture = [regex.compile(p, regex.IGNORECASE) for p in self.lexicon.furniture_patterns]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        sentences = [trim_span(text, s.start_char, s.end_char) for s in doc.sents] \
            if doc.has_annotation("SENT_START") else split_sentences(text)
        found = self.finder.find(text)
        layout = build_layout(text, sentences, self.lexicon.clause_breaks, self.furniture,
                              self.lexicon.clause_breaks_after_figure, [f.end for f in found])
        figures = [f for f in found if not layout.is_furniture(f.start)]
        for fig in figures:
            fig.sentence_start, fig.sentence_end = layout.sentence_of(fig.start)
        state = DocState(text=text, layout=layout, cues=self.cues.index(doc), figures=figures,
                         periods=self.periods.find(text), published=doc._.published)
        link_equivalents(state)
        doc._.econ_state = state
        _publish(doc, figures)
        return doc


@Language.factory("econ_figures", assigns=["doc._.figures", "doc.spans"],
                  default_config={"resources_dir": None})
def make_figures(nlp: Language, name: str, resources_dir: str | None):
    return FigureComponent(nlp, resources_dir)


def _state_step(step, needs_lexicon: bool = True):
    """Wrap a context function as a component acting on doc._.econ_state."""
    def factory(nlp: Language, name: str, resources_dir: str | None):
        lexicon = _lexicon(resources_dir)

        def component(doc: Doc) -> Doc:
            state = doc._.econ_state
            if state is not None:
                step(state, lexicon) if needs_lexicon else step(state)
            return doc
        return component
    return factory


Language.factory("econ_measures", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None}, func=_state_step(assign_measures))
Language.factory("econ_geo", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None}, func=_state_step(assign_geo))
Language.factory("econ_periods", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None}, func=_state_step(assign_periods))
Language.factory("econ_comparisons", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None}, func=_state_step(assign_comparisons))
Language.factory("econ_sources", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None}, func=_state_step(assign_sources))
Language.factory("econ_equivalents", assigns=["doc._.figures"], requires=["doc._.figures"],
                 default_config={"resources_dir": None},
                 func=_state_step(inherit_from_originals, needs_lexicon=False))

class QuantityComponent:
    """Settings(quantities=True): every other number with its unit, given context in a state of
    its own so that the economic records are exactly those of the default pipeline."""

    def __init__(self, nlp: Language, resources_dir: str | None):
        self.lexicon = _lexicon(resources_dir)
        self.finder = QuantityFinder(Path(resources_dir) if resources_dir else RESOURCES_DIR)

    def __call__(self, doc: Doc) -> Doc:
        economic = doc._.econ_state
        if economic is None:
            return doc
        found = self.finder.find(doc.text, [(f.start, f.end) for f in economic.figures])
        quantities = [f for f in found if not economic.layout.is_furniture(f.start)]
        for fig in quantities:
            fig.sentence_start, fig.sentence_end = economic.layout.sentence_of(fig.start)
        state = DocState(text=doc.text, layout=economic.layout, cues=economic.cues,
                         figures=quantities, periods=economic.periods,
                         published=economic.published)
        for step in (assign_measures, assign_geo, assign_periods, assign_comparisons,
                     assign_sources):
            step(state, self.lexicon)
        _publish(doc, sorted(list(economic.figures) + quantities, key=lambda f: f.start))
        return doc


@Language.factory("econ_quantities", assigns=["doc._.figures", "doc.spans"],
                  requires=["doc._.figures"], default_config={"resources_dir": None})
def make_quantities(nlp: Language, name: str, resources_dir: str | None):
    return QuantityComponent(nlp, resources_dir)


PIPELINE = ("econ_sentences", "econ_figures", "econ_measures", "econ_geo", "econ_periods",
            "econ_comparisons", "econ_sources", "econ_equivalents")
