"""Screenshots of the demo for the README and docs/screenshots/ (`make screenshots`).

Serves the seeded demo database (DATABASE_URL, after `manage.py seed_demo`) with the
demo's settings on a free port, opens it in Debian's Chromium at a phone and a
desktop width, and saves small PNGs (a 256-colour palette) of the home page, a
procedure page, the three filing steps and the leader's dashboard.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django
from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SIZES = {"phone": (390, 844), "desktop": (1366, 768)}
PROCEDURE = "2.000635.000.00.00.H36"  # Cấp bản sao Trích lục hộ tịch
CITIZEN, LEADER = "068090001234", "lanhdao.tuphap"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The demo server did not start.")


def draft_reference() -> str:
    from dossiers.models import Dossier

    draft = Dossier.objects.filter(owner__username=CITIZEN, status="draft").first()
    if draft is None:
        raise SystemExit("No demo draft: run `manage.py seed_demo` first.")
    return draft.reference


def log_in(page: Page, username: str) -> None:
    from demo.accounts import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url("**/bang-dieu-khien/")


def shoot(page: Page, name: str, path: str) -> None:
    page.goto(path)
    target = OUT / f"{name}.png"
    page.screenshot(path=target)
    # A palette of 256 colours keeps each file around 100 kB or less.
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT
        )
    small.save(target, optimize=True)
    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} kB")  # noqa: T201


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    draft = draft_reference()
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            for size, (width, height) in SIZES.items():
                context = browser.new_context(
                    base_url=f"http://127.0.0.1:{port}",
                    viewport={"width": width, "height": height},
                    locale="vi-VN",
                )
                page = context.new_page()
                shoot(page, f"home-{size}", "/")
                shoot(page, f"procedure-{size}", f"/thu-tuc/{PROCEDURE}/")
                log_in(page, CITIZEN)
                shoot(page, f"filing-1-{size}", f"/nop-ho-so/{PROCEDURE}/")
                shoot(page, f"filing-2-{size}", f"/ho-so/{draft}/thanh-phan/")
                shoot(page, f"filing-3-{size}", f"/ho-so/{draft}/xem-lai/")
                log_in(page, LEADER)
                shoot(page, f"leader-dashboard-{size}", "/thong-ke/")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
