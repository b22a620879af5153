"""The per-document state the context components share: text, layout, cues, figures."""
from __future__ import annotations

from dataclasses import dataclass, field

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

    def inside_figure(self, cue: Cue) -> bool:
        return any(f.start <= cue.start and cue.end <= f.end for f in self.figures)

    def sentence_cues(self, category: str, fig: Figure) -> list[Cue]:
        return [c for c in self.cues.in_range(category, fig.sentence_start, fig.sentence_end)
                if not self.inside_figure(c)]
