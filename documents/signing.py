"""PAdES signatures with pyHanko: signing with an agency's key, verifying anyone's.

Signing reads the agency's PKCS#12 file (documents.pki.pkcs12_path) and adds a
visible signature block with a QR code pointing at the public verification page.
Verification trusts only the roots configured in DOCUMENT_TRUST_ROOTS and never
fetches anything over the network (allow_fetching=False): the outcome depends on the
file and the configuration alone, so a clerk's check can be repeated by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.exceptions import DomainError
from documents.pki import pkcs12_path


class SignatureStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Chưa kiểm tra")
    UNSIGNED = "unsigned", _("Không có chữ ký số")
    VALID = "valid", _("Chữ ký hợp lệ")
    UNTRUSTED = "untrusted", _("Chữ ký không thuộc tổ chức chứng thực tin cậy")
    INVALID = "invalid", _("Tệp đã bị thay đổi hoặc chữ ký không hợp lệ")


@dataclass(frozen=True)
class SignatureCheck:
    """What verification found: the bottom line and the facts shown to a person."""

    status: str
    signer: str = ""
    signed_at: datetime | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.status == SignatureStatus.VALID

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "reasons": self.reasons,
        }


class SigningUnavailable(DomainError):
    """The agency has no signing key configured."""


def _load_signer(agency: Agency) -> Any:
    from pyhanko.sign import signers

    path = pkcs12_path(agency)
    if not agency.identifier or not path.exists():
        raise SigningUnavailable(
            "no_key",
            str(_("%(agency)s chưa có chứng thư số để ký.") % {"agency": agency}),
        )
    password = settings.DOCUMENT_PKCS12_PASSWORD.encode() or None
    return signers.SimpleSigner.load_pkcs12_data(
        path.read_bytes(), other_certs=[], passphrase=password
    )


def _stamp_style(text: str) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import QRStampStyle

    return QRStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(settings.DOCUMENT_SIGNATURE_FONT)),
            font_size=8,
        ),
        border_width=1,
        background=None,
    )


def pdf_sign(
    *, agency: Agency, data: bytes, verify_url: str, reason: str, field_name: str
) -> bytes:
    """Sign `data` (a PDF) with the agency's key: a visible block on the last page
    with the signer, the time and a QR code to `verify_url`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _load_signer(agency)
    stamp_text = str(_("Ký bởi: %(signer)s\nThời gian: %(when)s\nKiểm tra tại mã QR"))
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name, reason=reason, location=settings.PROVINCE_NAME
        ),
        signer=signer,
        stamp_style=_stamp_style(stamp_text),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name, box=(310, 30, 565, 100), on_page=-1
        ),
    )
    output = pdf_signer.sign_pdf(
        writer,
        appearance_text_params={
            "url": verify_url,
            "signer": agency.name,
            "when": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        },
    )
    signed: bytes = output.getvalue()
    return signed


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured roots; a missing file is skipped (nothing is then trusted)."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [Path(path) for path in settings.DOCUMENT_TRUST_ROOTS]
    return list(load_certs_from_pemder([str(p) for p in paths if p.exists()]))


def pdf_verify(data: bytes) -> SignatureCheck:
    """Check every signature of a PDF: integrity, coverage and chain of trust.

    The last signature decides the signer shown; any failing signature makes the
    whole file invalid. Never raises on bad input: an unreadable file is invalid.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as error:
        return SignatureCheck(SignatureStatus.INVALID, reasons=[str(error)[:200]])
    if not signatures:
        return SignatureCheck(SignatureStatus.UNSIGNED)
    checks = [_check_one(signature) for signature in signatures]
    worst = next((c for c in checks if c.status == SignatureStatus.INVALID), None)
    worst = worst or next((c for c in checks if not c.is_valid), None)
    return worst or checks[-1]


def _check_one(signature: Any) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    try:
        result = validate_pdf_signature(signature, context)
    except ValueError as error:  # pyHanko's validation errors are ValueErrors
        return SignatureCheck(SignatureStatus.INVALID, reasons=[str(error)[:200]])
    signer = result.signing_cert.subject.native.get("common_name", "")
    reasons: list[str] = []
    if not (result.intact and result.valid):
        reasons.append(str(_("Nội dung không còn khớp với chữ ký.")))
    if result.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        reasons.append(str(_("Tệp đã được sửa đổi sau khi ký.")))
    if reasons:
        status = SignatureStatus.INVALID
    elif not result.trusted:
        status = SignatureStatus.UNTRUSTED
        reasons.append(str(_("Chứng thư số không do tổ chức tin cậy cấp.")))
    else:
        status = SignatureStatus.VALID
    return SignatureCheck(status, signer, result.signer_reported_dt, reasons)
