import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from procedures.models import (
    Field,
    OnlineMode,
    RequiredComponent,
    ServiceLevel,
)
from tests.procedures.factories import ProcedureFactory as CatalogueProcedureFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="giay-to.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["slug"]

    slug = "ho-tich"
    name = "Hộ tịch"


class ProcedureFactory(CatalogueProcedureFactory):
    """A fully online procedure with two mandatory components, in one shared field,
    saved through the catalogue's service like the catalogue's own factory."""

    field = factory.SubFactory(FieldFactory)
    service_level = ServiceLevel.ONLINE_FULL
    online_mode = OnlineMode.FULL
    result_by_post = True

    @factory.post_generation
    def components(obj, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else ["Tờ khai", "Giấy tờ tùy thân"]
        for position, name in enumerate(names, start=1):
            RequiredComponent.objects.create(
                procedure=obj, position=position, name=name, originals=1, copies=0
            )
