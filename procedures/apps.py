from typing import Any

from django.apps import AppConfig
from django.db.models import Model, signals
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        # Cached public pages show the catalogue: any saved or deleted row of it (the
        # admin, its inlines, the services) makes them stale. Not domain flow, so a
        # signal is the one place that sees every writer.
        from accounts.models import Agency
        from procedures.models import Procedure

        # The procedure pages and the kiosk show each agency's address, phone and
        # opening hours, which its administrator edits.
        models: list[type[Model]] = [*self.get_models(), Agency]
        for model in models:
            for signal in (signals.post_save, signals.post_delete):
                signal.connect(_catalogue_changed, sender=model)
        signals.m2m_changed.connect(
            _catalogue_changed, sender=Procedure.agencies.through
        )


def _catalogue_changed(**kwargs: Any) -> None:
    from core.public_cache import CATALOGUE, source_changed

    source_changed(CATALOGUE)
