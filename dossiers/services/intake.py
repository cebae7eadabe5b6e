"""Creating dossiers (online drafts, walk-in intake) and attaching their files."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountType, Agency, Role, User
from accounts.permissions import has_role, may_act
from accounts.selectors import verified_account_for
from core.exceptions import DomainError, TransitionNotAllowed
from datastore.kinds import is_reusable, kind_of
from datastore.models import StoredDocument
from dossiers import routing
from dossiers.models import (
    ApplicantKind,
    DeliveryMethod,
    Dossier,
    DossierFile,
)
from dossiers.services.files import file_store
from dossiers.services.transitions import dossier_create, record_creation
from dossiers.workflow import DossierStatus
from procedures.models import Channel, Procedure, RequiredComponent
from procedures.selectors import agencies_carrying_out


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str

    @classmethod
    def of_user(cls, user: User) -> Applicant:
        business = user.account_type == AccountType.BUSINESS
        return cls(
            kind=ApplicantKind.BUSINESS if business else ApplicantKind.PERSON,
            name=user.full_name,
            id_number=(user.tax_code if business else user.national_id) or "",
            phone=user.phone,
            email=user.email,
            address=user.address,
        )


@transaction.atomic
def dossier_create_online(
    *,
    owner: User,
    procedure: Procedure,
    processing_agency: Agency,
    applicant: Applicant,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    note: str = "",
    eid_level: int | None = None,
) -> Dossier:
    """A citizen's draft of an online dossier (levels 3–4); files come next.

    `eid_level`: the assurance level of the VNeID login the owner filed from
    (accounts.eid.eid_session_level), None for any other login."""
    if owner.account_type == AccountType.STAFF:
        raise DomainError(
            "not_applicant", _("Cán bộ nộp hồ sơ tại quầy, không trực tuyến.")
        )
    if not procedure.files_online:
        raise DomainError("not_online", _("Thủ tục này không nhận hồ sơ trực tuyến."))
    _check_agency(procedure, processing_agency)
    _check_delivery(procedure, delivery_method, delivery_address)
    dossier = Dossier.objects.create(
        procedure=procedure,
        processing_agency=processing_agency,
        receiving_agency=routing.receiving_centre_for(processing_agency),
        owner=owner,
        channel=Channel.ONLINE,
        delivery_method=delivery_method,
        delivery_address=delivery_address,
        note=note,
        filed_with_eid=eid_level is not None,
        eid_level=eid_level,
        **_applicant_fields(applicant),
    )
    record_creation(dossier, "create", owner)
    return dossier


@transaction.atomic
def dossier_intake(
    *,
    clerk: User,
    procedure: Procedure,
    processing_agency: Agency,
    applicant: Applicant,
    components: list[tuple[RequiredComponent, UploadedFile]],
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    note: str = "",
) -> Dossier:
    """A walk-in dossier at the counter: scanned, coded and received at once.

    Any one-stop centre of the province may receive a dossier that another agency
    resolves (Decree 118/2025): the clerk's agency receives, `processing_agency`
    resolves. Paper components are scanned and attached here (digitisation).
    """
    if not has_role(clerk, Role.CLERK) or clerk.agency is None:
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa được tiếp nhận hồ sơ.")
        )
    _check_agency(procedure, processing_agency)
    _check_delivery(procedure, delivery_method, delivery_address)
    dossier = Dossier(
        procedure=procedure,
        processing_agency=processing_agency,
        receiving_agency=clerk.agency,
        owner=_account_of(applicant),
        channel=Channel.COUNTER,
        delivery_method=delivery_method,
        delivery_address=delivery_address,
        note=note,
        **_applicant_fields(applicant),
    )
    return dossier_create(
        dossier=dossier, action="intake", actor=clerk, scans=components
    )


def _applicant_fields(applicant: Applicant) -> dict[str, str]:
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name,
        "applicant_id_number": applicant.id_number,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address,
    }


def _account_of(applicant: Applicant) -> User | None:
    """The applicant's own account, so a walk-in dossier also shows up online: only
    a verified account whose verified ID number and name are the applicant's. Any
    other stays unlinked, reachable by the public lookup and the claim by code
    (identity app), since an unverified account is anyone's claim to the number."""
    return verified_account_for(id_number=applicant.id_number, name=applicant.name)


def _check_agency(procedure: Procedure, agency: Agency) -> None:
    if not agencies_carrying_out(procedure).filter(pk=agency.pk).exists():
        raise DomainError(
            "agency",
            _("%(agency)s không giải quyết thủ tục này.") % {"agency": agency},
        )


def _check_delivery(procedure: Procedure, method: str, address: str) -> None:
    if method not in DeliveryMethod.values:
        raise DomainError("delivery", _("Hình thức nhận kết quả không hợp lệ."))
    if method == DeliveryMethod.POST and not procedure.result_by_post:
        raise DomainError("delivery", _("Thủ tục này không trả kết quả qua bưu chính."))
    if method == DeliveryMethod.POST and not address.strip():
        raise DomainError("delivery", _("Cần địa chỉ nhận kết quả qua bưu chính."))


@transaction.atomic
def dossier_file_add(
    *,
    dossier: Dossier,
    actor: User,
    upload: UploadedFile,
    component: RequiredComponent | None = None,
    kind: str = DossierFile.Kind.COMPONENT,
) -> DossierFile:
    """Attach a checked file: a component (applicant, or clerk scanning paper) or the
    result (the assigned officer). Nothing is saved when the file is refused."""
    # The row lock serialises uploads to one dossier, so parallel ones cannot all
    # read the same total and together pass the quota; the status is read under it.
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _check_file_permission(dossier, actor, kind)
    return file_store(
        dossier=dossier, actor=actor, upload=upload, component=component, kind=kind
    )


@transaction.atomic
def dossier_file_reuse(
    *,
    dossier: Dossier,
    actor: User,
    component: RequiredComponent,
    document: StoredDocument,
) -> DossierFile:
    """Attach a paper from the applicant's data store instead of a new upload: the
    owner's own document, of the kind the component names, valid today. The
    dossier gets its own copy, marked as reused (indicator 4.3)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.owner_id != actor.pk or document.owner_id != actor.pk:
        raise TransitionNotAllowed(
            "reuse_not_allowed",
            _("Chỉ chủ hồ sơ dùng được giấy tờ trong kho dữ liệu của mình."),
        )
    _check_file_permission(dossier, actor, DossierFile.Kind.COMPONENT)
    if component.procedure_id != dossier.procedure_id:
        raise DomainError("component", _("Thành phần không thuộc thủ tục của hồ sơ."))
    kind = kind_of(component.name)
    if not is_reusable(kind) or document.kind != kind:
        raise DomainError(
            "reuse_kind", _("Giấy tờ trong kho không phải loại thành phần này cần.")
        )
    if not document.is_valid_on(timezone.localdate()):
        raise DomainError("reuse_expired", _("Giấy tờ trong kho đã hết hiệu lực."))
    with document.file.open("rb") as handle:
        copy = SimpleUploadedFile(
            document.original_name, handle.read(), document.content_type
        )
    return file_store(
        dossier=dossier,
        actor=actor,
        upload=copy,
        component=component,
        reused_from=document,
    )


def _check_file_permission(dossier: Dossier, actor: User, kind: str) -> None:
    open_for_applicant = {
        DossierStatus.DRAFT,
        DossierStatus.INCOMPLETE,
        DossierStatus.SUPPLEMENT_REQUESTED,
    }
    if kind == DossierFile.Kind.RESULT:
        allowed = dossier.status in {
            DossierStatus.PROCESSING,
            DossierStatus.AWAITING_APPROVAL,
        } and _may_attach_result(dossier, actor)
    elif dossier.owner_id == actor.pk:
        allowed = dossier.status in open_for_applicant
    else:
        allowed = dossier.status in open_for_applicant | {
            DossierStatus.SUBMITTED
        } and may_act(actor, dossier, Role.CLERK)
    if not allowed:
        raise TransitionNotAllowed(
            "file_not_allowed", _("Không thể đính kèm tệp vào hồ sơ ở trạng thái này.")
        )


def _may_attach_result(dossier: Dossier, actor: User) -> bool:
    """The result is the assigned officer's work, like forwarding it; a leader in
    scope may replace it before signing. Other officers of the agency may not."""
    if may_act(actor, dossier, Role.LEADER):
        return True
    return may_act(actor, dossier, Role.OFFICER) and dossier.assignee_id == actor.pk
