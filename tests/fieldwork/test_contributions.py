"""The public contribution page: closed by default, no account needed, consents asked in plain French,
everything goes to moderation, spam is held back without blocking a room sharing one network, and bad
input gets a French message with what was typed kept."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arpenteur.fieldwork.models import Consent, FieldworkSettings, Material, Stakeholder, Visibility
from arpenteur.fieldwork.services import moderate_contribution

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

STORY = (
    "Enfant, je pêchais au bout du chemin des étangs ; l’entrée est maintenant cachée derrière les garages."
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def opened(cast):
    FieldworkSettings.objects.create(
        residency=cast.residency, contributions_are_open=True, contribution_prompt="Racontez-nous vos étangs."
    )
    return cast


def _url(cast):
    return reverse("fieldwork:contribute", args=[cast.residency.pk])


def _story(**extra):
    data = {
        "kind": "recit",
        "body": STORY,
        "place_label": "Chemin des étangs",
        "latitude": "49.9285",
        "longitude": "2.9422",
        "contributor_name": "Gisèle",
        "agree_analysis": "on",
        "agree_publish_text": "on",
        "website": "",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_is_closed_by_default_for_everyone(client_for, cast, persona):
    client = client_for(cast.user(persona))
    assert client.get(_url(cast)).status_code == 404
    assert client.post(_url(cast), _story()).status_code == 404
    assert not Material.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_once_opened_anyone_may_contribute_without_an_account(client_for, opened, persona):
    client = client_for(opened.user(persona))
    page = client.get(_url(opened))
    assert page.status_code == 200 and "Racontez-nous vos étangs." in page.content.decode()
    response = client.post(_url(opened), _story())
    assert response.status_code == 302
    assert response.url == reverse("fieldwork:contribute_thanks", args=[opened.residency.pk])
    assert client.get(response.url).status_code == 200
    assert Material.objects.count() == 1


def test_a_story_waits_for_moderation_with_the_consents_ticked(client, opened):
    client.post(_url(opened), _story())
    material = Material.objects.get()
    assert (material.origin, material.moderation, material.kind) == ("contribution", "en_attente", "recit")
    assert material.author is None and material.contributor_name == "Gisèle"
    assert (material.latitude, material.longitude, material.place_label) == (
        49.9285,
        2.9422,
        "Chemin des étangs",
    )
    person = Stakeholder.objects.get()
    assert person.category == "habitant" and person.name == "Gisèle" and person.public_label != "Gisèle"
    granted = {(c.medium, c.purpose) for c in person.consents.all() if c.is_current}
    assert granted == {("texte", "analyse"), ("texte", "publication")}
    assert all(c.source == Consent.Source.ONLINE_FORM for c in person.consents.all())
    # Nothing is visible anywhere before the team accepts it.
    assert not Material.objects.publishable().exists()
    assert not Material.objects.visible_to(opened.team_member, opened.residency).exists()


def test_the_moderation_queue_accepts_and_rejects(client_for, opened):
    client_for(None).post(_url(opened), _story())
    client_for(None).post(_url(opened), _story(body="Le soir la place est vide.", agree_publish_text=None))
    first, second = Material.objects.order_by("pk")
    team = client_for(opened.coordinator)
    queue = team.get(reverse("fieldwork:moderation", args=[opened.residency.pk])).content.decode()
    assert STORY[:40] in queue and "Gisèle" in queue
    team.post(reverse("fieldwork:moderate", args=[opened.residency.pk, first.pk]), {"decision": "accepter"})
    team.post(reverse("fieldwork:moderate", args=[opened.residency.pk, second.pk]), {"decision": "refuser"})
    assert list(Material.objects.publishable()) == [first]
    assert second.visibility == Visibility.TEAM
    second.refresh_from_db()
    assert second.moderation == Material.Moderation.REJECTED


def test_without_publication_consent_an_accepted_story_stays_with_the_team(client, opened):
    client.post(_url(opened), _story(agree_publish_text=None))
    material = Material.objects.get()
    moderate_contribution(material=material, accept=True)
    assert not Material.objects.publishable().exists()
    assert not Material.objects.shareable_with_partners().exists()
    assert Material.objects.visible_to(opened.team_member, opened.residency).filter(pk=material.pk).exists()


def test_the_honeypot_thanks_a_robot_and_stores_nothing(client, opened):
    response = client.post(_url(opened), _story(website="http://spam.example"))
    assert response.status_code == 302
    assert not Material.objects.exists() and not Stakeholder.objects.exists()


def test_a_browser_sending_too_many_is_held_back_with_its_text_kept(client, opened, settings):
    settings.FIELDWORK_CONTRIBUTIONS_PER_BROWSER = 3
    client.get(_url(opened))  # the form sets the browser cookie
    for _ in range(3):
        assert client.post(_url(opened), _story()).status_code == 302
    response = client.post(_url(opened), _story(body="Une quatrième histoire, à ne pas perdre."))
    assert response.status_code == 429
    page = response.content.decode()
    assert "réessayez dans une heure" in page and "Une quatrième histoire, à ne pas perdre." in page
    assert Material.objects.count() == 3


def test_a_room_sharing_one_network_is_not_blocked(opened, settings):
    from django.test import Client

    settings.FIELDWORK_CONTRIBUTIONS_PER_BROWSER = 2
    for _ in range(25):  # 25 phones on the town hall's wifi, one address
        phone = Client(REMOTE_ADDR="192.0.2.10")
        phone.get(_url(opened))
        assert phone.post(_url(opened), _story()).status_code == 302
    assert Material.objects.count() == 25


def test_one_network_address_flooding_is_held_back(opened, settings):
    from django.test import Client

    settings.FIELDWORK_CONTRIBUTIONS_PER_IP = 5
    statuses = []
    for _ in range(7):  # a script clearing its cookies each time
        robot = Client(REMOTE_ADDR="198.51.100.7")
        robot.get(_url(opened))
        statuses.append(robot.post(_url(opened), _story()).status_code)
    assert statuses == [302] * 5 + [429, 429]
    assert Material.objects.count() == 5


def _photo(photo_bytes):
    return SimpleUploadedFile("IMG_1234.jpg", photo_bytes, content_type="image/jpeg")


def test_a_photo_is_stored_without_its_exif_and_waits_for_moderation(client, opened, photo_bytes):
    response = client.post(
        _url(opened), _story(kind="photo", body="", photo=_photo(photo_bytes), agree_publish_photo="on")
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.kind == "photo" and material.file_type == "image/jpeg"
    from PIL import Image

    with Image.open(material.file.path) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"kind": "photo", "body": "Ma légende"}, "photo", "Choisissez la photo"),
        ({"body": ""}, "body", "Écrivez votre récit"),
        ({"agree_analysis": None}, "agree_analysis", "Sans cet accord"),
        ({"latitude": "40.7", "longitude": "-74.0"}, "place_label", "hors de France"),
        ({"body": "x" * 5001}, "body", "5000 caractères"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_the_text(client, opened, extra, field, words):
    response = client.post(_url(opened), _story(**extra))
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert "Chemin des étangs" in page and "Gisèle" in page
    assert not Material.objects.exists() and not Stakeholder.objects.exists()


def test_a_40_mb_photo_or_a_file_that_is_not_an_image_is_refused_in_french(client, opened):
    huge = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (40 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(_url(opened), _story(kind="photo", photo=huge))
    assert response.status_code == 200
    assert "40,0 Mo" in response.context["form"].errors["photo"][0]
    assert STORY in response.content.decode()
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    response = client.post(_url(opened), _story(kind="photo", photo=fake))
    assert "pas une image" in response.context["form"].errors["photo"][0]
    assert not Material.objects.exists()


def test_the_public_photo_is_served_only_once_publishable(client, opened, photo_bytes):
    client.post(
        _url(opened), _story(kind="photo", body="", photo=_photo(photo_bytes), agree_publish_photo="on")
    )
    material = Material.objects.get()
    url = reverse("fieldwork:public_file", args=[opened.residency.pk, material.pk])
    assert client.get(url).status_code == 404  # pending
    moderate_contribution(material=material, accept=True)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    b"".join(response.streaming_content)  # read to the end: the test client closes the file
    FieldworkSettings.objects.filter(residency=opened.residency).update(contributions_are_open=False)
    assert client.get(url).status_code == 404


def test_a_photo_without_publication_consent_is_never_served_publicly(client, opened, photo_bytes):
    client.post(_url(opened), _story(kind="photo", body="", photo=_photo(photo_bytes)))
    material = Material.objects.get()
    moderate_contribution(material=material, accept=True)
    url = reverse("fieldwork:public_file", args=[opened.residency.pk, material.pk])
    assert client.get(url).status_code == 404


def test_accepted_public_stories_are_shown_back_without_a_name(client, opened):
    client.post(_url(opened), _story())
    client.post(_url(opened), _story(body="Histoire gardée pour l’équipe.", agree_publish_text=None))
    client.post(_url(opened), _story(body="Histoire encore en attente."))
    published, internal, _pending = Material.objects.order_by("pk")
    moderate_contribution(material=published, accept=True)
    moderate_contribution(material=internal, accept=True)
    page = client.get(_url(opened)).content.decode()
    assert STORY[:40] in page
    assert "gardée pour l’équipe" not in page and "encore en attente" not in page and "Gisèle" not in page


ADMIN = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403, "team_member": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_the_page_is_for_commissioners_and_coordinators(client_for, cast, persona):
    url = reverse("fieldwork:contribution_settings", args=[cast.residency.pk])
    client = client_for(cast.user(persona))
    expected = ADMIN.get(persona, 200)
    assert client.get(url).status_code == expected
    response = client.post(url, {"contributions_are_open": "on", "contribution_prompt": "Vos étangs ?"})
    assert response.status_code == (302 if expected == 200 else expected)
    is_open = FieldworkSettings.objects.filter(residency=cast.residency, contributions_are_open=True).exists()
    assert is_open == (expected == 200)
    assert client_for(None).get(_url(cast)).status_code == (200 if is_open else 404)
