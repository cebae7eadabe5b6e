"""Checks of uploaded files: type by content (never by name), size, safe storage.

Accepted: PDF, JPEG, PNG, and Word/Excel documents in the OOXML format without
macros. The limits are settings (DOSSIER_MAX_FILE_BYTES, DOSSIER_MAX_TOTAL_BYTES).
"""

import hashlib
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.exceptions import DomainError

OOXML_TYPES = {
    "word/": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xl/": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


# The extension a download gets, from the type detected at upload time.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    **{content_type: extension for extension, content_type in OOXML_TYPES.values()},
}


def random_stored_name(folder: str, filename: str) -> str:
    """Where an upload is stored: `folder/<random hex>.<extension>`, never under the
    uploader's file name (which may hold personal data or a path). The extension is
    the name's, lower-cased, when it is 1-8 letters or digits, else `bin`. The
    `upload_to` callables of the models call it with their own folder."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix[1:].lower()
    extension = suffix if re.fullmatch(r"[a-z0-9]{1,8}", suffix) else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def download_name(original_name: str, content_type: str) -> str:
    """The uploader's name with the extension of the detected type: `scan.hta`
    holding a PDF is served as `scan.pdf`, never as something a browser runs."""
    stem = PurePosixPath(original_name.replace("\\", "/")).stem
    return f"{stem or 'tep'}.{EXTENSIONS.get(content_type, 'bin')}"


def attachment(
    handle: File, *, name: str, content_type: str | None = None
) -> FileResponse:
    """A download of a stored file, named and typed after its content: the type
    recorded at upload, or detected now for files stored without one."""
    if content_type is None:
        content_type = _detect(handle)[1]
    known = content_type in EXTENSIONS
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(name, content_type),
        content_type=content_type if known else "application/octet-stream",
    )


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile, *, used_bytes: int = 0) -> CheckedFile:
    """The type, size and digest of `upload`, or a DomainError saying why not."""
    name = upload.name or _("(không tên)")
    size = upload.size or 0
    if size == 0:
        raise DomainError("empty_file", _("Tệp %(name)s rỗng.") % {"name": name})
    if size > settings.DOSSIER_MAX_FILE_BYTES:
        raise DomainError(
            "file_too_large",
            _("Tệp %(name)s vượt quá %(limit)s MB.")
            % {"name": name, "limit": settings.DOSSIER_MAX_FILE_BYTES // 2**20},
        )
    if used_bytes + size > settings.DOSSIER_MAX_TOTAL_BYTES:
        raise DomainError(
            "dossier_too_large",
            _("Tổng dung lượng hồ sơ vượt quá %(limit)s MB.")
            % {"limit": settings.DOSSIER_MAX_TOTAL_BYTES // 2**20},
        )
    extension, content_type = _detect(upload)
    if not extension:
        raise DomainError(
            "file_type",
            _(
                "Tệp %(name)s không đúng định dạng cho phép "
                "(PDF, JPEG, PNG, DOCX, XLSX)."
            )
            % {"name": name},
        )
    return CheckedFile(extension, content_type, size, _digest(upload))


def _detect(upload: File) -> tuple[str, str]:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if head.startswith(b"PK\x03\x04"):
        return _detect_office(upload)
    return "", ""


def _detect_office(upload: File) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return "", ""
    finally:
        upload.seek(0)
    # Macros live in vbaProject.bin; such documents are refused.
    if "[Content_Types].xml" not in names or any(
        n.endswith("vbaProject.bin") for n in names
    ):
        return "", ""
    for prefix, detected in OOXML_TYPES.items():
        if any(n.startswith(prefix) for n in names):
            return detected
    return "", ""


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
