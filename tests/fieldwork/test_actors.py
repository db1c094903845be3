"""The register of actors: who may open what, personal data for the team only, consents recorded and
withdrawn from the interface, concurrent edits never overwritten, and the actor map."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from arpenteur.fieldwork.models import Consent, Material, Stakeholder, Visibility

from ..personas import PERSONAS
from .factories import ConsentFactory, MaterialFactory, StakeholderFactory, all_consents

pytestmark = pytest.mark.django_db

VIEW = {"outsider": 404, "anonymous": 302}
EDIT = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403}


def _actor(cast):
    return StakeholderFactory(
        residency=cast.residency,
        name="Jean Dupont",
        pseudonym="Le maire",
        category=Stakeholder.Category.ELECTED,
        email="jean.dupont@peronne.example.org",
        phone="03 22 00 00 00",
        notes="Très attaché aux remparts.",
        influence=5,
        interest=4,
    )


def _new_actor(**extra):
    data = {
        "kind": "personne",
        "name": "Martine Lefèvre",
        "pseudonym": "Une habitante du faubourg",
        "category": "habitant",
        "status": "rencontre",
        "met_on": "2026-10-13",
        "met_where": "Marché du samedi",
        "influence": "1",
        "interest": "4",
    }
    data.update(extra)
    return data


CASES = [
    ("fieldwork:stakeholders", None, "get", None, VIEW, 200),
    ("fieldwork:stakeholders_twin", lambda c: {"fmt": "json"}, "get", None, VIEW, 200),
    ("fieldwork:stakeholders_twin", lambda c: {"fmt": "csv"}, "get", None, VIEW, 200),
    ("fieldwork:actor_map", None, "get", None, VIEW, 200),
    ("fieldwork:stakeholder_create", None, "get", None, EDIT, 200),
    ("fieldwork:stakeholder_create", None, "post", _new_actor(), EDIT, 302),
    ("fieldwork:stakeholder_detail", lambda c: {"stakeholder_pk": _actor(c).pk}, "get", None, EDIT, 200),
    (
        "fieldwork:stakeholder_detail",
        lambda c: {"stakeholder_pk": _actor(c).pk},
        "post",
        {"given_on": "2026-10-13", "source": "formulaire_signe", "c_texte_analyse": "on"},
        EDIT,
        302,
    ),
    ("fieldwork:stakeholder_edit", lambda c: {"stakeholder_pk": _actor(c).pk}, "get", None, EDIT, 200),
    ("fieldwork:stakeholder_delete", lambda c: {"stakeholder_pk": _actor(c).pk}, "post", {}, EDIT, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_register_of_actors_permission_matrix(
    client_for, cast, persona, name, kwargs, method, data, rule, ok
):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    response = getattr(client_for(cast.user(persona)), method)(url, data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("persona", ["partner", "operator"])
def test_partners_see_the_register_without_personal_data(client_for, cast, persona):
    actor = _actor(cast)
    all_consents(actor)
    client = client_for(cast.user(persona))
    pages = [
        client.get(reverse("fieldwork:stakeholders", args=[cast.residency.pk])).content.decode(),
        client.get(reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "json"])).content.decode(),
        b"".join(
            client.get(
                reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "csv"])
            ).streaming_content
        ).decode(),
        client.get(reverse("fieldwork:actor_map", args=[cast.residency.pk])).content.decode(),
    ]
    for page in pages:
        assert "Le maire" in page
        for secret in ["Jean Dupont", "jean.dupont@", "03 22 00", "remparts", "Formulaire signé"]:
            assert secret not in page


def test_a_partner_cannot_find_a_real_name_by_searching(client_for, cast):
    _actor(cast)
    client = client_for(cast.partner)
    url = reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "json"])
    assert client.get(url, {"q": "Dupont"}).json()["results"] == []
    assert len(client.get(url, {"q": "maire"}).json()["results"]) == 1


def test_the_team_twins_carry_contact_and_current_consents(client_for, cast):
    actor = _actor(cast)
    ConsentFactory(stakeholder=actor, medium=Consent.Medium.TEXT, purpose=Consent.Purpose.INTERNAL)
    ConsentFactory(
        stakeholder=actor,
        medium=Consent.Medium.PHOTO,
        purpose=Consent.Purpose.INTERNAL,
        withdrawn_on=date(2026, 1, 1),
    )
    client = client_for(cast.team_member)
    row = client.get(reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "json"])).json()[
        "results"
    ][0]
    assert row["nom"] == "Jean Dupont" and row["courriel"] == "jean.dupont@peronne.example.org"
    assert row["consentements"] == ["Texte (propos, citation) / Analyse interne"]
    response = client.get(reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "csv"]))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0]["telephone"] == "03 22 00 00 00" and rows[0]["categorie"] == "Élu·e"


def test_the_team_adds_an_actor_with_category_contact_and_meeting(client_for, cast):
    session = cast.residency.sessions.create(
        title="Immersion",
        phase="arpenter",
        position=1,
        start_date=date(2026, 10, 13),
        end_date=date(2026, 10, 14),
    )
    response = client_for(cast.coordinator).post(
        reverse("fieldwork:stakeholder_create", args=[cast.residency.pk]),
        _new_actor(email="martine@example.org", met_session=session.pk),
    )
    actor = Stakeholder.objects.get()
    assert response.url == reverse("fieldwork:stakeholder_detail", args=[cast.residency.pk, actor.pk])
    assert (
        actor.category,
        actor.email,
        actor.met_where,
        actor.met_session,
        actor.influence,
        actor.interest,
    ) == (
        "habitant",
        "martine@example.org",
        "Marché du samedi",
        session,
        1,
        4,
    )
    assert actor.created_by == cast.coordinator and actor.residency == cast.residency


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"influence": "7"}, "influence", "inférieure ou égale à 5"),
        ({"email": "pas-une-adresse"}, "email", "courriel valide"),
        ({"name": ""}, "name", "obligatoire"),
        ({"category": "extraterrestre"}, "category", "valide"),
    ],
)
def test_bad_actor_input_gets_a_french_message_and_keeps_what_was_typed(
    client_for, cast, extra, field, words
):
    response = client_for(cast.team_member).post(
        reverse("fieldwork:stakeholder_create", args=[cast.residency.pk]), _new_actor(**extra)
    )
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert "Marché du samedi" in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_a_session_of_another_residency_cannot_be_chosen(client_for, cast):
    from ..factories import SessionFactory

    foreign = SessionFactory()
    response = client_for(cast.team_member).post(
        reverse("fieldwork:stakeholder_create", args=[cast.residency.pk]), _new_actor(met_session=foreign.pk)
    )
    assert "met_session" in response.context["form"].errors
    assert not Stakeholder.objects.exists()


def test_two_people_editing_the_same_actor_never_overwrite_each_other(client_for, cast):
    actor = _actor(cast)
    url = reverse("fieldwork:stakeholder_edit", args=[cast.residency.pk, actor.pk])
    version = actor.version
    data = _new_actor(name="Jean Dupont", category="elu", version=version)
    first = client_for(cast.coordinator).post(url, {**data, "notes": "Première version"})
    assert first.status_code == 302
    second = client_for(cast.team_member).post(url, {**data, "notes": "Seconde version"})
    assert second.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette fiche" in second.content.decode()
    assert "Seconde version" in second.content.decode()
    actor.refresh_from_db()
    assert actor.notes == "Première version"


def test_an_actor_of_another_residency_is_not_found(client_for, cast):
    other = StakeholderFactory()
    client = client_for(cast.coordinator)
    assert (
        client.get(reverse("fieldwork:stakeholder_detail", args=[cast.residency.pk, other.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("fieldwork:stakeholder_delete", args=[cast.residency.pk, other.pk])).status_code
        == 404
    )
    assert Stakeholder.objects.filter(pk=other.pk).exists()


def _consent_post(**boxes):
    data = {"given_on": "2026-10-13", "source": "formulaire_signe", "source_note": "Classeur 2"}
    data.update({f"c_{k}": "on" for k, v in boxes.items() if v})
    return data


def test_consents_are_recorded_per_medium_and_purpose_from_the_actor_page(client_for, cast):
    actor = _actor(cast)
    url = reverse("fieldwork:stakeholder_detail", args=[cast.residency.pk, actor.pk])
    client = client_for(cast.team_member)
    client.post(url, _consent_post(texte_analyse=True, texte_publication=True, photo_analyse=True))
    granted = {(c.medium, c.purpose) for c in actor.consents.all() if c.is_current}
    assert granted == {("texte", "analyse"), ("texte", "publication"), ("photo", "analyse")}
    assert actor.consents.get(medium="texte", purpose="analyse").recorded_by == cast.team_member
    page = client.get(url).content.decode()
    assert page.count("consent-yes") == 3


def test_unticking_a_consent_withdraws_it_and_hides_the_material_at_once(client_for, cast):
    actor = _actor(cast)
    all_consents(actor, media=[Consent.Medium.TEXT])
    quote = MaterialFactory(
        residency=cast.residency, kind=Material.Kind.QUOTE, visibility=Visibility.PUBLIC, speakers=[actor]
    )
    assert Material.objects.publishable().filter(pk=quote.pk).exists()
    url = reverse("fieldwork:stakeholder_detail", args=[cast.residency.pk, actor.pk])
    client_for(cast.coordinator).post(url, _consent_post(texte_analyse=True))
    withdrawn = actor.consents.get(medium="texte", purpose="publication")
    assert withdrawn.withdrawn_on is not None and not withdrawn.is_current
    assert not Material.objects.publishable().filter(pk=quote.pk).exists()
    assert Material.objects.shareable_with_partners().filter(pk=quote.pk).exists()


def test_publication_without_internal_analysis_is_refused_in_french(client_for, cast):
    actor = _actor(cast)
    url = reverse("fieldwork:stakeholder_detail", args=[cast.residency.pk, actor.pk])
    response = client_for(cast.coordinator).post(url, _consent_post(photo_publication=True))
    assert response.status_code == 200
    assert "Une publication suppose aussi l’accord pour l’analyse interne" in response.content.decode()
    assert not actor.consents.exists()


def test_deleting_an_actor_never_publishes_what_they_refused(client_for, cast):
    actor = _actor(cast)
    all_consents(actor, purposes=[Consent.Purpose.INTERNAL])
    quote = MaterialFactory(
        residency=cast.residency, kind=Material.Kind.QUOTE, visibility=Visibility.PUBLIC, speakers=[actor]
    )
    assert not Material.objects.publishable().exists()
    client_for(cast.coordinator).post(
        reverse("fieldwork:stakeholder_delete", args=[cast.residency.pk, actor.pk])
    )
    quote.refresh_from_db()
    assert quote.visibility == Visibility.TEAM
    assert not Material.objects.publishable().exists()


def test_deleting_an_actor_keeps_the_material(client_for, cast):
    actor = _actor(cast)
    note = MaterialFactory(residency=cast.residency, speakers=[actor])
    client_for(cast.coordinator).post(
        reverse("fieldwork:stakeholder_delete", args=[cast.residency.pk, actor.pk])
    )
    assert not Stakeholder.objects.filter(pk=actor.pk).exists()
    assert Material.objects.filter(pk=note.pk).exists()


def test_the_actor_map_places_each_actor_in_its_quadrant(client_for, cast):
    StakeholderFactory(residency=cast.residency, name="Maire", influence=5, interest=5, category="elu")
    StakeholderFactory(residency=cast.residency, name="Préfecture", influence=4, interest=1, category="etat")
    StakeholderFactory(residency=cast.residency, name="Voisine", influence=1, interest=5, category="habitant")
    StakeholderFactory(
        residency=cast.residency, name="Chercheur", influence=1, interest=1, category="chercheur"
    )
    StakeholderFactory(
        residency=cast.residency, name="Inconnu", influence=None, interest=None, category="autre"
    )
    response = client_for(cast.team_member).get(reverse("fieldwork:actor_map", args=[cast.residency.pk]))
    quadrants = {q["key"]: [d.label for d in q["dots"]] for q in response.context["map"]["quadrants"]}
    assert quadrants == {
        "cles": ["Maire"],
        "satisfaire": ["Préfecture"],
        "informer": ["Voisine"],
        "surveiller": ["Chercheur"],
    }
    assert response.context["map"]["unplaced"] == ["Inconnu"]
    page = response.content.decode()
    assert 'role="img"' in page and "<title" in page and "Maire — Élu·e — influence 5, intérêt 5" in page
    # SVG coordinates are never written the French way (« 296,0 »), which browsers reject.
    assert re.search(r'(?:x|y|cx|cy|width|height)="\d+,\d', page) is None and "rotate(-90 14 296" in page


def test_actors_sharing_a_cell_do_not_overlap(client_for, cast):
    for i in range(4):
        StakeholderFactory(residency=cast.residency, name=f"Habitant {i}", influence=2, interest=4)
    response = client_for(cast.team_member).get(reverse("fieldwork:actor_map", args=[cast.residency.pk]))
    positions = {(d.x, d.y) for d in response.context["map"]["dots"]}
    assert len(positions) == 4


def test_register_pages_have_bounded_queries(client_for, cast, django_assert_max_num_queries):
    for i in range(30):
        all_consents(StakeholderFactory(residency=cast.residency, name=f"Acteur {i:02}"), media=["texte"])
    client = client_for(cast.team_member)
    for name in ["fieldwork:stakeholders", "fieldwork:actor_map"]:
        with django_assert_max_num_queries(15):
            assert client.get(reverse(name, args=[cast.residency.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        client.get(reverse("fieldwork:stakeholders_twin", args=[cast.residency.pk, "json"]))
