"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's
live server. Screenshots go to ``artifacts/screenshots/`` (CI keeps them).

Every page a test opens is watched: a browser console error or an uncaught script error fails
the test (issue 13.9), and ``assert_fits`` fails a page that scrolls sideways on a phone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and Chromium is missing at {CHROMIUM}", pytrace=False)
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs its own event loop; Django must allow ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class ConsoleErrors(list):
    """Console errors and uncaught exceptions of every page in a browser context.

    A page a test opens on purpose with an error status (a 404 page, an action URL's 405) logs
    "Failed to load resource"; ``expect_status(path, status)`` accepts exactly that one.
    """

    def __init__(self):
        super().__init__()
        self.expected: set[tuple[str, int]] = set()

    def expect_status(self, path: str, status: int) -> None:
        self.expected.add((path, status))

    def unexpected(self) -> list[str]:
        return [
            error
            for error in self
            if not any(
                error.startswith(
                    f"Failed to load resource: the server responded with a status of {status} "
                )
                and error.endswith(f"{path})")
                for path, status in self.expected
            )
        ]

    def watch(self, page) -> None:
        page.on(
            "console",
            lambda message: (
                self.append(f"{message.text} (at {message.location.get('url', '?')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.append(f"uncaught: {error}"))


@pytest.fixture
def new_page(chromium, live_server):
    """``new_page(width=1280, javascript=True)``: a page in a fresh browser context (its own
    cookies); the test fails if any of its pages logs a console error."""
    contexts = []
    errors = ConsoleErrors()

    def make(*, width: int = 1280, javascript: bool = True):
        context = chromium.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
        )
        context.on("page", errors.watch)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    make.expect_status = errors.expect_status
    yield make
    for context in contexts:
        context.close()
    if errors.unexpected():
        pytest.fail(
            "the browser console reported errors:\n" + "\n".join(errors.unexpected()),
            pytrace=False,
        )


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(page, request):
    """``screenshot("step")`` saves ``artifacts/screenshots/<test>-<step>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# Finds the widest thing on the page when it is wider than the window (for the failure message).
_OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .filter((el) => !el.closest(".table-scroll, pre"))
    .slice(0, 5)
    .map((el) => {
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName.toLowerCase()}.${el.className} right=${right}`;
    });
  return {scrollWidth: root.scrollWidth, clientWidth: width, culprits};
}"""


def assert_fits(page, *widths: int) -> None:
    """The page has no horizontal scroll at each width (default: 390 and 360 px phones)."""
    for width in widths or (390, 360):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate(_OVERFLOW)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], (
            f"{page.url} scrolls sideways at {width} px: {overflow}"
        )


def log_in(page, username: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]:has-text('Log in')")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
