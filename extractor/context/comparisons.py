"""What a change or rate is compared with, once periods are known.

- A change whose clause names its comparison period ("rose 10% from December") gets the basis
  that period implies: the previous period → ``pop``, the same period a year earlier → ``yoy``.
- A rate compared with the previous period takes the variant SCHEMA §3 asks for
  (``inflation.mom``, ``gdp_growth.qoq``).
- A quarterly GDP growth rate with no stated basis (no cue, no year-earlier period) follows
  the national headline convention (``gdp_quarterly_headline_qoq`` in geo.yaml).
"""
from __future__ import annotations

from ..figures import Figure
from ..lexicon import Lexicon
from .periods import Period, PeriodMention, resolve
from .state import DocState

_RATE_VARIANT = {"inflation": ".mom", "gdp_growth": ".qoq"}
_WINDOW = 40


def _months_between(later: str, earlier: str) -> int:
    return (int(later[:4]) - int(earlier[:4])) * 12 + int(later[5:7]) - int(earlier[5:7])


def _comparison_mention(state: DocState, fig: Figure) -> PeriodMention | None:
    layout = state.layout
    for mention in state.periods:
        if not mention.comparison or not (fig.sentence_start <= mention.start < fig.sentence_end):
            continue
        after = mention.start >= fig.end and mention.start - fig.end <= _WINDOW
        before = mention.end <= fig.start and layout.breaks_between(mention.end, fig.start) == 0
        if (after or before) and not state.figure_between(
                min(mention.end, fig.end), max(mention.start, fig.start), exclude=fig):
            return mention
    return None


def _implied_basis(fig: Figure, compared: Period) -> str | None:
    if not fig.period_end or len(fig.period_end) != 7:
        return None
    current = Period(fig.period_start, fig.period_end)
    gap = _months_between(current.end, compared.end[:7])
    length = _months_between(current.end, current.start[:7]) + 1
    if gap == 12:
        return "yoy"
    if gap == length:
        return "pop"
    return None


def _has_basis_cue(state: DocState, fig: Figure) -> bool:
    return any(state.layout.breaks_between(c.start, fig.start) == 0
               for c in state.sentence_cues("basis", fig))


def assign_comparisons(state: DocState, lexicon: Lexicon) -> None:
    for fig in state.figures:
        mention = _comparison_mention(state, fig)
        is_rate = fig.measure in _RATE_VARIANT
        basis = None
        if mention is not None and (fig.role.startswith("change") or is_rate):
            current = Period(fig.period_start, fig.period_end) if fig.period_end else None
            compared = resolve(mention, state.published, current)
            basis = _implied_basis(fig, compared) if compared else None
            if basis and fig.role.startswith("change"):
                fig.basis = basis
            if basis == "pop" and is_rate and fig.role == "level":
                fig.measure += _RATE_VARIANT[fig.measure]
        if fig.measure == "gdp_growth" and fig.role == "level" and fig.period_end \
                and Period(fig.period_start, fig.period_end).granularity == "month":
            fig.measure = "gdp_growth.mom"  # monthly GDP is stated month-on-month
        if fig.measure == "gdp_growth" and fig.role == "level" and fig.period_end \
                and Period(fig.period_start, fig.period_end).granularity == "quarter" \
                and fig.reporter in lexicon.gdp_quarterly_headline_qoq \
                and not _has_basis_cue(state, fig) and basis != "yoy":
            # "compared with the same quarter of 2024, output was 1.3% higher" is annual
            fig.measure = "gdp_growth.qoq"
