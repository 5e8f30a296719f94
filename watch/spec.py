"""Checks on what a user types for a new watch, shared by `kommunevagt watch add` and the UI."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


def parse_email(address: str) -> str:
    """The normalised address; ValueError with one line otherwise.

    Syntax only (no DNS look-up): the machine may be offline, and the SMTP server decides later.
    """
    try:
        return str(validate_email(address.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise ValueError(f"invalid e-mail address {address!r}: {exc}") from None
