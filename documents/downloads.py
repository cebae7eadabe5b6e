"""The signed electronic result of a dossier as a download, for the page and the API."""

from django.http import FileResponse, Http404, HttpRequest

from accounts import audit
from accounts.models import AccessAction
from accounts.permissions import AnyUser
from documents import selectors
from dossiers import selectors as dossier_selectors


def electronic_result_download(
    request: HttpRequest, user: AnyUser, code: str, *, channel: str
) -> FileResponse:
    """The applicant's or in-scope staff's copy; someone else, or the applicant
    before the result may be handed over, gets a 404; every download is logged."""
    dossier = dossier_selectors.dossier_get_for(user, code)
    result = selectors.electronic_result_of(dossier)
    if result is None or not dossier_selectors.result_visible_to(user, dossier):
        raise Http404
    audit.dossier_access_record(
        request,
        dossier,
        action=AccessAction.DOWNLOAD,
        channel=channel,
        detail="electronic_result",
    )
    return FileResponse(
        result.file.open("rb"),
        as_attachment=True,
        filename=f"{dossier.code}.pdf",
        content_type="application/pdf",
    )
