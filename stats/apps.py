from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Thống kê")

    def ready(self) -> None:
        from dossiers import events
        from feedback import events as feedback_events
        from stats import feedback_figures, services

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
        # Indicators 5.1–5.3 from the feedback (PAKN) moves, in their transaction.
        feedback_events.subscribe(
            feedback_figures.stats_record_feedback, on_commit=False, order=10
        )
        # Indicator 5.4: a feedback linked to a dossier counts against it.
        feedback_events.subscribe(
            services.stats_record_feedback_dossier, on_commit=False, order=20
        )
