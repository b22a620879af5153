"""Give each figure its period, in order of evidence:

1. a period expression in the figure's clause (just after it, else before it);
2. the period of another figure of the same measure and unit whose value it restates
   (a headline "$1 trillion" and the body's "$1.08 trillion for the first 11 months");
3. a period expression earlier in the sentence;
4. the period of the previous figure (periods carry across sentences), except for
   forecasts and targets, which default to the publication year;
5. the latest month the article names, else the publication month.
"""
from __future__ import annotations

import regex

from ..figures import Figure
from ..lexicon import Lexicon
from .periods import Period, PeriodMention, published_month, resolve, year_span
from .state import DocState

_AFTER_WINDOW = 35  # characters after a figure where its period may stand ("rose 5% in March")


def _fiscal_start(lexicon: Lexicon, reporter: str | None) -> tuple[int, bool]:
    spec = lexicon.fiscal_years.get(reporter or "", {})
    return int(spec.get("start_month", 1)), bool(spec.get("named_by_end", False))


def _usable(mention: PeriodMention, fig: Figure, lexicon: Lexicon) -> bool:
    if mention.comparison:
        return False  # "rose 10% from December": what it is compared with, not when
    if fig.role and fig.role.startswith("change") and mention.is_shift:
        return False  # "up 5% from a year ago", "up 0.2 points on the previous quarter": the basis
    if mention.kind == "weak" and fig.role == "streak":
        return False
    if mention.kind in ("weekday", "date") and fig.measure not in lexicon.daily_measures:
        return False  # "data showed on Tuesday", "WASHINGTON, March 6": release days
    return True


def _clause_mention(state: DocState, fig: Figure, lexicon: Lexicon) -> PeriodMention | None:
    layout = state.layout
    in_sentence = [m for m in state.periods
                   if fig.sentence_start <= m.start and m.end <= fig.sentence_end
                   and _usable(m, fig, lexicon)]
    if "standing_target" in fig.notes:
        in_sentence = [m for m in in_sentence if m.start >= fig.end]  # only "... target for 2026"
    reach = _linked_end(state, fig)
    after = [m for m in in_sentence if m.start >= fig.end and m.start - reach <= _AFTER_WINDOW
             and layout.breaks_between(fig.end, m.start) == 0
             and not _unlinked_figure_between(state, fig, m.start)]
    if fig.status != "actual":
        # "raised its 2025 growth forecast to 4.45% in August": the forecast is for the year
        years = [m for m in in_sentence if m.kind == "absolute" and m.fields.get("months") == (1, 12)
                 and layout.breaks_between(min(m.end, fig.start), max(m.start, fig.end)) == 0]
        if years and any(m.kind == "absolute" and m.fields.get("months", (0, 0))[0] ==
                         m.fields.get("months", (0, 1))[1] for m in after):
            return years[0]
    if after:
        return after[0]
    # A comparison base before the figure ("rising 1.3% from a year earlier to $58.4 billion")
    # belongs to the change before it, not to this figure.
    before = [m for m in in_sentence if m.end <= fig.start and not m.is_shift
              and layout.breaks_between(m.end, fig.start) == 0]
    return before[-1] if before else None


def _equivalent_of(state: DocState, other: Figure, fig: Figure) -> bool:
    """'₩1.5 trillion ($1.1 billion)': the converted equivalent restates the figure."""
    return other.converted and other.converted_from is not None and \
        state.figures[other.converted_from] is fig


def _linked_end(state: DocState, fig: Figure) -> int:
    """End of the new level a change leads to ("fell 0.5% ... to €129.7 billion") or of the
    figure's converted equivalent, else the figure's own end: the period after either belongs
    to both."""
    for other in state.sentence_figures(fig):
        if _equivalent_of(state, other, fig):
            return other.end
        if other.start >= fig.end and other.start - fig.end <= 40 and regex.search(
                r"\bto\s+(?:about\s+|around\s+|nearly\s+)?$", state.text[fig.end:other.start]) \
                and not regex.search(r"[,;]", state.text[fig.end:other.start]):
            return other.end
    return fig.end


def _unlinked_figure_between(state: DocState, fig: Figure, end: int) -> bool:
    """A figure between this one and a period blocks it, unless it is this change's new level
    ("fell 0.5% month on month to €129.7 billion in August")."""
    for other in state.sentence_figures(fig):
        if fig.end <= other.start and other.end <= end and not _equivalent_of(state, other, fig):
            if not regex.search(r"\bto\s+(?:about\s+|around\s+|nearly\s+)?$",
                                state.text[fig.end:other.start]):
                return True
    return False


def _sentence_mention(state: DocState, fig: Figure, lexicon: Lexicon) -> PeriodMention | None:
    before = [m for m in state.periods
              if fig.sentence_start <= m.start and m.end <= fig.start
              and _usable(m, fig, lexicon) and not m.is_shift and m.kind != "weak"
              and not _is_context_relative(m)]  # "3.2% the previous month" is that figure's
    return before[-1] if before else None


_COMPARED_WITH = regex.compile(r"\b(?:from|than|versus|vs\.?|compared\s+(?:with|to)|against)\s+"
                               r"(?:(?:about|around|nearly|some|the|a|an)\s+)?$")
# "reversing a 0.3% decline in September", "after rising 0.3% in August"
_AFTER_EARLIER = regex.compile(r"\b(?:reversing|after|following)\s+(?:(?:a|an|the)\s+)?(?:\w+\s+)?$")
_COORDINATED = regex.compile(r"\b(?:and|or)\s+$")


def _comparison_figures(state: DocState) -> set[int]:
    """ids of the figures that are earlier values a sentence compares with: 'up from $6.81
    billion', 'from 2.2% in September', and what is coordinated with them."""
    found: set[int] = set()
    for fig in state.figures:  # in text order, so a coordinated figure sees its predecessor
        before = state.text[max(fig.sentence_start, fig.start - 24):fig.start].lower()
        if _COMPARED_WITH.search(before) or _AFTER_EARLIER.search(before):
            found.add(id(fig))
        elif _COORDINATED.search(before):
            earlier = [f for f in state.sentence_figures(fig) if f.end <= fig.start]
            if earlier and id(earlier[-1]) in found:
                found.add(id(fig))
    return found


def _restated(fig: Figure, other: Figure) -> bool:
    if other is fig or other.measure != fig.measure or other.unit != fig.unit:
        return False
    if other.role != fig.role or other.status != fig.status or not other.period_explicit:
        return False
    a, b = fig.value, other.value
    if fig.approx == ">":
        return b > a and b <= a * 1.2
    if fig.approx == "<":
        return b < a and b >= a * 0.8
    if fig.approx == "~":
        return abs(a - b) <= abs(b) * 0.05
    return abs(a - b) <= abs(b) * 1e-4


def _doc_default(state: DocState, lexicon: Lexicon) -> Period | None:
    """The latest single month the article names (data news reports the latest month)."""
    latest = None
    for mention in state.periods:
        if mention.kind != "absolute" or mention.is_shift:
            continue
        period = resolve(mention, state.published, None)
        if period is None or period.granularity != "month":
            continue
        if state.published and state.published.month and period.end > \
                f"{state.published.year:04d}-{state.published.month:02d}":
            continue
        if latest is None or period.end > latest.end:
            latest = period
    if latest is not None:
        return latest
    if state.published is None:
        return None
    if state.published.month is None:
        return year_span(state.published.year)
    return Period(f"{state.published.year:04d}-{state.published.month:02d}",
                  f"{state.published.year:04d}-{state.published.month:02d}")


def _context_period(state: DocState, fig: Figure, resolved: dict[int, Period],
                    compared: set[int]) -> Period | None:
    """What 'last month' is relative to: for an earlier value the sentence compares with, the
    figure it is compared with ("$46.8 billion, down from $48.06 billion last month"); otherwise
    the publication date ("cut its rate to 4.75% last month")."""
    if id(fig) not in compared:
        return None
    for other in state.sentence_figures(fig):
        if other is fig:
            break
        if id(other) in resolved:
            return resolved[id(other)]
    return None


def _moves_topic(carried: Period | None, period: Period, mention: PeriodMention | None,
                 state: DocState) -> bool:
    """Whether a figure's period becomes the one the following sentences are about.

    A wider period ending at the same time ("in the first ten months") does not, nor does an
    earlier one named in passing ("the December gap was revised"); an earlier one introduced as
    a time adjunct ("Exports fell 0.5% in August") does.
    """
    if carried is None:
        return True
    if period.end[:7] == carried.end[:7]:
        return period.start >= carried.start
    if period.end[:7] > carried.end[:7]:
        return True
    if mention is None:
        return False
    before = state.text[max(0, mention.start - 8):mention.start].lower()
    return mention.text.lower().startswith(("in ", "for ", "during ")) or bool(
        regex.search(r"\b(?:in|for|during|over)\s+(?:the\s+)?$", before))


def _rate_over_year(fig: Figure, mention: PeriodMention, period: Period | None,
                    lexicon: Lexicon) -> Period | None:
    """'Prices rose 5.23% in the 12 months to July' is July's annual inflation rate."""
    info = lexicon.measures.get(fig.measure or "")
    if period is not None and info is not None and info.rate and fig.role == "level" \
            and mention.fields.get("months_to", (0,))[0] == 12 and not mention.fields.get("year_ending"):
        return period.last_month
    return period


def _stated_period_only(fig: Figure, lexicon: Lexicon) -> bool:
    info = lexicon.measures.get(fig.measure or "")
    return info is not None and info.stated_period_only


def _is_context_relative(mention: PeriodMention) -> bool:
    return mention.kind == "relative" and mention.fields.get("anchor") == "context"


def assign_periods(state: DocState, lexicon: Lexicon) -> None:
    # Pass 1: periods a figure's own clause states outright, so that restatements can use them.
    explicit: dict[int, Period] = {}
    explicit_mention: dict[int, PeriodMention] = {}
    for fig in state.figures:
        mention = _clause_mention(state, fig, lexicon)
        if mention is not None and not _is_context_relative(mention):
            period = resolve(mention, state.published, None, _fiscal_start(lexicon, fig.reporter),
                             ahead=fig.status != "actual")
            period = _rate_over_year(fig, mention, period, lexicon)
            if period is not None:
                explicit[id(fig)] = period
                explicit_mention[id(fig)] = mention
                fig.period_explicit = mention.kind != "weak"
                fig.period_start, fig.period_end = period.start, period.end

    # Pass 2: in text order, with the carried period as context.
    default = _doc_default(state, lexicon)
    compared = _comparison_figures(state)
    resolved: dict[int, Period] = {}
    carried: Period | None = None
    for fig in state.figures:
        period = explicit.get(id(fig))
        stated_only = _stated_period_only(fig, lexicon)
        carries = fig.status == "actual" and id(fig) not in compared and not stated_only
        if period is None:
            mention = _clause_mention(state, fig, lexicon)
            if mention is not None and _is_context_relative(mention):
                period = resolve(mention, state.published,
                                 _context_period(state, fig, resolved, compared))
                carries = False  # "down from $48bn last month" is a comparison, not the topic
        if period is None and "standing_target" in fig.notes:
            continue  # "above the 2% target": a standing goal, no period
        if period is None:
            restated = next((o for o in state.figures if _restated(fig, o)), None)
            if restated is not None:
                period = explicit[id(restated)]
        if period is None:
            mention = _sentence_mention(state, fig, lexicon)
            if mention is not None:
                period = resolve(mention, state.published,
                                 _context_period(state, fig, resolved, compared),
                                 _fiscal_start(lexicon, fig.reporter), ahead=fig.status != "actual")
        if period is None and (fig.status == "target" or stated_only):
            continue  # "the 2% target", "earmarked $3 billion": no period unless stated
        if period is None and fig.status != "actual" and "consensus" not in fig.notes \
                and state.published is not None:
            period = year_span(state.published.year)
        if period is None and fig.measure in lexicon.daily_measures and fig.role == "level":
            period = published_month(state.published)  # "with the policy rate at 15%": now
        if period is None:
            period = carried or default
        if period is not None and fig.role == "streak" and fig.unit == "month" \
                and period.granularity != "month":
            period = period.last_month
        if period is not None and fig.role == "streak" and fig.unit == "year" \
                and period.granularity != "year" and not fig.period_explicit:
            # "grown for four consecutive years": the run ends with the last full year
            period = year_span(int(period.end[:4]) - 1)
        if period is None:
            continue
        # forecasts too: "to widen to 1.3% in FY2026 from 0.6% the previous year"
        resolved[id(fig)] = period
        fig.period_start, fig.period_end = period.start, period.end
        if carries and _moves_topic(carried, period, explicit_mention.get(id(fig)), state):
            carried = period
