from django.conf import settings
from django.http import HttpRequest

from accounts.navigation import navigation_for


def portal(request: HttpRequest) -> dict[str, object]:
    """Province name, its contact point and the role-based navigation for every
    page."""
    return {
        "province_name": settings.PROVINCE_NAME,
        "navigation": navigation_for(request.user),
        "eid_login": bool(settings.OIDC_RP_CLIENT_ID),
        "contact": {
            "name": settings.PROVINCE_CONTACT_NAME,
            "address": settings.PROVINCE_CONTACT_ADDRESS,
            "hotline": settings.PROVINCE_HOTLINE,
            "hotline_uri": "".join(c for c in settings.PROVINCE_HOTLINE if c.isdigit()),
            "email": settings.PROVINCE_CONTACT_EMAIL,
            "working_periods": settings.WORKING_PERIODS,
        },
    }
