"""Who reaches one citizen's stored document: only its owner, whatever the role
(docs/security.md). Expected answers written out by hand, one row per page or
endpoint and one column per role; "seen" counts the document in each role's list."""

import pytest

from accounts.models import Role
from datastore.models import StoredDocument
from dossiers import services
from tests.accounts.factories import CitizenFactory, StaffFactory
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "citizen_b",
    "clerk",  # of the centre that receives the owner's dossiers
    "officer",
    "leader",
    "agency_admin",
    "system_admin",
)

# fmt: off
#                   anon own  citB clk  off  ldr  adm  sys
READS = {
    "page list":     (302, 200, 200, 200, 200, 200, 200, 200),
    "page document": (302, 200, 404, 404, 404, 404, 404, 404),
    "page download": (302, 200, 404, 404, 404, 404, 404, 404),
    "api list":      (401, 200, 200, 200, 200, 200, 200, 200),
    "api document":  (401, 200, 404, 404, 404, 404, 404, 404),
    "api download":  (401, 200, 404, 404, 404, 404, 404, 404),
}
SEEN = {
    "page list":     (0, 1, 0, 0, 0, 0, 0, 0),
    "api list":      (0, 1, 0, 0, 0, 0, 0, 0),
}
#                   anon own  citB clk  off  ldr  adm  sys
WRITES = {
    "page delete":   (302, 302, 404, 404, 404, 404, 404, 404),
    "api delete":    (401, 204, 404, 404, 404, 404, 404, 404),
}
DELETED = {
    "page delete":   (0, 1, 0, 0, 0, 0, 0, 0),
    "api delete":    (0, 1, 0, 0, 0, 0, 0, 0),
}
# fmt: on


@pytest.fixture
def scene(world):
    dossier = services.dossier_create_online(
        owner=world.citizen,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
    )
    services.dossier_file_add(
        dossier=dossier,
        actor=world.citizen,
        upload=pdf("cccd.pdf"),
        component=world.procedure.components.get(position=2),
    )
    users = {
        "anonymous": None,
        "owner": world.citizen,
        "citizen_b": CitizenFactory(),
        "clerk": world.clerk,
        "officer": world.officer,
        "leader": world.leader,
        "agency_admin": StaffFactory(
            agency=world.department, roles=[Role.AGENCY_ADMIN]
        ),
        "system_admin": StaffFactory(roles=[Role.SYSTEM_ADMIN]),
    }
    return StoredDocument.objects.get(), users


def log_in(client, api_client, user):
    client.logout()
    api_client.force_authenticate(user)
    if user is not None:
        client.force_login(user)


def paths(document):
    key = document.uuid
    return {
        "page list": "/kho-du-lieu/",
        "page document": f"/kho-du-lieu/{key}/",
        "page download": f"/kho-du-lieu/{key}/tai-ve/",
        "api list": "/api/v1/datastore/",
        "api document": f"/api/v1/datastore/{key}/",
        "api download": f"/api/v1/datastore/{key}/download/",
        "page delete": f"/kho-du-lieu/{key}/xoa/",
        "api delete": f"/api/v1/datastore/{key}/",
    }


def seen(response, name, document):
    if response.status_code != 200 or name not in SEEN:
        return 0
    if name == "api list":
        return [row["id"] for row in response.json()["results"]].count(
            str(document.uuid)
        )
    return response.content.decode().count(f"/kho-du-lieu/{document.uuid}/")


@pytest.mark.parametrize("endpoint", list(READS))
def test_reads(client, api_client, scene, endpoint):
    document, users = scene
    answers, sightings = [], []
    for role in ROLES:
        log_in(client, api_client, users[role])
        agent = api_client if endpoint.startswith("api") else client
        response = agent.get(paths(document)[endpoint])
        answers.append(response.status_code)
        sightings.append(seen(response, endpoint, document))
    assert dict(zip(ROLES, answers, strict=True)) == dict(
        zip(ROLES, READS[endpoint], strict=True)
    )
    if endpoint in SEEN:
        assert tuple(sightings) == SEEN[endpoint]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_writes(client, api_client, scene, endpoint, role):
    document, users = scene
    log_in(client, api_client, users[role])
    if endpoint == "api delete":
        status = api_client.delete(paths(document)[endpoint]).status_code
    else:
        status = client.post(paths(document)[endpoint]).status_code
    index = ROLES.index(role)
    gone = int(not StoredDocument.objects.filter(pk=document.pk).exists())
    assert (status, gone) == (WRITES[endpoint][index], DELETED[endpoint][index])
