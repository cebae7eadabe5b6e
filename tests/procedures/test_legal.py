"""The legal basis read into documents: kind, number, date of issue and title, from
the two published shapes (one document a line; table cells glued together)."""

from datetime import date

from procedures.legal import LegalReference, legal_references


def test_one_document_a_line_with_date_and_title():
    text = (
        "Luật tín ngưỡng, tôn giáo (Luật số 02/2016/QH14 ngày 18/11/2016). \n"
        "- Nghị định số 95/2023/NĐ-CP ngày 29/12/2023 của Chính phủ quy định chi "
        "tiết một số điều. \n"
        "- Thông tư số 84/2025/TT-BNNMT ngày 31 tháng 12 năm 2025 của Bộ trưởng"
    )
    assert legal_references(text) == [
        LegalReference(
            "02/2016/QH14", "Luật", "Luật tín ngưỡng, tôn giáo", date(2016, 11, 18)
        ),
        LegalReference(
            "95/2023/NĐ-CP",
            "Nghị định",
            "của Chính phủ quy định chi tiết một số điều",
            date(2023, 12, 29),
        ),
        LegalReference(
            "84/2025/TT-BNNMT", "Thông tư", "của Bộ trưởng", date(2025, 12, 31)
        ),
    ]


def test_glued_cells_split_at_each_trailing_number():
    text = (
        "Quy định về quản lý, khai thác vận tải đường sắt33/2025/TT-BXD"
        "Quy định mức thu phí trong lĩnh vực đường sắt198/2016/TT-BTC"
        "Quy định chi tiết Luật Đường bộ.165/2024/NĐ-CPquy định về phân quyền"
        "144/2025/NĐ-CP"
    )
    assert legal_references(text) == [
        LegalReference(
            "33/2025/TT-BXD",
            "Thông tư",
            "Quy định về quản lý, khai thác vận tải đường sắt",
            None,
        ),
        LegalReference(
            "198/2016/TT-BTC",
            "Thông tư",
            "Quy định mức thu phí trong lĩnh vực đường sắt",
            None,
        ),
        LegalReference(
            "165/2024/NĐ-CP", "Nghị định", "Quy định chi tiết Luật Đường bộ", None
        ),
        LegalReference("144/2025/NĐ-CP", "Nghị định", "quy định về phân quyền", None),
    ]


def test_a_number_repeated_after_its_summary_is_one_document():
    text = (
        "Luật Đầu tư số 143/2025/QH15 ngày 11/12/2025;143/2025/QH15 "
        "Thông tư số 55/2026/TT-BTC ngày 15/5/2026.55/2026/TT-BTC"
    )
    assert [(r.kind, r.number, r.issued_on) for r in legal_references(text)] == [
        ("Luật", "143/2025/QH15", date(2025, 12, 11)),
        ("Thông tư", "55/2026/TT-BTC", date(2026, 5, 15)),
    ]


def test_numbers_listed_but_not_in_the_text_come_last_with_their_kind():
    references = legal_references(
        "Nghị định 23/2015/NĐ-CP", ["23/2015/NĐ-CP", "20/2020/QĐ-TTg"]
    )
    assert references == [
        LegalReference("23/2015/NĐ-CP", "Nghị định", "", None),
        LegalReference("20/2020/QĐ-TTg", "Quyết định", "", None),
    ]


def test_a_line_without_number_is_kept_with_its_kind():
    assert legal_references("Luật Lưu trữ \n- Thông tư 10/2014/TT-BNV") == [
        LegalReference("", "Luật", "Luật Lưu trữ", None),
        LegalReference("10/2014/TT-BNV", "Thông tư", "", None),
    ]


def test_an_impossible_date_is_left_out():
    [reference] = legal_references("Nghị định số 1/2020/NĐ-CP ngày 31/02/2020")
    assert reference.issued_on is None


def test_a_kind_before_a_summary_of_its_own_is_not_repeated():
    [reference] = legal_references("Nghị định Quy định phân cấp136/2025/NĐ-CP")
    assert (reference.kind, reference.title) == ("Nghị định", "Quy định phân cấp")


def test_empty_text_has_no_documents():
    assert legal_references("") == []
    assert legal_references("- \nSố ký hiệu\nTrích yếu\nNgày ban hành") == []
