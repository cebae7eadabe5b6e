"""Public pages of the catalogue: search, procedure page, form download, kiosk."""

from itertools import groupby
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import uploads
from core.public_cache import CATALOGUE, public_page
from core.qr import qr_svg
from procedures import display, selectors
from procedures import kiosk as kiosk_screen
from procedures.forms import CatalogueForm
from procedures.models import Channel, Field, Procedure, RequiredComponent

PAGE_SIZE = 20
KIOSK_PAGE_SIZE = 8


@public_page(CATALOGUE)
def catalogue(request: HttpRequest) -> HttpResponse:
    context = _search(request, PAGE_SIZE)
    context["field_options"] = [
        _field_option(field) for field in selectors.field_list_public()
    ]
    context["agency_options"] = [
        (str(agency.uuid), agency.name)
        for agency in selectors.agencies_with_procedures()
    ]
    return render(request, "procedures/catalogue.html", context)


@public_page(CATALOGUE)
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_get_public(code=code)
    if procedure.code != code:
        return redirect("procedures:detail", code=procedure.code)
    context = _detail(procedure, request.GET.get("kenh"))
    context["login_url"] = _login_url(request)
    return render(request, "procedures/detail.html", context)


def form_download(request: HttpRequest, code: str, position: int) -> FileResponse:
    component = selectors.component_form_get(code=code, position=position)
    try:
        handle = component.form_template.open("rb")
    except FileNotFoundError as error:
        raise Http404("The form file is missing.") from error
    # Named after the detected type: an upload named `.hta` is never served so.
    return uploads.attachment(handle, name=Path(component.form_template.name).name)


@public_page(CATALOGUE)
def kiosk(request: HttpRequest) -> HttpResponse:
    """The kiosk's start screen: tiles by life event and by field, the search, and
    the dossier lookup; a search or a field tile shows its results here."""
    context = _search(request, KIOSK_PAGE_SIZE)
    fields = sorted(selectors.field_list_public(), key=_procedure_count, reverse=True)
    chosen = request.GET.get("field", "")
    context |= kiosk_screen.idle_context() | {
        "life_events": kiosk_screen.LIFE_EVENTS,
        "field_tiles": sorted(
            fields[: kiosk_screen.FIELD_TILES], key=lambda field: field.slug
        ),
        "chosen_field": next((f for f in fields if f.slug == chosen), None),
    }
    return render(request, "procedures/kiosk.html", context)


@public_page(CATALOGUE)
def kiosk_event(request: HttpRequest, slug: str) -> HttpResponse:
    """The procedures of one life event, as large buttons."""
    event = kiosk_screen.BY_SLUG.get(slug)
    if event is None:
        raise Http404("No such life event.")
    context = kiosk_screen.idle_context() | {
        "event": event,
        "procedures": selectors.procedure_list_public().filter(
            base_code__in=event.base_codes
        ),
    }
    return render(request, "procedures/kiosk_event.html", context)


@public_page(CATALOGUE)
def kiosk_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A procedure in the kiosk's layout, with a QR code of its page on the portal to
    go on reading (or file online) on one's phone."""
    procedure = selectors.procedure_get_public(code=code)
    context = _detail(procedure) | kiosk_screen.idle_context()
    page_url = settings.SITE_URL.rstrip("/") + reverse(
        "procedures:detail", args=[procedure.code]
    )
    context |= {
        "page_url": page_url,
        "qr": qr_svg(page_url, str(_("Mã QR: mở trang thủ tục trên điện thoại"))),
        "online_fees": display.channel_fees(procedure, Channel.ONLINE)
        if procedure.files_online
        else None,
    }
    return render(request, "procedures/kiosk_detail.html", context)


def _procedure_count(field: Field) -> int:
    return int(getattr(field, "procedure_count", 0))


def _field_option(field: Field) -> tuple[str, str]:
    count = getattr(field, "procedure_count", 0)
    return field.slug, f"{field.name} ({count})"


def _search(request: HttpRequest, per_page: int) -> dict[str, Any]:
    """Search results for the query string; bad parameters become form errors."""
    form = CatalogueForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return {"form": form, "page": None, "searched": True}
    query, filters, number = "", {}, 1
    if form.is_bound:
        query = form.cleaned_data["q"]
        filters = form.filters()
        number = form.cleaned_data["page"] or 1
    procedures = selectors.procedure_catalogue(query=query, **filters)
    page = Paginator(procedures, per_page).get_page(number)
    return {"form": form, "page": page, "searched": form.is_bound, "query": query}


def _detail(procedure: Procedure, channel_slug: str | None = None) -> dict[str, Any]:
    components = list(procedure.components.all())
    channel = display.chosen_channel(procedure, channel_slug)
    return {
        "procedure": procedure,
        "fees": display.channel_fees(procedure, channel),
        "channel_choices": [
            (slug, Channel(value).label, value == channel)
            for slug, value in display.CHANNEL_SLUGS.items()
            if value != Channel.ONLINE or procedure.files_online
        ],
        "component_groups": _grouped(components),
        "has_forms": any(component.form_template for component in components),
        "workflow": selectors.workflow_template_for(procedure),
        "working_periods": settings.WORKING_PERIODS,
    }


def _grouped(
    components: list[RequiredComponent],
) -> list[tuple[str, list[RequiredComponent]]]:
    """Components in published order, grouped by consecutive case headings."""
    return [
        (case, list(group))
        for case, group in groupby(components, key=lambda item: item.case)
    ]


def _login_url(request: HttpRequest) -> str:
    """The login page, coming back to this procedure afterwards."""
    query = urlencode({"next": request.get_full_path()})
    login = reverse("accounts:login")
    return f"{login}?{query}"
