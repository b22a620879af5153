"""Converted equivalents: "1.03 trillion yuan ($142.17 billion)" — the dollar figure restates the
yuan figure in another currency, so it takes the original's context and is marked converted."""
from __future__ import annotations

import regex

from .state import DocState

_LINK = regex.compile(r"\s*(?:\(\s*(?:(?:about|around|roughly|approximately|some|nearly|or|"
                      r"equivalent\s+to|or\s+about|or\s+around|or\s+roughly)\s+)?"
                      r"|,\s*or\s+(?:about\s+|around\s+|roughly\s+)?|\s*/\s*)$", regex.IGNORECASE)


def link_equivalents(state: DocState) -> None:
    for first, second in zip(state.figures, state.figures[1:]):
        if first.kind != "money" or second.kind != "money" or first.unit == second.unit:
            continue
        if first.converted:
            continue
        gap = state.text[first.end:second.start]
        if len(gap) <= 30 and _LINK.fullmatch(gap):
            second.converted = True
            second.converted_from = state.figures.index(first)


_INHERITED = ("measure", "measure_cue", "role", "reporter", "partner", "sector", "period_start",
              "period_end", "period_explicit", "basis", "status", "source")


def inherit_from_originals(state: DocState) -> None:
    for fig in state.figures:
        if fig.converted and fig.converted_from is not None:
            original = state.figures[fig.converted_from]
            for name in _INHERITED:
                setattr(fig, name, getattr(original, name))
            if original.value < 0 < fig.value:
                fig.value = -fig.value
