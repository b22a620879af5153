"""Peer test suites: our extractor against NewsQuant, Recognizers-Text and quantulum3 on their own
data, side by side with the peers (see eval/README.md, "Peer suites").

The suites are read from ../shared/external (never copied into the repository); a command whose
data is absent prints why and exits 0.
"""
