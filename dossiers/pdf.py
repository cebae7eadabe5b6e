"""Official forms of Circular 03/2025/TT-VPCP (and 01/2018) rendered to PDF.

Each form is an HTML template under templates/dossiers/forms/<set>/ printed by
WeasyPrint, except the logbook of a period (form 07), drawn with ReportLab
(dossiers/logbook_pdf.py) since it runs to thousands of rows. The set follows the
day the dossier was received: Circular 01/2018/TT-VPCP before 1 July 2025, Circular
03/2025/TT-VPCP from then on (DOMAIN.md decision 1). The two sets number the forms
differently; the event's `form_code` uses the 2025 numbers.

Rendering takes a fraction of a second, so event forms are rendered by the task
`dossiers.tasks.dossier_form_render` and kept as a DossierFile of the event.
WeasyPrint is imported inside the functions (ruff TID253): importing it loads pango.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accounts.models import Agency
from dossiers import form_data
from dossiers.form_data import SET_2018, SET_2025
from dossiers.models import Dossier, DossierEvent


@dataclass(frozen=True)
class FormSpec:
    number: str  # as printed: "Mẫu số 05" is the control sheet in 2018
    title: str
    template: str  # none for the logbook, drawn by dossiers.logbook_pdf
    circular: str


CIRCULARS = {
    SET_2018: "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
    SET_2025: "Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ",
}

QR_BORDER = 2  # modules of quiet zone around the code
QR_PIXELS_PER_MODULE = 4

# (set, kind) → (number, title); the 2018 set has no stop notice.
_FORMS = {
    (SET_2025, "receipt"): ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    (SET_2025, "supplement"): ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    (SET_2025, "refusal"): ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    (SET_2025, "apology"): (
        "04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    ),
    (SET_2025, "stop"): ("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
    (SET_2025, "control"): ("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    (SET_2025, "logbook"): ("07", "SỔ THEO DÕI HỒ SƠ"),
    # Not a numbered form: the written notice returning a dossier found ineligible.
    (SET_2025, "ineligible"): (
        "",
        "THÔNG BÁO TRẢ LẠI HỒ SƠ KHÔNG ĐỦ ĐIỀU KIỆN GIẢI QUYẾT",
    ),
    (SET_2018, "receipt"): ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    (SET_2018, "supplement"): ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    (SET_2018, "refusal"): ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    (SET_2018, "apology"): ("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    (SET_2018, "control"): ("05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    (SET_2018, "logbook"): ("06", "SỔ THEO DÕI HỒ SƠ"),
}

# The event's form code (dossiers.services.FORM_EFFECTS, 2025 numbers) → kind.
EVENT_FORM_KINDS = {
    "01": "receipt",
    "02": "supplement",
    "03": "refusal",
    "04": "apology",
    "05": "stop",
    "TB": "ineligible",
}


def form_spec(form_set: str, kind: str) -> FormSpec:
    """The form of `kind` in `form_set`; a kind the set lacks comes from 2025.

    Only the stop notice is missing from 2018: stopping at the applicant's request
    was formalised by Decree 118/2025, so its notice is the 2025 one.
    """
    if (form_set, kind) not in _FORMS:
        form_set = SET_2025
    number, title = _FORMS[(form_set, kind)]
    template = f"{form_set}/mau-{number}" if number else kind
    return FormSpec(
        number=number,
        title=title,
        template="" if kind == "logbook" else f"dossiers/forms/{template}.html",
        circular=CIRCULARS[form_set] if number else "",
    )


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code of `url`, black on white, with a quiet zone.

    It has a viewBox and a default size of 4 px a module, so a stylesheet may resize
    it (the forms print it 2.6 cm wide through the class "qr").
    """
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=QR_BORDER, omitsize=True, svgclass="qr", light="#fff"
    )
    width, height = code.symbol_size(scale=QR_PIXELS_PER_MODULE, border=QR_BORDER)
    label = escape(gettext("Mã QR tra cứu hồ sơ"))
    attributes = f'width="{width}" height="{height}" role="img" aria-label="{label}"'
    sized = svg.replace("<svg ", f"<svg {attributes} ", 1)
    return mark_safe(sized)  # noqa: S308 (segno's markup, numbers and escaped text)


# --- The three kinds of documents ---


def render_event_form(event: DossierEvent) -> bytes:
    """The form an event produced (receipt, supplement request, refusal, …)."""
    kind = EVENT_FORM_KINDS.get(event.form_code)
    if kind is None:
        raise ValueError(f"No official form for code {event.form_code!r}.")
    dossier = _dossier(event.dossier_id)
    spec = form_spec(form_data.form_set_of(dossier), kind)
    context = _dossier_context(dossier, spec, _event_issuer(event, dossier, kind))
    context.update(_EVENT_DATA[kind](event, dossier))
    context.update(event=event, day=timezone.localdate(event.at))
    return _render(spec, context)


def render_control_sheet(dossier: Dossier) -> bytes:
    """Form 06 (2018: Mẫu 05): every hand-over, marked early, on time or late."""
    dossier = _dossier(dossier.pk)
    spec = form_spec(form_data.form_set_of(dossier), "control")
    context = _dossier_context(
        dossier, spec, form_data.issuer_of(dossier.receiving_agency)
    )
    context.update(
        rows=form_data.hand_overs(dossier),
        appointment=form_data.moment_text(dossier.due_at),
        received=form_data.moment_text(dossier.received_at),
        day=timezone.localdate(),
    )
    return _render(spec, context)


def render_logbook(
    *,
    agency: Agency,
    start: date,
    end: date,
    rows: Iterable[form_data.LogbookRow] | None = None,
) -> bytes:
    """Form 07 (2018: Mẫu 06): the dossiers `agency` received from `start` to `end`
    (`rows` when the caller reads them itself). The task writes it to a file with
    write_logbook instead, to keep one copy less of a long book in memory.
    """
    buffer = io.BytesIO()
    write_logbook(buffer, agency=agency, start=start, end=end, rows=rows)
    return buffer.getvalue()


def write_logbook(
    handle: IO[bytes],
    *,
    agency: Agency,
    start: date,
    end: date,
    rows: Iterable[form_data.LogbookRow] | None = None,
) -> None:
    """The logbook into `handle`, its rows drawn as they come (dossiers.logbook_pdf,
    with ReportLab rather than WeasyPrint: a busy centre's month is thousands of
    rows). A period that ends before 1 July 2025 is printed in the 2018 book.
    """
    from dossiers import logbook_pdf  # ReportLab reads its fonts: only when drawing

    if rows is None:
        rows = form_data.iter_logbook_rows(agency=agency, start=start, end=end)
    spec = form_spec(form_data.form_set_for_day(end), "logbook")
    issuer = form_data.issuer_of(agency)
    period = (start, end)
    heading = logbook_pdf.Heading(
        title=spec.title,
        form=f"Mẫu số {spec.number} – {spec.circular}",
        subject=f"Mẫu số {spec.number}, {spec.circular}",
        governing=issuer.governing,
        issuer=issuer.name,
        author=agency.name,
        place_date=form_data.place_date_text(timezone.localdate(), issuer.place),
        period="Từ ngày {} đến ngày {}".format(*map(form_data.day_text, period)),
    )
    # Legal documents in Vietnamese: the rows' statuses too, as they are read.
    with translation.override("vi"):
        logbook_pdf.write(handle, heading, rows)


# --- Context ---


def _dossier(pk: int) -> Dossier:
    return Dossier.objects.select_related(
        "procedure",
        "receiving_agency__parent__parent",
        "processing_agency__parent__parent",
    ).get(pk=pk)


def _dossier_context(
    dossier: Dossier, spec: FormSpec, issuer: form_data.Issuer
) -> dict[str, Any]:
    url = form_data.lookup_url(dossier.code) if dossier.code else ""
    return {
        "form": spec,
        "issuer": issuer,
        "dossier": dossier,
        "lookup_url": url,
        "qr": qr_svg(url) if url else "",
        "submitted": form_data.moment_text(dossier.submitted_at),
    }


def _event_issuer(event: DossierEvent, dossier: Dossier, kind: str) -> form_data.Issuer:
    """The acting official's agency; else the counter for reception forms."""
    if event.agency_id is not None:
        agency = Agency.objects.select_related("parent__parent").get(pk=event.agency_id)
    elif kind in {"receipt", "supplement", "refusal"}:
        agency = dossier.receiving_agency
    else:
        agency = dossier.processing_agency
    return form_data.issuer_of(agency)


def _receipt_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    book = form_data.book_number(dossier)
    return {
        "components": form_data.submitted_components(dossier),
        "processing_time": form_data.processing_time_text(dossier.procedure),
        "received": form_data.moment_text(dossier.received_at or event.at),
        "appointment": form_data.moment_text(form_data.receipt_appointment(dossier)),
        "delivery": form_data.delivery_text(dossier),
        "fees": form_data.fee_lines(dossier.procedure, dossier.channel),
        "book": book[0] if book else "",
        "book_number": book[1] if book else "",
    }


def _supplement_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    return {
        "components": form_data.asked_components(event, dossier),
        "during_processing": event.action == "request_supplement",
        "received": form_data.moment_text(dossier.received_at),
    }


def _refusal_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    return {}


def _apology_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    return {
        "received": form_data.moment_text(dossier.received_at),
        # Before the apology the appointment moved only with pauses, like the
        # legal deadline: this is the appointment being apologised for.
        "old_appointment": form_data.moment_text(dossier.legal_due_at),
        "new_appointment": form_data.moment_text(
            form_data.apology_new_due(event, dossier)
        ),
    }


def _stop_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    return {
        "received": form_data.moment_text(dossier.received_at),
        "stopped": form_data.moment_text(event.at),
        "on_request": event.from_status == "withdrawal_requested",
        "requested": form_data.moment_text(_withdrawal_requested_at(dossier)),
    }


def _withdrawal_requested_at(dossier: Dossier) -> Any:
    request = dossier.events.filter(action="request_withdrawal").order_by("-at").first()
    return request.at if request else None


def _ineligible_data(event: DossierEvent, dossier: Dossier) -> dict[str, Any]:
    return {"received": form_data.moment_text(dossier.received_at)}


_EVENT_DATA = {
    "ineligible": _ineligible_data,
    "receipt": _receipt_data,
    "supplement": _supplement_data,
    "refusal": _refusal_data,
    "apology": _apology_data,
    "stop": _stop_data,
}


# --- Rendering ---


def _render(spec: FormSpec, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context["place_date"] = form_data.place_date_text(
        context["day"], context["issuer"].place
    )
    # Legal documents in Vietnamese, whatever language the caller is using.
    with translation.override("vi"):
        html = render_to_string(spec.template, context)
    # The forms load nothing from outside: no file or network access while printing.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
