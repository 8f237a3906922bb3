"""`arl serve` in a real browser: Debian's Chromium, driven headless by Playwright, against
the demo book served on a free loopback port. The figures on the page are read from the
charts' and tables' markup and compared with what the command line prints."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO, Result

CHROMIUM = "/usr/bin/chromium"
AS_OF = "2026-11-20"
DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
PAGES = {
    "overview": "/",
    "customers": "/customers?sort=-overdue",
    "customer": "/customer/KRANICH",
    "invoice": "/invoice/INV-2026-0344",
    "outbox": "/outbox",
    "check": "/check",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until the server answers; fail loudly with its output if it died or never came up."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"arl serve exited: {process.stdout.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"arl serve did not answer on {url} within 60 s")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("serve") / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".arl-cache"))
    return target


def start(book: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "ar", "-L", str(book), "serve", "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/check", process)
    return process, base


@pytest.fixture(scope="module")
def server(book: Path) -> Iterator[str]:
    process, base = start(book, "--as-of", AS_OF)
    yield base
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: make test installs it"
    with sync_playwright() as play:
        launched = play.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.errors = errors
    yield opened
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_console_errors(
    page: Any, server: str, name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    response = page.goto(server + PAGES[name])
    assert response.status == 200, page.content()[:500]
    assert page.errors == []
    assert page.locator("h1").count() == 1
    update = bool(request.config.getoption("--update-golden"))
    folder = DOCS_IMG if update else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"serve-{name}.png"))


def cli_json(arl: Callable[..., Result], book: Path, *args: str) -> Any:
    result = arl("-L", book, *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_aging_chart_carries_the_cli_figures(
    page: Any, server: str, book: Path, arl: Callable[..., Result]
) -> None:
    page.goto(f"{server}/?as_of={AS_OF}")
    aged = cli_json(arl, book, "aging", "--as-of", AS_OF)
    for total in aged["totals"]:
        bars = page.locator(f'rect[data-series="aging-{total["currency"]}"]')
        shown = {
            bars.nth(i).get_attribute("data-label"): bars.nth(i).get_attribute("data-value")
            for i in range(bars.count())
        }
        assert shown == {label: total[label] for label in aged["buckets"]}


def test_the_trend_chart_carries_the_monthly_metrics(
    page: Any, server: str, book: Path, arl: Callable[..., Result]
) -> None:
    page.goto(f"{server}/?as_of={AS_OF}")
    monthly = cli_json(arl, book, "metrics", "--by-month", "--to", AS_OF)
    rows = [r for r in monthly["rows"] if r["scope"] == "all" and r["currency"] == "EUR"]
    chart = page.locator('svg[aria-label="DSO and CEI by month in EUR"]')
    for series, key in (("DSO", "dso"), ("CEI", "cei")):
        points = chart.locator(f'circle[data-series="{series}"]')
        shown = {
            points.nth(i).get_attribute("data-label"): points.nth(i).get_attribute("data-value")
            for i in range(points.count())
        }
        assert shown == {r["month"]: f"{r[key]:.2f}" for r in rows if r[key] is not None}


def test_the_as_of_picker_changes_the_numbers(
    page: Any, server: str, book: Path, arl: Callable[..., Result]
) -> None:
    page.goto(f"{server}/?as_of={AS_OF}")
    before = page.locator("#totals td[data-key=total]").first.inner_text()
    page.fill("#as_of", "2026-06-30")
    page.click("form.asof button")
    page.wait_for_url("**as_of=2026-06-30**")
    after = page.locator("#totals td[data-key=total]").first.inner_text()
    aged = cli_json(arl, book, "aging", "--as-of", "2026-06-30")
    assert after == aged["totals"][0]["total"] != before


def test_csv_downloads_equal_the_cli_csv(
    page: Any, server: str, book: Path, arl: Callable[..., Result]
) -> None:
    for path, link, command in (
        (f"/?as_of={AS_OF}", "#csv-aging", ["aging", "--as-of", AS_OF]),
        (f"/customers?as_of={AS_OF}", "#csv-customers", ["customer", "list", "--as-of", AS_OF]),
    ):
        page.goto(server + path)
        with page.expect_download() as got:
            page.click(link)
        downloaded = Path(got.value.path()).read_text()
        assert downloaded == arl("-L", book, *command, "--format", "csv").out


def test_sorting_and_filtering_customers(page: Any, server: str) -> None:
    page.goto(f"{server}/customers?as_of={AS_OF}")
    page.fill("#q", "gmbh")
    page.click("#filter")
    page.wait_for_url("**q=gmbh**")
    names = page.locator("#customers td[data-key=name]").all_inner_texts()
    assert names and all("gmbh" in n.casefold() for n in names)
    page.click("#customers th >> text=Overdue")
    page.wait_for_url("**sort=overdue**")
    page.click("#customers th >> text=Overdue")
    page.wait_for_url("**sort=-overdue**")
    overdue = [float(t) for t in page.locator("#customers td[data-key=overdue]").all_inner_texts()]
    assert overdue == sorted(overdue, reverse=True)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/customer/NOBODY", 404, "no customer 'NOBODY'"),
        ("/invoice/INV-1999-0001", 404, "no invoice"),
        ("/?as_of=2026-13-01", 400, "'2026-13-01' is not a date"),
        ("/customers?sort=bogus", 400, "cannot sort by 'bogus'"),
    ],
)
def test_bad_input_is_one_clear_line(
    page: Any, server: str, path: str, status: int, message: str
) -> None:
    response = page.goto(server + path)
    assert response.status == status
    text = page.locator("#message").inner_text()
    assert message in text and "\n" not in text
    assert "Traceback" not in page.content()


def test_an_edit_on_disk_shows_on_the_next_refresh(page: Any, server: str, book: Path) -> None:
    customer = book / "customers" / "KRANICH.yaml"
    page.goto(f"{server}/customer/KRANICH?as_of={AS_OF}")
    original = customer.read_text()
    try:
        customer.write_text(original.replace("name: Kranich Druck GmbH", "name: Kranich Print AG"))
        page.reload()
        assert "Kranich Print AG" in page.locator("h1").inner_text()
    finally:
        customer.write_text(original)


def test_off_loopback_needs_a_token(book: Path, arl: Callable[..., Result]) -> None:
    result = arl("-L", book, "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.code == 2 and "a token is required" in result.err


def test_a_token_guards_every_page(book: Path) -> None:
    process, base = start(book, "--token", "s3cret", "--as-of", AS_OF)
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/customers")
        assert refused.value.code == 403
        with urllib.request.urlopen(base + "/customers?token=s3cret") as answer:
            assert answer.status == 200
            assert "arl_token=s3cret" in (answer.headers.get("Set-Cookie") or "")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_view_is_read_only(server: str) -> None:
    request = urllib.request.Request(server + "/customers", data=b"x=1", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 405
