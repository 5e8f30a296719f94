"""Scrapy settings for the Kommunevagt crawler (see `base.py`; environment overrides the numbers)."""

from crawler.settings.base import *  # noqa: F401,F403
