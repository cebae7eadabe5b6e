import factory

from accounts.models import AccountType, AdministrativeLevel, Agency, AgencyKind, User

PASSWORD = "MatKhau@123"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    identifier = factory.Sequence(
        lambda n: f"000.00.{n % 100:02d}.K{n // 100 % 100:02d}"
    )
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    level = AdministrativeLevel.PROVINCE
    kind = AgencyKind.DEPARTMENT

    class Params:
        commune = factory.Trait(
            level=AdministrativeLevel.COMMUNE,
            kind=AgencyKind.PEOPLES_COMMITTEE,
            name=factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử {n}"),
        )


def province_with_communes(code: str, communes: dict[str, str]) -> Agency:
    """A province's people's committee with its communes' committees, by GSO code
    and name ("phường Xuân Hương - Đà Lạt"), as import_units makes them."""
    province = AgencyFactory(
        name=f"Ủy ban nhân dân tỉnh {code}",
        admin_unit_code=code,
        level=AdministrativeLevel.PROVINCE,
        kind=AgencyKind.PEOPLES_COMMITTEE,
    )
    for commune_code, name in communes.items():
        AgencyFactory(
            commune=True,
            name=f"Ủy ban nhân dân {name}",
            admin_unit_code=commune_code,
            parent=province,
        )
    return province


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    account_type = AccountType.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CitizenFactory(UserFactory):
    national_id = factory.Sequence(lambda n: f"068{n:09d}")
    username = factory.SelfAttribute("national_id")
    phone = "0912345678"


class StaffFactory(UserFactory):
    account_type = AccountType.STAFF
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            from accounts.services import staff_set_roles

            staff_set_roles(user=obj, roles=extracted, granter=None)
