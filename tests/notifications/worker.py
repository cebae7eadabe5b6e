"""A real Celery worker process for the end-to-end tests and the benchmark."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

READY_TIMEOUT = 60


def database_url(settings_dict) -> str:
    """The URL of a Django database (the test database once pytest created it)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A egov worker` in a subprocess, with the providers' stubs wired in."""

    def __init__(
        self,
        *,
        database,
        gateway_url,
        email_url,
        log,
        concurrency=1,
        redis_url=None,
        pool=False,
    ):
        self.log = Path(log)
        self.env = {
            **os.environ,
            "DATABASE_URL": database,
            "DATABASE_POOL": str(pool),
            "REDIS_URL": redis_url or settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            "SMS_BACKEND": "http",
            "SMS_GATEWAY_URL": gateway_url,
            "SMS_GATEWAY_TOKEN": "gateway-token",
            "EMAIL_URL": email_url,
            "LOG_LEVEL": "INFO",
        }
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "egov",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--queues=notifications,pdf,sync",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname=notify-test@%h",
        ]
        self.process = None

    def start(self):
        offset = self.log.stat().st_size if self.log.exists() else 0  # restarts
        self._output = self.log.open("a")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            self.command,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if b" ready." in self.log.read_bytes()[offset:]:
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"The worker did not start:\n{self.log.read_text()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()
