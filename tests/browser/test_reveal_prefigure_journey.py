"""Révéler → préfigurer in a real browser: code a passage of a note, make a finding of it, derive an
enjeu, write a fiche action citing it, then walk the trace back to the note; and a dot vote from
three phones with the results seen by the team. Every page is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from arpenteur.roadmap.models import Action
from tests.fieldwork.factories import MaterialFactory, StakeholderFactory, all_consents

from ..personas import Cast
from ..workshops.factories import session_with_items
from .conftest import _new_page, check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Les collégiens traversent le parking de la Porte de Bretagne pour rejoindre la gare routière."


def test_from_a_coded_passage_to_a_fiche_action_and_back_along_the_trace(page, live_server):
    cast = Cast.build()
    inhabitant = all_consents(StakeholderFactory(residency=cast.residency, name="Josiane Martin"))
    material = MaterialFactory(residency=cast.residency, title="Le parking", body=NOTE, speakers=[inhabitant])
    from arpenteur.analysis.services import create_code, get_or_create_codebook

    create_code(codebook=get_or_create_codebook(cast.residency), name="Mobilités")
    sign_in(page, live_server, cast.team_member.email)
    base = f"{live_server.url}/residences/{cast.residency.pk}"

    # 1. Code a passage, selected in the text as a person would (the widget fills the offsets).
    page.goto(f"{base}/analyse/coder/{material.pk}/")
    check_accessibility(page)
    start = NOTE.index("traversent le parking")
    page.locator("textarea.coding-source").evaluate(
        "(el, [a, b]) => { el.focus(); el.setSelectionRange(a, b); el.dispatchEvent(new Event('select')); }",
        [start, start + len("traversent le parking")],
    )
    expect(page.get_by_role("status").filter(has_text="Passage sélectionné")).to_be_visible()
    page.get_by_label("Mobilités").check()
    page.get_by_role("button", name="Coder ce passage").click()
    expect(page.locator(".segment-list")).to_contain_text("« traversent le parking »")

    # 2. A finding from that extract.
    page.get_by_role("link", name="Créer un constat avec cet extrait").click()
    check_accessibility(page)
    page.get_by_label(re.compile(r"^Constat\b")).fill("Le parking sert de raccourci aux collégiens")
    page.get_by_label("Catégorie FFOM").select_option(label="Faiblesse")
    page.get_by_role("button", name="Enregistrer le constat").click()
    expect(page.get_by_role("heading", name="Le parking sert de raccourci aux collégiens")).to_be_visible()

    # 3. An enjeu derived from the finding.
    page.get_by_role("link", name="Dégager un enjeu de ce constat").click()
    page.get_by_label(re.compile(r"^Enjeu\b")).fill("Relier la gare au centre à pied")
    page.get_by_role("button", name="Enregistrer l’enjeu").click()
    expect(page.get_by_role("heading", name="Relier la gare au centre à pied")).to_be_visible()

    # 4. The roadmap, found from the Préfigurer phase page: an axis, then a fiche action.
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Phases de la résidence").get_by_role(
        "link", name=re.compile("Préfigurer")
    ).click()
    page.get_by_role("link", name="Ouvrir la feuille de route").click()
    check_accessibility(page)
    page.get_by_role("link", name="Nouvel axe").click()
    page.get_by_label(re.compile(r"^Intitulé de l’axe")).fill("Faire liaison(s)")
    page.get_by_role("button", name="Enregistrer l’axe").click()
    page.get_by_role("link", name="Nouvelle fiche action").click()
    check_accessibility(page)
    page.get_by_label(re.compile(r"^Intitulé de l’action")).fill(
        "Jalonner l’itinéraire piéton vers la gare routière"
    )
    page.get_by_label(re.compile(r"^Axe\b")).select_option(label="Faire liaison(s)")
    page.get_by_role("button", name="Enregistrer la fiche action").click()
    # Without an enjeu and a lead the action is refused, in French, and what was typed stays.
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 2 erreurs.")
    expect(page.get_by_text("Une action doit répondre à au moins un enjeu du diagnostic.")).to_be_visible()
    expect(page.get_by_text("Indiquez qui porte l’action (maître d’ouvrage).")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Intitulé de l’action"))).to_have_value(
        "Jalonner l’itinéraire piéton vers la gare routière"
    )
    check_accessibility(page)
    page.get_by_label("Relier la gare au centre à pied").check()
    page.get_by_label(re.compile(r"^Porteur / maître d’ouvrage")).fill("Commune de Péronne")
    page.locator(".action-map").click()  # placing it on the map fills the coordinates
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    page.get_by_label("Horizon").select_option(label="Court terme (moins d’un an)")
    page.get_by_label("Action rapide (quick win)").check()
    page.get_by_label("Début prévu").fill("2027-03-01")
    page.get_by_label("Fin prévue").fill("2027-09-30")
    page.locator("#jalons").get_by_label(re.compile(r"^Jalon")).fill("Comptage avant travaux")
    page.locator("#jalons").get_by_label(re.compile(r"^Échéance")).fill("2027-03-15")
    page.locator("#indicateurs").get_by_label(re.compile(r"^Indicateur")).fill(
        "Collégiens empruntant l’itinéraire"
    )
    page.locator("#indicateurs").get_by_label("Cible", exact=True).fill("150")
    page.locator("#financements").get_by_label(re.compile(r"^Financeur")).fill("DSIL")
    page.get_by_role("button", name="Enregistrer la fiche action").click()
    expect(
        page.get_by_role("heading", name="Jalonner l’itinéraire piéton vers la gare routière")
    ).to_be_visible()
    check_accessibility(page)
    action = Action.objects.get()
    assert (
        action.latitude is not None and action.milestones.count() == 1 and action.funding_lines.count() == 1
    )

    # 5. The trace back, from the action to the coded passage and the original note.
    page.get_by_role("link", name="Remonter la trace jusqu’au terrain").click()
    check_accessibility(page)
    expect(page.locator(".trace").first).to_contain_text("Relier la gare au centre à pied")
    expect(page.locator(".trace").first).to_contain_text("Le parking sert de raccourci aux collégiens")
    expect(page.locator(".trace").first).to_contain_text("« traversent le parking »")
    page.get_by_role("link", name="Le parking", exact=True).click()
    # …and forward again: the note's usage page names the action.
    expect(page.get_by_role("link", name=re.compile("A1 — Jalonner"))).to_be_visible()
    check_accessibility(page)

    # 6. The calendar view, on a phone-sized screen too.
    page.goto(f"{base}/feuille-de-route/calendrier/")
    expect(page.get_by_role("heading", name="Court terme (moins d’un an)")).to_be_visible()
    check_accessibility(page)
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)


def test_a_dot_vote_from_three_phones_then_the_results(browser, live_server, page):
    cast = Cast.build()
    session = session_with_items(
        cast.residency,
        items=["Relier la gare au centre", "Rendre le centre lisible", "Ouvrir sur les étangs"],
    )
    vote_url = f"{live_server.url}/vote/{session.public_token}/"
    ballots = [
        {"Relier la gare au centre": 3, "Rendre le centre lisible": 2},
        {"Relier la gare au centre": 2, "Ouvrir sur les étangs": 3},
        {"Relier la gare au centre": 1, "Rendre le centre lisible": 1, "Ouvrir sur les étangs": 3},
    ]
    phones = []
    for ballot in ballots:
        context, phone = _new_page(
            browser,
            live_server,
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
        phones.append((context, phone))
        phone.goto(vote_url)
        for label, dots in ballot.items():
            plus = phone.get_by_role("button", name=f"Ajouter une gommette : {label}")
            for _ in range(dots):
                plus.tap()
        expect(phone.locator(".dots-remaining")).to_contain_text("Gommettes restantes : 0 sur 5")
        check_accessibility(phone)
        phone.get_by_role("button", name="Envoyer mon vote").tap()
        expect(
            phone.get_by_role("status").filter(has_text="Merci, votre vote est enregistré.")
        ).to_be_visible()
    for context, phone in phones:
        context.close()
        assert phone.console_errors == [], phone.console_errors
    assert session.participants.filter(voted_at__isnull=False).count() == 3

    sign_in(page, live_server, cast.coordinator.email)
    page.goto(f"{live_server.url}/residences/{cast.residency.pk}/priorisation/{session.pk}/resultats/")
    expect(page).to_have_url(re.compile(rf"/priorisation/{session.pk}/#resultats$"))
    results = page.locator("#resultats table")
    expect(results).to_contain_text("Relier la gare au centre")
    expect(results.locator("tr", has_text="Relier la gare au centre")).to_contain_text("6")
    expect(results.locator("tr", has_text="Ouvrir sur les étangs")).to_contain_text("6")
    check_accessibility(page)
