import itertools
from dataclasses import dataclass

import pytest

from accounts.models import Agency, Role, User
from documents import pki, services
from documents.models import DocumentType, IncomingDocument, OutgoingDocument
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import world  # noqa: F401 (the dossier world fixture)


@pytest.fixture(scope="session")
def pki_folder(tmp_path_factory):
    """A demo CA made once for the test session."""
    folder = tmp_path_factory.mktemp("pki")
    pki.authority_save(pki.authority_create("CA thử nghiệm"), folder)
    return folder


@pytest.fixture(scope="session")
def authority(pki_folder):
    return pki.authority_load(pki_folder)


@pytest.fixture(autouse=True)
def _documents_settings(settings, pki_folder, tmp_path):
    settings.DOCUMENT_PKI_DIR = pki_folder
    settings.DOCUMENT_TRUST_ROOTS = [str(pki_folder / pki.CA_FILE)]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def sample_pdf():
    """A real one-page PDF (WeasyPrint), made once."""
    from weasyprint import HTML

    return HTML(string="<h1>Quyết định</h1><p>Về việc thử nghiệm.</p>").write_pdf()


@dataclass
class Exchange:
    """A department sending to a commune, each with its clerk, officer, leader."""

    department: Agency
    commune: Agency
    drafter: User
    sender_leader: User
    sender_clerk: User
    clerk: User
    leader: User
    officer: User


@pytest.fixture
def exchange(db, authority) -> Exchange:
    department = AgencyFactory(identifier="000.00.11.H36", name="Sở Tư pháp")
    commune = AgencyFactory(commune=True, identifier="000.11.22.H36")
    pki.agency_keys_save(authority, department)
    return Exchange(
        department=department,
        commune=commune,
        drafter=StaffFactory(agency=department, roles=[Role.OFFICER]),
        sender_leader=StaffFactory(agency=department, roles=[Role.LEADER]),
        sender_clerk=StaffFactory(agency=department, roles=[Role.CLERK]),
        clerk=StaffFactory(agency=commune, roles=[Role.CLERK]),
        leader=StaffFactory(agency=commune, roles=[Role.LEADER]),
        officer=StaffFactory(agency=commune, roles=[Role.OFFICER]),
    )


def metadata(**overrides) -> services.Metadata:
    values = {
        "doc_type": DocumentType.OFFICIAL_LETTER,
        "summary": "Về việc triển khai đăng ký khai sinh trực tuyến",
        "notation": "STP-HCTP",
    }
    values.update(overrides)
    return services.Metadata(**values)


def draft_outgoing(ex: Exchange, data: bytes, **overrides) -> OutgoingDocument:
    return services.outgoing_create(
        drafter=ex.drafter,
        metadata=metadata(**overrides),
        recipients=[ex.commune],
        attachments=[services.Attachment("cong-van.pdf", data, "application/pdf")],
    )


def issue(ex: Exchange, data: bytes, **overrides) -> OutgoingDocument:
    """Draft, submit, approve and issue an outgoing document to the commune."""
    document = draft_outgoing(ex, data, **overrides)
    steps = [
        ("submit", ex.drafter),
        ("approve", ex.sender_leader),
        ("issue", ex.sender_clerk),
    ]
    for action, actor in steps:
        document = services.outgoing_apply_action(
            uuid=document.uuid, action=action, actor=actor
        )
    return document


def arrived(ex: Exchange, document: OutgoingDocument) -> IncomingDocument:
    return IncomingDocument.objects.get(origin__document=document)


_scans = itertools.count(1)


def paper(ex: Exchange, data: bytes, **overrides) -> IncomingDocument:
    """A paper document the commune's clerk enters, with its scan. Each unsigned
    scan is a file of its own: the same bytes twice would be a duplicate
    (documents.services.duplicates); a signed file is kept as given."""
    if b"/ByteRange" not in data:
        data = scan(f"Bản quét số {next(_scans)}")
    return services.incoming_arrive(
        agency=ex.commune,
        sender=services.Sender(name="Công an tỉnh Lâm Đồng"),
        metadata=metadata(number="45", notation="CAT-PC06", **overrides),
        attachments=[services.Attachment("scan.pdf", data, "application/pdf")],
        actor=ex.clerk,
    )


def scan(text: str) -> bytes:
    """A one-page PDF of its own."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def act(document, action: str, actor: User, **data):
    apply = (
        services.incoming_apply_action
        if isinstance(document, IncomingDocument)
        else services.outgoing_apply_action
    )
    return apply(uuid=document.uuid, action=action, actor=actor, **data)
