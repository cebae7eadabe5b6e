"""The kind of paper a component or a procedure names, on real component lines."""

import pytest

from datastore.kinds import is_reusable, kind_of


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Bản sao Căn cước công dân hoặc Chứng minh nhân dân", "identity_card"),
        ("Giấy tờ tùy thân", "identity_card"),
        ("Bản chụp Hộ chiếu còn giá trị sử dụng", "passport"),
        ("Giấy tờ chứng minh nơi cư trú", "residence"),
        ("Sổ hộ khẩu (bản sao)", "residence"),
        ("Bản sao Giấy khai sinh của người con", "birth"),
        ("Giấy xác nhận tình trạng hôn nhân", "marital_status"),
        ("Giấy chứng nhận kết hôn", "marriage"),
        ("Phiếu lý lịch tư pháp số 1", "criminal_record"),
        ("Giấy chứng nhận quyền sử dụng đất đã cấp", "land_title"),
        ("Giấy chứng nhận đăng ký doanh nghiệp", "business"),
        # Declarations are filled in anew each time, whatever they are about.
        ("Tờ khai đăng ký khai sinh theo mẫu", "form"),
        ("Đơn đề nghị cấp bản sao trích lục", "form"),
        ("Giấy tờ thử 3", "other"),
        # A result, by its procedure's name.
        ("Đăng ký khai sinh", "birth"),
        ("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "criminal_record"),
    ],
)
def test_kind_of_a_name(name, kind):
    assert kind_of(name) == kind


def test_forms_and_unknown_papers_are_never_offered():
    assert not is_reusable("form")
    assert not is_reusable("other")
    assert is_reusable("identity_card")
