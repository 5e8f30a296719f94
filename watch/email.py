"""The e-mail digest: one message per watch and run, Danish, HTML plus plain text, over SMTP.

Sent with the standard library (`smtplib`, `email.message.EmailMessage`), since a digest is one
message and needs nothing asynchronous. Every SMTP failure (refused, timed out, dropped, a 4xx/5xx
answer) becomes `DeliveryError` with one line; the caller keeps the items pending.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from core.settings import Settings
from store.queries.watch_match import AlertItem
from watch import render


class DeliveryError(RuntimeError):
    """A channel could not deliver; `str()` is one line for the run summary."""


def compose(
    *, watch_name: str, items: list[AlertItem], recipients: list[str], settings: Settings
) -> EmailMessage:
    """The digest message for `items`."""
    count = f"{len(items)} nyt fund" if len(items) == 1 else f"{len(items)} nye fund"
    message = EmailMessage()
    message["Subject"] = f"Kommunevagt: {count} i »{watch_name}«"
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="kommunevagt")
    intro = f"Overvågningen »{watch_name}« har {count}."
    text = "\n\n".join([intro, *(render.item_text(item, settings.ui_url) for item in items)])
    text += "\n\n-- \nSendt af Kommunevagt. Skift eller stop overvågningen med `kommunevagt watch`.\n"
    message.set_content(text)
    blocks = "\n<hr>\n".join(render.item_html(item, settings.ui_url) for item in items)
    html = (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"></head><body>'
        f"<p>{render.escape(intro)}</p>\n{blocks}\n"
        "<p><small>Sendt af Kommunevagt.</small></p></body></html>"
    )
    message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage, settings: Settings) -> None:
    """Deliver over SMTP as configured (KOMMUNEVAGT_SMTP_*); DeliveryError on any failure."""
    where = f"SMTP {settings.smtp_host}:{settings.smtp_port}"
    try:
        if settings.smtp_security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout,
                context=ssl.create_default_context(),
            )  # fmt: skip
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password or "")
            refused = client.send_message(message)
        if refused:
            raise DeliveryError(f"{where} refused {', '.join(sorted(refused))}")
    except smtplib.SMTPResponseException as exc:
        detail = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise DeliveryError(f"{where} answered {exc.smtp_code} {detail}".strip()) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {exc or type(exc).__name__}") from exc
