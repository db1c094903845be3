"""The restitution in a real browser: the coordinator chooses the content of the cahier, builds it,
watches the progress and downloads it; the commissioner and the coordinator publish; anybody reads
the public page on a phone. axe-core on every page; the public page passes the HTML check.

The build runs in a background worker: here the task backend only queues (dummy backend) and the
test plays the worker, so the page really shows a pending build before the link appears."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from arpenteur.publications.models import CahierItem, Deliverable
from arpenteur.publications.tasks import build_deliverable_now
from arpenteur.residencies.models import ResidencyMembership

from ..personas import Cast
from ..publications.htmlcheck import html_problems
from ..publications.scenario import Markers, build_rich_residency
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_choose_build_download_publish_and_read_on_a_phone(page, phone_page, live_server, queued_tasks):
    cast = Cast.build()
    ResidencyMembership.objects.filter(residency=cast.residency, user=cast.commissioner).update(
        role=ResidencyMembership.Role.COMMISSIONER
    )
    markers = Markers()
    residency = build_rich_residency(cast, markers)
    CahierItem.objects.filter(residency=residency).delete()  # the coordinator chooses them below
    for user in (cast.coordinator, cast.commissioner):
        user.set_password(PASSWORD)
        user.save()
    quote = next(m for m in residency.materials.publishable() if m.kind == "citation")

    # 1. Choose the content of the cahier.
    sign_in(page, live_server, cast.coordinator.email)
    page.goto(live_server.url + reverse("publications:compose", args=[residency.pk]))
    expect(page.get_by_role("heading", name="Choisir le contenu du cahier de synthèse")).to_be_visible()
    check_accessibility(page)
    # Only publishable material is offered: the quote without consent is not there.
    expect(page.locator(".compose-item")).to_have_count(2)  # the consented quote and photo
    page.locator(f"#pick-{quote.pk}").check()
    page.locator(f"#cap-{quote.pk}").fill("Dit au marché du samedi")
    dispositif = residency.cahier_sections.get(key="dispositif")
    page.locator(f"#id_s{dispositif.pk}-text").fill(
        "Une résidence de trois temps : écouter, partager, proposer."
    )
    page.get_by_role("button", name="Enregistrer le contenu").click()
    expect(page.get_by_text("Le contenu du cahier est enregistré.")).to_be_visible()
    assert CahierItem.objects.get(residency=residency).caption == "Dit au marché du samedi"

    # 2. Build it: the request only queues; the page shows the progress, then the link.
    page.goto(live_server.url + reverse("residencies:phase", args=[residency.pk, "restituer"]))
    check_accessibility(page)
    page.get_by_label("Livrable à produire").select_option("cahier-pdf-A4")
    page.get_by_role("button", name="Produire").click()
    item = page.locator("#liste-livrables li").first
    expect(item.get_by_role("progressbar")).to_be_visible()
    expect(item.get_by_role("status")).to_contain_text("En attente")
    check_accessibility(page)
    deliverable = Deliverable.objects.get(residency=residency)
    build_deliverable_now(deliverable)  # the worker
    link = item.get_by_role("link", name="Télécharger la version 1")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    check_accessibility(page)

    # 3. Publish: the coordinator, then the commissioner, each with their own button.
    page.get_by_role("button", name="Donner mon accord pour publier").click()
    expect(page.get_by_text("la publication attend l’accord de l’autre partie")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, live_server, cast.commissioner.email)
    page.goto(live_server.url + reverse("residencies:phase", args=[residency.pk, "restituer"]))
    page.get_by_role("button", name="Donner mon accord pour publier").click()
    expect(page.get_by_text("La résidence est publiée : sa page publique est en ligne.")).to_be_visible()
    check_accessibility(page)

    # 4. Anybody reads the public page on a phone.
    phone_page.goto(live_server.url + reverse("publications:public_page", args=[residency.pk]))
    expect(phone_page.get_by_role("heading", name=residency.title, level=1)).to_be_visible()
    expect(phone_page.get_by_text(re.compile("Licence : Creative Commons"))).to_be_visible()
    expect(
        phone_page.get_by_role("link", name=re.compile("Télécharger le cahier de synthèse"))
    ).to_be_visible()
    expect(phone_page.get_by_text("Dit au marché du samedi")).to_be_visible()
    for title in ("Le diagnostic partagé", "La feuille de route", "Annexes"):
        expect(phone_page.get_by_role("heading", name=title, level=2)).to_be_visible()
    # Readable on a phone: nothing wider than the screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(phone_page)
    assert html_problems(phone_page.content()) == []
    assert not markers.leaked(phone_page.content())
