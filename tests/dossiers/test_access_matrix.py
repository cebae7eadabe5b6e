"""Who may do what to one dossier: every role against every object-level page and
API endpoint of dossiers.

The expected answers are written out by hand, one row per endpoint and one column
per role, from the rules in docs/security.md: never derived from the permission
code. The dossier is being processed by an officer of agency X (received at X's
one-stop centre), with the applicant's papers and the officer's unsigned result.
"""

import pytest

from accounts.models import Role
from datastore.models import StoredDocument
from dossiers import services
from dossiers.models import DossierFile
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory
from tests.dossiers.conftest import advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "citizen_a",  # the applicant
    "citizen_b",
    "clerk_x",  # X's one-stop centre, where the dossier was received
    "officer_x",  # the assignee
    "colleague_x",  # another officer of X, not assigned
    "leader_x",
    "clerk_y",
    "officer_y",
    "leader_y",
    "agency_admin",  # of X's processing department: reads, never acts
    "system_admin",
)

# fmt: off
# Reads: the status code each role gets.
#                         anon citA citB clkX offX colX ldrX clkY offY ldrY adm  sys
READS = {
    "page detail":       (302, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page paper":        (302, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page draft result": (302, 404, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page receipt form": (302, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page control":      (302, 403, 403, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page submitted":    (302, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "page draft edit":   (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api detail":        (401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "api files":         (401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
    "api reuse offers":  (401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200),
}

# Writes: the status code, and whether the dossier changed (forwarded to the
# leader, a result file added, a withdrawal requested). A refused page action
# redirects back to the dossier with a message (302) or shows the form error (200).
#                         anon citA citB clkX offX colX ldrX clkY offY ldrY adm  sys
WRITES = {
    "api forward":       (401, 409, 404, 409, 200, 409, 409, 404, 404, 404, 409, 200),
    "page forward":      (302, 302, 404, 302, 302, 302, 302, 404, 404, 404, 302, 302),
    "api result":        (401, 409, 404, 409, 201, 409, 201, 404, 404, 404, 409, 201),
    "page result":       (302, 200, 404, 200, 302, 200, 302, 404, 404, 404, 200, 302),
    "api withdraw":      (401, 200, 404, 409, 409, 409, 409, 404, 404, 404, 409, 409),
    "page withdraw":     (302, 302, 404, 302, 302, 302, 302, 404, 404, 404, 302, 302),
    # The applicant's stored ID card: the applicant may not add files while it is
    # processed (409); for staff it is in no store of theirs (400).
    "api reuse":         (401, 409, 404, 400, 400, 400, 400, 404, 404, 404, 400, 400),
}
CHANGED = {
    "api forward":       (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1),
    "page forward":      (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1),
    "api result":        (0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1),
    "page result":       (0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1),
    "api withdraw":      (0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "page withdraw":     (0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "api reuse":         (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}
# fmt: on


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(world):
    dossier = advance(world, draft(world), "processing")
    result = services.dossier_file_add(
        dossier=dossier,
        actor=world.officer,
        upload=pdf("du-thao-ket-qua.pdf"),
        kind=DossierFile.Kind.RESULT,
    )
    agency_y = AgencyFactory()
    users = {
        "anonymous": None,
        "citizen_a": world.citizen,
        "citizen_b": CitizenFactory(),
        "clerk_x": world.clerk,
        "officer_x": world.officer,
        "colleague_x": StaffFactory(agency=world.department, roles=[Role.OFFICER]),
        "leader_x": world.leader,
        "clerk_y": StaffFactory(agency=agency_y, roles=[Role.CLERK]),
        "officer_y": StaffFactory(agency=agency_y, roles=[Role.OFFICER]),
        "leader_y": StaffFactory(agency=agency_y, roles=[Role.LEADER]),
        "agency_admin": StaffFactory(
            agency=world.department, roles=[Role.AGENCY_ADMIN]
        ),
        "system_admin": StaffFactory(roles=[Role.SYSTEM_ADMIN]),
    }
    component = dossier.files.filter(kind=DossierFile.Kind.COMPONENT).first()
    receipt = next(
        position
        for position, event in enumerate(dossier.events.all(), start=1)
        if event.action == "receive" and event.form_code
    )
    return dossier, users, {"component": component, "result": result}, receipt


def stored(file):
    return file.file.name.rsplit("/", 1)[-1]


def read(client, api_client, name, dossier, files, receipt):
    code = dossier.code
    paths = {
        "page detail": f"/ho-so/{code}/",
        "page paper": f"/ho-so/{code}/tep/{stored(files['component'])}/",
        "page draft result": f"/ho-so/{code}/tep/{stored(files['result'])}/",
        "page receipt form": f"/ho-so/{code}/bieu-mau/{receipt}/",
        "page control": f"/ho-so/{code}/phieu-kiem-soat/",
        "page submitted": f"/ho-so/{code}/da-nop/",
        "page draft edit": f"/ho-so/{code}/thanh-phan/",
        "api detail": f"/api/v1/dossiers/{code}/",
        "api files": f"/api/v1/dossiers/{code}/files/",
        "api reuse offers": f"/api/v1/dossiers/{code}/files/reuse/",
    }
    agent = api_client if name.startswith("api") else client
    return agent.get(paths[name]).status_code


def write(client, api_client, name, dossier):
    code = dossier.code
    if name == "api forward":
        response = api_client.post(
            f"/api/v1/dossiers/{code}/transitions/", {"action": "forward"}
        )
    elif name == "page forward":
        response = client.post(f"/ho-so/{code}/thao-tac/forward/", {"note": ""})
    elif name == "api withdraw":
        response = api_client.post(
            f"/api/v1/dossiers/{code}/transitions/",
            {"action": "request_withdrawal", "note": "Tôi muốn rút hồ sơ."},
        )
    elif name == "page withdraw":
        response = client.post(
            f"/ho-so/{code}/thao-tac/request_withdrawal/",
            {"note": "Tôi muốn rút hồ sơ."},
        )
    elif name == "api reuse":
        card = StoredDocument.objects.get(kind="identity_card")
        response = api_client.post(
            f"/api/v1/dossiers/{code}/files/reuse/",
            {"component": 2, "document": str(card.uuid)},
            format="json",
        )
    elif name == "api result":
        response = api_client.post(
            f"/api/v1/dossiers/{code}/files/",
            {"file": pdf("ket-qua.pdf"), "kind": "result"},
            format="multipart",
        )
    else:
        response = client.post(f"/ho-so/{code}/ket-qua/", {"result": pdf()})
    return response.status_code


def log_in(client, api_client, user):
    client.logout()
    api_client.force_authenticate(user)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("endpoint", list(READS))
def test_reads(client, api_client, scene, endpoint):
    dossier, users, files, receipt = scene
    answers = []
    for role in ROLES:
        log_in(client, api_client, users[role])
        answers.append(read(client, api_client, endpoint, dossier, files, receipt))
    assert dict(zip(ROLES, answers, strict=True)) == dict(
        zip(ROLES, READS[endpoint], strict=True)
    )


def changed(dossier, name):
    dossier.refresh_from_db()
    if "forward" in name:
        return int(dossier.status == "awaiting_approval")
    if "withdraw" in name:
        return int(dossier.status == "withdrawal_requested")
    if "reuse" in name:
        return int(dossier.files.filter(is_reused=True).exists())
    return int(dossier.files.filter(kind=DossierFile.Kind.RESULT).count() > 1)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_writes(client, api_client, scene, endpoint, role):
    dossier, users, _files, _receipt = scene
    log_in(client, api_client, users[role])
    status = write(client, api_client, endpoint, dossier)
    index = ROLES.index(role)
    assert (status, changed(dossier, endpoint)) == (
        WRITES[endpoint][index],
        CHANGED[endpoint][index],
    )
