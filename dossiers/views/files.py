"""Files of a dossier, served only after a permission check (there is no MEDIA_URL).

Uploaded files, official forms of the events, and the staff's control sheet (form 06)
and logbook (form 07, built by a task). Each answer is an attachment named after the
type detected at upload, whatever the uploader's extension was.
"""

from __future__ import annotations

import functools
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import audit
from accounts.models import AccessAction
from accounts.permissions import is_staff_member
from accounts.types import AuthenticatedRequest
from core import uploads
from core.exceptions import InvalidInput, NotFound
from dossiers import form_data, pdf, selectors, services, tasks
from dossiers.forms import LogbookForm
from dossiers.models import DossierFile, LogbookExport
from dossiers.services.logbook import LOGBOOK_KEEP


def _attachment(file: DossierFile) -> FileResponse:
    try:
        handle = file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The stored file is missing.") from error
    return uploads.attachment(
        handle, name=file.original_name, content_type=file.content_type
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def file_download(
    request: AuthenticatedRequest, reference: str, name: str
) -> FileResponse:
    """A file by its stored (random) name, within a dossier the user may see."""
    dossier = selectors.dossier_get_for(request.user, reference)
    file = next(
        (f for f in dossier.files.all() if PurePosixPath(f.file.name).name == name),
        None,
    )
    if file is None or not selectors.file_visible_to(request.user, dossier, file):
        raise Http404("No such file.")
    audit.dossier_access_record(
        request, dossier, action=AccessAction.DOWNLOAD, channel="page", detail=name
    )
    return _attachment(file)


@login_required
def form_download(
    request: AuthenticatedRequest, reference: str, position: int
) -> FileResponse:
    """The official form of the dossier's `position`-th event, rendered on first use
    when the task has not stored it yet."""
    dossier = selectors.dossier_get_for(request.user, reference)
    events = list(dossier.events.all())
    if not 1 <= position <= len(events) or not events[position - 1].form_code:
        raise Http404("No form for this event.")
    event = events[position - 1]
    file = next(
        (
            f
            for f in dossier.files.all()
            if f.kind == DossierFile.Kind.FORM and f.event_id == event.pk
        ),
        None,
    )
    file = file or services.dossier_form_store(event_id=event.pk)
    if file is None:
        raise Http404("No form for this event.")
    audit.dossier_access_record(
        request,
        dossier,
        action=AccessAction.FORM,
        channel="page",
        detail=event.form_code,
    )
    return _attachment(file)


@login_required
def control_sheet(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Form 06: the hand-overs of one dossier, for staff."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    dossier = selectors.dossier_get_for(request.user, reference)
    # Mẫu 06 in the 2025 set, Mẫu 05 for dossiers received under the 2018 rules.
    number = pdf.form_spec(form_data.form_set_of(dossier), "control").number
    audit.dossier_access_record(
        request, dossier, action=AccessAction.FORM, channel="page", detail="control"
    )
    return _pdf(pdf.render_control_sheet(dossier), f"mau-{number}-{dossier.code}.pdf")


@login_required
def logbook(request: AuthenticatedRequest) -> HttpResponse:
    """Form 07: ask for the book of a counter's period; a task builds it."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = LogbookForm(
        request.POST or None,
        user=request.user,
        initial={"start": today.replace(day=1), "end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                export = services.logbook_export_request(
                    user=request.user, **form.cleaned_data
                )
                transaction.on_commit(
                    functools.partial(tasks.queue_logbook_export, export.pk)
                )
        except InvalidInput as error:
            form.add_error(error.field or None, error.message)
        else:
            return redirect("dossiers:logbook_export", export.pk)
    context = {
        "form": form,
        "exports": services.logbook_exports_of(request.user),
        "keep_days": LOGBOOK_KEEP.days,
    }
    return render(
        request, "dossiers/logbook.html", context, status=400 if form.errors else 200
    )


@login_required
def logbook_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress of one of the user's books; the page reloads itself until the
    book is ready (no script: a refresh header)."""
    export = _own_export(request, pk)
    response = render(request, "dossiers/logbook_export.html", {"export": export})
    if export.state in {LogbookExport.State.QUEUED, LogbookExport.State.RUNNING}:
        response["Refresh"] = str(LOGBOOK_REFRESH_SECONDS)
    return response


LOGBOOK_REFRESH_SECONDS = 2


@login_required
def logbook_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    if export.state != LogbookExport.State.DONE or not export.file:
        raise Http404("The book is not ready.")
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The stored file is missing.") from error
    content_type = (
        "application/pdf"
        if export.format == LogbookExport.Format.PDF
        else "text/csv; charset=utf-8"
    )
    return FileResponse(
        handle, as_attachment=True, filename=export.filename, content_type=content_type
    )


def _own_export(request: AuthenticatedRequest, pk: int) -> LogbookExport:
    if not is_staff_member(request.user):
        raise PermissionDenied
    try:
        return services.logbook_export_get(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from error
