"""The API as an integrator meets it: a client generated from the schema by
openapi-python-client (pinned in requirements-dev.txt) imports cleanly and carries
a whole journey against a live server, with no hand-made request, and every answer
is validated strictly against the schema (status documented, content type
documented, body valid with formats and nullability)."""

import importlib
import io
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import httpx
import pytest
import schemathesis
from django.core.management import call_command
from schemathesis.core.transport import Response as CheckedResponse

from dossiers.models import Dossier
from tests.accounts.factories import PASSWORD
from tests.dossiers.conftest import wrong_digits
from tests.dossiers.factories import PDF_BYTES

PACKAGE = "one_stop_portal_api_client"
# PDFs are bytes to the client; the exchange between portals (signed XML) is a
# machine protocol of its own and stays out of generated clients (docs/api.md).
CONFIG = """
content_type_overrides:
  application/pdf: application/octet-stream
post_hooks: []
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The schema as `manage.py spectacular` exports it, and the client package
    generated from it, imported; removed from sys.modules afterwards."""
    folder = tmp_path_factory.mktemp("client")
    schema_path = folder / "schema.json"
    call_command(
        "spectacular", file=str(schema_path), format="openapi-json", validate=True
    )
    (folder / "config.yaml").write_text(CONFIG)
    generator = str(Path(sys.executable).parent / "openapi-python-client")
    arguments = ["--path", str(schema_path), "--output-path", str(folder / "generated")]
    run = subprocess.run(  # noqa: S603 (our own pinned tool, our own paths)
        [generator, "generate", *arguments, "--config", str(folder / "config.yaml")],
        capture_output=True,
        text=True,
        check=True,
    )
    output = run.stdout + run.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert warnings == [
        "WARNING parsing POST /api/v1/documents/exchange/ within documents. "
        "Endpoint will not be generated."
    ], output
    sys.path.insert(0, str(folder / "generated"))
    try:
        package = importlib.import_module(PACKAGE)
        for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
            importlib.import_module(module.name)  # every module imports cleanly
        yield json.loads(schema_path.read_text()), package
    finally:
        sys.path.remove(str(folder / "generated"))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


class StrictChecker:
    """An httpx response hook: each answer against the operation it belongs to."""

    def __init__(self, raw_schema):
        self.raw = raw_schema
        self.schema = schemathesis.openapi.from_dict(raw_schema)
        self.seen: list[tuple[str, str, int]] = []

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        response.request.read()  # a multipart body is a stream until read
        method, path = response.request.method, response.request.url.path
        operation = self.schema.find_operation_by_path(method, path)
        assert operation is not None, f"{method} {path} is not in the schema"
        declared = self.raw["paths"][operation.path][method.lower()]["responses"]
        status = str(response.status_code)
        assert status in declared, f"{method} {path}: {status} is not documented"
        media_type = response.headers.get("content-type", "").split(";")[0]
        assert media_type in declared[status].get("content", {}), (
            f"{method} {path}: {status} {media_type} is not documented"
        )
        self.schema.validate_response(operation, CheckedResponse.from_any(response))
        self.seen.append((method, operation.path, response.status_code))


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_carries_the_whole_journey(generated, live_server, world):
    raw, package = generated
    api = importlib.import_module(f"{PACKAGE}.api")
    models = importlib.import_module(f"{PACKAGE}.models")
    types = importlib.import_module(f"{PACKAGE}.types")
    for name in ("auth", "dossiers", "payments", "procedures", "documents"):
        importlib.import_module(f"{PACKAGE}.api.{name}")
    checker = StrictChecker(raw)
    hooks = {"event_hooks": {"response": [checker]}}
    anonymous = package.Client(base_url=live_server.url, httpx_args=hooks)

    def login(user):
        answer = api.auth.v1_auth_token_create.sync_detailed(
            client=anonymous,
            body=models.TokenInputRequest(username=user.username, password=PASSWORD),
        )
        assert answer.status_code == 200
        return package.AuthenticatedClient(
            base_url=live_server.url,
            token=answer.parsed.token,
            prefix="Token",
            httpx_args=hooks,
        )

    citizen, clerk = login(world.citizen), login(world.clerk)
    officer, leader = login(world.officer), login(world.leader)
    dossiers, Action = api.dossiers, models.DossierActionEnum

    # The public catalogue, anonymously.
    catalogue = api.procedures.v1_procedures_list.sync_detailed(client=anonymous)
    assert world.procedure.code in [p.code for p in catalogue.parsed.results]

    # The citizen files online: a draft (retried with the same key), two files.
    body = models.DossierCreateInputRequest(
        procedure=world.procedure.code, processing_agency=world.department.uuid
    )
    created = dossiers.v1_dossiers_create.sync_detailed(
        client=citizen, body=body, idempotency_key="journey-create"
    )
    retried = dossiers.v1_dossiers_create.sync_detailed(
        client=citizen, body=body, idempotency_key="journey-create"
    )
    draft = created.parsed
    assert created.status_code == 201 and isinstance(draft, models.DossierForApplicant)
    assert draft.code is None and draft.status == models.DossierStatusEnum.DRAFT
    assert retried.parsed.id == draft.id
    assert retried.headers["Idempotent-Replayed"] == "true"
    reference = str(draft.id)  # a draft has no code: `{code}` takes its id
    for position in (1, 2):
        upload = dossiers.v1_dossiers_files_create.sync_detailed(
            reference,
            client=citizen,
            body=models.FileUploadInputRequest(
                file=types.File(
                    payload=io.BytesIO(PDF_BYTES),
                    file_name=f"giay-to-{position}.pdf",
                    mime_type="application/pdf",
                ),
                component=position,
            ),
        )
        assert upload.status_code == 201, upload.content
    submitted = transition(dossiers, citizen, reference, Action.SUBMIT)
    code = submitted.code
    assert submitted.status == models.DossierStatusEnum.SUBMITTED and code

    # A 409 in the wrong state, with its code.
    again = dossiers.v1_dossiers_transitions_create.sync_detailed(
        code, client=citizen, body=models.TransitionInputRequest(action=Action.SUBMIT)
    )
    assert again.status_code == 409
    assert isinstance(again.parsed, models.Error)
    assert again.parsed.code == models.ErrorCodeEnum.STATE

    # The clerk receives; the leader assigns; the officer attaches the result and
    # forwards; the leader approves; the clerk returns the result.
    received = transition(dossiers, clerk, code, Action.RECEIVE)
    assert isinstance(received, models.DossierForStaff)
    transition(dossiers, leader, code, Action.ASSIGN, assignee=world.officer.username)
    result = dossiers.v1_dossiers_files_create.sync_detailed(
        code,
        client=officer,
        body=models.FileUploadInputRequest(
            file=types.File(payload=io.BytesIO(PDF_BYTES), file_name="ket-qua.pdf"),
            kind=models.FileUploadInputKindEnum.RESULT,
        ),
    )
    assert result.status_code == 201, result.content
    transition(dossiers, officer, code, Action.FORWARD)
    transition(dossiers, leader, code, Action.APPROVE)
    returned = transition(dossiers, clerk, code, Action.RETURN_RESULT)
    assert returned.status == models.DossierStatusEnum.RETURNED

    # A status read from a response is a filter value, and `overdue` a boolean.
    listed = dossiers.v1_dossiers_list.sync_detailed(
        client=clerk, status=returned.status, overdue=False
    )
    assert [row.code for row in listed.parsed.results] == [code]
    mine = dossiers.v1_dossiers_retrieve.sync_detailed(code, client=citizen).parsed
    assert mine.audience == models.DossierForApplicantAudienceEnum.APPLICANT
    assert [entry.sentence for entry in mine.timeline]

    # The public lookup: the answer, and the same 404 for wrong digits.
    digits = world.citizen.phone[-4:]
    lookup = dossiers.v1_lookup_retrieve.sync_detailed(
        client=anonymous, code=code, verify=digits
    )
    assert lookup.parsed.status == models.DossierStatusEnum.RETURNED
    assert lookup.parsed.events[0].action == models.DossierEventActionEnum.CREATE
    wrong = dossiers.v1_lookup_retrieve.sync_detailed(
        client=anonymous, code=code, verify=wrong_digits(Dossier.objects.get(code=code))
    )
    assert wrong.status_code == 404
    assert wrong.parsed.code == models.ErrorCodeEnum.NOT_FOUND

    # Payments: nothing is owed for this procedure, so starting is a 409.
    owed = api.payments.v1_dossiers_payment_retrieve.sync_detailed(code, client=citizen)
    assert owed.status_code == 200
    start = api.payments.v1_dossiers_payment_start_create.sync_detailed(
        code, client=citizen, body=models.PaymentStartInputRequest()
    )
    assert start.status_code == 409 and start.parsed.code is not None

    # Documents: the clerk's inbox answers in its own shape.
    inbox = api.documents.v1_documents_incoming_list.sync_detailed(client=clerk)
    assert inbox.status_code == 200

    assert len(checker.seen) == 24  # every call above, each one checked
    assert {status for _method, _path, status in checker.seen} >= {200, 201, 404, 409}


def transition(dossiers, client, code, action, **inputs):
    answer = dossiers.v1_dossiers_transitions_create.sync_detailed(
        code,
        client=client,
        body=type_of(dossiers).TransitionInputRequest(action=action, **inputs),
    )
    assert answer.status_code == 200, answer.content
    return answer.parsed


def type_of(dossiers):
    return importlib.import_module(
        dossiers.__name__.replace(".api.dossiers", ".models")
    )


def test_drafts_are_addressed_by_id(generated):
    raw, _package = generated
    parameter = next(
        p
        for p in raw["paths"]["/api/v1/dossiers/{code}/transitions/"]["post"][
            "parameters"
        ]
        if p["name"] == "code"
    )
    assert "draft" in parameter["description"]
    assert UUID(parameter["examples"]["DraftId"]["value"])
