"""The public verification page of signed files (results and issued documents).

Anyone holding a file uploads it, or scans its QR code, and sees who signed it,
when, and whether it is intact. The outcome comes from the file alone and the
configured trust roots; a stored record is only named when the digest matches.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core.exceptions import DomainError
from core.uploads import check_upload
from documents import selectors
from documents.services.files import file_bytes
from documents.signing import pdf_verify


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF cần kiểm tra"))


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Upload a PDF and see its signature check."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload)
        except DomainError as error:
            form.add_error("file", error.message)
            return render(request, "documents/verify.html", context, status=400)
        upload.seek(0)
        data = upload.read()
        context["check"] = pdf_verify(data)
        context["record"] = selectors.signed_record_by_digest(
            hashlib.sha256(data).hexdigest()
        )
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "documents/verify.html", context, status=status)


@never_cache
def verify_stored(request: HttpRequest, key: str) -> HttpResponse:
    """The QR code's target: the stored signed file, checked now."""
    record = selectors.signed_record_get(key)
    context = {
        "form": VerifyForm(),
        "record": record,
        "check": pdf_verify(file_bytes(record)),
    }
    return render(request, "documents/verify.html", context)
