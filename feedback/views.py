"""The feedback pages: the sender's form, list and follow-up, the officers'
worklist and detail with the workflow's moves, the public answers.

Every view is parse → selector or service → render; the rules are in
feedback.workflow and feedback.services, which the API calls alike.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.permissions import has_role, is_staff_member, may_view
from core import uploads
from core.client import client_address
from core.exceptions import DomainError, InvalidInput
from dossiers.models import Dossier
from feedback import selectors, services
from feedback.forms import (
    ActionForm,
    CounterFeedbackForm,
    FeedbackForm,
    LookupForm,
    RateForm,
    SupplyForm,
)
from feedback.models import Feedback, FeedbackChannel
from feedback.workflow import SENDER
from procedures.models import Procedure

PAGE_SIZE = 20
NOT_FOUND = _(
    "Không tìm thấy phản ánh với mã và các chữ số đã nhập. Vui lòng kiểm tra lại mã "
    "phản ánh và 4 chữ số cuối số điện thoại của người gửi."
)


# --- Sending ---


@never_cache
def new(request: HttpRequest) -> HttpResponse:
    """The sender's form, free or from a dossier (`?dossier=`, the owner's only) or
    a procedure (`?procedure=`); anyone may send, signed in or not."""
    about = _about(request)
    if request.method != "POST":
        form = FeedbackForm(initial=_sender_initial(request.user))
        return _form_page(request, form, about)
    form = FeedbackForm(request.POST, request.FILES)
    if form.is_valid():
        user = request.user if isinstance(request.user, User) else None
        channel = FeedbackChannel.ONLINE
        try:
            feedback = services.feedback_submit(
                actor=user,
                sender=_sender(form.cleaned_data),
                content=_content(form.cleaned_data, about),
                channel=channel,
                address=client_address(request),
            )
        except DomainError as error:
            form.add_error(_field(error), error.message)
            status = 429 if isinstance(error, services.FeedbackLimited) else 400
            return _form_page(request, form, about, status)
        request.session["feedback_sent"] = feedback.code
        return redirect("feedback:sent")
    return _form_page(request, form, about, 400)


def _about(request: HttpRequest) -> dict[str, Any]:
    """The dossier (only its owner's) or procedure the feedback is about."""
    source = request.POST if request.method == "POST" else request.GET
    about: dict[str, Any] = {"dossier": None, "procedure": None}
    code = source.get("dossier", "").strip()
    if code:
        if not request.user.is_authenticated:
            raise Http404("A dossier's feedback comes from its owner's account.")
        dossier = Dossier.objects.select_related("procedure", "processing_agency")
        found = dossier.filter(code=code, owner=request.user.pk).first()
        if found is None:
            raise Http404("No such dossier of yours.")
        about["dossier"], about["procedure"] = found, found.procedure
    elif source.get("procedure", "").strip():
        about["procedure"] = (
            Procedure.objects.public().filter(code=source["procedure"].strip()).first()
        )
    return about


def _sender_initial(user: Any) -> dict[str, Any]:
    if not isinstance(user, User):
        return {}
    return {
        "sender_name": user.full_name,
        "sender_phone": user.phone,
        "sender_email": user.email,
        "sender_address": user.address,
    }


def _sender(data: dict[str, Any]) -> services.Sender:
    return services.Sender(
        name=data["sender_name"],
        phone=data["sender_phone"],
        email=data.get("sender_email") or "",
        address=data.get("sender_address") or "",
        id_number=data.get("sender_id_number") or "",
    )


def _content(data: dict[str, Any], about: dict[str, Any]) -> services.Content:
    return services.Content(
        kind=data["kind"],
        subject=data["subject"],
        text=data["text"],
        publish_name=data.get("publish_name", False),
        procedure=about["procedure"],
        dossier=about["dossier"],
        files=[data["attachment"]] if data.get("attachment") else [],
    )


def _field(error: DomainError) -> str | None:
    if isinstance(error, InvalidInput) and error.field in {"kind", "text"}:
        return error.field
    return "attachment" if error.code in _FILE_ERRORS else None


_FILE_ERRORS = {"empty_file", "file_too_large", "dossier_too_large", "file_type"}


def _form_page(
    request: HttpRequest, form: FeedbackForm, about: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, "feedback/form.html", {"form": form, **about}, status=status)


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get("feedback_sent")
    if not code:
        return redirect("feedback:new")
    return render(request, "feedback/sent.html", {"code": code})


@login_required
@never_cache
def counter(request: HttpRequest) -> HttpResponse:
    """A clerk enters the feedback of the person at the counter."""
    if not has_role(request.user, Role.CLERK):
        raise PermissionDenied
    if request.method != "POST":
        form = CounterFeedbackForm()
        return render(request, "feedback/counter.html", {"form": form})
    form = CounterFeedbackForm(request.POST, request.FILES)
    if form.is_valid():
        about: dict[str, Any] = {"dossier": None, "procedure": None}
        code = form.cleaned_data.get("dossier", "").strip()
        if code:
            about["dossier"] = Dossier.objects.filter(code=code).first()
            if about["dossier"] is None or not may_view(request.user, about["dossier"]):
                form.add_error("dossier", _("Không tìm thấy hồ sơ này."))
        if not form.errors:
            try:
                feedback = services.feedback_submit(
                    actor=request.user,  # type: ignore[arg-type]
                    sender=_sender(form.cleaned_data),
                    content=_content(form.cleaned_data, about),
                    channel=FeedbackChannel.COUNTER,
                    address=client_address(request),
                )
            except DomainError as error:
                form.add_error(_field(error), error.message)
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận phản ánh %(code)s.") % {"code": feedback.code},
                )
                return redirect("feedback:staff_detail", code=feedback.code)
    return render(request, "feedback/counter.html", {"form": form}, status=400)


# --- The sender ---


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.own_feedback(request.user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(request, "feedback/mine.html", {"page": page})


@login_required
@never_cache
def own_detail(request: HttpRequest, code: str) -> HttpResponse:
    feedback = selectors.feedback_get_for(request.user, code)
    if feedback.owner_id != request.user.pk:
        return redirect("feedback:staff_detail", code=code)
    return _sender_page(request, feedback, proof={})


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """`?code=` shows the form with the code filled in; `&verify=` looks it up."""
    if "verify" not in request.GET:
        form = LookupForm(initial={"code": request.GET.get("code", "")})
        return render(request, "feedback/lookup.html", {"form": form})
    form = LookupForm(request.GET)
    feedback, status = _proved(request, form)
    if feedback is None:
        return render(request, "feedback/lookup.html", {"form": form}, status=status)
    return _sender_page(request, feedback, proof=form.cleaned_data)


def _proved(request: HttpRequest, form: LookupForm) -> tuple[Feedback | None, int]:
    if not form.is_valid():
        return None, 400
    try:
        feedback = services.feedback_lookup_limited(
            code=form.cleaned_data["code"],
            verify=form.cleaned_data["verify"],
            address=client_address(request),
        )
    except services.FeedbackLimited as error:
        form.add_error(None, error.message)
        return None, 429
    if feedback is None:
        form.add_error(None, NOT_FOUND)
        return None, 404
    return feedback, 200


def _sender_page(
    request: HttpRequest,
    feedback: Feedback,
    *,
    proof: dict[str, str],
    rate_form: RateForm | None = None,
    supply_form: SupplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    actions = (
        {t.action for t in services.allowed_actions(feedback, user, as_sender=True)}
        if (proof or (user and feedback.owner_id == user.pk))
        else set()
    )
    context = {
        "feedback": feedback,
        "timeline": selectors.timeline(feedback),
        "proof": proof,
        "rate_form": rate_form or RateForm() if "rate" in actions else None,
        "supply_form": supply_form or SupplyForm()
        if "supply_info" in actions
        else None,
    }
    return render(request, "feedback/sender_detail.html", context, status=status)


@require_POST
def sender_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """The sender rates the answer or supplies information: signed in as the
    owner, or proving the code and the phone digits again (hidden fields)."""
    if action not in {"rate", "supply_info"}:
        raise Http404
    user = request.user if isinstance(request.user, User) else None
    proof: dict[str, str] = {}
    if user is not None and selectors.own_feedback(user).filter(code=code).exists():
        feedback = selectors.feedback_get_for(user, code)
    else:
        form = LookupForm({"code": code, "verify": request.POST.get("verify", "")})
        found, status = _proved(request, form)
        if found is None:
            return render(
                request, "feedback/lookup.html", {"form": form}, status=status
            )
        feedback, proof = found, form.cleaned_data
    form_class: type[RateForm | SupplyForm] = (
        RateForm if action == "rate" else SupplyForm
    )
    action_form = form_class(request.POST)
    if action_form.is_valid():
        try:
            services.feedback_apply_action(
                code=feedback.code,
                action=action,
                actor=user,
                as_sender=True,
                **action_form.cleaned_data,
            )
        except DomainError as error:
            action_form.add_error(None, error.message)
        else:
            messages.success(request, _("Cảm ơn ông/bà. Thông tin đã được ghi nhận."))
            feedback.refresh_from_db()
            return _sender_page(request, feedback, proof=proof)
    forms_given = (
        {"rate_form": action_form} if action == "rate" else {"supply_form": action_form}
    )
    return _sender_page(request, feedback, proof=proof, status=400, **forms_given)  # type: ignore[arg-type]


@login_required
def file_download(request: HttpRequest, code: str, uuid: str) -> FileResponse:
    """An attachment, for the staff in scope and the sender's account."""
    feedback = selectors.feedback_get_for(request.user, code)
    file = feedback.files.filter(uuid=uuid).first()
    if file is None:
        raise Http404("No such file.")
    return uploads.attachment(
        file.file.open("rb"), name=file.original_name, content_type=file.content_type
    )


# --- Staff ---


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_staff_member(user):
        raise PermissionDenied
    return user


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """What the officer or leader must act on, most urgent first, with the
    overdue and due-soon marks."""
    user = _staff(request)
    page = Paginator(selectors.worklist(user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "feedback/worklist.html",
        {
            "page": page,
            "now": timezone.now(),
            "soon": selectors.due_soon_limit(),
            "title": _("Phản ánh, kiến nghị cần xử lý"),
        },
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The leader's answers waiting for approval."""
    user = _staff(request)
    if not has_role(user, Role.LEADER):
        raise PermissionDenied
    page = Paginator(selectors.approval_queue(user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "feedback/worklist.html",
        {
            "page": page,
            "now": timezone.now(),
            "soon": selectors.due_soon_limit(),
            "title": _("Câu trả lời chờ lãnh đạo duyệt"),
        },
    )


@login_required
@never_cache
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _staff(request)
    feedback = selectors.feedback_get_for(user, code)
    return _staff_page(request, feedback, user)


def _staff_page(
    request: HttpRequest,
    feedback: Feedback,
    user: User,
    bound: tuple[str, ActionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    panels = []
    for transition in services.allowed_actions(feedback, user):
        if transition.roles == {SENDER}:
            continue
        form = bound[1] if bound and bound[0] == transition.action else None
        panels.append((transition, form or ActionForm(feedback=feedback)))
    context = {
        "feedback": feedback,
        "timeline": selectors.timeline(feedback),
        "panels": panels,
        "now": timezone.now(),
    }
    return render(request, "feedback/staff_detail.html", context, status=status)


@login_required
@require_POST
def staff_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    user = _staff(request)
    feedback = selectors.feedback_get_for(user, code)
    form = ActionForm(request.POST, feedback=feedback)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.feedback_apply_action(
                code=feedback.code, action=action, actor=user, **data
            )
        except InvalidInput as error:
            form.add_error(error.field or None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã cập nhật phản ánh %(code)s.") % {"code": code}
            )
            return redirect("feedback:staff_detail", code=code)
    return _staff_page(request, feedback, user, (action, form), status=400)


# --- Public ---


def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published(), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(request, "feedback/public_list.html", {"page": page})


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    feedback = selectors.published_get(code)
    return render(request, "feedback/public_detail.html", {"feedback": feedback})
