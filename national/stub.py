"""A local stand-in for the National Public Service Portal's integration API.

Served under /national-stub/api/ when NATIONAL_STUB is on (by default with DEBUG:
the embedded run and the tests deliver to it). It checks what the real portal
would check (a valid token, required fields, the dossier code's format, each file's
SHA-256, status codes 1–10, events in order), answers a repeated Idempotency-Key
with its first answer without doing anything again, and records each request it
accepted (StubRequest). It can be told to fail: `POST control {"mode": "down"}`
answers 503 to everything, `"refuse"` a 400 to every step, `"lose"` applies each
step and then answers 503 as if the answer were lost on the way, `"up"` recovers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from national.models import StubDossier, StubRequest

MODE_CACHE_KEY = "national-stub:mode"
MODES = ("up", "down", "refuse", "lose")
TOKEN_SALT = "national-stub-token"  # noqa: S105 (a signing salt, not a secret)
TOKEN_SECONDS = 3600
CODE_RE = re.compile(
    r"^(?P<agency>[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z0-9]{2,3})-\d{6}-\d{4,}$"
)
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
Body = dict[str, Any]


class StubError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def mode() -> str:
    return str(cache.get(MODE_CACHE_KEY) or "up")


def set_mode(value: str) -> None:
    if value not in MODES:
        raise ValueError(value)
    cache.set(MODE_CACHE_KEY, value, None)


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _body(request: HttpRequest) -> Body:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise StubError(400, "json", "the body is not JSON") from error
    if not isinstance(body, dict):
        raise StubError(400, "json", "the body is not a JSON object")
    return body


# --- Views ---


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """Step 1: client credentials for a signed, expiring token."""
    if mode() == "down":
        return _error(503, "down", "the portal is down (stub mode)")
    try:
        body = _body(request)
    except StubError as error:
        return _error(error.status, error.code, error.detail)
    if (body.get("client_id"), body.get("client_secret")) != (
        settings.NATIONAL_PORTAL_CLIENT_ID,
        settings.NATIONAL_PORTAL_CLIENT_SECRET,
    ) or not settings.NATIONAL_PORTAL_CLIENT_ID:
        return _error(400, "credentials", "unknown client or wrong secret")
    value = signing.dumps({"client": body["client_id"]}, salt=TOKEN_SALT)
    return JsonResponse({"access_token": value, "expires_in": TOKEN_SECONDS})


def _step(
    operation: str, handler: Callable[[Body], Body]
) -> Callable[..., JsonResponse]:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        if mode() == "down":
            return _error(503, "down", "the portal is down (stub mode)")
        try:
            _authenticate(request)
            key = request.headers.get("Idempotency-Key", "")
            if not key or len(key) > 120:
                raise StubError(400, "idempotency_key", "Idempotency-Key is required")
            if mode() == "refuse":
                raise StubError(400, "refused", "the portal refuses (stub mode)")
            answer, replayed = _once(operation, key, _body(request), handler)
        except StubError as error:
            return _error(error.status, error.code, error.detail)
        if replayed:
            return JsonResponse(answer, headers={"Idempotent-Replay": "true"})
        if mode() == "lose":
            return _error(503, "lost", "applied, but the answer is lost (stub mode)")
        return JsonResponse(answer)

    return view


def _authenticate(request: HttpRequest) -> None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise StubError(401, "token", "a bearer token is required")
    try:
        signing.loads(header[7:], salt=TOKEN_SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature as error:
        raise StubError(401, "token", "invalid or expired token") from error


def _once(
    operation: str, key: str, body: Body, handler: Callable[[Body], Body]
) -> tuple[Body, bool]:
    """Apply a step once per key: (its answer, whether it was applied before)."""
    done = StubRequest.objects.filter(key=key).first()
    if done is not None:
        return done.response, True
    try:
        with transaction.atomic():
            answer = handler(body)
            StubRequest.objects.create(
                key=key,
                operation=operation,
                dossier_code=str(body.get("MaHoSo", ""))[:40],
                sequence=body.get("SoThuTu")
                if operation in ("progress", "status")
                else None,
                payload={k: v for k, v in body.items() if k != "NoiDung"},
                response=answer,
            )
    except IntegrityError as error:
        # The same key, applied by a concurrent request a moment ago.
        done = StubRequest.objects.filter(key=key).first()
        if done is None:
            raise StubError(503, "busy", "a concurrent request; try again") from error
        return done.response, True
    return answer, False


# --- Checks of each step ---


def _required(body: Body, *names: str) -> None:
    missing = [name for name in names if body.get(name) in (None, "", [])]
    if missing:
        raise StubError(400, "required", f"missing: {', '.join(missing)}")


def _code(value: Any, *, agency: Any = None) -> re.Match[str]:
    match = CODE_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise StubError(400, "code_format", "MaHoSo is not <agency>-YYMMDD-NNNN")
    if agency is not None and match["agency"] != agency:
        raise StubError(
            400, "code_agency", "MaHoSo does not start with MaDonViTiepNhan"
        )
    return match


def _code_in(value: Any, low: int, high: int, name: str) -> None:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not low <= value <= high
    ):
        raise StubError(400, "code_value", f"{name} must be a code {low}–{high}")


def _dossier(code: Any, *, created: bool = True) -> StubDossier:
    _code(code)
    found = StubDossier.objects.select_for_update().filter(code=code).first()
    if found is None:
        raise StubError(404, "unknown_dossier", "MaHoSo was not registered")
    if created and not found.created:
        raise StubError(409, "not_created", "the dossier was not created")
    return found


def register_code(body: Body) -> Body:
    """Step 2: the dossier code, checked and registered."""
    _required(body, "MaHoSo", "MaDonViTiepNhan")
    _code(body["MaHoSo"], agency=body["MaDonViTiepNhan"])
    StubDossier.objects.get_or_create(
        code=body["MaHoSo"], defaults={"agency": body["MaDonViTiepNhan"]}
    )
    return {"MaHoSo": body["MaHoSo"]}


def upload_file(body: Body) -> Body:
    """Step 3: a file; its SHA-256 must be the one announced."""
    _required(body, "MaHoSo", "TenTepTin", "HashTepTin", "NoiDung")
    _dossier(body["MaHoSo"], created=False)
    try:
        content = base64.b64decode(str(body["NoiDung"]), validate=True)
    except (binascii.Error, ValueError) as error:
        raise StubError(400, "content", "NoiDung is not base64") from error
    digest = hashlib.sha256(content).hexdigest()
    if not SHA256_RE.match(str(body["HashTepTin"])) or body["HashTepTin"] != digest:
        raise StubError(400, "hash", "HashTepTin is not the SHA-256 of the content")
    return {"IdTepTin": uuid.uuid4().hex, "HashTepTin": digest}


def create_dossier(body: Body) -> Body:
    """Step 4: the dossier, with its components' uploaded files."""
    _required(body, "MaHoSo", "MaTTHC", "ChuHoSo", "MaDonViTiepNhan", "NgayNop")
    _code_in(body.get("LoaiDoiTuong"), 0, 2, "LoaiDoiTuong")
    _code_in(body.get("KenhThucHien"), 1, 3, "KenhThucHien")
    _code_in(body.get("TrangThaiHoSo"), 1, 10, "TrangThaiHoSo")
    applicant = body.get("ThongTinNguoiNop")
    if not isinstance(applicant, dict) or not applicant.get("SoDinhDanh"):
        raise StubError(400, "required", "missing: ThongTinNguoiNop.SoDinhDanh")
    _unit_codes(applicant)
    dossier = _dossier(body["MaHoSo"], created=False)
    if dossier.created:
        raise StubError(409, "exists", "the dossier was created already")
    _check_attachments(dossier.code, body.get("ThanhPhanHoSo"))
    dossier.created = True
    dossier.save(update_fields=["created"])
    return {"MaHoSo": dossier.code}


def _unit_codes(applicant: Body) -> None:
    """MaTinh (2 digits) and MaXa (5 digits), the GSO codes of the applicant's
    province and commune: optional, but together and well formed."""
    if "MaTinh" not in applicant and "MaXa" not in applicant:
        return
    province, commune = applicant.get("MaTinh"), applicant.get("MaXa")
    if not (
        isinstance(province, str)
        and isinstance(commune, str)
        and re.fullmatch(r"\d{2}", province)
        and re.fullmatch(r"\d{5}", commune)
    ):
        raise StubError(
            400,
            "unit_code",
            "ThongTinNguoiNop.MaTinh (2 digits) and MaXa (5 digits) go together",
        )


def _check_attachments(code: str, components: Any) -> None:
    if not isinstance(components, list):
        raise StubError(400, "required", "ThanhPhanHoSo must be a list")
    uploaded = {
        request.response.get("IdTepTin"): request.response.get("HashTepTin")
        for request in StubRequest.objects.filter(dossier_code=code, operation="file")
    }
    for component in components:
        files = component.get("GiayToDinhKem") if isinstance(component, dict) else None
        if not isinstance(files, list):
            raise StubError(400, "required", "each component needs GiayToDinhKem")
        for attached in files:
            if not isinstance(attached, dict) or uploaded.get(
                attached.get("IdTepTin")
            ) != attached.get("HashTepTin"):
                raise StubError(400, "file", "an attached file was not uploaded")


def _in_order(dossier: StubDossier, sequence: Any) -> None:
    if not isinstance(sequence, int) or sequence != dossier.last_sequence + 1:
        raise StubError(
            409, "order", f"SoThuTu {sequence} after {dossier.last_sequence}"
        )


def log_progress(body: Body) -> Body:
    """Step 5: one entry of the progress log, in order, with the files uploaded
    for it."""
    _required(body, "MaHoSo", "NoiDungXuLy", "ThoiDiemXuLy")
    _code_in(body.get("TrangThai"), 1, 10, "TrangThai")
    dossier = _dossier(body["MaHoSo"])
    _in_order(dossier, body.get("SoThuTu"))
    _check_attachments(dossier.code, [{"GiayToDinhKem": body.get("TepTinDinhKem", [])}])
    return {"MaHoSo": dossier.code, "SoThuTu": body["SoThuTu"]}


def update_status(body: Body) -> Body:
    """Step 6: the status, in order; the dossier's last event moves on."""
    _required(body, "MaHoSo", "ThoiDiem")
    _code_in(body.get("TrangThaiHoSo"), 1, 10, "TrangThaiHoSo")
    dossier = _dossier(body["MaHoSo"])
    _in_order(dossier, body.get("SoThuTu"))
    dossier.last_sequence = body["SoThuTu"]
    dossier.national_status = body["TrangThaiHoSo"]
    dossier.save(update_fields=["last_sequence", "national_status"])
    return {"MaHoSo": dossier.code, "SoThuTu": dossier.last_sequence}


# --- Test controls and the catalogue ---


@csrf_exempt
@require_POST
def control(request: HttpRequest) -> JsonResponse:
    """Switch the stub's mode: up, down (503), refuse (400) or lose (503 after
    applying)."""
    try:
        wanted = _body(request).get("mode")
        set_mode(str(wanted))
    except (StubError, ValueError):
        return _error(400, "mode", f"mode is one of {', '.join(MODES)}")
    return JsonResponse({"mode": mode()})


@require_GET
def received(request: HttpRequest) -> JsonResponse:
    """The status updates accepted, in order (optionally for one dossier)."""
    rows = StubRequest.objects.filter(operation="status")
    if request.GET.get("dossier"):
        rows = rows.filter(dossier_code=request.GET["dossier"])
    return JsonResponse(
        {
            "mode": mode(),
            "statuses": [
                {
                    "MaHoSo": row.dossier_code,
                    "SoThuTu": row.sequence,
                    "TrangThaiHoSo": row.payload.get("TrangThaiHoSo"),
                }
                for row in rows[:1000]
            ],
        }
    )


@require_GET
def catalogue(request: HttpRequest) -> JsonResponse:
    """The national procedure database's records, from NATIONAL_STUB_CATALOGUE_FILE
    (the layout of ../shared/data/procedures.json), optionally one `catalog`."""
    source = settings.NATIONAL_STUB_CATALOGUE_FILE
    if not source or not Path(source).is_file():
        return _error(404, "catalogue", "NATIONAL_STUB_CATALOGUE_FILE is not set")
    records = json.loads(Path(source).read_text(encoding="utf-8-sig"))
    wanted = request.GET.get("catalog")
    if wanted and isinstance(records, list):
        records = [
            r for r in records if isinstance(r, dict) and r.get("catalog") == wanted
        ]
    return JsonResponse(records, safe=False)


app_name = "national_stub"
urlpatterns = [
    path("token", token, name="token"),
    path("dossier-code", _step("code", register_code), name="code"),
    path("files", _step("file", upload_file), name="files"),
    path("dossiers", _step("create", create_dossier), name="create"),
    path("progress", _step("progress", log_progress), name="progress"),
    path("status", _step("status", update_status), name="status"),
    path("control", control, name="control"),
    path("received", received, name="received"),
    path("catalogue", catalogue, name="catalogue"),
]
