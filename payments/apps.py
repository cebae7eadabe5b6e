from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Thanh toán")

    def ready(self) -> None:
        from dossiers import events
        from payments import subscribers, tasks  # noqa: F401 (registers the tasks)

        # In the transaction: fees falling due are issued with the transition.
        events.subscribe(
            events.Transitioned, subscribers.record_fees, on_commit=False, order=30
        )
        # After the commit: a dossier owing fees before processing waits for them.
        events.subscribe(
            events.Transitioned,
            subscribers.wait_for_payment,
            on_commit=True,
            order=30,
        )
