from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def shared_data(name: str) -> Path:
    """A file of ../shared/data, read by path (never copied into the repository)."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data sits beside the repo)")
    return path
