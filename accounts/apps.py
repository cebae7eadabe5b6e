from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # The default of this module, which also holds the lockout app's config.
    default = True
    name = "accounts"
    verbose_name = _("Cơ quan và người dùng")


class LoginLockoutConfig(AxesConfig):
    """django-axes under a Vietnamese name in the admin (its own is "Axes")."""

    default = False
    verbose_name = _("Khóa đăng nhập")
