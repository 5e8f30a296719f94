"""Kommunevagt: a Danish-language monitor of local news, debate posts and council minutes."""

__version__ = "0.1.0"
