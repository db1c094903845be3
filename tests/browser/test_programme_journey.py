"""Building the programme of an on-site session in a real browser: the coordinator finds it from the
« arpenter » page, adds an activity with a method and a place picked on the map (htmx editor),
gets a French refusal for a day outside the session, publishes it, and an inhabitant reads the public
page on a phone — each page checked with axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from arpenteur.fieldwork.methods import METHODS
from arpenteur.fieldwork.models import Activity, Method
from arpenteur.residencies.models import Session

from ..factories import SessionFactory
from ..personas import Cast
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast_with_session(transactional_db):
    # Live-server tests flush the database, data migrations included: put the catalogue back.
    for order, spec in enumerate(METHODS):
        defaults = {k: v for k, v in spec.items() if k != "slug"}
        Method.objects.get_or_create(slug=spec["slug"], residency=None, defaults={**defaults, "order": order})
    cast = Cast.build()
    commune = cast.residency.commune
    commune.latitude, commune.longitude = 49.9319, 2.9336
    commune.save()
    Session.objects.filter(residency=cast.residency).delete()
    session = SessionFactory(
        residency=cast.residency,
        title="Immersion",
        phase="arpenter",
        start_date=date(2026, 10, 13),
        end_date=date(2026, 10, 14),
    )
    return cast, session


def test_build_a_programme_then_read_its_public_page_on_a_phone(
    page, phone_page, live_server, cast_with_session
):
    cast, session = cast_with_session
    sign_in(page, live_server, cast.coordinator.email)
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/phases/arpenter/")
    page.get_by_role("link", name="Programme : Immersion").click()
    expect(page.get_by_role("heading", name="Programme : Immersion", level=2)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Ajouter une activité", exact=True).click()
    form = page.locator("#activity-editor form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Méthode")).to_be_focused()
    form.get_by_label("Méthode").select_option(label="Marche sensible")
    form.get_by_label("Intitulé").fill("Marche sensible le long des étangs")
    form.get_by_label("Jour").fill("2026-10-20")
    form.get_by_label("Début").fill("10:00")
    form.get_by_label("Fin").fill("12:00")
    form.get_by_label("Lieu", exact=True).fill("Porte de Bretagne")
    form.get_by_label("Ouverte au public").check()
    check_accessibility(page)
    form.get_by_role("button", name="Enregistrer l’activité").click()
    expect(page.get_by_role("alert")).to_contain_text("Ce que vous avez saisi est conservé.")
    expect(page.locator("#activity-editor")).to_contain_text("Ce jour sort du temps sur site « Immersion »")
    expect(page.get_by_label("Intitulé")).to_have_value("Marche sensible le long des étangs")
    assert not Activity.objects.exists()

    page.get_by_label("Jour").fill("2026-10-14")
    picker = page.locator("[data-place-picker]")
    picker.click(position={"x": 120, "y": 80})
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    page.get_by_role("button", name="Enregistrer l’activité").click()
    expect(page.get_by_role("status").filter(has_text="ajoutée")).to_be_visible()
    expect(page.locator("#activity-editor .message")).to_be_focused()
    day = page.get_by_role("region", name="Mercredi 14 octobre 2026")
    expect(day.get_by_role("heading", name="Marche sensible le long des étangs")).to_be_visible()
    activity = Activity.objects.get()
    assert activity.method.slug == "marche-sensible" and activity.latitude is not None
    check_accessibility(page)

    page.get_by_role("link", name="Publication").click()
    page.get_by_label("Programme publié pour les habitants").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le programme est maintenant public.")).to_be_visible()

    phone_page.goto(f"{live_server.url}/programme/{cast.residency.pk}/{session.pk}/")
    expect(phone_page.get_by_role("heading", name="Immersion", level=1)).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Marche sensible le long des étangs")).to_be_visible()
    expect(phone_page.locator("[data-programme-map] .leaflet-interactive")).to_have_count(1)
    check_accessibility(phone_page)
