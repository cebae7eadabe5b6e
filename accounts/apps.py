from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # The default of this module, which also holds the lockout app's config.
    default = True
    name = "accounts"
    verbose_name = _("Cơ quan và người dùng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.eid import eid_session_clear

        user_logged_in.connect(eid_session_clear, dispatch_uid="accounts.eid")


class LoginLockoutConfig(AxesConfig):
    """django-axes under a Vietnamese name in the admin (its own is "Axes")."""

    default = False
    verbose_name = _("Khóa đăng nhập")
