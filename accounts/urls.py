from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import oidc, views
from accounts.forms import LoginForm
from core.limits import by_address, by_field, limit_posts

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("vneid/dang-nhap/", oidc.vneid_login, name="vneid_login"),
    path("vneid/xac-thuc/", oidc.vneid_callback, name="vneid_callback"),
    path(
        "dang-ky/",
        limit_posts(
            ("registration-address", "REGISTRATION_LIMIT_PER_ADDRESS", by_address)
        )(views.register),
        name="register",
    ),
    path(
        "dang-ky/kich-hoat/<str:uidb64>/<str:token>/",
        views.activate,
        name="activate",
    ),
    path("tai-khoan/", views.profile, name="profile"),
    path(
        "tai-khoan/khoa-api/<uuid:token_id>/thu-hoi/",
        views.token_revoke,
        name="token_revoke",
    ),
    path(
        "tai-khoan/dang-xuat-moi-noi/",
        views.logout_everywhere,
        name="logout_everywhere",
    ),
    path("nhat-ky-truy-cap/", views.access_log, name="access_log"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path(
        "tai-khoan/doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "quen-mat-khau/",
        limit_posts(
            ("reset-address", "PASSWORD_RESET_LIMIT_PER_ADDRESS", by_address),
            ("reset-email", "PASSWORD_RESET_LIMIT_PER_EMAIL", by_field("email")),
        )(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                email_template_name="accounts/email/password_reset.txt",
                html_email_template_name="accounts/email/password_reset.html",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
