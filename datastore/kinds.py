"""What kind of paper a document is, read from a component's or a procedure's name.

The store offers a document for a component of the same kind (docs/datastore.md):
an ID card for "Bản sao Căn cước công dân", a birth certificate issued by the portal
for "Giấy khai sinh". The vocabulary is small and fixed; forms to fill in each time
(declarations, applications) are never reused, and anything unrecognised is
`other`, kept in the store but offered for nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.search import normalize


class DocumentKind(models.TextChoices):
    IDENTITY_CARD = "identity_card", _("Căn cước, căn cước công dân, CMND")
    PASSPORT = "passport", _("Hộ chiếu")
    RESIDENCE = "residence", _("Giấy tờ về cư trú, sổ hộ khẩu")
    BIRTH_CERTIFICATE = "birth", _("Giấy khai sinh")
    MARITAL_STATUS = "marital_status", _("Giấy xác nhận tình trạng hôn nhân")
    MARRIAGE_CERTIFICATE = "marriage", _("Giấy chứng nhận kết hôn")
    CRIMINAL_RECORD = "criminal_record", _("Phiếu lý lịch tư pháp")
    LAND_TITLE = "land_title", _("Giấy chứng nhận quyền sử dụng đất")
    BUSINESS_REGISTRATION = "business", _("Giấy chứng nhận đăng ký doanh nghiệp")
    FORM = "form", _("Đơn, tờ khai")
    OTHER = "other", _("Giấy tờ khác")


# Checked in order: the first phrase found names the kind (accent-insensitive).
# "tình trạng hôn nhân" comes before "kết hôn", forms before everything.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DocumentKind.FORM, ("to khai", "don de nghi", "don xin", "don dang ky")),
    (DocumentKind.MARITAL_STATUS, ("tinh trang hon nhan",)),
    (DocumentKind.MARRIAGE_CERTIFICATE, ("ket hon",)),
    (DocumentKind.BIRTH_CERTIFICATE, ("khai sinh",)),
    (DocumentKind.CRIMINAL_RECORD, ("ly lich tu phap",)),
    (
        DocumentKind.IDENTITY_CARD,
        ("can cuoc", "chung minh nhan dan", "cccd", "cmnd", "giay to tuy than"),
    ),
    (DocumentKind.PASSPORT, ("ho chieu",)),
    (DocumentKind.RESIDENCE, ("ho khau", "cu tru", "tam tru", "thuong tru")),
    (DocumentKind.LAND_TITLE, ("quyen su dung dat",)),
    (
        DocumentKind.BUSINESS_REGISTRATION,
        ("dang ky doanh nghiep", "dang ky kinh doanh"),
    ),
)
# Kinds never offered for reuse.
NOT_REUSABLE = frozenset({DocumentKind.FORM, DocumentKind.OTHER})


def kind_of(name: str) -> str:
    """The kind of paper a component (or a result, by its procedure) names."""
    text = normalize(name)
    for kind, phrases in _PHRASES:
        if any(phrase in text for phrase in phrases):
            return kind
    return DocumentKind.OTHER


def is_reusable(kind: str) -> bool:
    return kind not in NOT_REUSABLE
