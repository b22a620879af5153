"""Attach context to figures: what they measure, whose, when, on what basis, from whom."""
