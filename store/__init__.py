"""Kommunevagt store package."""
