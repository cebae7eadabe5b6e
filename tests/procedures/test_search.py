import pytest

from procedures import selectors
from procedures.models import Procedure
from procedures.search import name_key, normalize, tokens
from tests.accounts.factories import AgencyFactory
from tests.procedures.factories import FieldFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def codes(queryset):
    return [procedure.code for procedure in queryset]


def search(text, **filters):
    return codes(selectors.procedure_catalogue(query=text, **filters))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐẤT ĐAI", "dat dai"),
        ("  Hòa   giải\ttranh chấp ", "hoa giai tranh chap"),
        (
            "Quỹ, Ủy ban, Nghị định 123/2015/NĐ-CP",
            "quy, uy ban, nghi dinh 123/2015/nd-cp",
        ),
    ],
)
def test_normalize_lowercases_strips_marks_and_maps_d(text, expected):
    assert normalize(text) == expected


def test_name_key_drops_punctuation_and_leading_thu_tuc():
    assert name_key("Thủ tục đăng ký khai sinh.") == "dang ky khai sinh"
    assert name_key("Tách thửa, hợp thửa đất") == "tach thua hop thua dat"


def test_tokens_are_distinct_words_without_edge_punctuation():
    assert tokens('"Khai sinh," khai (đất)') == ["khai", "sinh", "dat"]


def test_query_without_diacritics_finds_vietnamese_name():
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    assert search("dang ky khai sinh") == ["1.001193.H36"]


def test_d_with_stroke_maps_to_d_both_ways():
    land = FieldFactory(name="Đất đai")
    ProcedureFactory(
        code="1.012812.H36", name="Hòa giải tranh chấp đất đai", field=land
    )
    assert search("dat dai") == ["1.012812.H36"]
    assert search("ĐẤT ĐAI") == ["1.012812.H36"]


def test_word_order_and_partial_words_still_match():
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    assert search("khai sinh dang ky") == ["1.001193.H36"]
    assert search("khai sin") == ["1.001193.H36"]
    assert search("dang ky khai sinh xyz") == []


def test_every_word_must_match():
    ProcedureFactory(name="Đăng ký kết hôn")
    ProcedureFactory(name="Đăng ký khai sinh")
    assert len(search("dang ky")) == 2
    assert len(search("dang ky hon")) == 1


def test_ranking_exact_then_prefix_then_words_then_other_text():
    civil = FieldFactory(name="Khai sinh và hộ tịch")
    ProcedureFactory(code="5.other", name="Cấp bản sao trích lục", field=civil)
    ProcedureFactory(code="4.partial", name="Khai thác dữ liệu sinh trắc")
    ProcedureFactory(code="3.words", name="Liên thông về khai sinh và cấp thẻ")
    ProcedureFactory(code="2.prefix", name="Khai sinh lưu động")
    ProcedureFactory(code="1.exact", name="Thủ tục khai sinh")
    assert search("khai sinh") == [
        "1.exact",
        "2.prefix",
        "3.words",
        "4.partial",
        "5.other",
    ]


def test_code_query_ranks_that_procedure_first():
    ProcedureFactory(code="1.000001.H36", name="Đăng ký 1.001193 cũ")
    ProcedureFactory(
        code="1.001193.000.00.00.H36", base_code="1.001193", name="Khai sinh"
    )
    assert search("1.001193")[0] == "1.001193.000.00.00.H36"
    assert search("1.001193.000.00.00.h36") == ["1.001193.000.00.00.H36"]


def test_equal_ranks_put_shorter_then_alphabetical_names_first():
    ProcedureFactory(code="c", name="Đăng ký khai sinh lưu động")
    ProcedureFactory(code="b", name="Đăng ký khai sinh có yếu tố nước ngoài")
    ProcedureFactory(code="a", name="Đăng ký khai sinh")
    assert search("dang ky khai sinh") == ["a", "c", "b"]


def test_search_text_includes_code_field_agency_and_result():
    field = FieldFactory(name="Chứng thực")
    ProcedureFactory(
        code="2.001019.H36",
        name="Thủ tục X",
        field=field,
        agency_text="UBND cấp xã",
        result="Di chúc được chứng thực",
    )
    for text in ("2.001019", "chung thuc", "ubnd cap xa", "di chuc"):
        assert search(text) == ["2.001019.H36"], text


def test_filters_narrow_by_field_agency_level_service_level_and_payment():
    justice = AgencyFactory()
    civil = FieldFactory(name="Hộ tịch")
    target = ProcedureFactory(
        field=civil, commune=True, full_online=True, agencies=[justice]
    )
    ProcedureFactory(field=civil)
    ProcedureFactory(commune=True, full_online=True)
    assert search("", field=civil, level="commune") == [target.code]
    assert search("", agency=justice) == [target.code]
    assert search("", service_level=4, field=civil) == [target.code]
    assert search("", online_payment=True, field=civil) == [target.code]
    assert search("", online_mode="full", field=civil) == [target.code]


def test_unpublished_and_expired_procedures_are_not_listed(settings):
    ProcedureFactory(code="visible")
    ProcedureFactory(code="hidden", unpublished=True)
    ProcedureFactory(code="expired", effective_until="2000-01-01")
    ProcedureFactory(code="future", effective_from="2999-01-01")
    assert search("") == ["visible"]
    assert Procedure.objects.count() == 4
