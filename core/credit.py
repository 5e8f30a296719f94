"""How an official figure is credited: Statistics Denmark's terms ask for the source on every
use, so every verdict, export and page names the table with a link. A leaf, so the store's
exports and the statbank package give the same words."""

from __future__ import annotations


def statbank_link(table: str) -> str:
    """The public StatBank page of a table, credited on every verdict."""
    return f"https://www.statbank.dk/{table}"


def credit(table: str) -> str:
    return f"Kilde: Danmarks Statistik, StatBank.dk/{table}"
