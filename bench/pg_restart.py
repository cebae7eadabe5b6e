"""PostgreSQL restarted under load: requests fail fast, the portal recovers alone.

Usage (from the repository root; needs Debian's postgresql binaries and Redis):

    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/pg_restart.py
        [--down 5] [--clients 8]

It never touches the machine's PostgreSQL: it creates a private cluster in a
temporary directory on a free port (as the `postgres` user when run as root),
migrates it, starts gunicorn with the production settings against it (pooled
connections, as bench/load.py), and keeps --clients threads requesting `/healthz`
and the bare one-query view. After 5 s it stops the cluster (fast shutdown), waits
--down seconds, starts it again, and goes on for 10 s. It prints, second by second,
the answers and the slowest one, then how long the first success after the restart
took and the slowest answer during the outage (the pool gives up within
DATABASE_POOL_TIMEOUT, 3 s). Nothing is restarted by hand but PostgreSQL itself.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import free_port, manage, production_env, start_gunicorn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        sys.exit("PostgreSQL binaries are missing (apt install postgresql).")
    cluster = Cluster(Path(binaries[-1]))
    try:
        cluster.start()
        os.environ["DATABASE_URL"] = cluster.url
        env = production_env()
        env["LOG_LEVEL"] = "CRITICAL"
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        agency = manage(
            env,
            "shell",
            "-c",
            "from accounts.models import AdministrativeLevel, Agency, AgencyKind\n"
            "print(Agency.objects.create(identifier='000.00.00.H99', name='Bench',"
            " kind=AgencyKind.PEOPLES_COMMITTEE,"
            " level=AdministrativeLevel.values[0]).pk)",
        )
        env["BENCH_AGENCY_PK"] = agency.split()[-1]
        port = free_port()
        server = start_gunicorn(env, port, workers=3)
        try:
            run(cluster, port, options)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        cluster.remove()


class Cluster:
    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.directory = Path(tempfile.mkdtemp(prefix="egov-pg-"))
        self.port = free_port()
        self.url = f"postgres://egov@127.0.0.1:{self.port}/egov"
        self.as_postgres = (
            ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        )
        if self.as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")

    def command(self, name: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 (PostgreSQL's own tools)
            [*self.as_postgres, str(self.binaries / name), *args],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        data = self.directory / "data"
        self.command("initdb", "-D", str(data), "-U", "egov", "--auth=trust")
        self.pg_ctl("start")
        self.command(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "egov", "egov"
        )

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c fsync=off"
        self.command(
            "pg_ctl",
            action,
            "-D",
            str(self.directory / "data"),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            *(["-m", "fast"] if action == "stop" else []),
        )

    def remove(self) -> None:
        if (self.directory / "data" / "postmaster.pid").exists():
            self.pg_ctl("stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def run(cluster: Cluster, port: int, options: argparse.Namespace) -> None:
    answers: list[tuple[float, str, int, float]] = []
    stop = threading.Event()
    start = time.monotonic()

    def client(path: str) -> None:
        while not stop.is_set():
            sent = time.monotonic()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{path}", timeout=15
                ) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            answers.append((sent - start, path, status, time.monotonic() - sent))

    paths = ["/healthz", "/bench/bare-query/"]
    threads = [
        threading.Thread(target=client, args=(paths[index % 2],), daemon=True)
        for index in range(options.clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(5)
    stopped = time.monotonic() - start
    cluster.pg_ctl("stop")
    time.sleep(options.down)
    cluster.pg_ctl("start")
    restarted = time.monotonic() - start
    time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    report(answers, stopped, restarted)


def report(
    answers: list[tuple[float, str, int, float]], stopped: float, restarted: float
) -> None:
    print(f"PostgreSQL stopped at {stopped:.1f} s, started again at {restarted:.1f} s")
    header = ("second", "200", "503", "500", "other")
    print(" ".join(f"{name:>6}" for name in header), "slowest ms")
    seconds: dict[int, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    slowest: dict[int, float] = collections.defaultdict(float)
    for sent, _path, status, took in answers:
        second = int(sent)
        key = str(status) if status in (200, 503, 500) else "other"
        seconds[second][key] += 1
        slowest[second] = max(slowest[second], took)
    for second in sorted(seconds):
        counts = seconds[second]
        figures = [second, *(counts[name] for name in header[1:])]
        print(
            " ".join(f"{value:>6}" for value in figures),
            f"{slowest[second] * 1000:>10.0f}",
        )
    during = [took for sent, _p, _s, took in answers if stopped <= sent < restarted]
    after = [
        sent + took - restarted
        for sent, _p, status, took in answers
        if sent >= restarted and status == 200
    ]
    failed_after = [
        1 for sent, _p, status, _t in answers if sent >= restarted + 2 and status != 200
    ]
    print(f"slowest answer while down: {max(during, default=0) * 1000:.0f} ms")
    print(f"first success after the start: {min(after, default=float('nan')):.2f} s")
    print(f"failures from 2 s after the start on: {len(failed_after)}")


if __name__ == "__main__":
    main()
