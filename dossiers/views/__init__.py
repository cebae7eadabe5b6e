"""The dossier pages, by audience: applicants, the counter, processing staff, public."""

from dossiers.views.applicant import (
    draft_files,
    draft_review,
    file_online,
    my_dossiers,
    rate,
    submitted,
)
from dossiers.views.counter import intake, intake_search
from dossiers.views.files import (
    control_sheet,
    file_download,
    form_download,
    logbook,
    logbook_download,
    logbook_export,
)
from dossiers.views.public import kiosk_lookup, lookup
from dossiers.views.queues import queue_page, section_home, staff_search
from dossiers.views.workflow import act, detail, result_upload

__all__ = [
    "act",
    "control_sheet",
    "detail",
    "draft_files",
    "draft_review",
    "file_download",
    "file_online",
    "form_download",
    "intake",
    "intake_search",
    "kiosk_lookup",
    "logbook",
    "logbook_download",
    "logbook_export",
    "lookup",
    "my_dossiers",
    "queue_page",
    "rate",
    "result_upload",
    "section_home",
    "staff_search",
    "submitted",
]
