"""The portal's settings plus two bare views (bench/urls.py) for bench/load.py."""

from egov.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
