"""Messages rendered from templates, always in Vietnamese.

Each message is one template, `notifications/messages/<audience>/<kind>.txt`, with
three blocks: `subject`, `sms` and `body`. The e-mail wraps the body in a greeting,
the link and a signature (`notifications/email.txt` and `email.html`); the SMS is
fitted to SMS_MAX_PARTS parts; the in-app notice shows the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import sms

PARTS = ("subject", "sms", "body")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    text: str
    html: str
    sms: str
    link: str


def render(template: str, context: dict[str, Any]) -> Message:
    """Render `template` (e.g. "applicant/receive") with `context`.

    The language is the portal's own, whatever the language of the person acting:
    a clerk browsing in English still sends the citizen Vietnamese.
    """
    context = {"portal": settings.PROVINCE_NAME, "link": "", **context}
    with translation.override(settings.LANGUAGE_CODE):
        parts = {
            part: render_to_string(
                f"notifications/messages/{template}.txt", {**context, "part": part}
            ).strip()
            for part in PARTS
        }
        body = _tidy(parts["body"])
        subject = " ".join(parts["subject"].split())[:255]
        wrapper = {
            **context,
            "subject": subject,
            "body": body,
            "paragraphs": body.split("\n\n"),
        }
        text = _tidy(render_to_string("notifications/email.txt", wrapper))
        html = render_to_string("notifications/email.html", wrapper)
    return Message(
        subject=subject,
        body=body,
        text=text,
        html=html,
        sms=sms.fit(parts["sms"], parts=settings.SMS_MAX_PARTS),
        link=context["link"],
    )


def _tidy(text: str) -> str:
    """Trim each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def lookup_link(code: str) -> str:
    """The public progress page with the code filled in (as the forms' QR codes)."""
    return absolute(f"{reverse('dossiers:lookup')}?{urlencode({'code': code})}")


def dossier_link(code: str) -> str:
    """The dossier's page for staff."""
    return absolute(reverse("dossiers:detail", args=[code]))


def worklist_link() -> str:
    return absolute(reverse("dossiers:processing"))


def when(moment: datetime | None) -> str:
    """ "17:00 ngày 12/03/2026" in the portal's time zone; empty for no moment."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(time)s ngày %(date)s") % {
            "time": local.strftime("%H:%M"),
            "date": local.strftime("%d/%m/%Y"),
        }
