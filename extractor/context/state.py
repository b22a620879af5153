"""The per-document state the context components share: text, layout, cues, figures."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from ..document import Published
from ..figures import Figure
from .cues import Cue, CueIndex
from .layout import Layout
from .periods import PeriodMention


@dataclass
class DocState:
    text: str
    layout: Layout
    cues: CueIndex
    figures: list[Figure]
    periods: list[PeriodMention] = field(default_factory=list)
    published: Published | None = None
    main_economies: list[str] = field(default_factory=list)

    def sentence_figures(self, fig: Figure) -> list[Figure]:
        return [f for f in self.figures if f.sentence_start == fig.sentence_start]

    def figure_between(self, a: int, b: int, exclude: Figure | None = None) -> bool:
        lo, hi = min(a, b), max(a, b)
        return any(f is not exclude and lo <= f.start and f.end <= hi for f in self.figures)

    @cached_property
    def _figure_spans(self) -> tuple[list[int], list[int]]:
        spans = sorted((f.start, f.end) for f in self.figures)
        return [s for s, _ in spans], [e for _, e in spans]

    def inside_figure(self, cue: Cue) -> bool:
        # Figures never overlap, so only the last figure starting at or before the cue can hold it.
        starts, ends = self._figure_spans
        i = bisect.bisect_right(starts, cue.start) - 1
        return i >= 0 and cue.end <= ends[i]

    def sentence_cues(self, category: str, fig: Figure) -> list[Cue]:
        return [c for c in self.cues.in_range(category, fig.sentence_start, fig.sentence_end)
                if not self.inside_figure(c)]
