from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Cơ quan và người dùng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.eid import eid_session_clear

        user_logged_in.connect(eid_session_clear, dispatch_uid="accounts.eid")
