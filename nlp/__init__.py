"""Kommunevagt nlp package."""
