"""PAdES signing with an agency's key and verification against the trust roots."""

from io import BytesIO

import pytest

from documents import pki
from documents.signing import (
    SignatureStatus,
    SigningUnavailable,
    pdf_sign,
    pdf_verify,
)
from tests.accounts.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def sign(agency, data):
    return pdf_sign(
        agency=agency,
        data=data,
        verify_url="http://127.0.0.1:8000/xac-thuc-van-ban/x/",
        reason="Thử",
        field_name="Test",
    )


@pytest.fixture
def agency(authority):
    agency = AgencyFactory(name="Ủy ban nhân dân xã Đạ Huoai")
    pki.agency_keys_save(authority, agency)
    return agency


def test_signed_pdf_verifies_with_signer_and_time(agency, sample_pdf):
    check = pdf_verify(sign(agency, sample_pdf))
    assert check.status == SignatureStatus.VALID
    assert check.signer == "Ủy ban nhân dân xã Đạ Huoai"
    assert check.signed_at is not None
    assert check.reasons == []


def test_one_changed_byte_in_the_signed_content_is_invalid(agency, sample_pdf):
    signed = bytearray(sign(agency, sample_pdf))
    signed[len(sample_pdf) // 2] ^= 0x01
    assert pdf_verify(bytes(signed)).status == SignatureStatus.INVALID


def test_a_revision_added_after_signing_is_invalid(agency, sample_pdf):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(sign(agency, sample_pdf)))
    page = writer.root["/Pages"]["/Kids"][0]
    writer.update_container(page)  # the page is now part of the new revision
    page.get_object()["/Rotate"] = generic.NumberObject(90)
    output = BytesIO()
    writer.write(output)
    check = pdf_verify(output.getvalue())
    assert check.status == SignatureStatus.INVALID
    assert "Tệp đã được sửa đổi sau khi ký." in check.reasons


def test_a_signature_from_an_unknown_authority_is_untrusted(
    sample_pdf, tmp_path, settings
):
    stranger = pki.authority_create("CA lạ")
    agency = AgencyFactory()
    settings.DOCUMENT_PKI_DIR = tmp_path
    pki.agency_keys_save(stranger, agency)
    assert pdf_verify(sign(agency, sample_pdf)).status == SignatureStatus.UNTRUSTED


def test_unsigned_and_unreadable_files(sample_pdf):
    assert pdf_verify(sample_pdf).status == SignatureStatus.UNSIGNED
    assert pdf_verify(b"not a pdf").status == SignatureStatus.INVALID


def test_an_agency_without_a_key_cannot_sign(sample_pdf):
    with pytest.raises(SigningUnavailable):
        sign(AgencyFactory(), sample_pdf)
