"""The capture endpoint: each client id stored exactly once; bad input answered in French."""

import io
import random
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from arpenteur.fieldwork.models import Consent, Material, Visibility

from ..personas import PERSONAS
from .factories import ActivityFactory, ConsentFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _note(**extra):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "kind": "note",
        "body": "Le marché du samedi déborde sur le parvis de l’hôtel de ville.",
        "position_source": "carte",
        "latitude": "49.9322",
        "longitude": "2.9341",
        "visibility": "equipe",
        "captured_at": "2026-10-13T09:45:00+02:00",
    }
    data.update(extra)
    return data


def _url(cast):
    return reverse("fieldwork:capture_api", args=[cast.residency.pk])


EXPECTED = {
    "anonymous": 401,
    "outsider": 404,
    "operator": 403,
    "partner": 403,
    "team_member": 201,
    "coordinator": 201,
    "commissioner": 201,
    "staff": 201,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_capture_endpoint_permission_matrix(client_for, cast, persona):
    response = client_for(cast.user(persona)).post(_url(cast), _note())
    assert response.status_code == EXPECTED[persona]
    assert Material.objects.count() == (1 if EXPECTED[persona] == 201 else 0)


def test_same_client_id_is_stored_once_whatever_the_order(client_for, cast):
    client = client_for(cast.team_member)
    items = [_note(body=f"Observation {i}") for i in range(5)]
    sends = items * 3
    random.shuffle(sends)
    statuses = [client.post(_url(cast), item).status_code for item in sends]
    assert statuses.count(201) == 5 and statuses.count(200) == 10
    assert Material.objects.count() == 5
    assert sorted(Material.objects.values_list("body", flat=True)) == sorted(i["body"] for i in items)


def test_a_retry_with_different_content_does_not_overwrite(client_for, cast):
    client = client_for(cast.team_member)
    item = _note()
    assert client.post(_url(cast), item).status_code == 201
    again = client.post(_url(cast), {**item, "body": "autre chose", "latitude": "99"})
    assert again.status_code == 200 and again.json()["statut"] == "deja_recu"
    assert Material.objects.get().body == item["body"]


def test_client_id_of_another_residency_is_refused(client_for, cast):
    from tests.factories import ResidencyFactory, ResidencyMembershipFactory

    other = ResidencyFactory()
    ResidencyMembershipFactory(residency=other, user=cast.team_member)
    client = client_for(cast.team_member)
    item = _note()
    client.post(_url(cast), item)
    response = client.post(reverse("fieldwork:capture_api", args=[other.pk]), item)
    assert response.status_code == 409
    assert Material.objects.count() == 1


def test_capture_stores_author_place_and_links(client_for, cast):
    activity = ActivityFactory(session=cast.residency.sessions.first())
    person = StakeholderFactory(residency=cast.residency)
    response = client_for(cast.team_member).post(
        _url(cast),
        _note(
            activity=activity.pk,
            stakeholders=[person.pk],
            resources=["humaines", "materielles"],
            free_tags="parvis, marché",
            invisible_use="on",
        ),
    )
    assert response.status_code == 201
    material = Material.objects.get()
    assert material.author == cast.team_member
    assert material.session == activity.session
    assert (material.latitude, material.position_source) == (49.9322, "carte")
    assert set(material.tags.values_list("label", flat=True)) == {
        "Ressources humaines",
        "Ressources matérielles",
        "parvis",
        "marché",
    }
    assert material.invisible_use and list(material.stakeholders.all()) == [person]


def test_visibility_is_lowered_to_what_consents_allow(client_for, cast):
    person = StakeholderFactory(residency=cast.residency)
    ConsentFactory(stakeholder=person, medium=Consent.Medium.TEXT, purpose=Consent.Purpose.INTERNAL)
    response = client_for(cast.team_member).post(
        _url(cast), _note(kind="citation", stakeholders=[person.pk], visibility="public")
    )
    assert response.status_code == 201
    assert "ramenée" in response.json()["avertissements"][0]
    assert Material.objects.get().visibility == Visibility.PARTNERS


def test_photo_is_reencoded_without_exif_or_gps(client_for, cast, photo_bytes):
    upload = SimpleUploadedFile("IMG_0001.jpg", photo_bytes, content_type="image/jpeg")
    response = client_for(cast.team_member).post(_url(cast), _note(kind="photo", body="", file=upload))
    assert response.status_code == 201, response.content
    material = Material.objects.get()
    with material.file.open("rb") as handle:
        stored = handle.read()
    assert stored != photo_bytes
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert not image.getexif()
    assert b"GPS" not in stored and "Téléphone de test".encode() not in stored
    assert material.file.name.endswith(".jpg") and "IMG_0001" not in material.file.name
    # The position the author chose is kept as data.
    assert material.latitude == 49.9322


def test_position_is_dropped_when_author_chose_none(client_for, cast):
    response = client_for(cast.team_member).post(_url(cast), _note(position_source=""))
    assert response.status_code == 201
    assert Material.objects.get().latitude is None


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"latitude": "40.7128", "longitude": "-74.0060"}, "latitude", "hors de France"),
        ({"body": ""}, "body", "quelques mots"),
        ({"kind": "photo", "body": ""}, "file", "Joignez"),
        ({"position_source": "appareil", "latitude": "", "longitude": ""}, "latitude", "position"),
    ],
)
def test_bad_capture_gets_french_message_and_saves_nothing(client_for, cast, extra, field, words):
    response = client_for(cast.team_member).post(_url(cast), _note(**extra))
    assert response.status_code == 400
    assert words in " ".join(response.json()["champs"][field])
    assert not Material.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client_for, cast):
    upload = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")
    response = client_for(cast.team_member).post(_url(cast), _note(kind="photo", body="", file=upload))
    assert response.status_code == 400
    assert "pas une image" in response.json()["champs"]["file"][0]


def test_a_40_mb_photo_is_refused_before_decoding(client_for, cast, settings):
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (40 * 1024 * 1024), content_type="image/jpeg")
    response = client_for(cast.team_member).post(_url(cast), _note(kind="photo", body="", file=upload))
    assert response.status_code == 400
    message = response.json()["champs"]["file"][0]
    assert "40,0 Mo" in message and "20 Mo" in message


def test_audio_is_checked_by_signature(client_for, cast):
    client = client_for(cast.team_member)
    ogg = SimpleUploadedFile("son.ogg", b"OggS" + b"\x00" * 200, content_type="audio/ogg")
    assert client.post(_url(cast), _note(kind="son", body="", file=ogg)).status_code == 201
    fake = SimpleUploadedFile("son.mp3", b"#!/bin/sh\nrm -rf /\n", content_type="audio/mpeg")
    response = client.post(_url(cast), _note(kind="son", body="", file=fake))
    assert response.status_code == 400
    assert "enregistrement sonore" in response.json()["champs"]["file"][0]


def test_capture_page_without_javascript_stores_once(client_for, cast):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:capture", args=[cast.residency.pk])
    assert client.get(url).status_code == 200
    item = _note()
    assert client.post(url, item).status_code == 302
    assert client.post(url, item).status_code == 302
    assert Material.objects.count() == 1


def test_capture_page_keeps_what_was_typed_on_error(client_for, cast):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:capture", args=[cast.residency.pk])
    response = client.post(url, _note(latitude="40.0", longitude="-74.0", body="Texte précieux"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Texte précieux" in html and "hors de France" in html
