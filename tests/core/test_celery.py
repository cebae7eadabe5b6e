"""Each kind of task has its own queue, and every task may be delivered twice."""

import pytest

from egov.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("notifications.tasks.notification_send", "notifications"),
        ("notifications.tasks.notification_sweep", "notifications"),
        ("notifications.tasks.notification_remind_officers", "notifications"),
        ("dossiers.tasks.dossier_form_render", "pdf"),
        ("dossiers.tasks.dossier_forms_sweep", "sync"),
    ],
)
def test_each_task_goes_to_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_task_is_acknowledged_after_it_ran():
    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert ours
    assert all(task.acks_late and task.reject_on_worker_lost for task in ours)
