"""Two portal processes (gunicorn, separate databases and CAs) exchange a document
and its status both ways through the edXML endpoint."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

from tests.notifications.stubs import free_port

pytestmark = pytest.mark.slow
KEY = "khoa-lien-thong-thu-nghiem-giua-hai-cong"
SETUP = """
import json
from accounts.models import Agency, User
from accounts.services import staff_set_roles
from accounts.tokens import token_issue
from django.core.management import call_command
from documents.models import ExchangePeer
agency = Agency.objects.create(identifier={identifier!r}, name={name!r},
                               level="province", kind="department")
tokens = {{}}
for role in ["officer", "leader", "clerk"]:
    user = User.objects.create(username=role, full_name=role.title(),
                               account_type="staff", agency=agency)
    staff_set_roles(user=user, roles=[role], granter=None)
    tokens[role] = token_issue(user=user)[1]
ExchangePeer.objects.create(code={peer_code!r}, name="Cổng bạn",
                            endpoint_url={peer_url!r}, key={key!r})
call_command("documents_demo_pki", verbosity=0)
print(json.dumps(tokens))
"""


@dataclass
class Portal:
    code: str
    identifier: str
    name: str
    port: int
    database: str
    folder: Path
    tokens: dict | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self, other):
        base = settings.DATABASES["default"]
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{base['USER']}:{base['PASSWORD']}@"
            f"{base['HOST']}:{base['PORT']}/{self.database}",
            "REDIS_URL": "",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "MEDIA_ROOT": str(self.folder / "media"),
            "DOCUMENT_PKI_DIR": str(self.folder / "pki"),
            "DOCUMENT_TRUST_ROOTS": f"{self.folder / 'pki/ca.pem'},"
            f"{other.folder / 'pki/ca.pem'}",
            "EXCHANGE_PORTAL_CODE": self.code,
            "SITE_URL": self.url,
        }

    def api(self, role, method, path, **kwargs):
        headers = {"Authorization": f"Token {self.tokens[role]}"}
        answer = requests.request(
            method, self.url + path, headers=headers, timeout=60, **kwargs
        )
        assert answer.status_code < 300, (answer.status_code, answer.text[:500])
        return answer.json()


def _admin_sql(*statements):
    base = settings.DATABASES["default"]
    with psycopg.connect(
        host=base["HOST"],
        port=base["PORT"],
        user=base["USER"],
        password=base["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        for statement in statements:
            connection.execute(statement)


def _manage(portal, other, *args, capture=False):
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=portal.env(other),
        check=True,
        capture_output=capture,
        text=True,
    )


def _start(portal, other):
    portal.process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "egov.wsgi",
            "-b",
            f"127.0.0.1:{portal.port}",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=portal.env(other),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(portal.url + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("portal did not start")


@pytest.fixture
def portals(tmp_path):
    name = settings.DATABASES["default"]["NAME"]
    a = Portal(
        "portal-a",
        "000.00.04.H36",
        "Sở Tư pháp tỉnh Lâm Đồng",
        free_port(),
        f"{name}_peer_a",
        tmp_path / "a",
    )
    b = Portal(
        "portal-b",
        "000.00.04.H56",
        "Sở Tư pháp tỉnh Bình Dương",
        free_port(),
        f"{name}_peer_b",
        tmp_path / "b",
    )
    _admin_sql(*(f"DROP DATABASE IF EXISTS {p.database}" for p in (a, b)))
    _admin_sql(f"CREATE DATABASE {a.database}")
    _manage(a, b, "migrate", "-v0")
    # The second database is a copy of the migrated, still empty first one.
    _admin_sql(f"CREATE DATABASE {b.database} TEMPLATE {a.database}")
    for portal, other in ((a, b), (b, a)):
        script = SETUP.format(
            identifier=portal.identifier,
            name=portal.name,
            peer_code=other.code,
            peer_url=f"{other.url}/api/v1/documents/exchange/",
            key=KEY,
        )
        output = _manage(portal, other, "shell", "-c", script, capture=True).stdout
        portal.tokens = json.loads(output.strip().splitlines()[-1])
    try:
        for portal, other in ((a, b), (b, a)):
            _start(portal, other)
        yield a, b
    finally:
        for portal in (a, b):
            if portal.process:
                portal.process.terminate()
                portal.process.wait(10)
        _admin_sql(*(f"DROP DATABASE IF EXISTS {p.database}" for p in (a, b)))


def _wait_for(fetch, expected, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = fetch()
        if value == expected:
            return value
        time.sleep(0.3)
    return fetch()


def _send(sender, receiver, sample_pdf, summary):
    arrival, delivery, _keys = _send_keys(sender, receiver, sample_pdf, summary)
    return arrival, delivery


def _send_keys(sender, receiver, sample_pdf, summary):
    """The sender drafts, approves and issues to the receiver's agency; the
    receiver's clerk sees it, checks the signature and registers it."""
    draft = sender.api(
        "officer",
        "POST",
        "/api/v1/documents/outgoing/",
        data={
            "doc_type": "CV",
            "summary": summary,
            "notation": "STP-VP",
            "external_recipients": [
                f"{receiver.code}:{receiver.identifier}:{receiver.name}"
            ],
        },
        files={"file": ("cv.pdf", sample_pdf, "application/pdf")},
    )
    key = draft["id"]
    for role, action in [
        ("officer", "submit"),
        ("leader", "approve"),
        ("clerk", "issue"),
    ]:
        sender.api(
            role,
            "POST",
            f"/api/v1/documents/outgoing/{key}/actions/",
            json={"action": action},
        )

    def inbox():
        rows = receiver.api("clerk", "GET", "/api/v1/documents/incoming/")["results"]
        return [row["summary"] for row in rows if row["summary"] == summary]

    assert _wait_for(inbox, [summary]) == [summary]
    row = next(
        r
        for r in receiver.api("clerk", "GET", "/api/v1/documents/incoming/")["results"]
        if r["summary"] == summary
    )
    detail = receiver.api("clerk", "GET", f"/api/v1/documents/incoming/{row['id']}/")
    assert detail["files"][0]["signature_status"] == "valid"
    assert detail["files"][0]["signature_signer"] == sender.name
    registered = receiver.api(
        "clerk",
        "POST",
        f"/api/v1/documents/incoming/{row['id']}/actions/",
        json={"action": "register"},
    )

    def delivery():
        sent = sender.api("clerk", "GET", f"/api/v1/documents/outgoing/{key}/")
        return [recipient["status"] for recipient in sent["recipients"]]

    keys = (key, row["id"])
    return registered["arrival_number"], _wait_for(delivery, ["received"]), keys


def test_two_portals_exchange_a_document_and_its_status_both_ways(portals, sample_pdf):
    a, b = portals
    assert _send(a, b, sample_pdf, "Về việc xác minh hộ tịch") == (1, ["received"])
    assert _send(b, a, sample_pdf, "Về việc trả lời xác minh") == (1, ["received"])
    assert _send(a, b, sample_pdf, "Về việc bổ sung hồ sơ") == (2, ["received"])


def test_replacement_update_and_revocation_reach_the_other_portal(portals, sample_pdf):
    from weasyprint import HTML

    a, b = portals
    summary = "Về việc kiểm tra hồ sơ hộ tịch"
    _arrival, _delivery, (key, copy) = _send_keys(a, b, sample_pdf, summary)

    def received():
        return b.api("clerk", "GET", f"/api/v1/documents/incoming/{copy}/")

    corrected = HTML(string="<h1>Công văn</h1><p>Bản thay thế.</p>").write_pdf()
    a.api(
        "leader",
        "POST",
        f"/api/v1/documents/outgoing/{key}/replacement/",
        data={"note": "Thay bản có chữ ký đúng"},
        files={"file": ("cv-moi.pdf", corrected, "application/pdf")},
    )
    assert _wait_for(lambda: received()["version"], 2) == 2
    current = [f for f in received()["files"] if f["superseded_at"] is None]
    assert [(f["original_name"], f["signature_status"]) for f in current] == [
        ("cv-moi.pdf", "valid")
    ]
    a.api(
        "leader",
        "POST",
        f"/api/v1/documents/outgoing/{key}/actions/",
        json={"action": "amend", "due_on": "2026-12-31", "note": "Gia hạn"},
    )
    assert _wait_for(lambda: received()["due_on"], "2026-12-31") == "2026-12-31"
    a.api(
        "leader",
        "POST",
        f"/api/v1/documents/outgoing/{key}/actions/",
        json={"action": "revoke", "note": "Ban hành nhầm"},
    )
    assert _wait_for(lambda: received()["revoked_reason"], "Ban hành nhầm") == (
        "Ban hành nhầm"
    )
    detail = received()
    assert detail["allowed_actions"] == []
    assert [event["action"] for event in detail["history"]][-3:] == [
        "replace",
        "update",
        "revoke",
    ]
