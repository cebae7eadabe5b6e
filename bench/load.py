"""Throughput of the public pages next to a bare Django view served the same way.

Usage (from the repository root; its own database, never the one you work in):

    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
    .venv/bin/python bench/load.py [--setup] [--workers 5] [--threads 2]
        [--connections 50] [--duration 10] [--only home catalogue ...]
        [--worker-class sync|gthread] [--worker-threads 1]

--setup fills the database first: migrations, the demo (`seed_demo`) and the real
catalogue of ../shared/data (about 2,900 procedures). The script then collects the
static files, starts gunicorn with the production settings (DEBUG off, pooled
database connections, WhiteNoise's compressed manifest) and bench/settings.py, which
adds two bare views to the portal's URLs, warms every URL up, and runs
`wrk --threads 2 --connections 50` (Debian package wrk) against each in turn. It
prints req/s, p50 and p99 latency, and the ratio to the bare one-query view measured
in the same run. Targets (issue 11): every public page at 0.40 of that view or more,
p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
QUERY = "dang ky khai sinh"


def main() -> None:
    options = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/apt.sh wrk")
    env = production_env()
    if options.setup:
        setup(env)
    env["BENCH_AGENCY_PK"], procedure, lookup = sample(env)
    pages = {
        "bare (no query)": "/bench/bare/",
        "bare (one query)": "/bench/bare-query/",
        "home": "/",
        "catalogue search": f"/thu-tuc/?q={QUERY.replace(' ', '+')}",
        "API search": f"/api/v1/procedures/?q={QUERY.replace(' ', '+')}",
        "procedure page": f"/thu-tuc/{procedure}/",
        "public progress": "/thong-ke/cong-khai/",
        "lookup": lookup,
    }
    if options.only:
        pages = {
            name: url
            for name, url in pages.items()
            if name.startswith("bare") or any(word in name for word in options.only)
        }
    port = free_port()
    server = start_gunicorn(env, port, options)
    try:
        results = {}
        for name, url in pages.items():
            target = f"http://127.0.0.1:{port}{url}"
            warm_up(target)
            results[name] = wrk(target, options)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, options)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument(
        "--worker-threads", type=int, default=1, help="gunicorn's, for gthread"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="words of the page names to run")
    return parser.parse_args()


def production_env() -> dict[str, str]:
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the benchmark's own PostgreSQL database.")
    static_root = Path(tempfile.gettempdir()) / "egov-bench-static"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "DATABASE_POOL": "True",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # wrk is 50 owners of one dossier looking it up at once: right answers give
        # their attempt back, but attempts in flight count, and more than 5 (the
        # limit per code) are in flight with threaded workers.
        "LOOKUP_LIMIT_PER_CODE": "1000",
        "SMS_BACKEND": "file",
        "SMS_OUTBOX_DIR": str(Path(tempfile.gettempdir()) / "egov-bench-sms"),
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own command line)
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr}")
    return done.stdout


def setup(env: dict[str, str]) -> None:
    data = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))
    if not data.is_dir():
        data = Path("/work/shared/data")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(
        env,
        "import_procedures",
        str(data / "procedures.json"),
        "--texts",
        str(data / "procedure_texts.json"),
    )


def sample(env: dict[str, str]) -> tuple[str, str, str]:
    """An agency's pk, a procedure code and a lookup URL that finds its dossier."""
    script = (
        "from accounts.models import Agency\n"
        "from procedures.models import Procedure\n"
        "from dossiers.models import Dossier\n"
        "a = Agency.objects.order_by('pk').first().pk\n"
        "p = Procedure.objects.filter(name__icontains='khai sinh').order_by('pk')"
        ".first().code\n"
        "d = Dossier.objects.filter(code__isnull=False).exclude(status='draft')"
        ".exclude(applicant_phone='').order_by('pk').first()\n"
        "print(a, p, d.code, d.applicant_phone[-4:])\n"
    )
    manage(env, "collectstatic", "--noinput")
    output = manage(env, "shell", "-c", script)
    agency, procedure, code, digits = output.splitlines()[-1].split()
    return agency, procedure, f"/tra-cuu/?code={code}&verify={digits}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(
    env: dict[str, str], port: int, options: argparse.Namespace
) -> subprocess.Popen:
    """gunicorn as in production; when it does not come up, its own log says why
    (a setting refused with DEBUG off, a missing static manifest, a taken port)."""
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (read back on failure)
        "w+", prefix="egov-bench-gunicorn-", suffix=".log", delete=False
    )
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "egov.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={options.workers}",
            f"--worker-class={options.worker_class}",
            f"--threads={options.worker_threads}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=log,
    )
    deadline = time.monotonic() + 120  # five workers importing on a busy machine
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{tail(log.name)}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except urllib.error.HTTPError as error:
            server.kill()
            sys.exit(f"/bench/bare/ answered {error.code}:\n{tail(log.name)}")
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit(f"gunicorn did not answer within 120 s:\n{tail(log.name)}")


def tail(path: str, lines: int = 40) -> str:
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def warm_up(url: str) -> None:
    for _ in range(20):  # every worker: connections, templates, process memory
        try:
            urllib.request.urlopen(url, timeout=10).close()  # noqa: S310
        except urllib.error.HTTPError as error:
            sys.exit(f"{url} answered {error.code}")


def wrk(url: str, options: argparse.Namespace) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 (our own command line)
        [
            shutil.which("wrk") or "wrk",
            f"--threads={options.threads}",
            f"--connections={options.connections}",
            f"--duration={options.duration}s",
            "--latency",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in output:
        sys.exit(f"Errors while loading {url}:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": milliseconds(re.search(r"50%\s+([\d.]+\w+)", output)[1]),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", output)[1]),
    }


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def report(results: dict[str, dict[str, float]], options: argparse.Namespace) -> None:
    bare = results["bare (one query)"]["rps"]
    print(
        f"gunicorn {options.workers} {options.worker_class} workers "
        f"x {options.worker_threads} threads, wrk {options.threads} threads x "
        f"{options.connections} connections, {options.duration} s per page"
    )
    print(f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}")
    for name, figures in results.items():
        ratio = figures["rps"] / bare
        print(
            f"{name:<20} {figures['rps']:>8.0f} {figures['p50']:>8.1f} "
            f"{figures['p99']:>8.1f} {ratio:>6.2f}"
        )


if __name__ == "__main__":
    main()
