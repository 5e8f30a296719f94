"""Overvågning: saved searches that alert by e-mail, webhook and Atom feed.

A product feature on top of the store, beside the UI: it reads matches through `store.watches`
and `store.queries.watch_match` and sends them; it holds no SQL of its own.
"""
