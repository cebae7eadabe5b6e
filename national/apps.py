from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "national"
    verbose_name = _("Cổng Dịch vụ công quốc gia")

    def ready(self) -> None:
        # Registers the tasks in every process (the outbox queues them by name)
        # and the deployment check.
        import national.checks
        import national.tasks  # noqa: F401
        from dossiers import events
        from national import services

        # In the transaction, after the statistics (10), the notifications (20) and
        # the fees (30): the outbox row commits with the transition; its delivery is
        # queued on commit, so a rolled-back transition never reaches the portal.
        events.subscribe(
            events.Transitioned,
            services.sync_record_transition,
            on_commit=False,
            order=60,
        )
