import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

application = get_wsgi_application()

from core.startup import check_serving_settings  # noqa: E402 (needs settings)

check_serving_settings()
