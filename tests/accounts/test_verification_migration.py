"""The data migration: accounts made by the e-ID login are verified, others not."""

import importlib

import pytest
from django.apps import apps

from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0003_verify_eid_accounts")


def test_e_id_accounts_become_verified_and_password_accounts_stay_unverified():
    eid = CitizenFactory()
    eid.set_unusable_password()
    eid.save()
    registered = CitizenFactory()

    migration.verify_eid_accounts(apps, None)

    eid.refresh_from_db()
    registered.refresh_from_db()
    assert eid.verification_method == "eid" and eid.verified_at is not None
    assert not registered.is_verified
    assert eid.security_stamp != registered.security_stamp
