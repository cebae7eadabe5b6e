"""Official forms of Circular 03/2025/TT-VPCP (and 01/2018) rendered to PDF."""

from dossiers.models import DossierEvent


def render_event_form(event: DossierEvent) -> bytes:
    raise NotImplementedError
