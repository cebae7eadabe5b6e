"""Documents in bulk: `seed_demo --documents N` for demos and benchmarks.

About 84% incoming and 16% outgoing (the share one province reported), spread over
the agencies that have an identifier and over the past year; incoming ones are
registered with consecutive arrival numbers per agency and year, most handled, some
still open with a deadline. Rows go in with COPY (PostgreSQL) and bypass the
services on purpose, for speed: they are the rows the services would have written,
without files and history. The trigram index on summaries is rebuilt once at the
end, which is much faster than maintaining it row by row.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Agency
from documents.models import (
    IncomingSource,
    Register,
    RegisterKind,
)
from documents.workflow import IncomingStatus, OutgoingStatus
from procedures.search import normalize
from stats.services import copy_rows

CHUNK = 50_000
INCOMING_SHARE = 0.84
TOPICS = (
    "triển khai đăng ký khai sinh trực tuyến",
    "báo cáo kết quả cải cách hành chính",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "phòng chống thiên tai mùa mưa bão",
    "tổ chức hội nghị tổng kết năm",
    "kiểm tra công tác văn thư lưu trữ",
    "chuyển đổi số trong cơ quan nhà nước",
    "tuyển dụng công chức cấp xã",
    "quyết toán ngân sách năm",
    "phòng cháy chữa cháy rừng",
    "cấp phép xây dựng",
    "hỗ trợ hộ nghèo dịp Tết Nguyên đán",
    "tiêm chủng mở rộng cho trẻ em",
    "đo đạc bản đồ địa chính",
    "giải quyết khiếu nại của công dân",
    "bảo vệ môi trường khu công nghiệp",
    "quản lý trật tự đô thị",
    "sắp xếp đơn vị hành chính cấp xã",
    "an toàn giao thông đường bộ",
    "phát triển du lịch cộng đồng",
)
VERBS = ("Về việc", "V/v", "Về việc hướng dẫn", "Về việc đôn đốc", "Về việc góp ý")
TYPES = ("CV", "CV", "CV", "TB", "QĐ", "KH", "BC", "GM", "TTr", "HD")
URGENCY = ("normal",) * 17 + ("urgent", "urgent", "very_urgent")
INCOMING_COLUMNS = (
    "uuid",
    "agency_id",
    "notation",
    "issued_on",
    "doc_type",
    "summary",
    "search_text",
    "signer_name",
    "signer_position",
    "urgency",
    "confidentiality",
    "page_count",
    "due_on",
    "created_at",
    "updated_at",
    "version",
    "revoked_reason",
    "register_id",
    "arrival_number",
    "arrived_at",
    "registered_at",
    "number",
    "sender_identifier",
    "sender_name",
    "source",
    "status",
    "completed_at",
    "external_id",
)
OUTGOING_COLUMNS = (
    "uuid",
    "agency_id",
    "notation",
    "issued_on",
    "doc_type",
    "summary",
    "search_text",
    "signer_name",
    "signer_position",
    "urgency",
    "confidentiality",
    "page_count",
    "due_on",
    "created_at",
    "updated_at",
    "version",
    "revoked_reason",
    "register_id",
    "number",
    "status",
    "drafter_id",
    "issued_at",
)


class Numbers:
    """Register rows and their next numbers, per agency, kind and year."""

    def __init__(self) -> None:
        self.registers: dict[tuple[int, str, int], Register] = {}

    def take(self, agency_id: int, kind: str, year: int) -> tuple[int, int]:
        key = (agency_id, kind, year)
        if key not in self.registers:
            # The demo's documents are all "normal": the ordinary register.
            Register.objects.bulk_create(
                [Register(agency_id=agency_id, kind=kind, year=year)],
                ignore_conflicts=True,
            )
            self.registers[key] = Register.objects.select_for_update().get(
                agency_id=agency_id, kind=kind, year=year, secret=False
            )
        register = self.registers[key]
        register.last_number += 1
        return register.pk, register.last_number

    def save(self) -> None:
        for register in self.registers.values():
            register.save(update_fields=["last_number"])


def seed_documents(count: int, *, seed: int = 2026, log: Callable[[str], None]) -> int:
    """Create `count` documents of the past year; returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 (demo data)
    agencies = list(
        Agency.objects.exclude(identifier__isnull=True).values_list("id", "name")
    )
    drafters = _drafters()
    if not agencies or not drafters:
        log("Không có cơ quan có mã định danh và cán bộ: bỏ qua văn bản.")
        return 0
    numbers = Numbers()
    written = 0
    with transaction.atomic():
        _drop_search_indexes()
        while written < count:
            size = min(CHUNK, count - written)
            _write_chunk(rng, size, agencies, drafters, numbers)
            written += size
            log(f"{written}/{count} văn bản")
        numbers.save()
        _create_search_indexes()
    # VACUUM too: index-only scans (searches) need the visibility map. It cannot
    # run inside a transaction (a caller's, or a test's): ANALYZE then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} documents_incomingdocument")
        cursor.execute(f"{command} documents_outgoingdocument")
    return written


def _drafters() -> dict[int, int]:
    from accounts.models import User

    found: dict[int, int] = {}
    for user_id, agency_id in User.objects.filter(agency__isnull=False).values_list(
        "id", "agency_id"
    ):
        found.setdefault(agency_id, user_id)
    return found


def _write_chunk(
    rng: random.Random,
    size: int,
    agencies: list[tuple[int, str]],
    drafters: dict[int, int],
    numbers: Numbers,
) -> None:
    moments = sorted(_moment(rng) for _ in range(size))
    incoming: list[tuple[Any, ...]] = []
    outgoing: list[tuple[Any, ...]] = []
    senders = sorted(drafters)
    for moment in moments:
        if rng.random() < INCOMING_SHARE:
            agency_id = rng.choice(agencies)[0]
            incoming.append(_incoming(rng, moment, agency_id, agencies, numbers))
        else:
            agency_id = rng.choice(senders)
            outgoing.append(_outgoing(rng, moment, agency_id, drafters, numbers))
    copy_rows("documents_incomingdocument", INCOMING_COLUMNS, incoming)
    copy_rows("documents_outgoingdocument", OUTGOING_COLUMNS, outgoing)


def _moment(rng: random.Random) -> datetime:
    now = timezone.now()
    return now - timedelta(seconds=rng.randrange(365 * 24 * 3600))


def _summary(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(TOPICS)} năm {rng.choice((2025, 2026))}"


def _common(
    rng: random.Random, moment: datetime, agency_id: int, register_id: int
) -> list[Any]:
    summary = _summary(rng)
    doc_type = rng.choice(TYPES)
    return [
        uuid.uuid4(),
        agency_id,
        f"{doc_type}-UBND",
        timezone.localdate(moment),
        doc_type,
        summary,
        normalize(summary)[:600],
        "Nguyễn Văn An",
        "Phó Chủ tịch",
        rng.choice(URGENCY),
        "normal",
        rng.randint(1, 12),
        None,
        moment,
        moment,
        1,
        "",
        register_id,
    ]


def _incoming(
    rng: random.Random,
    moment: datetime,
    agency_id: int,
    agencies: list[tuple[int, str]],
    numbers: Numbers,
) -> tuple[Any, ...]:
    year = timezone.localdate(moment).year
    register_id, number = numbers.take(agency_id, RegisterKind.INCOMING, year)
    row = _common(rng, moment, agency_id, register_id)
    age = (timezone.now() - moment).days
    due = timezone.localdate(moment) + timedelta(days=rng.choice((5, 7, 10, 15)))
    done = age > 20 or rng.random() < 0.5
    status = (
        IncomingStatus.DONE
        if done
        else rng.choice(
            (
                IncomingStatus.REGISTERED,
                IncomingStatus.ASSIGNED,
                IncomingStatus.IN_PROGRESS,
            )
        )
    )
    completed = moment + timedelta(days=rng.choice((1, 3, 6, 9, 12))) if done else None
    row[12] = due if rng.random() < 0.6 else None
    _sender_id, sender_name = rng.choice(agencies)
    return (
        *row,
        number,
        moment,
        moment,
        str(rng.randint(1, 3000)),
        "",
        sender_name[:200],
        IncomingSource.PORTAL,
        status,
        completed,
        "",
    )


def _outgoing(
    rng: random.Random,
    moment: datetime,
    agency_id: int,
    drafters: dict[int, int],
    numbers: Numbers,
) -> tuple[Any, ...]:
    year = timezone.localdate(moment).year
    register_id, number = numbers.take(agency_id, RegisterKind.OUTGOING, year)
    row = _common(rng, moment, agency_id, register_id)
    return (*row, number, OutgoingStatus.ISSUED, drafters[agency_id], moment)


SEARCH_INDEXES = {
    "incoming_search_trgm": "documents_incomingdocument",
    "outgoing_search_trgm": "documents_outgoingdocument",
}


def _drop_search_indexes() -> None:
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def _create_search_indexes() -> None:
    """The same indexes as documents/migrations/0002_search_trigram_index."""
    with connection.cursor() as cursor:
        # Check the deferred foreign keys of the new rows now: PostgreSQL builds no
        # index on a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, table in SEARCH_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX {name} ON {table} "
                "USING gin (search_text gin_trgm_ops) WITH (fastupdate = off)"
            )
