"""scripts/backup.sh and scripts/restore.sh against a real PostgreSQL."""

import shutil
import subprocess
import uuid
from datetime import date

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from core.models import CalendarOverride
from tests.notifications.worker import database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def run(script, url, *args):
    return subprocess.run(  # noqa: S603 (our own scripts)
        [str(settings.BASE_DIR / "scripts" / script), *args],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def scratch_url():
    source = database_url(connection.settings_dict)
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    url = f"{source.rsplit('/', 1)[0]}/{name}"
    yield url
    with psycopg.connect(
        f"{source.rsplit('/', 1)[0]}/postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_backup_restores_into_a_new_database(scratch_url, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed here.")
    CalendarOverride.objects.create(date=date(2026, 11, 26), kind="day_off", name="Bão")
    dump = tmp_path / "egov.dump"
    backup = run("backup.sh", database_url(connection.settings_dict), str(dump))
    assert backup.returncode == 0, backup.stderr
    restore = run("restore.sh", scratch_url, str(dump))
    assert restore.returncode == 0, restore.stderr
    with psycopg.connect(scratch_url) as restored:
        rows = restored.execute("SELECT name FROM egov_calendaroverride").fetchall()
    assert rows == [("Bão",)]
    again = run("restore.sh", scratch_url, str(dump))
    assert again.returncode == 1 and "already has" in again.stderr
