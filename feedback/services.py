"""Every write of feedback: reception, the workflow's moves, files, the lookup.

`feedback_submit` creates a feedback (the move `submit` from nothing);
`feedback_apply_action` is the only writer of its status afterwards. Both check the
move in feedback.workflow (role, scope, inputs, guard), append a FeedbackEvent,
apply the move's effects, write the notifications in the same transaction and
publish a FeedbackChanged (the statistics subscribe).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from accounts.models import AdministrativeLevel, Agency, AgencyKind, Role, User
from accounts.permissions import (
    has_role,
    is_system_admin,
    may_act,
    may_view,
    roles_of,
)
from core import uploads
from core.calendar import WorkingCalendar, get_calendar
from core.exceptions import DomainError, InvalidInput, NotFound, TransitionNotAllowed
from core.limits import Limit
from dossiers.models import Dossier
from feedback import events, selectors, workflow
from feedback.models import (
    Feedback,
    FeedbackChannel,
    FeedbackEvent,
    FeedbackFile,
    FeedbackKind,
    FeedbackSequence,
)
from feedback.workflow import NEW, SENDER, Check, FeedbackStatus, Transition
from notifications import rendering
from notifications import selectors as notification_selectors
from notifications.services import outbox
from procedures.models import Procedure

logger = logging.getLogger(__name__)


class FeedbackLimited(DomainError):
    status_code: int = status.HTTP_429_TOO_MANY_REQUESTS


@dataclass(frozen=True)
class Sender:
    name: str
    phone: str
    email: str = ""
    address: str = ""
    id_number: str = ""

    @classmethod
    def of_user(cls, user: User) -> Sender:
        return cls(
            name=user.full_name,
            phone=user.phone,
            email=user.email,
            address=user.address,
            id_number=user.national_id or user.tax_code or "",
        )


@dataclass(frozen=True)
class Content:
    kind: str
    subject: str
    text: str
    publish_name: bool = False
    procedure: Procedure | None = None
    dossier: Dossier | None = None
    agency: Agency | None = None
    files: Sequence[UploadedFile] = field(default_factory=tuple)


# --- Reception ---


def feedback_submit(
    *,
    actor: User | None,
    sender: Sender,
    content: Content,
    channel: str,
    address: str,
) -> Feedback:
    """Receive a feedback online (the sender, signed in or not), at the counter (a
    clerk, for the person in front of them) or through the API.

    Rate limits per client address and per contact apply to everyone but clerks
    (counted before anything is checked, core.limits). A dossier may be linked only
    by its owner (or a clerk who sees it). Writes the feedback, its files and first
    event, the notifications to the sender and the agency's leaders, in one
    transaction.
    """
    clerk = actor is not None and channel == FeedbackChannel.COUNTER
    if actor is not None and clerk and not has_role(actor, Role.CLERK):
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa tiếp nhận phản ánh tại quầy.")
        )
    if not clerk:
        _check_limits(sender, address)
    _check_content(actor, content, clerk=clerk)
    agency = content.agency or _default_agency(content)
    now = timezone.now()
    with transaction.atomic():
        feedback = Feedback(
            code=_next_code(now),
            kind=content.kind,
            channel=channel,
            subject=content.subject.strip(),
            text=content.text.strip(),
            procedure=content.procedure,
            dossier=content.dossier,
            agency=agency,
            owner=None if clerk else actor,
            sender_name=sender.name.strip(),
            sender_phone=sender.phone.strip(),
            sender_email=sender.email.strip(),
            sender_address=sender.address.strip(),
            sender_id_number=sender.id_number.strip(),
            publish_name=content.publish_name,
            received_at=now,
            clock_from=now,
        )
        feedback.save(force_insert=True)
        for upload in content.files:
            feedback_file_store(feedback=feedback, upload=upload)
        transition = workflow.transition_for("submit", NEW)
        assert transition is not None  # noqa: S101 (the table declares it)
        _record_and_apply(feedback, transition, actor, {}, now, from_status=NEW)
    return feedback


def _check_limits(sender: Sender, address: str) -> None:
    limits = (
        (Limit("feedback-address", settings.FEEDBACK_LIMIT_PER_ADDRESS, 3600), address),
        (
            Limit("feedback-contact", settings.FEEDBACK_LIMIT_PER_CONTACT, 86400),
            "".join(c for c in sender.phone if c.isdigit()),
        ),
    )
    # all() stops at the first limit reached: later ones are not counted.
    if not all(limit.hit(identity) for limit, identity in limits):
        raise FeedbackLimited(
            "too_many_feedback",
            _(
                "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử "
                "lại sau."
            ),
        )


def _check_content(actor: User | None, content: Content, *, clerk: bool) -> None:
    if content.kind not in FeedbackKind.values:
        raise InvalidInput("kind", _("Phân loại không hợp lệ."), field="kind")
    if not content.subject.strip() or not content.text.strip():
        raise InvalidInput(
            "text", _("Cần ghi tiêu đề và nội dung phản ánh."), field="text"
        )
    dossier = content.dossier
    if dossier is None:
        return
    owns = actor is not None and dossier.owner_id == actor.pk
    if not owns and not (clerk and actor is not None and may_view(actor, dossier)):
        # The same answer whether the dossier is absent or someone else's.
        raise InvalidInput(
            "dossier", _("Không tìm thấy hồ sơ của bạn với mã này."), field="dossier"
        )


def _default_agency(content: Content) -> Agency:
    """The dossier's processing agency, the procedure's agency, or the provincial
    people's committee for feedback about nothing in particular."""
    if content.dossier is not None:
        return content.dossier.processing_agency
    if content.procedure is not None:
        agency = content.procedure.agencies.order_by("pk").first()
        if agency is not None:
            return agency
    province = (
        Agency.objects.filter(
            kind=AgencyKind.PEOPLES_COMMITTEE, level=AdministrativeLevel.PROVINCE
        )
        .order_by("parent_id", "pk")
        .first()
    )
    if province is None:
        raise DomainError(
            "no_agency", _("Chưa có cơ quan tiếp nhận phản ánh, kiến nghị.")
        )
    return province


def _next_code(now: datetime) -> str:
    """`PAKN-YYMMDD-NNNN`, one sequence per day, unique under concurrency (the
    UPDATE locks the day's row until the transaction ends)."""
    day = timezone.localdate(now)
    FeedbackSequence.objects.get_or_create(day=day)
    FeedbackSequence.objects.filter(day=day).update(last=F("last") + 1)
    number = FeedbackSequence.objects.get(day=day).last
    return f"PAKN-{day:%y%m%d}-{number:04d}"


def feedback_file_store(*, feedback: Feedback, upload: UploadedFile) -> FeedbackFile:
    """Check the file's content and the quota (the dossier upload rules)."""
    used = feedback.files.aggregate(total=Sum("size"))["total"] or 0
    checked = uploads.check_upload(upload, used_bytes=used)
    return FeedbackFile.objects.create(
        feedback=feedback,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )


# --- The workflow's moves ---


def feedback_apply_action(
    *,
    code: str,
    action: str,
    actor: User | None,
    as_sender: bool = False,
    **data: Any,
) -> Feedback:
    """Apply a move; the only way a feedback's status changes after reception.

    `as_sender` is set by the lookup pages once the code and the phone digits were
    proved (an anonymous sender). Locks the row, checks the move, the actor's role
    and scope, the inputs (InvalidInput, 400) and the guard (TransitionNotAllowed,
    409), then records and applies it.
    """
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(code=code)
            .first()
        )
        if feedback is None:
            raise NotFound(
                "not_found", _("Không tìm thấy phản ánh %(code)s.") % {"code": code}
            )
        transition = _allowed(feedback, action, actor, as_sender=as_sender)
        now = timezone.now()
        data = _checked_inputs(transition, feedback, data, now)
        _record_and_apply(feedback, transition, actor, data, now)
    return feedback


def _allowed(
    feedback: Feedback, action: str, actor: User | None, *, as_sender: bool
) -> Transition:
    transition = workflow.transition_for(action, feedback.status)
    if transition is None:
        raise TransitionNotAllowed(
            "state",
            _("Không thể “%(action)s” khi phản ánh đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": feedback.get_status_display()},
        )
    if not actor_may(transition, feedback, actor, as_sender=as_sender):
        raise TransitionNotAllowed(
            "role", _("Bạn không có quyền thực hiện thao tác này với phản ánh.")
        )
    return transition


def actor_may(
    transition: Transition,
    feedback: Feedback,
    actor: User | None,
    *,
    as_sender: bool = False,
) -> bool:
    """The actor holds a role of the move within the feedback's scope. An officer
    acts only on feedback assigned to them or to nobody; leaders on any in scope."""
    is_owner = actor is not None and feedback.owner_id == actor.pk
    if SENDER in transition.roles and (is_owner or as_sender):
        return True
    staff_roles = transition.roles - {SENDER}
    if actor is None or not staff_roles or not may_act(actor, feedback, *staff_roles):
        return False
    held = roles_of(actor) & staff_roles
    officer_only = held == {Role.OFFICER} and not is_system_admin(actor)
    return not (officer_only and feedback.assignee_id not in (None, actor.pk))


def allowed_actions(
    feedback: Feedback, actor: User | None, *, as_sender: bool = False
) -> list[Transition]:
    """The moves `actor` may make now (guards not evaluated)."""
    return [
        transition
        for transition in workflow.TRANSITIONS
        if feedback.status in transition.sources
        and actor_may(transition, feedback, actor, as_sender=as_sender)
    ]


INPUT_MESSAGES = {
    "note": _("Cần ghi rõ lý do hoặc nội dung."),
    "agency": _("Cần chọn cơ quan chuyển đến."),
    "assignee": _("Cần chọn cán bộ xử lý."),
    "answer": _("Cần ghi nội dung trả lời."),
    "duplicate_of": _("Cần chọn phản ánh trùng."),
    "satisfied": _("Cần chọn hài lòng hoặc không hài lòng."),
}
INPUT_TYPES: dict[str, type | tuple[type, ...]] = {
    "note": str,
    "agency": Agency,
    "assignee": User,
    "answer": str,
    "duplicate_of": Feedback,
    "satisfied": bool,
    "public_text": str,
}


def _checked_inputs(
    transition: Transition, feedback: Feedback, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    data = {
        **data,
        **{
            name: str(data.get(name) or "").strip()
            for name in ("note", "answer", "public_text")
        },
    }
    for name in transition.inputs:
        if data.get(name) in (None, ""):
            raise InvalidInput("input_missing", str(INPUT_MESSAGES[name]), field=name)
    for name, kind in INPUT_TYPES.items():
        value = data.get(name)
        if value not in (None, "") and not isinstance(value, kind):
            raise InvalidInput("input_invalid", _("Giá trị không hợp lệ."), field=name)
    assignee = data.get("assignee")
    if isinstance(assignee, User) and (
        assignee.agency_id != feedback.agency_id or not has_role(assignee, Role.OFFICER)
    ):
        raise InvalidInput(
            "assignee",
            _("Chỉ giao cho chuyên viên của %(agency)s.") % {"agency": feedback.agency},
            field="assignee",
        )
    if transition.guard is not None:
        reason = transition.guard(Check(feedback, data, now))
        if reason is not None and reason.field:
            raise InvalidInput(reason.code, reason.message, field=reason.field)
        if reason is not None:
            raise TransitionNotAllowed(reason.code, reason.message)
    return data


# --- Recording and effects ---


@dataclass(frozen=True)
class Effect:
    feedback: Feedback
    event: FeedbackEvent
    data: dict[str, Any]
    now: datetime
    calendar: WorkingCalendar


def _record_and_apply(
    feedback: Feedback,
    transition: Transition,
    actor: User | None,
    data: dict[str, Any],
    now: datetime,
    from_status: str | None = None,
) -> None:
    source = feedback.status if from_status is None else from_status
    feedback.status = workflow.target_of(transition, source)
    event = FeedbackEvent.objects.create(
        feedback=feedback,
        action=transition.action,
        from_status=source,
        to_status=feedback.status,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        agency=actor.agency if actor and actor.agency_id else None,
        at=now,
        note=str(data.get("note") or ""),
        data={**_event_data(data), **_late_facts(feedback, transition.action, now)},
    )
    effect = Effect(feedback, event, data, now, get_calendar())
    for name in transition.effects:
        EFFECTS[name](effect)
    feedback.save()
    events.publish(
        events.FeedbackChanged(
            feedback=feedback,
            event=event,
            source=source,
            target=feedback.status,
            actor=actor,
            at=now,
        )
    )


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    if isinstance(data.get("agency"), Agency):
        kept["agency"] = data["agency"].name
    if isinstance(data.get("assignee"), User):
        kept["assignee"] = data["assignee"].full_name
    if isinstance(data.get("duplicate_of"), Feedback):
        kept["duplicate_of"] = data["duplicate_of"].code
    if isinstance(data.get("satisfied"), bool):
        kept["satisfied"] = data["satisfied"]
    return kept


# Which deadline each move meets (the moment is compared with it when it happens).
DEADLINE_OF = {
    "reject": "reject_due_at",
    "request_info": "info_due_at",
    "approve": "answer_due_at",
    "publish": "publish_due_at",
}


def _late_facts(feedback: Feedback, action: str, now: datetime) -> dict[str, Any]:
    """Whether the move came after its deadline, kept on its event (events are
    never updated)."""
    due = getattr(feedback, DEADLINE_OF.get(action, ""), None)
    return {"late": now > due} if isinstance(due, datetime) else {}


def _set_deadlines(effect: Effect) -> None:
    feedback, start, calendar = (
        effect.feedback,
        effect.feedback.clock_from,
        effect.calendar,
    )
    feedback.reject_due_at = calendar.appointment(start, workflow.REJECT_DAYS)
    feedback.info_due_at = calendar.appointment(start, workflow.INFO_DAYS)
    feedback.answer_due_at = calendar.appointment(start, workflow.ANSWER_DAYS)


def _restart_answer_clock(effect: Effect) -> None:
    """The information asked for arrived: the answer's days count from now."""
    effect.feedback.answer_due_at = effect.calendar.appointment(
        effect.now, workflow.ANSWER_DAYS
    )


def _move_agency(effect: Effect) -> None:
    """The competent agency's days count from the transfer (DOMAIN.md §4.2, 5.2)."""
    feedback = effect.feedback
    feedback.agency = effect.data["agency"]
    feedback.assignee = None
    feedback.clock_from = effect.now
    _set_deadlines(effect)


def _mark_info_request(effect: Effect) -> None:
    effect.feedback.info_requested_at = effect.now


def _set_assignee(effect: Effect) -> None:
    effect.feedback.assignee = effect.data["assignee"]


def _keep_answer(effect: Effect) -> None:
    effect.feedback.answer = effect.data["answer"]


def _set_answered(effect: Effect) -> None:
    feedback = effect.feedback
    feedback.answered_at = effect.now
    feedback.publish_due_at = effect.calendar.appointment(
        effect.now, workflow.PUBLISH_DAYS
    )


def _set_published(effect: Effect) -> None:
    feedback = effect.feedback
    feedback.public_text = effect.data.get("public_text") or feedback.text
    feedback.is_published = True
    feedback.published_at = effect.now
    feedback.closed_at = effect.now


def _close(effect: Effect) -> None:
    feedback = effect.feedback
    feedback.closed_at = effect.now
    feedback.is_spam = feedback.status == FeedbackStatus.SPAM


def _set_duplicate(effect: Effect) -> None:
    effect.feedback.duplicate_of = effect.data["duplicate_of"]


def _set_rating(effect: Effect) -> None:
    effect.feedback.satisfied = effect.data["satisfied"]
    effect.feedback.rated_at = effect.now


def _notify_sender(effect: Effect) -> None:
    """SMS and/or e-mail to the contact the sender gave, as their account chose."""
    feedback, event = effect.feedback, effect.event
    preference = notification_selectors.preference_for(feedback.owner)
    context = message_context(feedback, event)
    for channel, recipient in outbox.route(
        preference, email=feedback.sender_email, phone=feedback.sender_phone
    ):
        outbox.notify_address(
            channel=channel,
            recipient=recipient,
            template=f"feedback/sender_{event.action}",
            key=f"feedback:{event.pk}:sender",
            user=feedback.owner,
            **context,
        )


def _notify_staff(audience: str) -> Callable[[Effect], None]:
    def notify(effect: Effect) -> None:
        feedback, event = effect.feedback, effect.event
        context = message_context(feedback, event)
        context["link"] = _absolute(
            reverse("feedback:staff_detail", args=[feedback.code])
        )
        outbox.notify_staff(
            users=staff_to_notify(feedback, audience),
            template=f"feedback/staff_{event.action}",
            key=f"feedback:{event.pk}:{audience}",
            kind=f"feedback_{event.action}",
            **context,
        )

    return notify


def staff_to_notify(feedback: Feedback, audience: str) -> list[User]:
    """The assigned officer (`assignee`; the leaders while nobody is assigned) or
    the leaders of the feedback's agency (`leaders`)."""
    if audience == "assignee" and feedback.assignee_id is not None:
        return list(User.objects.filter(pk=feedback.assignee_id, is_active=True))
    return list(
        User.objects.filter(
            agency=feedback.agency_id, roles__role=Role.LEADER, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def message_context(feedback: Feedback, event: FeedbackEvent) -> dict[str, Any]:
    return {
        "code": feedback.code,
        "subject": feedback.subject,
        "agency": str(feedback.agency.short_name or feedback.agency.name),
        "when": rendering.when(event.at),
        "due": rendering.when(feedback.next_due_at()),
        "note": event.note,
        "answer": feedback.answer,
        "name": feedback.sender_name,
        "link": _absolute(
            f"{reverse('feedback:lookup')}?{urlencode({'code': feedback.code})}"
        ),
        "public_link": _absolute(
            reverse("feedback:public_detail", args=[feedback.code])
        ),
    }


def _absolute(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


EFFECTS: dict[str, Callable[[Effect], None]] = {
    "set_deadlines": _set_deadlines,
    "restart_answer_clock": _restart_answer_clock,
    "move_agency": _move_agency,
    "mark_info_request": _mark_info_request,
    "set_assignee": _set_assignee,
    "keep_answer": _keep_answer,
    "set_answered": _set_answered,
    "set_published": _set_published,
    "close": _close,
    "set_duplicate": _set_duplicate,
    "set_rating": _set_rating,
    "notify_sender": _notify_sender,
    "notify_leaders": _notify_staff("leaders"),
    "notify_assignee": _notify_staff("assignee"),
}


# --- The follow-up lookup ---


def feedback_lookup_limited(*, code: str, verify: str, address: str) -> Feedback | None:
    """The feedback when `verify` ends the sender's phone number, None when not;
    FeedbackLimited (429) past a limit, without comparing. The same limits and the
    same counting as the dossier lookup (dossiers.services.lookup): the address's
    budget is shared by both lookups."""
    code = code.strip()
    window = settings.LOOKUP_WINDOW_SECONDS
    counted = [
        (Limit("lookup-address", settings.LOOKUP_LIMIT_PER_ADDRESS, window), address),
        (Limit("feedback-lookup-code", settings.LOOKUP_LIMIT_PER_CODE, window), code),
        (
            Limit("feedback-lookup-day", settings.LOOKUP_LIMIT_PER_CODE_DAY, 86400),
            code,
        ),
    ]
    if not all(limit.hit(identity) for limit, identity in counted):
        raise FeedbackLimited(
            "too_many_attempts",
            _(
                "Bạn đã nhập sai quá nhiều lần. Vì an toàn thông tin, vui lòng thử "
                "lại sau 15 phút."
            ),
        )
    feedback = selectors.feedback_lookup(code=code, verify=verify)
    if feedback is not None:
        for limit, identity in counted:
            limit.give_back(identity)
    return feedback
