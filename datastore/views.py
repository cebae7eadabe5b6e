"""The citizen's "Kho dữ liệu" pages: the list, a document's page and download,
its validity, and deleting it. Only the owner reaches any of them (a 404 otherwise)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.types import AuthenticatedRequest
from core import uploads
from core.exceptions import DomainError
from datastore import selectors, services
from datastore.forms import ValidityForm
from datastore.models import StoredDocument

PAGE_SIZE = 20


@login_required
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    documents = selectors.stored_documents_of(request.user)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "datastore/list.html",
        {"page": page, "today": timezone.localdate()},
    )


@login_required
def document_detail(request: AuthenticatedRequest, key: UUID) -> HttpResponse:
    document = selectors.stored_document_get(request.user, key)
    form = ValidityForm(
        request.POST or None,
        initial={
            "valid_from": document.valid_from,
            "valid_until": document.valid_until,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stored_document_set_validity(
                owner=request.user,
                document=document,
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã cập nhật thời hạn hiệu lực."))
            return redirect("datastore:detail", key=document.uuid)
    return render(
        request,
        "datastore/detail.html",
        {"document": document, "form": form, "today": timezone.localdate()},
    )


def attachment(document: StoredDocument) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The stored file is missing.") from error
    return uploads.attachment(
        handle, name=document.original_name, content_type=document.content_type
    )


@login_required
def document_download(request: AuthenticatedRequest, key: UUID) -> FileResponse:
    return attachment(selectors.stored_document_get(request.user, key))


@login_required
@require_POST
def document_delete(request: AuthenticatedRequest, key: UUID) -> HttpResponse:
    document = selectors.stored_document_get(request.user, key)
    services.stored_document_delete(owner=request.user, document=document)
    messages.success(
        request, _("Đã xóa “%(title)s” khỏi kho dữ liệu.") % {"title": document.title}
    )
    return redirect("datastore:list")
