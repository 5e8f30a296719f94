"""Kommunevagt crawler package."""
