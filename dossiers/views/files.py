"""Files of a dossier, served only after a permission check (there is no MEDIA_URL).

Uploaded files, official forms of the events, and the staff's control sheet (form 06)
and logbook (form 07). Each answer is an attachment named after the type detected
at upload, whatever the uploader's extension was.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import AccessAction
from accounts.permissions import is_staff_member
from accounts.types import AuthenticatedRequest
from core import uploads
from core.spreadsheets import formula_safe
from dossiers import form_data, pdf, selectors, services
from dossiers.forms import LogbookForm
from dossiers.models import DossierFile


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
def logbook(request: AuthenticatedRequest) -> HttpResponseBase:
    """Form 07: the dossiers an agency received in a period, for staff."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = LogbookForm(
        request.GET or None,
        user=request.user,
        initial={"start": today.replace(day=1), "end": today},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        name = f"so-theo-doi-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        period = {"agency": data["agency"], "start": data["start"], "end": data["end"]}
        if data["format"] == "csv":
            return _logbook_csv(form_data.iter_logbook_rows(**period), f"{name}.csv")
        return _pdf(pdf.render_logbook(**period), f"{name}.pdf")
    return render(request, "dossiers/logbook.html", {"form": form})


def _logbook_csv(
    rows: Iterator[form_data.LogbookRow], filename: str
) -> StreamingHttpResponse:
    """Streamed row by row: a year of a busy centre never sits in memory."""
    buffer = _Echo()
    writer = csv.writer(buffer)
    header = [str(label) for label in LOGBOOK_COLUMNS]
    lines = itertools.chain(
        ["\ufeff" + writer.writerow(header)],  # BOM: spreadsheet software reads UTF-8
        (
            writer.writerow([formula_safe(value) for value in astuple(row)])
            for row in rows
        ),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


LOGBOOK_COLUMNS = (
    _("Sổ năm"),
    _("Số thứ tự"),
    _("Mã hồ sơ"),
    _("Tên thủ tục"),
    _("Tổ chức, cá nhân"),
    _("Địa chỉ, số điện thoại"),
    _("Cơ quan giải quyết"),
    _("Ngày, giờ nhận"),
    _("Hẹn trả kết quả"),
    _("Ngày chuyển hồ sơ"),
    _("Ngày có kết quả"),
    _("Ngày trả kết quả"),
    _("Ghi chú"),
)
