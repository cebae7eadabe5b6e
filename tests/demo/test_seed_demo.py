from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from accounts.models import AccessLog, Agency, User
from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Agency.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
    )


def test_seed_demo_creates_lam_dong_and_is_idempotent():
    output = seed()
    assert DEMO_PASSWORD in output
    assert "lanhdao.tuphap" in output
    before = snapshot()
    seed()
    assert snapshot() == before
    province = Agency.objects.get(identifier="000.00.00.H36")
    assert province.name == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert province.children.filter(level="commune").count() == 14


def test_demo_accounts_log_in(client):
    seed()
    for username in ("quantri", "motcua.tinh", "068090001234", "5800123456"):
        # django-axes counts attempts per request: login() must pass one.
        logged_in = client.login(
            request=HttpRequest(), username=username, password=DEMO_PASSWORD
        )
        assert logged_in, username
        client.logout()


def test_demo_applicants_are_verified_by_a_recorded_demo_check():
    seed()
    for login in ("068090001234", "068185004321", "5800123456"):
        user = User.objects.get(username=login)
        assert user.verification_method == "demo", login
        assert AccessLog.objects.filter(
            action="verify", object_ref=login, detail="demo"
        ).exists()
