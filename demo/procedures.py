"""The demo catalogue: twelve real procedures of Lâm Đồng, linked to the demo agencies.

Codes, names, processing times, fees, papers and legal bases are public facts taken
from the national database crawl in ../shared/data/procedures.json (Lâm Đồng portal,
March 2025, and dichvucong.gov.vn, 2026); long texts are shortened. The set covers the
four service levels, provincial and commune procedures and the fields of civil status,
notarisation, land, construction, business registration and public property. Business
registration is linked to Sở Tài chính, which absorbed Sở Kế hoạch và Đầu tư in 2025.

Each record is in the import layout (docs/procedures.md) and goes through the same
import as the real files, so seeding twice changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import Role
from demo.accounts import COMMUNE_IDENTIFIERS
from procedures.budgets import HOURS_PER_WORKING_DAY, legal_hours
from procedures.imports import procedures_import
from procedures.models import Procedure, RequiredComponent, TimeUnit
from procedures.parsing import parse_time
from procedures.services import Row

JUSTICE = "000.00.04.H36"  # Sở Tư pháp
FINANCE = "000.00.05.H36"  # Sở Tài chính
LAND_OFFICE = "000.01.07.H36"  # Văn phòng Đăng ký đất đai
CONSTRUCTION = "000.00.08.H36"  # Sở Xây dựng
COMMUNES = sorted(COMMUNE_IDENTIFIERS.values())
LAMDONG = "lamdong_h36_2025"
NATIONAL = "national_dvcqg_2026"
LAMDONG_SOURCE = "DVC_SearchAssistant_V1@248dcd9a0f:url/cache (detail)"
ALL_CHANNELS = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
SAME_DAY_TEXT = (
    "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải "
    "quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo."
)
CIVIL_EXEMPTION = (
    "Miễn lệ phí cho người thuộc gia đình có công với cách mạng; người thuộc hộ "
    "nghèo; người khuyết tật."
)
IDENTITY_PAPER = (
    "Hộ chiếu/Thẻ căn cước công dân/Thẻ căn cước/Căn cước điện tử hoặc giấy tờ khác có "
    "dán ảnh và thông tin cá nhân do cơ quan có thẩm quyền cấp, còn giá trị sử dụng, "
    "để chứng minh về nhân thân."
)
BIRTH_FORM = "to-khai-dang-ky-khai-sinh.docx"
MARRIAGE_FORM = "to-khai-dang-ky-ket-hon.docx"


def _channels(
    time: str, fee: str | None = None, names: tuple[str, ...] = ALL_CHANNELS
) -> list[Row]:
    return [{"channel": name, "time": time, "fee": fee} for name in names]


def _paper(
    name: str, original: int | None = 1, copy: int | None = 0, **extra: object
) -> Row:
    return {"name": name, "original": original, "copy": copy, **extra}


CURATED: list[Row] = [
    {
        "code": "1.001193.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/670a76ead4557b403f02f175",
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "levels": ["Cấp xã"],
        "online_level": "Một phần",
        "agency": "UBND cấp xã - Tỉnh Lâm Đồng",
        "processing_time": (
            "Ngay trong ngày tiếp nhận yêu cầu, trường hợp nhận hồ sơ sau 15 giờ mà "
            "không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo."
        ),
        "channels": _channels(SAME_DAY_TEXT),
        "fees": (
            "- Đối với trường hợp đăng ký khai sinh không đúng hạn: 8.000 đồng/trường "
            "hợp (6.000 đồng khi nộp trực tuyến) - 8.000 đồng/bản sao trích lục/sự "
            "kiện "
            "hộ tịch đã đăng ký. - Miễn lệ phí đối với trường hợp khai sinh đúng hạn, "
            "người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người "
            "khuyết tật."
        ),
        "fee_status": "charged",
        "fee_items": [
            {
                "kind": "charge",
                "name": "Lệ phí đăng ký khai sinh không đúng hạn",
                "amount": 8000,
                "unit": "trường hợp",
                "channel": "counter",
                "exemptions": "Miễn lệ phí khi khai sinh đúng hạn. " + CIVIL_EXEMPTION,
            },
            {
                "kind": "charge",
                "name": "Lệ phí đăng ký khai sinh không đúng hạn",
                "amount": 8000,
                "unit": "trường hợp",
                "channel": "post",
                "exemptions": "Miễn lệ phí khi khai sinh đúng hạn. " + CIVIL_EXEMPTION,
            },
            {
                "kind": "charge",
                "name": "Lệ phí đăng ký khai sinh không đúng hạn",
                "amount": 6000,
                "unit": "trường hợp",
                "channel": "online",
                "exemptions": "Miễn lệ phí khi khai sinh đúng hạn. " + CIVIL_EXEMPTION,
            },
            {
                "kind": "fee",
                "name": "Phí cấp bản sao trích lục",
                "amount": 8000,
                "unit": "bản sao trích lục/sự kiện hộ tịch đã đăng ký",
                "channel": "",
                "exemptions": "",
            },
        ],
        "documents": [
            _paper(
                "Tờ khai đăng ký khai sinh theo mẫu (khi nộp hồ sơ trực tiếp hoặc qua "
                "hệ thống bưu chính).",
                case="Giấy tờ phải nộp",
                form=BIRTH_FORM,
            ),
            _paper(
                "Bản chính Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì "
                "nộp "
                "văn bản của người làm chứng xác nhận về việc sinh; nếu không có người "
                "làm chứng thì phải có giấy cam đoan về việc sinh.",
                case="Giấy tờ phải nộp",
            ),
            _paper(
                "Văn bản ủy quyền (được chứng thực) trong trường hợp ủy quyền thực "
                "hiện "
                "việc đăng ký khai sinh.",
                case="Giấy tờ phải nộp",
                mandatory=False,
            ),
            _paper(
                "Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ "
                "rơi "
                "do cơ quan có thẩm quyền lập.",
                case="Giấy tờ phải nộp",
            ),
            _paper(IDENTITY_PAPER, case="Giấy tờ phải xuất trình"),
            _paper(
                "Giấy chứng nhận kết hôn nếu cha, mẹ đã đăng ký kết hôn (không phải "
                "xuất "
                "trình nếu thông tin kết hôn đã có trong cơ sở dữ liệu).",
                case="Giấy tờ phải xuất trình",
                mandatory=False,
            ),
            _paper(
                "Trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm bản sao "
                "có "
                "chứng thực các giấy tờ phải xuất trình nêu trên.",
                0,
                0,
                case="Lưu ý",
            ),
        ],
        "legal_basis": [
            "60/2014/QH13",
            "123/2015/NĐ-CP",
            "87/2020/NĐ-CP",
            "04/2020/TT-BTP",
            "85/2019/TT-BTC",
            "106/2021/TT-BTC",
        ],
        "result": "Giấy khai sinh, Bản sao giấy khai sinh, Bản điện tử Giấy khai sinh",
        "steps": (
            "- Nộp hồ sơ trực tiếp tại Bộ phận một cửa của UBND cấp xã có thẩm quyền, "
            "hoặc trực tuyến trên Cổng dịch vụ công (biểu mẫu điện tử tương tác, đính "
            "kèm "
            "bản chụp giấy tờ), nộp lệ phí nếu thuộc trường hợp phải nộp.\n"
            "- Cán bộ tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ thì tiếp nhận, nhận sau "
            "15 "
            "giờ thì hẹn trả kết quả trong ngày làm việc tiếp theo.\n"
            "- Công chức tư pháp - hộ tịch ghi vào Sổ đăng ký khai sinh, trình Chủ "
            "tịch "
            "UBND cấp xã ký Giấy khai sinh và trả kết quả."
        ),
        "requirements": "Không",
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": COMMUNES,
        "online_payment": True,
        "result_by_post": True,
    },
    {
        "code": "1.000894.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/670a3927d4557b403f02eff3",
        "name": "Thủ tục đăng ký kết hôn",
        "field": "Hộ tịch",
        "levels": ["Cấp xã"],
        "online_level": "Một phần",
        "agency": "UBND cấp xã - Tỉnh Lâm Đồng",
        "processing_time": (
            SAME_DAY_TEXT + " Trường hợp cần xác minh điều kiện kết hôn thì thời hạn "
            "giải quyết không quá 05 ngày làm việc."
        ),
        "channels": _channels(SAME_DAY_TEXT),
        "fees": (
            "- Miễn lệ phí - 8.000 đồng/bản sao trích lục/sự kiện hộ tịch đã đăng ký"
        ),
        "documents": [
            _paper(
                "Tờ khai đăng ký kết hôn theo mẫu; hai bên nam, nữ có thể khai chung "
                "một "
                "Tờ khai.",
                case="Giấy tờ phải nộp",
                form=MARRIAGE_FORM,
            ),
            _paper(
                "Giấy xác nhận tình trạng hôn nhân, nếu người yêu cầu đăng ký kết hôn "
                "không thường trú tại xã nơi đăng ký kết hôn.",
                case="Giấy tờ phải nộp",
                mandatory=False,
            ),
            _paper(IDENTITY_PAPER, 2, 0, case="Giấy tờ phải xuất trình"),
            _paper(
                "Hai bên nam, nữ phải có mặt khi đăng ký kết hôn.", 0, 0, case="Lưu ý"
            ),
        ],
        "legal_basis": [
            "52/2014/QH13",
            "60/2014/QH13",
            "123/2015/NĐ-CP",
            "04/2020/TT-BTP",
        ],
        "result": "Giấy chứng nhận kết hôn, Bản sao Trích lục ghi chú kết hôn",
        "steps": (
            "- Nộp hồ sơ tại Bộ phận một cửa của UBND cấp xã hoặc trực tuyến.\n"
            "- Công chức tư pháp - hộ tịch kiểm tra, xác minh điều kiện kết hôn; đủ "
            "điều "
            "kiện thì ghi vào Sổ đăng ký kết hôn.\n"
            "- Hai bên nam, nữ cùng ký vào Giấy chứng nhận kết hôn trước mặt công chức."
        ),
        "requirements": (
            "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi trở lên; việc kết hôn do nam và nữ tự "
            "nguyện quyết định; không bị mất năng lực hành vi dân sự; không thuộc các "
            "trường hợp cấm kết hôn."
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": COMMUNES,
    },
    {
        "code": "1.004873.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/670a7e91d4557b403f02f498",
        "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "field": "Hộ tịch",
        "levels": ["Cấp xã"],
        "online_level": "Toàn trình",
        "agency": "UBND cấp xã - Tỉnh Lâm Đồng",
        "processing_time": (
            "03 ngày làm việc; trường hợp phải xác minh thì thời hạn giải quyết không "
            "quá 23 ngày."
        ),
        "channels": [
            {
                "channel": "Trực tiếp",
                "time": "03 ngày làm việc",
                "fee": "15.000 đồng/trường hợp - " + CIVIL_EXEMPTION,
            },
            {
                "channel": "Trực tuyến",
                "time": "03 ngày làm việc",
                "fee": "12.000 đồng/trường hợp - " + CIVIL_EXEMPTION,
            },
            {
                "channel": "Dịch vụ bưu chính",
                "time": "03 ngày làm việc",
                "fee": "15.000 đồng/trường hợp - " + CIVIL_EXEMPTION,
            },
        ],
        "fees": "15.000 đồng/trường hợp | 12.000 đồng/trường hợp",
        "documents": [
            _paper(
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (khi nộp trực tiếp).",
                case="Giấy tờ phải nộp",
            ),
            _paper(
                "Công dân Việt Nam đã ly hôn, hủy việc kết hôn ở nước ngoài thì phải "
                "nộp "
                "bản sao Trích lục ghi chú ly hôn.",
                0,
                1,
                case="Giấy tờ phải nộp",
                mandatory=False,
            ),
            _paper(IDENTITY_PAPER, case="Giấy tờ phải xuất trình"),
        ],
        "legal_basis": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP"],
        "result": (
            "Giấy xác nhận tình trạng hôn nhân, Bản điện tử Giấy xác nhận tình trạng "
            "hôn nhân"
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": COMMUNES,
    },
    {
        "code": "2.000635.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/67071f231cde7f69a0f0fa9a",
        "name": "Cấp bản sao Trích lục hộ tịch",
        "field": "Hộ tịch",
        "levels": ["Cấp tỉnh", "Cấp xã"],
        "online_level": "Toàn trình",
        "agency": "Sở Tư pháp - Tỉnh Lâm Đồng UBND cấp xã - Tỉnh Lâm Đồng",
        "processing_time": SAME_DAY_TEXT,
        "channels": _channels(
            SAME_DAY_TEXT,
            "8.000 đồng/bản sao Trích lục/sự kiện hộ tịch đã đăng ký ("
            + CIVIL_EXEMPTION
            + ")",
        ),
        "fees": "8.000 đồng/bản sao Trích lục/sự kiện hộ tịch đã đăng ký",
        "documents": [
            _paper(
                "Tờ khai đề nghị cấp bản sao Trích lục hộ tịch theo mẫu (cá nhân) hoặc "
                "văn bản yêu cầu (cơ quan, tổ chức).",
                case="Giấy tờ phải nộp",
            ),
            _paper(
                "Văn bản ủy quyền trong trường hợp ủy quyền thực hiện yêu cầu.",
                case="Giấy tờ phải nộp",
                mandatory=False,
            ),
            _paper(IDENTITY_PAPER, case="Giấy tờ phải xuất trình"),
        ],
        "legal_basis": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP"],
        "result": "Bản sao Trích lục hộ tịch",
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [JUSTICE, *COMMUNES],
    },
    {
        "code": "2.001019.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/670a33531cde7f69a0f1030d",
        "name": "Thủ tục chứng thực di chúc",
        "field": "Chứng thực",
        "levels": ["Cấp xã"],
        "online_level": "Một phần",
        "agency": "UBND cấp xã - Tỉnh Lâm Đồng",
        "processing_time": "02 Ngày làm việc",
        "channels": _channels("02 Ngày làm việc", "50.000 đồng/ di chúc."),
        "fees": "50.000 đồng/ di chúc.",
        "documents": [
            _paper("Dự thảo di chúc.", case="Người yêu cầu chứng thực nộp"),
            _paper(
                "Bản sao Căn cước công dân hoặc Hộ chiếu còn giá trị sử dụng của người "
                "yêu cầu chứng thực (xuất trình kèm bản chính để đối chiếu).",
                0,
                1,
                case="Người yêu cầu chứng thực nộp",
            ),
            _paper(
                "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng đối với tài sản "
                "mà "
                "pháp luật quy định phải đăng ký (nếu di chúc liên quan đến tài sản "
                "đó).",
                0,
                1,
                case="Người yêu cầu chứng thực nộp",
                mandatory=False,
            ),
        ],
        "legal_basis": ["23/2015/NĐ-CP", "01/2020/TT-BTP", "226/2016/TT-BTC"],
        "result": "Di chúc được chứng thực",
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": COMMUNES,
    },
    {
        "code": "1.012786.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/67244e46195a073a8fce582c",
        "name": "Cấp lại Giấy chứng nhận do bị mất",
        "field": "Đất đai",
        "levels": ["Cấp tỉnh"],
        "online_level": "Toàn trình",
        "agency": "Văn phòng đăng ký đất đai Chi nhánh Văn phòng đăng ký đất đai",
        "processing_time": "10 Ngày làm việc, 20 Ngày làm việc",
        "channels": _channels("10 Ngày làm việc, 20 Ngày làm việc"),
        "documents": [
            _paper(
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số "
                "11/ĐK ban hành kèm theo Nghị định số 101/2024/NĐ-CP.",
                case="Thành phần hồ sơ",
            ),
        ],
        "legal_basis": ["43/2024/QH15", "101/2024/NĐ-CP"],
        "result": (
            "Cấp lại Giấy chứng nhận cho người được cấp; cập nhật, chỉnh lý hồ sơ địa "
            "chính, cơ sở dữ liệu đất đai"
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [LAND_OFFICE],
    },
    {
        "code": "1.012784.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/6724569f195a073a8fce6903",
        "name": "Tách thửa hoặc hợp thửa đất.",
        "field": "Đất đai",
        "levels": ["Cấp tỉnh"],
        "online_level": "Một phần",
        "agency": "Văn phòng đăng ký đất đai Chi nhánh Văn phòng đăng ký đất đai",
        "processing_time": "15 Ngày làm việc, 20 Ngày làm việc",
        "channels": _channels("15 Ngày làm việc, 20 Ngày làm việc"),
        "documents": [
            _paper(
                "(1) Đơn đề nghị tách thửa đất, hợp thửa đất theo Mẫu số 01/ĐK ban "
                "hành "
                "kèm theo Nghị định số 101/2024/NĐ-CP."
            ),
            _paper(
                "(2) Bản vẽ tách thửa đất, hợp thửa đất lập theo Mẫu số 02/ĐK ban hành "
                "kèm theo Nghị định số 101/2024/NĐ-CP."
            ),
            _paper(
                "(3) Giấy chứng nhận đã cấp hoặc bản sao Giấy chứng nhận đã cấp kèm "
                "bản "
                "gốc để đối chiếu hoặc nộp bản sao có công chứng, chứng thực."
            ),
            _paper(
                "(4) Các văn bản của cơ quan có thẩm quyền có thể hiện nội dung tách "
                "thửa đất, hợp thửa đất (nếu có).",
                0,
                1,
            ),
        ],
        "legal_basis": ["43/2024/QH15", "101/2024/NĐ-CP"],
        "result": (
            "Giấy chứng nhận; ghi vào hồ sơ địa chính; cập nhật cơ sở dữ liệu đất đai"
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [LAND_OFFICE],
    },
    {
        "code": "1.012812.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/6723360e07a4223b3a4a28cb",
        "name": "Hòa giải tranh chấp đất đai",
        "field": "Đất đai",
        "levels": ["Cấp xã"],
        "online_level": "Còn lại",
        "agency": "Ủy ban nhân dân cấp xã",
        "processing_time": "30 Ngày, 40 Ngày",
        "channels": _channels(
            "30 Ngày, 40 Ngày", names=("Trực tiếp", "Dịch vụ bưu chính")
        ),
        "documents": [
            _paper("Đơn yêu cầu hòa giải tranh chấp đất đai (bản chính)."),
            _paper(
                "Các giấy tờ có liên quan đến việc sử dụng đất (bản phô tô hoặc có "
                "công "
                "chứng hoặc có chứng thực).",
                0,
                1,
            ),
        ],
        "legal_basis": ["43/2024/QH15", "102/2024/NĐ-CP"],
        "result": (
            "Biên bản hòa giải có chữ ký của Chủ tịch Hội đồng hòa giải, các bên tranh "
            "chấp có mặt tại buổi hòa giải và các thành viên tham gia hòa giải"
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": COMMUNES,
    },
    {
        "code": "1.013222.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/67b7325363a48b0e6d74125b",
        "name": "Cấp giấy phép hoạt động xây dựng cho nhà thầu nước ngoài",
        "field": "Hoạt động xây dựng",
        "levels": ["Cấp tỉnh"],
        "online_level": "Toàn trình",
        "agency": "Sở Xây dựng - Tỉnh Lâm Đồng",
        "processing_time": "20 Ngày",
        "channels": _channels("20 Ngày"),
        "documents": [
            _paper(
                "Đơn đề nghị cấp giấy phép hoạt động xây dựng bằng tiếng Việt, theo "
                "Mẫu "
                "số 01 (tổ chức) hoặc Mẫu số 04 (cá nhân) Phụ lục III Nghị định số "
                "175/2024/NĐ-CP."
            ),
            _paper(
                "Bản sao có chứng thực văn bản về kết quả đấu thầu hoặc quyết định "
                "chọn "
                "thầu hợp pháp.",
                0,
                1,
            ),
            _paper(
                "Bản sao có chứng thực giấy phép thành lập hoặc Giấy chứng nhận đăng "
                "ký "
                "kinh doanh.",
                0,
                1,
            ),
            _paper(
                "Biểu báo cáo kinh nghiệm hoạt động liên quan đến các công việc nhận "
                "thầu "
                "theo Mẫu số 02 Phụ lục III Nghị định số 175/2024/NĐ-CP."
            ),
            _paper(
                "Bản sao có chứng thực hợp đồng liên danh với nhà thầu Việt Nam hoặc "
                "hợp "
                "đồng với nhà thầu phụ Việt Nam.",
                0,
                1,
            ),
        ],
        "legal_basis": ["50/2014/QH13", "175/2024/NĐ-CP"],
        "result": "Quyết định cấp Giấy phép hoạt động xây dựng cho nhà thầu nước ngoài",
        "requirements": (
            "Nhà thầu nước ngoài có quyết định trúng thầu hoặc được chọn thầu; liên "
            "danh "
            "với nhà thầu Việt Nam hoặc sử dụng nhà thầu phụ Việt Nam."
        ),
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [CONSTRUCTION],
    },
    {
        "code": "1.013217.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/67b72b7163a48b0e6d741221",
        "name": "Cấp lại chứng chỉ hành nghề hoạt động xây dựng",
        "field": "Hoạt động xây dựng",
        "levels": ["Cấp tỉnh"],
        "online_level": "Toàn trình",
        "agency": "Sở Xây dựng - Tỉnh Lâm Đồng",
        "processing_time": "5 Ngày làm việc",
        "channels": _channels("5 Ngày làm việc"),
        "documents": [
            _paper(
                "Đơn đề nghị cấp chứng chỉ hành nghề theo Mẫu số 1 Phụ lục số IV Nghị "
                "định số 175/2024/NĐ-CP."
            ),
            _paper(
                "Tệp tin ảnh màu cỡ 4x6 cm nền trắng chân dung của người đề nghị, chụp "
                "trong thời gian không quá 06 tháng."
            ),
            _paper(
                "Bản gốc chứng chỉ hành nghề đề nghị cấp lại (trừ trường hợp bị mất).",
                mandatory=False,
            ),
        ],
        "legal_basis": ["50/2014/QH13", "175/2024/NĐ-CP"],
        "result": "Chứng chỉ hành nghề hoạt động xây dựng",
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [CONSTRUCTION],
    },
    {
        "code": "2.001610.000.00.00.H36",
        "url": "https://dichvucong.lamdong.gov.vn/vi/procedure/detail/6721a168247d1965f97d1fd8",
        "name": "Đăng ký thành lập doanh nghiệp tư nhân",
        "field": "Thành lập và hoạt động của doanh nghiệp",
        "levels": ["Cấp tỉnh"],
        "online_level": "Toàn trình",
        "agency": "Sở Kế hoạch và Đầu tư - Tỉnh Lâm Đồng",
        "processing_time": "03 Ngày làm việc",
        "channels": _channels("03 Ngày làm việc"),
        "fees": "Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần",
        "documents": [
            _paper("Giấy đề nghị đăng ký doanh nghiệp."),
            _paper(
                "Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân.",
                0,
                1,
            ),
            _paper(
                "Văn bản ủy quyền cho cá nhân thực hiện thủ tục đăng ký doanh nghiệp "
                "(không bắt buộc công chứng, chứng thực) và bản sao giấy tờ pháp lý "
                "của "
                "người được ủy quyền, trong trường hợp ủy quyền.",
                mandatory=False,
            ),
        ],
        "legal_basis": ["59/2020/QH14", "01/2021/NĐ-CP", "47/2019/TT-BTC"],
        "result": "Giấy chứng nhận đăng ký doanh nghiệp tư nhân",
        "catalog": LAMDONG,
        "source": LAMDONG_SOURCE,
        "agency_identifiers": [FINANCE],
    },
    {
        "code": "1.005429",
        "url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfb-df70-748e-89c5-7c3fe7606330",
        "name": "Thanh toán chi phí có liên quan đến việc xử lý tài sản công",
        "field": "Quản lý công sản",
        "levels": ["Cấp tỉnh"],
        "service_level": 1,
        "agency": "Ủy ban Nhân dân tỉnh và thành phố trực thuộc trung ương.",
        "processing_time": "30 Ngày",
        "channels": _channels(
            "30 Ngày", "Miễn phí", ("Trực tiếp", "Dịch vụ bưu chính")
        ),
        "fees": "Miễn phí",
        "fee_free": True,
        "documents": [
            _paper(
                "Văn bản đề nghị thanh toán của cơ quan được giao nhiệm vụ tổ chức xử "
                "lý "
                "tài sản (nêu rõ số tiền thu được, tổng chi phí và số tiền đề nghị "
                "thanh "
                "toán)."
            ),
            _paper("Quyết định xử lý tài sản của cơ quan, người có thẩm quyền.", 0, 1),
            _paper(
                "Các hồ sơ, giấy tờ chứng minh cho các khoản chi: dự toán chi được "
                "duyệt; "
                "hợp đồng thuê dịch vụ thẩm định giá, đấu giá, phá dỡ; hóa đơn.",
                0,
                1,
            ),
        ],
        "legal_basis": ["151/2017/NĐ-CP"],
        "target": "Doanh nghiệp, Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "result": (
            "Quyết định thanh toán các khoản chi phí liên quan đến việc xử lý tài sản "
            "công"
        ),
        "catalog": NATIONAL,
        "source": "chatbot_tthc@5322948761:raw/bo-tai-chinh/1.005429.json",
        "agency_identifiers": [FINANCE],
    },
]


def standard_workflow(processing_time: int | None, unit: str) -> list[Row]:
    """Reception, appraisal, signature and return, fitted to the legal time.

    Calendar days count as the working days they contain at most (5 in 7).
    """
    total = legal_hours(processing_time, unit)
    if unit == TimeUnit.DAYS and processing_time:
        total = processing_time * 5 // 7 * HOURS_PER_WORKING_DAY
    if not total:
        return []
    receive = 1 if total <= HOURS_PER_WORKING_DAY else 4
    approve = 2 if total <= HOURS_PER_WORKING_DAY else 8
    return [
        _step("Tiếp nhận, kiểm tra, số hóa hồ sơ và chuyển xử lý", Role.CLERK, receive),
        _step(
            "Thẩm định hồ sơ, dự thảo kết quả", Role.OFFICER, total - receive - approve
        ),
        _step("Xem xét, ký duyệt kết quả", Role.LEADER, approve),
        _step("Trả kết quả, xác nhận trả kết quả trên hệ thống", Role.CLERK, 0),
    ]


def _step(name: str, role: str, hours: int) -> Row:
    return {"name": name, "role": str(role), "hours": hours}


def curated_records() -> list[Row]:
    """The curated records with their internal workflows."""
    records = []
    for record in CURATED:
        parsed = parse_time(str(record["processing_time"]))
        amount, unit = parsed or (None, TimeUnit.UNSPECIFIED)
        records.append({**record, "workflow": standard_workflow(amount, unit)})
    return records


@transaction.atomic
def seed_procedures() -> list[str]:
    """Load the curated procedures and their form templates; returns summary lines."""
    report = procedures_import(records=curated_records())
    forms = _attach_forms()
    levels = sorted(
        set(
            Procedure.objects.filter(code__in=[r["code"] for r in CURATED]).values_list(
                "service_level", flat=True
            )
        )
    )
    count = len(CURATED)
    level_list = ", ".join(str(level) for level in levels)
    # A record is rejected only when the catalogue was edited since (e.g. a paper
    # that dossiers use was dropped): the demo keeps what it has and says why.
    return [
        f"{count} thủ tục mẫu (tạo mới {report.created}, cập nhật "
        f"{report.updated}, không đổi {report.unchanged}); mức độ "
        f"{level_list}; {forms} mẫu tờ khai",
        *(f"không cập nhật: {reason}" for reason in report.rejected),
    ]


def _attach_forms() -> int:
    """Write the demo form templates once (kept when the seed runs again)."""
    count = 0
    for filename, builder in (
        (BIRTH_FORM, _birth_form),
        (MARRIAGE_FORM, _marriage_form),
    ):
        for component in RequiredComponent.objects.filter(form_name=filename):
            if not component.form_template:
                component.form_template.save(
                    filename, ContentFile(builder()), save=True
                )
            count += 1
    return count


# --- Form templates (minimal .docx files, readable by Word and LibreOffice) ---------

# Form lines: "# " starts a bold line; a line ending in ":" is a blank to fill in.
HEADER = [
    "# CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "# Độc lập - Tự do - Hạnh phúc",
    "",
]
SIGNATURE = [
    "",
    "Làm tại ........................, ngày ...... tháng ...... năm ........",
    "# Người yêu cầu",
    "(Ký, ghi rõ họ, chữ đệm, tên)",
    "",
    "Mẫu dùng cho dữ liệu trình diễn, theo bố cục Thông tư số 04/2020/TT-BTP; khi "
    "nộp hồ sơ thật, dùng mẫu do cơ quan đăng ký hộ tịch cung cấp.",
]
BIRTH_LINES = [
    "# TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "Kính gửi:",
    "Họ, chữ đệm, tên người yêu cầu:",
    "Nơi cư trú:",
    "Giấy tờ tùy thân:",
    "Quan hệ với người được khai sinh:",
    "# Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
    "Họ, chữ đệm, tên:",
    "Ngày, tháng, năm sinh (ghi bằng số và bằng chữ):",
    "Giới tính, dân tộc, quốc tịch:",
    "Nơi sinh:",
    "Quê quán:",
    "Họ, chữ đệm, tên người mẹ; năm sinh; dân tộc; quốc tịch; nơi cư trú:",
    "Họ, chữ đệm, tên người cha; năm sinh; dân tộc; quốc tịch; nơi cư trú:",
    "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được "
    "sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật.",
    "Đề nghị cấp bản sao: Có ☐  Không ☐   Số lượng: ........ bản",
]
MARRIAGE_LINES = [
    "# TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "Kính gửi:",
    "# Bên nữ",
    "Họ, chữ đệm, tên; ngày, tháng, năm sinh:",
    "Dân tộc; quốc tịch; nơi cư trú:",
    "Giấy tờ tùy thân; kết hôn lần thứ mấy:",
    "# Bên nam",
    "Họ, chữ đệm, tên; ngày, tháng, năm sinh:",
    "Dân tộc; quốc tịch; nơi cư trú:",
    "Giấy tờ tùy thân; kết hôn lần thứ mấy:",
    "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của "
    "chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình "
    "Việt Nam.",
    "Đề nghị cấp bản sao: Có ☐  Không ☐   Số lượng: ........ bản",
]
BLANK = " " + "." * 60


def _birth_form() -> bytes:
    return _docx([*HEADER, *BIRTH_LINES, *SIGNATURE])


def _marriage_form() -> bytes:
    return _docx([*HEADER, *MARRIAGE_LINES, *SIGNATURE])


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(lines: list[str]) -> bytes:
    paragraphs = "".join(_paragraph(line) for line in lines)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{WORD_NS}"><w:body>{paragraphs}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _paragraph(line: str) -> str:
    bold = line.startswith("# ")
    text = line.removeprefix("# ")
    if text.endswith(":") and not bold:
        text += BLANK
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )
