import factory

from procedures.models import FeeItem, FeeKind


class FeeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    position = factory.Sequence(lambda n: n + 1)
    kind = FeeKind.CHARGE
    name = "Lệ phí cấp bản sao trích lục"
    amount = 50000
