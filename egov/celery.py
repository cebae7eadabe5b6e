"""Celery application; tasks are discovered in each installed app's tasks.py."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

app = Celery("egov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _check_settings(**kwargs: object) -> None:
    from core.startup import check_serving_settings

    check_serving_settings()
