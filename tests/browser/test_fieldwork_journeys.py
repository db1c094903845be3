"""Field journeys in a real browser on a phone-sized screen: capture a note and a photo, capture
offline and see the outbox send each item exactly once when the network is back, the public
contribution form, and the register of actors with its map — each page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from arpenteur.fieldwork.models import FieldworkSettings, Material, Stakeholder

from ..fieldwork.conftest import jpeg_with_gps
from ..personas import Cast
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _capture_page(page, live_server, cast):
    sign_in(page, live_server, cast.team_member.email)
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/terrain/saisir/")
    expect(page.get_by_role("heading", name="Saisir sur le terrain")).to_be_visible()


def _note(page, text):
    page.get_by_label("Note", exact=True).check()
    page.get_by_label("Texte", exact=True).fill(text)
    page.get_by_label("Sans position").check()
    page.get_by_role("button", name="Enregistrer la saisie").click()


def _wait_for_count(page, expected, timeout=10_000):
    waited = 0
    while Material.objects.count() != expected and waited < timeout:
        page.wait_for_timeout(200)
        waited += 200
    assert Material.objects.count() == expected


def test_capture_a_note_and_a_photo_on_a_phone(phone_page, live_server):
    page = phone_page
    cast = Cast.build()
    _capture_page(page, live_server, cast)
    check_accessibility(page)
    _note(page, "Le marché du samedi déborde sur le parvis.")
    expect(page.locator("#outbox-sent")).to_contain_text("Envoyée")
    _wait_for_count(page, 1)
    page.get_by_label("Photo", exact=True).check()
    page.get_by_label("Photo, croquis ou enregistrement").set_input_files(
        {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    expect(page.locator("#capture-preview")).to_be_visible()
    page.get_by_label("Titre", exact=True).fill("La porte de Bretagne vue du parking")
    page.get_by_label("Sans position").check()
    page.get_by_role("button", name="Enregistrer la saisie").click()
    expect(page.locator("#outbox-status")).to_contain_text("Tout est envoyé.")
    _wait_for_count(page, 2)
    photo = Material.objects.get(kind="photo")
    assert photo.author == cast.team_member and photo.file_type == "image/jpeg"
    check_accessibility(page)
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/terrain/")
    expect(page.get_by_role("heading", name="2 saisies")).to_be_visible()
    page.get_by_role("link", name="La porte de Bretagne vue du parking").click()
    expect(page.locator("#material-open")).to_contain_text("Ouvrir sa page")  # opened in place
    assert page.url.endswith("/terrain/")
    check_accessibility(page)


def test_offline_captures_are_sent_exactly_once_when_the_network_is_back(phone_page, live_server):
    page = phone_page
    cast = Cast.build()
    _capture_page(page, live_server, cast)
    page.context.set_offline(True)
    _note(page, "Première observation hors ligne")
    _note(page, "Seconde observation hors ligne")
    expect(page.locator("#outbox-status")).to_contain_text("2 saisies attendent d’être envoyées.")
    expect(page.locator("#outbox-list li")).to_have_count(2)
    check_accessibility(page)
    assert Material.objects.count() == 0
    page.context.set_offline(False)
    expect(page.locator("#outbox-status")).to_contain_text("Tout est envoyé.")
    _wait_for_count(page, 2)
    # A manual « send now » and the periodic retry find nothing left to send: still exactly two.
    page.get_by_role("button", name="Envoyer maintenant").click()
    page.wait_for_timeout(800)
    assert sorted(Material.objects.values_list("body", flat=True)) == [
        "Première observation hors ligne",
        "Seconde observation hors ligne",
    ]


def test_an_inhabitant_contributes_a_story_from_a_phone(phone_page, live_server):
    page = phone_page
    cast = Cast.build()
    FieldworkSettings.objects.create(
        residency=cast.residency, contributions_are_open=True, contribution_prompt="Racontez-nous vos étangs."
    )
    page.goto(f"{live_server.url}/contribuer/{cast.residency.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Racontez-nous un lieu")
    check_accessibility(page)
    page.get_by_label("Votre texte").fill("Enfant, je pêchais au bout du chemin des étangs.")
    page.get_by_label("De quel lieu parlez-vous ?").fill("Chemin des étangs")
    page.locator("#contribution-map").click()
    expect(page.locator("#contribution-map-status")).to_have_text("Lieu placé sur la carte.")
    page.get_by_role("button", name="Envoyer ma contribution").click()
    # Without the analysis consent: a French message, and what was typed is still there.
    expect(
        page.get_by_text("Sans cet accord, l’équipe ne peut pas recevoir votre contribution.")
    ).to_be_visible()
    expect(page.get_by_label("Votre texte")).to_have_value("Enfant, je pêchais au bout du chemin des étangs.")
    check_accessibility(page)
    page.get_by_label(re.compile("J’accepte que l’équipe de la résidence lise")).check()
    page.get_by_label(re.compile("J’accepte que mon texte soit publié")).check()
    page.get_by_role("button", name="Envoyer ma contribution").click()
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    check_accessibility(page)
    material = Material.objects.get()
    assert material.moderation == "en_attente" and material.visibility == "public"
    assert material.latitude is not None and material.place_label == "Chemin des étangs"


def test_the_register_of_actors_and_its_map(page, live_server):
    cast = Cast.build()
    sign_in(page, live_server, cast.coordinator.email)
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/acteurs/")
    check_accessibility(page)
    page.get_by_role("link", name="Ajouter un acteur").click()
    page.locator("#id_name").fill("Jean Dupont")
    page.get_by_label("Nom public").fill("Le maire")
    page.get_by_label("Catégorie").select_option("elu")
    page.get_by_label("Influence").fill("5")
    page.get_by_label("Intérêt").fill("4")
    check_accessibility(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Jean Dupont")).to_be_visible()
    page.get_by_label("Texte (propos, citation) — Analyse interne").check()
    page.get_by_label("Texte (propos, citation) — Publication").check()
    page.get_by_role("button", name="Enregistrer les consentements").click()
    expect(page.locator(".consent-yes")).to_have_count(2)
    check_accessibility(page)
    person = Stakeholder.objects.get()
    assert {(c.medium, c.purpose) for c in person.consents.all()} == {
        ("texte", "analyse"),
        ("texte", "publication"),
    }
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/acteurs/carte/")
    expect(page.get_by_role("heading", name="Acteurs clés (1)")).to_be_visible()
    check_accessibility(page)
