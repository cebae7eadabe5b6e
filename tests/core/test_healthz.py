import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_degraded_but_up_when_redis_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("core.views._check_database", lambda: "error")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_metrics_answer_the_monitoring_address_only(client, settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.9"]
    response = client.get("/metrics", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    assert b"python_info" in response.content
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.10").status_code == 404


def test_metrics_follow_the_client_address_behind_a_trusted_proxy(client, settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.9"]
    settings.TRUSTED_PROXIES = ["172.16.0.0/12"]
    forged = {"REMOTE_ADDR": "10.0.0.10", "HTTP_X_FORWARDED_FOR": "10.0.0.9"}
    assert client.get("/metrics", **forged).status_code == 404
    proxied = {"REMOTE_ADDR": "172.16.0.2", "HTTP_X_FORWARDED_FOR": "10.0.0.9"}
    assert client.get("/metrics", **proxied).status_code == 200


def test_metrics_are_off_unless_enabled(client, settings):
    settings.METRICS_ENABLED = False
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
