"""Publishing Celery tasks from a request without waiting on a broker that is down.

A refused publish costs about a second (CELERY_TASK_PUBLISH_RETRY_POLICY). After one,
the process stops trying for PAUSE_SECONDS: the work waits in its rows (pending
notifications, forms not yet stored) and the beat sweeps queue it once Redis is back.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 10.0


class Pause:
    """Per process, like the broker connection it stands for."""

    def __init__(self) -> None:
        self.until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def start(self) -> None:
        self.until = time.monotonic() + PAUSE_SECONDS

    def clear(self) -> None:
        self.until = 0.0


pause = Pause()


def publish(task: Task, *args: Any, during_pause: bool = False) -> bool:
    """Queue `task(*args)`; False when the broker is unreachable (or paused, unless
    `during_pause`: the sweeps always try)."""
    if pause.active() and not during_pause:
        return False
    try:
        task.delay(*args)
    except OperationalError:
        pause.start()
        logger.warning("Broker unreachable: publishing paused for %s s.", PAUSE_SECONDS)
        return False
    return True
