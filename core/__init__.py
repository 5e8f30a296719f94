"""Leaf modules every package may import: settings, the one text decoder, the extraction result
types and the reference data (kommuner, regions, parties).

Nothing here imports from `kommunevagt`, `crawler`, `nlp`, `store` or `ui`, so every arrow in the
layer diagram (see ARCHITECTURE.md) can point down to it.
"""
