from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản điện tử")

    def ready(self) -> None:
        from documents.tasks import electronic_result_on_commit
        from dossiers import events

        # On commit: a leader's approval queues the signing of the result.
        events.subscribe(
            events.Transitioned, electronic_result_on_commit, on_commit=True, order=20
        )
