"""Writing the outbox: a cause's notifications, in the cause's own transaction.

The rows are written inside the caller's transaction and their sending is queued on
commit (notifications.services.sending), so a rolled-back transition sends nothing
and a committed one always leaves its rows, even when Redis is down. The key of a
row names its cause and recipient: the same cause never writes two rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import DomainError
from dossiers.events import Transitioned
from dossiers.models import Dossier, DossierEvent
from notifications import rendering, selectors
from notifications.models import (
    Channel,
    Notification,
    NotificationPreference,
    Status,
)
from notifications.services.sending import queue_on_commit

logger = logging.getLogger(__name__)

# Who hears of a dossier event (the dossier effects name them).
APPLICANT, ASSIGNEE = "applicant", "assignee"
LEADERS, CLERKS = "leaders", "clerks"
# Whom a transition tells, as the workflow table declares it.
AUDIENCE_OF_EFFECT = {
    "notify_applicant": APPLICANT,
    "notify_assignee": ASSIGNEE,
    "notify_leaders": LEADERS,
    "notify_clerks": CLERKS,
}


@dataclass(frozen=True)
class Target:
    channel: str
    recipient: str
    user: User | None


def notify_transition(change: Transitioned) -> None:
    """Subscriber (in the transaction) of every published dossier transition: the
    audiences its `notify_*` effects name are told."""
    for effect in change.effects:
        if effect in AUDIENCE_OF_EFFECT:
            notify_dossier_event(
                event=change.event, audience=AUDIENCE_OF_EFFECT[effect]
            )


def notify_dossier_event(*, event: DossierEvent, audience: str) -> list[Notification]:
    """Write the notifications of a dossier transition and queue them on commit.

    Runs inside dossier_apply_action's transaction, under the dossier's row lock
    (through `notify_transition`). The applicant hears by SMS and/or e-mail; staff
    get an in-app notice too: `assignee` the officer (or the leaders before
    assignment), `leaders` the processing agency's leaders (a dossier to assign or
    to sign), `clerks` the receiving counter (an online dossier arrived, a result to
    hand over).
    """
    dossier = event.dossier
    if not dossier.code:  # a draft withdrawn before submission: nothing to tell
        return []
    context = {**dossier_context(dossier, event), "from_status": event.from_status}
    key = f"event:{event.pk}:{audience}"
    if audience == APPLICANT:
        return notify_applicant(
            dossier=dossier, template=f"applicant/{event.action}", key=key, **context
        )
    context["link"] = rendering.dossier_link(dossier.code)
    return notify_staff(
        users=selectors.staff_to_notify(dossier, audience),
        template=f"staff/{event.action}",
        key=key,
        dossier=dossier,
        kind=f"staff_{event.action}",
        **context,
    )


def notify_applicant(
    *, dossier: Dossier, template: str, key: str, **context: Any
) -> list[Notification]:
    """Tell a dossier's applicant, by the channels they chose, at the addresses on
    the dossier; rows are written in the caller's transaction."""
    preference = selectors.preference_for(dossier.owner)
    targets = [
        Target(channel, address, dossier.owner)
        for channel, address in route(
            preference, email=dossier.applicant_email, phone=dossier.applicant_phone
        )
    ]
    message = rendering.render(template, {"name": dossier.applicant_name, **context})
    return _write(targets, message, kind=_kind(template), key=key, dossier=dossier)


def notify_staff(
    *,
    users: Iterable[User],
    template: str,
    key: str,
    dossier: Dossier | None = None,
    kind: str = "",
    **context: Any,
) -> list[Notification]:
    """Tell staff members: an in-app notice, plus SMS and/or e-mail as they chose."""
    rows: list[Notification] = []
    for user in users:
        preference = selectors.preference_for(user)
        targets = [Target(Channel.IN_APP, "", user)] + [
            Target(channel, address, user)
            for channel, address in route(
                preference, email=user.email, phone=user.phone
            )
        ]
        message = rendering.render(template, {**context, "name": user.full_name})
        rows += _write(
            targets,
            message,
            kind=kind or _kind(template),
            key=f"{key}:u{user.pk}",
            dossier=dossier,
        )
    return rows


def notify_address(
    *,
    channel: str,
    recipient: str,
    template: str,
    key: str,
    user: User | None = None,
    dossier: Dossier | None = None,
    **context: Any,
) -> list[Notification]:
    """One message to one given address (a one-time code to the contact written on
    a dossier), whatever the person's preferences; written in the caller's
    transaction and sent on commit."""
    message = rendering.render(template, context)
    target = Target(channel, recipient.strip(), user)
    return _write([target], message, kind=_kind(template), key=key, dossier=dossier)


def route(
    preference: NotificationPreference, *, email: str, phone: str
) -> list[tuple[str, str]]:
    """The (channel, address) pairs to use: the chosen channels that have an
    address or, when none has, whichever has one, so that the person still hears."""
    available: list[tuple[str, str]] = [
        (channel, address.strip())
        for channel, address in ((Channel.SMS, phone), (Channel.EMAIL, email))
        if address and address.strip()
    ]
    return [pair for pair in available if preference.wants(pair[0])] or available


def _kind(template: str) -> str:
    return template.rpartition("/")[2]


def _write(
    targets: list[Target],
    message: rendering.Message,
    *,
    kind: str,
    key: str,
    dossier: Dossier | None,
) -> list[Notification]:
    now = timezone.now()
    rows = []
    for target in targets:
        in_app = target.channel == Channel.IN_APP
        row = _insert(
            Notification(
                key=f"{key}:{target.channel}"[:120],
                kind=kind,
                channel=target.channel,
                recipient=target.recipient,
                user=target.user,
                dossier=dossier,
                subject=message.subject,
                text=_text_for(target.channel, message),
                html=message.html if target.channel == Channel.EMAIL else "",
                link=message.link,
                # An in-app notice is delivered by being written.
                status=Status.SENT if in_app else Status.PENDING,
                sent_at=now if in_app else None,
                created_at=now,
                next_attempt_at=now,
            )
        )
        if row is not None:
            rows.append(row)
    queue_on_commit([row.pk for row in rows if row.status == Status.PENDING])
    return rows


def _text_for(channel: str, message: rendering.Message) -> str:
    if channel == Channel.SMS:
        return message.sms
    return message.text if channel == Channel.EMAIL else message.body


def _insert(notification: Notification) -> Notification | None:
    """Save a new row; None when a row with its key exists (the event or the day's
    reminder was written already)."""
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        if Notification.objects.filter(key=notification.key).exists():
            logger.info("Notification %s exists already.", notification.key)
            return None
        raise
    return notification


# --- People's choices and notices ---


@transaction.atomic
def preference_set(*, user: User, channels: str) -> NotificationPreference:
    if channels not in NotificationPreference.Channels.values:
        raise DomainError("channels", _("Cách nhận thông báo không hợp lệ."))
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channels": channels}
    )
    return preference


def notices_mark_read(*, user: User) -> int:
    return (
        selectors.notices_for(user)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )


# --- Message context ---


def dossier_context(
    dossier: Dossier, event: DossierEvent | None = None
) -> dict[str, Any]:
    """What the message templates may print about a dossier and its event."""
    note = event.note if event else ""
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": _agency_name(dossier.processing_agency),
        "receiving": _agency_name(dossier.receiving_agency),
        "applicant": dossier.applicant_name,
        "due": rendering.when(dossier.due_at),
        "when": rendering.when(event.at if event else timezone.now()),
        "resolved": rendering.when(dossier.resolved_at),
        "note": note,
        "note_short": _sentence(Truncator(note.strip().rstrip(".")).chars(100)),
        "delivery_method": dossier.delivery_method,
        "address": dossier.delivery_address,
        "link": rendering.lookup_link(dossier.code or ""),
    }


def _sentence(text: str) -> str:
    """End with a full stop, unless cut short (…) or empty."""
    return text if not text or text.endswith("…") else f"{text}."


def _agency_name(agency: Any) -> str:
    return str(agency.short_name or agency.name)
