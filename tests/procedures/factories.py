import factory

from procedures import services
from procedures.models import (
    FeeItem,
    Field,
    OnlineMode,
    Procedure,
    RequiredComponent,
    ServiceLevel,
    TimeUnit,
    WorkflowStep,
)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực thử {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-thu-{n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A published provincial procedure, level 3, 5 working days; saved through the
    service so that its search columns are right."""

    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"9.{n:06d}.H36")
    base_code = factory.LazyAttribute(lambda o: ".".join(o.code.split(".")[:2]))
    name = factory.Sequence(lambda n: f"Cấp giấy phép thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    level_province = True
    service_level = ServiceLevel.ONLINE_PARTIAL
    online_mode = OnlineMode.PARTIAL
    processing_time = 5
    processing_time_unit = TimeUnit.WORKING_DAYS

    class Params:
        full_online = factory.Trait(
            service_level=ServiceLevel.ONLINE_FULL,
            online_mode=OnlineMode.FULL,
            online_payment=True,
        )
        counter_only = factory.Trait(
            service_level=ServiceLevel.FORMS, online_mode=OnlineMode.NONE
        )
        commune = factory.Trait(level_province=False, level_commune=True)
        free = factory.Trait(fee_status="free")
        unpublished = factory.Trait(is_published=False)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        procedure = model_class(*args, **kwargs)
        services.procedure_save(procedure=procedure)
        return procedure

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.add(*extracted)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredComponent

    procedure = factory.SubFactory(ProcedureFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Giấy tờ thử {n}")
    originals = 1
    copies = 0


class FeeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    procedure = factory.SubFactory(ProcedureFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "Lệ phí"
    amount = 50000
    unit = "lần"


class WorkflowStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkflowStep

    procedure = factory.SubFactory(ProcedureFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định hồ sơ"
    role = "officer"
    hours = 8
