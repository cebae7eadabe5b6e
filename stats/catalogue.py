"""Indicators of Decision 766/QĐ-TTg read from the procedure catalogue (1.3, 3.1,
3.2, 3.5, 4.5), and the list of those the portal has no data for, with the reason.

The catalogue indicators count public procedures carried out by the agencies of the
question (linked to them; every public procedure for the whole province), narrowed
by level, field and procedure like the dossier figures. The catalogue holds a few
thousand procedures, so these are plain counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from procedures.models import (
    LEVEL_COLUMNS,
    ChannelOption,
    FeeStatus,
    Procedure,
    RequiredComponent,
    ServiceLevel,
)
from stats.figures import HUNDRED, Figures, Indicator, Scope, rate


@dataclass(frozen=True)
class CatalogueCounts:
    published: int = 0
    complete: int = 0  # every part indicator 1.3 asks for
    online: int = 0  # offered online (một phần or toàn trình)
    online_used: int = 0  # ... with at least one online dossier in the period
    charged: int = 0
    charged_paid_online: int = 0
    for_citizens: int = 0  # procedures whose applicants include citizens
    for_citizens_eid: int = 0  # ... with a dossier filed under VNeID in the period


def procedures_in(scope: Scope) -> QuerySet[Procedure]:
    procedures = Procedure.objects.public()
    if scope.agency_ids is not None:
        links = Procedure.agencies.through.objects.filter(
            agency_id__in=sorted(scope.agency_ids)
        )
        procedures = procedures.filter(pk__in=links.values("procedure_id"))
    if scope.level in LEVEL_COLUMNS:
        procedures = procedures.filter(**{LEVEL_COLUMNS[scope.level]: True})  # type: ignore[index]
    if scope.field_id is not None:
        procedures = procedures.filter(field_id=scope.field_id)
    if scope.procedure_id is not None:
        procedures = procedures.filter(pk=scope.procedure_id)
    return procedures


# Decree 63/2010 Art. 8.2: name, steps, method (channels), components, time limit,
# applicants and implementing agency.
COMPLETE = (
    ~Q(name="")
    & ~Q(steps="")
    & Q(has_channels=True)
    & Q(has_components=True)
    & ~Q(processing_time_text="")
    & ~Q(target="")
    & ~Q(agency_text="")
)


# The catalogue's "đối tượng thực hiện" naming citizens (indicator 4.5).
FOR_CITIZENS = Q(target__icontains="công dân") | Q(target__icontains="cá nhân")


def _among(ids: set[int] | frozenset[int]) -> Q:
    # An empty IN() would make the whole aggregate empty (every count 0), not
    # just this one: a condition no row meets instead.
    return Q(pk__in=sorted(ids)) if ids else Q(pk__isnull=True)


def catalogue_counts(
    scope: Scope,
    online_procedure_ids: set[int],
    eid_procedure_ids: frozenset[int] | set[int] = frozenset(),
) -> CatalogueCounts:
    """`online_procedure_ids`: procedures with an online dossier in the period;
    `eid_procedure_ids`: those with a dossier filed under VNeID in the period."""
    online = Q(service_level__gte=ServiceLevel.ONLINE_PARTIAL)
    charged = Q(fee_status=FeeStatus.CHARGED)
    counts = (
        procedures_in(scope)
        .annotate(
            has_channels=Exists(ChannelOption.objects.filter(procedure=OuterRef("pk"))),
            has_components=Exists(
                RequiredComponent.objects.filter(procedure=OuterRef("pk"))
            ),
        )
        .aggregate(
            published=Count("pk"),
            complete=Count("pk", filter=COMPLETE),
            online=Count("pk", filter=online),
            online_used=Count("pk", filter=online & _among(online_procedure_ids)),
            charged=Count("pk", filter=charged),
            charged_paid_online=Count("pk", filter=charged & Q(online_payment=True)),
            for_citizens=Count("pk", filter=FOR_CITIZENS),
            for_citizens_eid=Count(
                "pk", filter=FOR_CITIZENS & _among(eid_procedure_ids)
            ),
        )
    )
    return CatalogueCounts(**counts)


def _indicator(
    code: str,
    name: StrOrPromise,
    numerator: int,
    denominator: int,
    threshold: int,
    note: StrOrPromise,
) -> Indicator:
    return Indicator(
        code,
        name,
        numerator,
        denominator,
        rate(numerator, denominator),
        Decimal(threshold),
        None,
        note,
    )


COMPLETE_NOTE = _(
    "Có tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng và cơ quan "
    "thực hiện (Nghị định 63/2010, Điều 8)."
)


EID_NOTE = _("TTHC cho công dân có hồ sơ nộp bằng tài khoản định danh VNeID trong kỳ.")


def catalogue_indicators(
    counts: CatalogueCounts, figures: Figures | None = None
) -> list[Indicator]:
    """`figures`: the dossier figures of the period, for the dossier-level rate of
    4.5 in its note."""
    dossiers = (
        str(_("Theo hồ sơ: %(eid)s/%(received)s hồ sơ nộp bằng tài khoản VNeID."))
        % {"eid": figures.received_eid, "received": figures.received_new}
        if figures is not None
        else ""
    )
    return [
        _indicator(
            "1.3",
            _("TTHC công khai đầy đủ các bộ phận"),
            counts.complete,
            counts.published,
            100,
            COMPLETE_NOTE,
        ),
        _indicator(
            "3.1",
            _("TTHC cung cấp dịch vụ công trực tuyến"),
            counts.online,
            counts.published,
            80,
            _("Một phần hoặc toàn trình; đạt đủ điểm khi từ 80% trở lên."),
        ),
        _indicator(
            "3.2",
            _("Dịch vụ công trực tuyến có phát sinh hồ sơ"),
            counts.online_used,
            counts.online,
            100,
            _("Dịch vụ có ít nhất một hồ sơ nộp trực tuyến trong kỳ."),
        ),
        _indicator(
            "3.5",
            _("TTHC có phí, lệ phí được tích hợp thanh toán trực tuyến"),
            counts.charged_paid_online,
            counts.charged,
            80,
            _("Đạt đủ điểm khi từ 80% trở lên."),
        ),
        _indicator(
            "4.5",
            _("Sử dụng Cơ sở dữ liệu quốc gia về dân cư"),
            counts.for_citizens_eid,
            counts.for_citizens,
            100,
            " ".join(filter(None, [str(EID_NOTE), dossiers])),
        ),
    ]


def _missing(code: str, name: StrOrPromise, reason: StrOrPromise) -> Indicator:
    return Indicator(code, name, None, None, None, HUNDRED, None, reason)


# Indicators the portal cannot compute, and why (docs/statistics.md).
WITHOUT_DATA = (
    _missing(
        "1.1",
        _("TTHC được công bố đúng hạn"),
        _("Chưa có số liệu: danh mục không lưu ngày ban hành quyết định công bố và "
          "ngày hiệu lực của văn bản quy định."),
    ),
    _missing(
        "1.2",
        _("TTHC được cập nhật, công khai đúng hạn"),
        _("Chưa có số liệu: danh mục không lưu ngày công khai trên Cơ sở dữ liệu "
          "quốc gia so với ngày quyết định công bố."),
    ),
    _missing(
        "1.4",
        _("Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia"),
        _("Tính trên trang Đồng bộ Cổng Dịch vụ công quốc gia (/dong-bo-quoc-gia/), "
          "theo từng cơ quan."),
    ),
    _missing(
        "2.2",
        _("Thời gian giải quyết trung bình của TTHC"),
        _("Chỉ số theo dõi, tính cho từng thủ tục; chưa có trên trang tổng hợp."),
    ),
    _missing(
        "4.1",
        _("Hồ sơ có kết quả điện tử"),
        _("Chưa tính riêng: bảng tổng hợp chỉ đếm hồ sơ có cả thành phần số hóa "
          "và kết quả điện tử (chỉ số 4.2)."),
    ),
    _missing(
        "4.4",
        _("Hồ sơ sử dụng kho dữ liệu của người dân trên Cổng quốc gia"),
        _("Chưa có số liệu: cổng chưa kết nối kho dữ liệu trên Cổng quốc gia."),
    ),
)  # fmt: skip
