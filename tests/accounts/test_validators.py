import pytest
from django.core.exceptions import ValidationError

from accounts import validators


@pytest.mark.parametrize("value", ["068090001234", "001203012345", "079185000001"])
def test_valid_national_ids(value):
    validators.validate_national_id(value)


@pytest.mark.parametrize(
    "value",
    ["06809000123", "0680900012345", "06809000123a", "999090001234", "003090001234"],
)
def test_invalid_national_ids(value):
    with pytest.raises(ValidationError):
        validators.validate_national_id(value)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(091) 234-5678", "0912345678"),
    ],
)
def test_phone_normalization(raw, normalized):
    assert validators.normalize_phone(raw) == normalized
    validators.validate_mobile_phone(normalized)


@pytest.mark.parametrize("value", ["0212345678", "091234567", "02633822146", "abc"])
def test_invalid_mobile_phones(value):
    with pytest.raises(ValidationError):
        validators.validate_mobile_phone(value)


@pytest.mark.parametrize("value", ["5800123456", "0101234567-001"])
def test_valid_tax_codes(value):
    validators.validate_tax_code(value)


@pytest.mark.parametrize("value", ["580012345", "5800123456-1", "58001234567"])
def test_invalid_tax_codes(value):
    with pytest.raises(ValidationError):
        validators.validate_tax_code(value)


@pytest.mark.parametrize("value", ["000.00.00.H36", "000.01.07.H36", "H15.50.05.13"])
def test_valid_agency_identifiers(value):
    validators.validate_agency_identifier(value)


@pytest.mark.parametrize("value", ["000.00.00", "00.00.00.H36", "000-00-00-H36"])
def test_invalid_agency_identifiers(value):
    with pytest.raises(ValidationError):
        validators.validate_agency_identifier(value)
