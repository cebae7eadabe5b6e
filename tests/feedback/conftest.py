import pytest

from tests.feedback.factories import world  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """Flows send many feedback from one contact; tests/feedback/test_limits.py
    checks the real limits."""
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 10_000
    settings.FEEDBACK_LIMIT_PER_CONTACT = 10_000
