import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

application = get_asgi_application()

from core.startup import check_serving_settings  # noqa: E402 (needs settings)

check_serving_settings()
