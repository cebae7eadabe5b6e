from django.conf import settings
from django.http import HttpRequest

from accounts.navigation import navigation_for


def portal(request: HttpRequest) -> dict[str, object]:
    """Province name and the role-based navigation for every page."""
    return {
        "province_name": settings.PROVINCE_NAME,
        "navigation": navigation_for(request.user),
        "eid_login": bool(settings.OIDC_RP_CLIENT_ID),
    }
