from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Thống kê")

    def ready(self) -> None:
        from dossiers import events
        from stats import services

        # In the transaction: the figures commit or roll back with the status.
        events.subscribe(
            events.Transitioned,
            services.stats_record_transition,
            on_commit=False,
            order=10,
        )
        events.subscribe(
            events.Rated, services.stats_record_rating, on_commit=False, order=10
        )
