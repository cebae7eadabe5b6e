import pytest
from django.core.management import CommandError, call_command

from documents import pki
from tests.accounts.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_pki_creates_a_ca_and_one_key_per_agency(settings, tmp_path):
    settings.DOCUMENT_PKI_DIR = tmp_path / "pki"
    agencies = [AgencyFactory(), AgencyFactory()]
    call_command("documents_demo_pki")
    assert (tmp_path / "pki" / "ca.pem").exists()
    assert all(pki.pkcs12_path(agency).exists() for agency in agencies)
    before = pki.pkcs12_path(agencies[0]).read_bytes()
    call_command("documents_demo_pki")  # keeps existing keys and the CA
    assert pki.pkcs12_path(agencies[0]).read_bytes() == before


def test_demo_pki_names_unknown_agencies(settings, tmp_path):
    settings.DOCUMENT_PKI_DIR = tmp_path
    with pytest.raises(CommandError, match=r"999\.99\.99\.H99"):
        call_command("documents_demo_pki", "999.99.99.H99")
