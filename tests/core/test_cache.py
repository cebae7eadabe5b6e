"""Redis down: the cache answers from process memory, the calendar from its copy."""

import shutil
from datetime import date

import pytest
import redis
from django.core.cache import cache, caches

from core.calendar import calendar_invalidate, get_calendar
from core.memo import ProcessMemo
from core.models import CalendarOverride
from tests.notifications.stubs import RedisServer, free_port


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def own_redis(settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed here.")
    server = RedisServer().start()
    settings.CACHES = redis_cache(server.url)
    yield server
    server.kill()


def test_unreachable_redis_is_a_miss_then_process_memory(redis_down):
    assert cache.get("answer") is None
    cache.set("answer", 42)
    assert cache.get("answer") == 42
    assert cache.add("counter", 0)
    assert cache.incr("counter") == 1


def test_cache_goes_back_to_redis_after_the_pause(own_redis):
    cache.set("where", "redis")
    own_redis.kill()
    assert cache.get("where") is None  # a miss, not an error
    cache.set("where", "memory")
    own_redis.start()  # empty
    assert cache.get("where") == "memory"  # paused: still the process memory
    caches["default"].redis_down_until = 0  # the pause is over
    assert cache.get("where") is None
    cache.set("where", "redis again")
    assert redis.Redis.from_url(own_redis.url).keys("*where") != []


@pytest.mark.django_db
def test_calendar_is_read_from_process_memory(django_assert_num_queries):
    get_calendar()
    with django_assert_num_queries(0):
        get_calendar()


@pytest.mark.django_db
def test_calendar_works_with_redis_down(redis_down):
    CalendarOverride.objects.create(date=date(2026, 11, 26), kind="day_off", name="Bão")
    calendar_invalidate()
    assert not get_calendar().is_working_day(date(2026, 11, 26))


@pytest.mark.django_db
def test_another_process_reloads_after_an_invalidation():
    loads = []
    here = ProcessMemo("test", lambda: loads.append(1) or len(loads), ttl=60)
    there = ProcessMemo("test", lambda: loads.append(1) or len(loads), ttl=60)
    assert (here.get(), there.get(), here.get()) == (1, 2, 1)
    here.invalidate()
    assert there.get() == 3


@pytest.mark.django_db
def test_a_copy_is_used_without_asking_redis_until_the_recheck():
    loads = []
    here = ProcessMemo("slow", lambda: loads.append(1) or len(loads), ttl=60)
    there = ProcessMemo(
        "slow", lambda: loads.append(1) or len(loads), ttl=60, recheck=3600
    )
    assert (here.get(), there.get()) == (1, 2)
    here.invalidate()
    assert there.get() == 2  # the change shows after `recheck` seconds


def test_a_copy_is_reloaded_after_its_ttl():
    loads = []
    memo = ProcessMemo("short", lambda: loads.append(1) or len(loads), ttl=0)
    assert (memo.get(), memo.get()) == (1, 2)
