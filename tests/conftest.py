import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.models import Role
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        raise pytest.UsageError(
            "The tests run on PostgreSQL: set DATABASE_URL or use `make test`."
        )


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from egov.calendar import calendar_invalidate

    calendar_invalidate()
    yield
    calendar_invalidate()


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
