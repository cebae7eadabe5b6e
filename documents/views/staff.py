"""The staff pages: inbox, outbox, a document with its actions, new documents,
files, printed registers. Every action goes through the services; a refusal of the
workflow becomes a form error."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import may_draft_documents, may_enter_documents
from accounts.types import AuthenticatedRequest
from core import uploads
from core.exceptions import DomainError
from documents import pdf, selectors, services
from documents.api.filters import IncomingFilter, OutgoingFilter
from documents.downloads import electronic_result_download
from documents.forms import (
    AmendForm,
    AssignForm,
    IncomingForm,
    NoteForm,
    OpinionForm,
    OutgoingForm,
    RegisterPeriodForm,
    ReplaceForm,
)
from documents.models import IncomingDocument, OutgoingDocument, RegisterKind
from documents.services.files import upload_read
from documents.workflow import INCOMING_TRANSITIONS, OPEN_INCOMING, OUTGOING_TRANSITIONS

PAGE_SIZE = 25
SOON_DAYS = 3
CURSOR_SALT = "documents.cursor"


def due_mark(document: IncomingDocument, today: date) -> str:
    """`overdue` or `soon` for an open document with a deadline, else ""."""
    if document.due_on is None or document.status not in OPEN_INCOMING:
        return ""
    if document.due_on < today:
        return "overdue"
    return "soon" if document.due_on <= today + timedelta(days=SOON_DAYS) else ""


def _cursor(raw: str | None) -> tuple[datetime, int] | None:
    """The opaque, signed `after` parameter: the last row's time and id."""
    if not raw:
        return None
    try:
        moment, last_id = signing.loads(raw, salt=CURSOR_SALT)
        return datetime.fromisoformat(moment), int(last_id)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise Http404 from error


def _page(
    queryset: Any, time_field: str, request: AuthenticatedRequest
) -> dict[str, Any]:
    rows = selectors.page_after(
        queryset, time_field, _cursor(request.GET.get("after")), PAGE_SIZE + 1
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    after = ""
    if more:
        last = rows[-1]
        after = signing.dumps(
            (getattr(last, time_field).isoformat(), last.pk), salt=CURSOR_SALT
        )
    query = request.GET.copy()
    query.pop("after", None)
    return {"rows": rows, "after": after, "query": query.urlencode()}


def _filled(request: AuthenticatedRequest) -> dict[str, str]:
    """The filters a person filled in: the page's form also sends empty fields."""
    return {
        key: str(value)
        for key, value in request.GET.items()
        if value and key != "after"
    }


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    filters = IncomingFilter(
        _filled(request),
        queryset=selectors.incoming_list_for(request.user),
        request=request,
    )
    queryset = filters.qs if filters.is_valid() else IncomingDocument.objects.none()
    context = _page(queryset.select_related("handler"), "arrived_at", request)
    today = timezone.localdate()
    context["rows"] = [(row, due_mark(row, today)) for row in context["rows"]]
    context.update(filters=filters, may_enter=may_enter_documents(request.user))
    return render(request, "documents/inbox.html", context)


@login_required
def outbox(request: AuthenticatedRequest) -> HttpResponse:
    filters = OutgoingFilter(
        _filled(request),
        queryset=selectors.outgoing_list_for(request.user),
        request=request,
    )
    queryset = filters.qs if filters.is_valid() else OutgoingDocument.objects.none()
    context = _page(queryset, "created_at", request)
    context.update(filters=filters, may_draft=may_draft_documents(request.user))
    return render(request, "documents/outbox.html", context)


@login_required
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    """The officer's open incoming documents, soonest deadline first."""
    today = timezone.localdate()
    rows = [
        (row, due_mark(row, today))
        for row in selectors.worklist_for(request.user)[:200]
    ]
    return render(request, "documents/worklist.html", {"rows": rows})


def _action_form(
    action: str, document: Any, data: Any = None, files: Any = None
) -> django_forms.Form:
    if action == "assign":
        return AssignForm(data, agency=document.agency, prefix=action)
    if action == "amend":
        return AmendForm(data, prefix=action)
    if action == "replace":
        return ReplaceForm(data, files, prefix=action)
    return NoteForm(data, prefix=action)


def _incoming_context(
    request: AuthenticatedRequest,
    document: IncomingDocument,
    bound: tuple[str, django_forms.Form] | None = None,
) -> dict[str, Any]:
    actions = services.allowed_actions(INCOMING_TRANSITIONS, document, request.user)
    panels = [
        (
            t,
            bound[1]
            if bound and bound[0] == t.action
            else _action_form(t.action, document),
        )
        for t in INCOMING_TRANSITIONS
        if t.action in actions
    ]
    return {
        "document": document,
        "panels": panels,
        "history": selectors.incoming_history(document).select_related("actor"),
        "assignments": document.assignments.select_related("assignee", "assigned_by"),
        "opinions": document.opinions.select_related("author"),
        "opinion_form": OpinionForm(),
        "mark": due_mark(document, timezone.localdate()),
    }


def _outgoing_context(
    request: AuthenticatedRequest,
    document: OutgoingDocument,
    bound: tuple[str, django_forms.Form] | None = None,
) -> dict[str, Any]:
    actions = services.allowed_actions(OUTGOING_TRANSITIONS, document, request.user)
    panels = [
        (
            t,
            bound[1]
            if bound and bound[0] == t.action
            else _action_form(t.action, document),
        )
        for t in OUTGOING_TRANSITIONS
        if t.action in actions
    ]
    return {
        "document": document,
        "panels": panels,
        "history": selectors.outgoing_history(document).select_related("actor"),
    }


@login_required
def incoming_detail(request: AuthenticatedRequest, key: str) -> HttpResponse:
    document = selectors.incoming_get_for(request.user, key)
    return render(
        request, "documents/incoming_detail.html", _incoming_context(request, document)
    )


@login_required
def outgoing_detail(request: AuthenticatedRequest, key: str) -> HttpResponse:
    document = selectors.outgoing_get_for(request.user, key)
    return render(
        request, "documents/outgoing_detail.html", _outgoing_context(request, document)
    )


def _action_data(form: django_forms.Form) -> dict[str, Any]:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if "coordinators" in data:
        data["coordinators"] = list(data["coordinators"])
    if "file" in data:
        # The replacement's PDF, read with the upload rules of every document.
        upload = data.pop("file")
        content, content_type = upload_read(upload)
        data["attachments"] = [
            services.Attachment(upload.name or "van-ban.pdf", content, content_type)
        ]
    return data


@login_required
@require_POST
def incoming_act(request: AuthenticatedRequest, key: str, action: str) -> HttpResponse:
    document = selectors.incoming_get_for(request.user, key)
    form = _action_form(action, document, request.POST)
    if form.is_valid():
        try:
            services.incoming_apply_action(
                uuid=document.uuid,
                action=action,
                actor=request.user,
                **_action_data(form),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã cập nhật văn bản."))
            return redirect("documents:incoming", key=document.uuid)
    context = _incoming_context(request, document, (action, form))
    return render(request, "documents/incoming_detail.html", context, status=400)


@login_required
@require_POST
def outgoing_act(request: AuthenticatedRequest, key: str, action: str) -> HttpResponse:
    document = selectors.outgoing_get_for(request.user, key)
    form = _action_form(action, document, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.outgoing_apply_action(
                uuid=document.uuid,
                action=action,
                actor=request.user,
                **_action_data(form),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã cập nhật văn bản."))
            return redirect("documents:outgoing", key=document.uuid)
    context = _outgoing_context(request, document, (action, form))
    return render(request, "documents/outgoing_detail.html", context, status=400)


@login_required
@require_POST
def opinion(request: AuthenticatedRequest, key: str) -> HttpResponse:
    document = selectors.incoming_get_for(request.user, key)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_add(
                uuid=document.uuid, author=request.user, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("documents:incoming", key=document.uuid)


def _metadata(form: django_forms.Form) -> services.Metadata:
    fields = services.Metadata.__dataclass_fields__
    return services.Metadata(
        **{k: v for k, v in form.cleaned_data.items() if k in fields and v is not None}
    )


def _attachment(form: django_forms.Form) -> services.Attachment:
    upload = form.cleaned_data["file"]
    data, content_type = upload_read(upload)
    return services.Attachment(upload.name or "van-ban.pdf", data, content_type)


@login_required
def incoming_new(request: AuthenticatedRequest) -> HttpResponse:
    form = IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.incoming_enter(
                clerk=request.user,
                sender_name=form.cleaned_data["sender_name"],
                metadata=_metadata(form),
                attachment=_attachment(form),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("documents:incoming", key=document.uuid)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "documents/new.html", {"form": form, "kind": "incoming"}, status=status
    )


@login_required
def outgoing_new(request: AuthenticatedRequest) -> HttpResponse:
    form = OutgoingForm(
        request.POST or None, request.FILES or None, sender=request.user.agency
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.outgoing_create(
                drafter=request.user,
                metadata=_metadata(form),
                recipients=list(form.cleaned_data["recipients"]),
                attachments=[_attachment(form)],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("documents:outgoing", key=document.uuid)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "documents/new.html", {"form": form, "kind": "outgoing"}, status=status
    )


@login_required
def file_download(request: AuthenticatedRequest, key: str) -> FileResponse:
    row = selectors.document_file_get_for(request.user, key)
    return uploads.attachment(
        row.file.open("rb"), name=row.original_name, content_type=row.content_type
    )


@login_required
def register_print(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """The incoming or outgoing register of the user's agency for a period, as PDF
    with the columns of Decree 30/2020, Appendix IV."""
    if kind not in RegisterKind.values or request.user.agency is None:
        raise Http404
    form = RegisterPeriodForm(request.GET or None)
    if not form.is_valid():
        return render(
            request,
            "documents/register_form.html",
            {"form": form, "kind": kind},
            status=400 if request.GET else 200,
        )
    rows = selectors.register_rows(
        request.user.agency,
        kind,
        form.cleaned_data["date_from"],
        form.cleaned_data["date_to"],
    )
    data = pdf.register_pdf(
        agency=request.user.agency,
        kind=kind,
        rows=rows,
        period=(form.cleaned_data["date_from"], form.cleaned_data["date_to"]),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="so-{kind}.pdf"'
    return response


@login_required
def result_download(request: AuthenticatedRequest, code: str) -> FileResponse:
    """The signed electronic result of a dossier, for its applicant and staff."""
    return electronic_result_download(request, request.user, code, channel="page")


@login_required
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    """Received, sent, handled on time and late, per agency in scope."""
    form = RegisterPeriodForm(request.GET or None)
    figures = []
    if form.is_valid():
        figures = selectors.statistics_for(
            request.user, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        )
    status = 400 if request.GET and not form.is_valid() else 200
    context = {"form": form, "figures": figures}
    return render(request, "documents/statistics.html", context, status=status)
