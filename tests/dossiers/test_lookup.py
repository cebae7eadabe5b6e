"""The public lookup: its limits per code and per client address, page and API,
and the pages kept in the cache."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from core import limits
from dossiers import lookup_cache
from dossiers.models import DossierStatus
from dossiers.views import public
from tests.dossiers.conftest import act, draft, wrong_digits

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def test_lookup_behind_a_trusted_proxy_counts_each_citizen(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.LOOKUP_LIMIT_PER_ADDRESS = 2
    query = {"code": "X-1", "verify": "0000"}

    def lookup(address):
        return client.get(
            "/tra-cuu/", query, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
        ).status_code

    assert [lookup("203.0.113.7") for _ in range(3)] == [404, 404, 429]
    assert lookup("203.0.113.8") == 404


def test_lookup_api_limit_holds_despite_rotating_forwarded_for(settings):
    settings.LOOKUP_LIMIT_PER_ADDRESS = 2
    statuses = [
        APIClient()
        .get(
            "/api/v1/lookup/",
            {"code": f"X-{index}", "verify": "0000"},
            HTTP_X_FORWARDED_FOR=f"1.2.3.{index}",
        )
        .status_code
        for index in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_a_lookup_that_succeeds_after_failures_is_logged(client, caplog, world):
    dossier = act(draft(world), "submit", world.citizen)
    client.get("/tra-cuu/", {"code": dossier.code, "verify": wrong_digits(dossier)})
    verify = dossier.applicant_phone[-4:]
    with caplog.at_level("WARNING", logger="dossiers.services.lookup"):
        found = client.get("/tra-cuu/", {"code": dossier.code, "verify": verify})
    assert found.status_code == 200
    assert "after 1 failed attempts" in caplog.text
    assert dossier.applicant_phone not in caplog.text


def test_a_slow_guesser_meets_the_daily_limit_per_code(client, settings, world):
    settings.LOOKUP_LIMIT_PER_CODE_DAY = 3
    dossier = act(draft(world), "submit", world.citizen)
    query = {"code": dossier.code, "verify": wrong_digits(dossier)}
    statuses = [
        client.get("/tra-cuu/", query, REMOTE_ADDR=f"203.0.113.{index}").status_code
        for index in range(4)
    ]
    assert statuses == [404, 404, 404, 429]


def test_owners_looking_up_their_dossier_are_not_locked_out(client, settings, world):
    settings.LOOKUP_LIMIT_PER_CODE = 2
    dossier = act(draft(world), "submit", world.citizen)
    query = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    assert [client.get("/tra-cuu/", query).status_code for _ in range(5)] == [200] * 5


def test_kiosk_lookup_has_a_keypad_revealed_by_its_script(client, db):
    html = client.get("/ki-ot/tra-cuu-ho-so/").content.decode()
    assert 'data-keypad hidden role="group"' in html  # usable without a script
    assert '<script src="/static/js/keypad.js" defer>' in html
    assert 'data-key="H"' in html and "data-keypad-back" in html


def test_kiosk_lookup_shares_the_limits_and_shows_a_qr_code_without_the_digits(
    client, settings, world
):
    settings.SITE_URL = "https://dichvucong.lamdong.gov.vn"
    dossier = act(draft(world), "submit", world.citizen)
    wrong = {"code": dossier.code, "verify": wrong_digits(dossier)}
    assert client.get("/ki-ot/tra-cuu-ho-so/", wrong).status_code == 404
    verify = dossier.applicant_phone[-4:]
    response = client.get(
        "/ki-ot/tra-cuu-ho-so/", {"code": dossier.code, "verify": verify}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.procedure.name in html
    phone_url = f"https://dichvucong.lamdong.gov.vn/tra-cuu/?code={dossier.code}"
    assert response.context["phone_url"] == phone_url
    assert 'class="qr"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_limit_reached_stops_the_counting_of_the_later_ones(client, settings):
    settings.LOOKUP_LIMIT_PER_ADDRESS = 1
    settings.LOOKUP_LIMIT_PER_CODE = 2
    query = {"code": "X-2", "verify": "0000"}

    def lookup(address):
        return client.get("/tra-cuu/", query, REMOTE_ADDR=address).status_code

    # The second try from .7 stops at its address: the code's counter stays at 1.
    assert [lookup("203.0.113.7"), lookup("203.0.113.7")] == [404, 429]
    assert [lookup("203.0.113.8"), lookup("203.0.113.9")] == [404, 429]


def test_a_lookup_reads_two_queries_page_and_api(
    client, world, django_assert_num_queries
):
    dossier = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    query = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    with django_assert_num_queries(2):  # the dossier (narrowed), its events
        page = client.get("/tra-cuu/", query)
    assert page.status_code == 200
    assert dossier.procedure.name in page.content.decode()
    with django_assert_num_queries(2):
        answer = APIClient().get("/api/v1/lookup/", query)
    assert answer.status_code == 200
    assert [event["to_status"] for event in answer.json()["events"]] == [
        "draft",
        "submitted",
        "received",
    ]


def test_with_redis_unreachable_the_lookup_answers_and_still_limits(
    client, settings, world, monkeypatch
):
    monkeypatch.setattr(limits, "_down_until", 0.0)  # restored after the test
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.LOOKUP_LIMIT_PER_CODE = 2
    dossier = act(draft(world), "submit", world.citizen)
    found = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    wrong = {"code": dossier.code, "verify": wrong_digits(dossier)}
    assert client.get("/tra-cuu/", found).status_code == 200
    # Counted in this process's memory for the outage: the limit holds.
    assert [client.get("/tra-cuu/", wrong).status_code for _ in range(3)] == [
        404,
        404,
        429,
    ]


def test_the_same_lookup_again_is_served_from_the_cache_within_the_limits(
    client, settings, world, django_assert_num_queries
):
    dossier = act(draft(world), "submit", world.citizen)
    found = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    first = client.get("/tra-cuu/", found)
    with django_assert_num_queries(0):
        again = client.get("/tra-cuu/", found)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Cache-Control"].startswith("max-age=0")  # private all the same
    # The limits are counted before the cache is read.
    settings.LOOKUP_LIMIT_PER_ADDRESS = 2
    for code in ("X-1", "X-2"):
        client.get("/tra-cuu/", {"code": code, "verify": "0000"})
    assert client.get("/tra-cuu/", found).status_code == 429


def test_a_kept_page_is_never_served_for_other_digits_or_language(client, world):
    dossier = act(draft(world), "submit", world.citizen)
    digits = dossier.applicant_phone[-4:]
    client.get("/tra-cuu/", {"code": dossier.code, "verify": digits})
    wrong = {"code": dossier.code, "verify": wrong_digits(dossier)}
    assert client.get("/tra-cuu/", wrong).status_code == 404
    client.cookies["django_language"] = "en"
    english = client.get("/tra-cuu/", {"code": dossier.code, "verify": digits})
    assert "Look up" in english.content.decode()


def test_a_change_of_the_dossier_shows_at_the_next_lookup(
    client, world, django_capture_on_commit_callbacks
):
    dossier = act(draft(world), "submit", world.citizen)
    found = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    assert "Mới đăng ký trực tuyến" in client.get("/tra-cuu/", found).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        act(dossier, "receive", world.clerk)
    html = client.get("/tra-cuu/", found).content.decode()
    assert "Đã tiếp nhận, chờ phân công" in html


def test_a_page_read_before_a_change_is_not_kept_as_current(world):
    dossier = act(draft(world), "submit", world.citizen)
    before = lookup_cache.read(dossier.code)  # a reader starts...
    lookup_cache.forget(dossier.code)  # ...a transition commits meanwhile...
    lookup_cache.keep(before, "page", b"old", 600)  # ...the reader keeps its page
    assert lookup_cache.read(dossier.code).page("page") is None


def test_a_signed_in_visitor_gets_a_page_of_their_own(client, world):
    dossier = act(draft(world), "submit", world.citizen)
    found = {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    client.get("/tra-cuu/", found)  # kept for anonymous visitors
    client.force_login(world.clerk)
    html = client.get("/tra-cuu/", found).content.decode()
    assert world.clerk.full_name in html


@pytest.mark.parametrize(
    ("due_in", "kept_for"),
    [
        (timedelta(days=30), 600),  # no mark for ten minutes and more
        (timedelta(hours=-1), 600),  # overdue stays overdue
        (timedelta(minutes=5), 30),  # due soon now, overdue in ten minutes
        (timedelta(seconds=10), 0),  # overdue within half a minute
    ],
)
def test_a_page_is_kept_only_while_its_due_mark_holds(world, due_in, kept_for):
    # A Wednesday at 10:00 in Đà Lạt, in a week without holidays.
    now = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dossier = act(draft(world), "submit", world.citizen)
    dossier.status = DossierStatus.PROCESSING
    dossier.due_at = now + due_in
    assert public._unchanged_for(dossier, now) == kept_for
