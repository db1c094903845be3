"""Browser tests: real Debian Chromium driven by Playwright, against Django's live server.

The network is blocked (only the live server answers), pages keep their strict CSP, and
`check_accessibility(page)` runs axe-core (shipped by the axe-playwright-python package) and fails
on any serious or critical violation. Console errors (CSP violations included) fail the test too.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (the CI script does it).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(locale="fr-FR", **context_options)
    context.set_default_timeout(10_000)
    origin = live_server.url

    def guard(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield page
    context.close()
    assert page.console_errors == [], page.console_errors


def check_accessibility(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in serious
    )


def sign_in(page, live_server, email, password="un-mot-de-passe-solide"):
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/residences/")


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Live-server tests flush the database between tests, data migrations included: put the
    reference formats back."""
    from arpenteur.residencies.formats import FORMATS
    from arpenteur.residencies.models import FormatTemplate

    for spec in FORMATS:
        FormatTemplate.objects.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
