from tests.dossiers.conftest import world  # noqa: F401 (the shared fixture)
