from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # The send task is looked up by name (services.sending._send_task): its
        # module is imported here, so that a web process that imported no task still
        # finds it registered (Celery's autodiscovery runs only in the worker).
        from dossiers import events
        from notifications import services, tasks  # noqa: F401

        # In the transaction: the outbox rows commit with the transition, and their
        # sending is queued on commit (a committed transition always has its rows).
        events.subscribe(
            events.Transitioned,
            services.notify_transition,
            on_commit=False,
            order=20,
        )
