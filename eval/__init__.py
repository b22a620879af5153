"""Evaluation of the extractor: gold loading, the SCHEMA §6 scorer, and a speed benchmark."""
