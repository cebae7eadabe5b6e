import pytest

from tests.dossiers.conftest import world  # noqa: F401 (the shared fixture)
from tests.stats.worlds import May, build_may


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def may(world) -> May:  # noqa: F811
    return build_may(world)
