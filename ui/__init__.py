"""Kommunevagt ui package."""
