"""The mapping table from our statuses and fields to the national portal's.

One place, read like the integration annex: docs/national.md prints the same table.
The ten status codes themselves live with the workflow (dossiers.workflow
NATIONAL_STATUS), the channel codes with the catalogue
(procedures.models.NATIONAL_CHANNEL_CODES); this module only names the payload.
Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from django.utils import timezone

from dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierFile
from dossiers.workflow import NATIONAL_STATUS, DossierStatus
from procedures.models import NATIONAL_CHANNEL_CODES, Channel

# LoaiDoiTuong: 0 citizen, 1 enterprise, 2 household (DOMAIN.md §7).
APPLICANT_KIND = {ApplicantKind.PERSON: 0, ApplicantKind.BUSINESS: 1}
# LoaiBan: 0 original, 1 copy, 2 electronic. Everything the portal holds is a file:
# uploads and counter scans are electronic copies.
COPY_KIND_ELECTRONIC = 2

# Dossier field → national field of the creation payload.
DOSSIER_FIELDS = {
    "code": "MaHoSo",
    "procedure.code": "MaTTHC",
    "applicant_name": "ChuHoSo",
    "applicant_kind": "LoaiDoiTuong",
    "receiving_agency.identifier": "MaDonViTiepNhan",
    "processing_agency.identifier": "MaDonViXuLy",
    "channel": "KenhThucHien",
    "submitted_at": "NgayNop",
    "received_at": "NgayTiepNhan",
    "due_at": "NgayHenTra",
    "status": "TrangThaiHoSo",
    "applicant_id_number": "ThongTinNguoiNop.SoDinhDanh",
    "applicant_phone": "ThongTinNguoiNop.SoDienThoai",
    "applicant_email": "ThongTinNguoiNop.Email",
    "applicant_address": "ThongTinNguoiNop.DiaChi",
    "applicant_address → its province's GSO code": "ThongTinNguoiNop.MaTinh",
    "applicant_address → its commune's GSO code": "ThongTinNguoiNop.MaXa",
}
# DossierEvent field → national field of the progress log (tiến trình).
EVENT_FIELDS = {
    "actor_name": "NguoiXuLy",
    "agency.name": "PhongBanXuLy",
    "timeline sentence": "NoiDungXuLy",
    "at": "ThoiDiemXuLy",
    "to_status": "TrangThai",
    "dossier.received_at": "NgayBatDau",
    "dossier.due_at": "NgayKetThucTheoQuyDinh",
    "files added since the previous event": "TepTinDinhKem",
}


def national_status(status: str) -> int:
    """The national code (1–10) of one of our statuses."""
    return NATIONAL_STATUS[DossierStatus(status)]


def moment(value: datetime | None) -> str | None:
    """Local time, ISO 8601 with its offset (the portal's time zone is +07:00)."""
    return timezone.localtime(value).isoformat() if value else None


def file_payload(
    dossier: Dossier, stored: DossierFile, content: bytes
) -> dict[str, Any]:
    return {
        "MaHoSo": dossier.code,
        "TenTepTin": stored.original_name,
        "LoaiTepTin": stored.content_type,
        "HashTepTin": stored.sha256,
        "NoiDung": base64.b64encode(content).decode("ascii"),
    }


def dossier_payload(
    dossier: Dossier,
    *,
    status: int,
    files: list[tuple[DossierFile, dict[str, Any]]],
    unit: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The creation payload (step 4). `files` pairs each component file with the
    portal's answer to its upload (IdTepTin, HashTepTin); `unit` is the applicant's
    (province, commune) GSO codes when the address names a known commune (MaTinh
    and MaXa are left out otherwise)."""
    applicant = {
        "HoTen": dossier.applicant_name,
        "SoDinhDanh": dossier.applicant_id_number,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "DiaChi": dossier.applicant_address,
    }
    if unit is not None:
        applicant["MaTinh"], applicant["MaXa"] = unit
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure.code,
        "MaDichVuCong": dossier.procedure.base_code or dossier.procedure.code,
        "TenTTHC": dossier.procedure.name,
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_KIND[ApplicantKind(dossier.applicant_kind)],
        "MaDonViTiepNhan": dossier.receiving_agency.identifier,
        "MaDonViXuLy": dossier.processing_agency.identifier,
        "KenhThucHien": NATIONAL_CHANNEL_CODES[Channel(dossier.channel)],
        "NgayNop": moment(dossier.submitted_at or dossier.created_at),
        "NgayTiepNhan": moment(dossier.received_at),
        "NgayHenTra": moment(dossier.due_at),
        "TrangThaiHoSo": status,
        "ThongTinNguoiNop": applicant,
        "ThanhPhanHoSo": _components(files),
    }


def _components(
    files: list[tuple[DossierFile, dict[str, Any]]],
) -> list[dict[str, Any]]:
    """One entry per required component, its files attached."""
    components: dict[str, dict[str, Any]] = {}
    for stored, answer in files:
        component = stored.component
        code = str(component.pk) if component else f"TP{stored.pk}"
        entry = components.setdefault(
            code,
            {
                "MaThanhPhanHoSo": code,
                "TenThanhPhanHoSo": component.name
                if component
                else stored.original_name,
                "SoLuong": 0,
                "LoaiBan": COPY_KIND_ELECTRONIC,
                "GiayToDinhKem": [],
            },
        )
        entry["SoLuong"] += 1
        entry["GiayToDinhKem"].append(
            {"IdTepTin": answer["IdTepTin"], "HashTepTin": answer["HashTepTin"]}
        )
    return list(components.values())


def progress_payload(
    event: DossierEvent,
    *,
    sequence: int,
    status: int,
    content: str,
    files: list[dict[str, Any]],
) -> dict[str, Any]:
    """The progress log entry of one event (step 5); `content` is the sentence the
    dossier's timeline shows staff for it, `files` the portal's answers to the
    files uploaded with it (a supplement, a result)."""
    dossier = event.dossier
    return {
        "MaHoSo": dossier.code,
        "SoThuTu": sequence,
        "NguoiXuLy": event.actor_name or "",
        "PhongBanXuLy": event.agency.name if event.agency else "",
        "NoiDungXuLy": content,
        "ThoiDiemXuLy": moment(event.at),
        "TrangThai": status,
        "NgayBatDau": moment(dossier.received_at or dossier.submitted_at),
        "NgayKetThucTheoQuyDinh": moment(dossier.due_at),
        "TepTinDinhKem": files,
    }


def status_payload(
    event: DossierEvent, *, sequence: int, status: int
) -> dict[str, Any]:
    """The status update of one event (step 6)."""
    return {
        "MaHoSo": event.dossier.code,
        "SoThuTu": sequence,
        "TrangThaiHoSo": status,
        "ThoiDiem": moment(event.at),
    }
