from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Registers the tasks with Celery in every process, the web one too:
        # services.sending queues them through Celery's registry, by name.
        import notifications.tasks  # noqa: F401
        from dossiers import events
        from notifications import services

        # In the transaction: the outbox rows commit with the transition, and their
        # sending is queued on commit (a committed transition always has its rows).
        events.subscribe(
            events.Transitioned,
            services.notify_transition,
            on_commit=False,
            order=20,
        )
