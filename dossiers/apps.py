from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        from dossiers import events
        from dossiers.tasks import form_render_on_commit

        events.subscribe(
            events.Transitioned, form_render_on_commit, on_commit=True, order=10
        )
