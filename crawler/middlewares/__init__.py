"""Downloader middlewares of the Kommunevagt crawler."""
