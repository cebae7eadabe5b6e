import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AgencyKind
from procedures.models import (
    Field,
    OnlineMode,
    Procedure,
    RequiredComponent,
    ServiceLevel,
    TimeUnit,
)
from tests.accounts.factories import AgencyFactory

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


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}.000.00.00.H36")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    level_province = True
    service_level = ServiceLevel.ONLINE_FULL
    online_mode = OnlineMode.FULL
    processing_time = 5
    processing_time_unit = TimeUnit.WORKING_DAYS
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

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.set(extracted)


def service_centre(parent):
    return AgencyFactory(kind=AgencyKind.SERVICE_CENTRE, parent=parent)
