import pytest

from procedures import parsing
from procedures.budgets import budget_error, legal_hours


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 Ngày làm việc", (5, "working_days")),
        (
            "Trong thời hạn 03 (ba) ngày làm việc kể từ ngày nhận đủ hồ sơ",
            (3, "working_days"),
        ),
        ("15 ngày kể từ ngày nhận được văn bản", (15, "days")),
        ("30 Ngày, 40 Ngày", (30, "days")),
        ("28 Giờ", (28, "hours")),
        ("0,5 ngày làm việc", (4, "hours")),
        ("2 tháng", (2, "months")),
        ("125", (125, "unspecified")),
        (
            "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận sau 15 giờ…",
            (None, "same_day"),
        ),
        ("Trong ngày làm việc kể từ thời điểm nhận đủ hồ sơ", (None, "same_day")),
        ("Theo Kế hoạch và Thông báo tuyển sinh hằng năm", None),
        ("", None),
    ],
)
def test_parse_time_reads_a_leading_duration(text, expected):
    assert parsing.parse_time(text) == expected


def test_time_from_kind_restores_hours_from_the_source_layout():
    assert parsing.time_from_kind(0.125, "hours") == (1, "hours")
    assert parsing.time_from_kind(3, "working_days") == (3, "working_days")
    assert parsing.time_from_kind(None, "same_day") == (None, "same_day")
    assert parsing.time_from_kind(3, "fortnights") is None


def test_levels_and_online_levels_map_to_codes():
    assert parsing.parse_levels(["Cấp tỉnh", "Cấp xã", "commune"]) == {
        "province",
        "commune",
    }
    assert parsing.parse_online_level("Toàn trình") == 4
    assert parsing.parse_online_level("Một phần") == 3
    assert parsing.parse_online_level("Còn lại") == 2
    assert parsing.parse_online_level(None) is None
    with pytest.raises(ValueError, match="unknown level"):
        parsing.parse_levels(["Cấp trời"])
    with pytest.raises(ValueError, match="unknown online_level"):
        parsing.parse_online_level("Mức độ 9")


def test_national_fee_in_thousands_is_corrected_by_its_note():
    items, free = parsing.parse_fee_text("150 VNĐ (150.000 đồng/lần/thẻ.)")
    assert items[0]["amount"] == 150000
    assert items[0]["unit"] == "lần/thẻ"
    assert not free


def test_fee_text_with_several_items_and_exemptions():
    text = (
        "- Lệ phí đăng ký khai sinh: 75.000 đồng/trường hợp - 8.000 đồng/bản sao "
        "trích lục - Miễn lệ phí cho người thuộc hộ nghèo; người khuyết tật."
    )
    items, free = parsing.parse_fee_text(text)
    assert [(i["name"], i["amount"], i["unit"]) for i in items] == [
        ("Lệ phí đăng ký khai sinh", 75000, "trường hợp"),
        ("Lệ phí", 8000, "bản sao trích lục"),
    ]
    assert "người khuyết tật" in items[0]["exemptions"]
    assert not free


@pytest.mark.parametrize("text", ["Miễn phí", "Miễn lệ phí", "0 Đồng (Không có)"])
def test_free_texts_are_free(text):
    assert parsing.parse_fee_text(text)[1] is True


def test_fees_differing_by_channel_keep_their_channel():
    parsed = parsing.parse_fees(
        per_channel=[
            ("counter", "50000 Đồng (nộp trực tiếp)"),
            ("online", "0 Đồng (Miễn lệ phí khi nộp trực tuyến)"),
        ],
        overall="",
        fee_free=None,
    )
    assert parsed.status == "charged"
    assert [(i["channel"], i["amount"]) for i in parsed.items] == [
        ("counter", 50000),
        ("online", 0),
    ]


def test_unstated_fees_are_unspecified():
    assert parsing.parse_fees(per_channel=[], overall="", fee_free=None).status == (
        "unspecified"
    )


def test_legal_hours_and_budgets():
    assert legal_hours(3, "working_days") == 24
    assert legal_hours(None, "same_day") == 8
    assert legal_hours(4, "hours") == 4
    assert legal_hours(20, "days") is None
    assert (
        budget_error(processing_time=3, unit="working_days", step_hours=[4, 16, 4])
        is None
    )
    assert "24" in budget_error(
        processing_time=3, unit="working_days", step_hours=[4, 4]
    )
    assert budget_error(processing_time=20, unit="days", step_hours=[100]) is None
    assert budget_error(processing_time=20, unit="days", step_hours=[161]) is not None
    assert budget_error(processing_time=None, unit="unspecified", step_hours=[8])


@pytest.mark.parametrize(
    ("name", "copies", "case", "kind", "condition"),
    [
        ("Tờ khai đăng ký khai sinh theo mẫu", (1, 0), "Giấy tờ phải nộp",
         "required", ""),
        ("Bản sao giấy tờ chứng minh nơi cư trú (nếu có)", (0, 1), "",
         "conditional", "Nếu có"),
        ("Trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm bản sao.",
         (None, None), "", "conditional",
         "Trường hợp gửi hồ sơ qua hệ thống bưu chính"),
        ("Văn bản ủy quyền trong trường hợp ủy quyền thực hiện việc đăng ký.",
         (1, 0), "", "conditional", "Trong trường hợp ủy quyền thực hiện việc đăng ký"),
        ("Công dân Việt Nam đã ly hôn ở nước ngoài thì phải nộp bản sao Trích lục.",
         (None, None), "", "conditional", "Công dân Việt Nam đã ly hôn ở nước ngoài"),
        ("Người tiếp nhận có trách nhiệm tiếp nhận đúng, đủ hồ sơ.", (None, None),
         "", "note", ""),
        ("Mẫu điện tử tương tác (do người yêu cầu cung cấp thông tin trên Cổng)",
         (1, 0), "", "note", ""),
        ("Các giấy tờ sau:", (None, None), "", "note", ""),
        ("Bản chụp giấy tờ phải rõ nét.", (None, None), "* Lưu ý:", "note", ""),
        ("Giấy tờ tùy thân", (0, 0), "", "note", ""),
        # A "(nếu có)" among the details after the colon leaves the paper required.
        ("Văn bản đăng ký gồm: tên, địa chỉ văn phòng (nếu có)", (1, 0), "",
         "required", ""),
        # A later sentence with an exception does not make the paper optional.
        ("Hộ chiếu hoặc thẻ căn cước. Trường hợp đã có trong CSDL thì không phải "
         "tải lên", (1, 0), "", "required", ""),
    ],
)  # fmt: skip
def test_component_lines_are_read_as_papers_conditions_or_notes(
    name, copies, case, kind, condition
):
    read = parsing.classify_component(name, *copies, case)

    assert (read.label, read.condition) == (kind, condition)
