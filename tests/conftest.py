import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Role
from core import broker
from tests import vneid as vneid_provider
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory


def shared_data_dir() -> Path:
    """The real data of ../shared/data (read by path, never copied into the repo).

    SHARED_DATA_DIR overrides it; a clone placed elsewhere falls back to /work/shared.
    """
    candidates = [
        os.environ.get("SHARED_DATA_DIR", ""),
        settings.BASE_DIR.parent / "shared" / "data",
        "/work/shared/data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path(candidates[1])


SHARED_DATA = shared_data_dir()


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        raise pytest.UsageError(
            "The tests run on PostgreSQL: set DATABASE_URL or use `make test`."
        )


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with an empty cache (calendar overrides, API throttles) and
    a broker never found down.

    The suite flushes the Redis database it is given: use a test database.
    """
    cache.clear()
    broker.pause.clear()
    # Process copies of reference data look at the (cleared) cache on every read.
    settings.MEMO_RECHECK_SECONDS = 0
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that check it ask for it themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def oidc_provider():
    """A VNeID stand-in: a real OpenID provider on a thread (tests/vneid.py)."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def vneid(settings, oidc_provider):
    """The portal configured for the provider; the provider's address."""
    vneid_provider.configure(settings, oidc_provider)
    return oidc_provider


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def other_citizen(db):
    return CitizenFactory()


@pytest.fixture
def clerk(agency):
    return StaffFactory(agency=agency, roles=[Role.CLERK])


@pytest.fixture
def officer(agency):
    return StaffFactory(agency=agency, roles=[Role.OFFICER])


@pytest.fixture
def leader(agency):
    return StaffFactory(agency=agency, roles=[Role.LEADER])


@pytest.fixture
def agency_admin(agency):
    return StaffFactory(agency=agency, roles=[Role.AGENCY_ADMIN])


@pytest.fixture
def system_admin(db):
    return StaffFactory(roles=[Role.SYSTEM_ADMIN])


@pytest.fixture
def outsider_officer(db):
    return StaffFactory(roles=[Role.OFFICER])
