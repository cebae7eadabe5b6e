"""Downloads are named and typed after their content, never the uploader's name."""

import io
import re

import pytest
from django.core.files import File
from django.core.files.base import ContentFile

from core.uploads import attachment, random_stored_name
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES, ProcedureFactory


def test_a_pdf_named_hta_downloads_as_pdf():
    response = attachment(File(io.BytesIO(PDF_BYTES)), name="scan.hta")
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_the_recorded_type_wins_over_the_name():
    response = attachment(
        File(io.BytesIO(PNG_BYTES)), name="anh.exe", content_type="image/png"
    )
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'


def test_unknown_content_is_an_opaque_binary():
    response = attachment(File(io.BytesIO(b"<script>x</script>")), name="x.html")
    assert response["Content-Disposition"] == 'attachment; filename="x.bin"'
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.django_db
def test_a_form_template_downloads_under_its_detected_type(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    procedure = ProcedureFactory()
    component = procedure.components.get(position=1)
    component.form_template.save("to-khai.hta", ContentFile(PDF_BYTES))
    response = client.get(f"/thu-tuc/{procedure.code}/bieu-mau/1/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'


@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("Nguyen Van A - CCCD.PDF", "pdf"),
        ("../../etc/passwd", "bin"),
        ("anh", "bin"),
        ("x.<script>", "bin"),
        ("a.b.Png", "png"),
    ],
)
def test_stored_names_are_random_and_keep_only_the_extension(filename, extension):
    first = random_stored_name("dossiers/abc", filename)
    second = random_stored_name("dossiers/abc", filename)
    assert re.fullmatch(rf"dossiers/abc/[0-9a-f]{{32}}\.{extension}", first)
    assert first != second
