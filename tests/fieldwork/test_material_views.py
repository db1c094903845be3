"""The permission matrix of the field-material pages and their twins (list, map data, detail opened in
place, edit, delete, file, moderation), and the map page's promises: filters, bounded queries, a
basemap only when configured."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from arpenteur.fieldwork.models import Material, Visibility

from ..personas import PERSONAS
from .conftest import jpeg_with_gps
from .factories import MaterialFactory, StakeholderFactory, all_consents

pytestmark = pytest.mark.django_db

VIEW = {"outsider": 404, "anonymous": 302}
EDIT = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403}


def _shared(cast):
    """A photo the team shows to partners (nobody linked, so no consent is needed)."""
    material = MaterialFactory(
        residency=cast.residency, kind=Material.Kind.PHOTO, visibility=Visibility.PARTNERS
    )
    material.file.save("p.jpg", ContentFile(jpeg_with_gps((40, 30))), save=False)
    material.file_type = "image/jpeg"
    material.save()
    return material


def _pending(cast):
    return MaterialFactory(
        residency=cast.residency,
        origin=Material.Origin.CONTRIBUTION,
        moderation=Material.Moderation.PENDING,
        author=None,
    )


CASES = [
    ("fieldwork:materials", None, "get", None, VIEW, 200),
    ("fieldwork:materials_twin", lambda c: {"fmt": "json"}, "get", None, VIEW, 200),
    ("fieldwork:materials_twin", lambda c: {"fmt": "csv"}, "get", None, VIEW, 200),
    ("fieldwork:materials_twin", lambda c: {"fmt": "geojson"}, "get", None, VIEW, 200),
    ("fieldwork:material_detail", lambda c: {"material_pk": _shared(c).pk}, "get", None, VIEW, 200),
    ("fieldwork:material_file", lambda c: {"material_pk": _shared(c).pk}, "get", None, VIEW, 200),
    ("fieldwork:material_edit", lambda c: {"material_pk": _shared(c).pk}, "get", None, EDIT, 200),
    ("fieldwork:material_delete", lambda c: {"material_pk": _shared(c).pk}, "post", {}, EDIT, 302),
    ("fieldwork:capture", None, "get", None, EDIT, 200),
    ("fieldwork:moderation", None, "get", None, EDIT, 200),
    (
        "fieldwork:moderate",
        lambda c: {"material_pk": _pending(c).pk},
        "post",
        {"decision": "accepter"},
        EDIT,
        302,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_field_material_permission_matrix(client_for, cast, persona, name, kwargs, method, data, rule, ok):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    response = getattr(client_for(cast.user(persona)), method)(url, data or {})
    if response.streaming:  # read to the end: the test client then closes the file itself
        b"".join(response.streaming_content)
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_service_worker_is_public_and_scoped_to_residencies(client_for, cast, persona):
    response = client_for(cast.user(persona)).get(reverse("fieldwork:service_worker"))
    assert response.status_code == 200 and response["Service-Worker-Allowed"] == "/residences/"


def test_an_item_opens_in_place_as_a_fragment(client_for, cast):
    material = _shared(cast)
    client = client_for(cast.partner)
    url = reverse("fieldwork:material_detail", args=[cast.residency.pk, material.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<article") and "<html" not in fragment
    assert "Ouvrir sa page" in fragment
    page = client.get(reverse("fieldwork:materials", args=[cast.residency.pk])).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-target="#material-open"' in page


def test_filters_narrow_the_list_and_its_geojson_twin(client_for, cast):
    person = all_consents(StakeholderFactory(residency=cast.residency, name="Martine"))
    session = cast.residency.sessions.create(
        title="Immersion", phase="arpenter", position=1, start_date="2026-10-13", end_date="2026-10-14"
    )
    quote = MaterialFactory(
        residency=cast.residency, kind="citation", session=session, author=cast.team_member, speakers=[person]
    )
    MaterialFactory(residency=cast.residency, kind="note", author=cast.coordinator)
    client = client_for(cast.coordinator)
    twin = reverse("fieldwork:materials_twin", args=[cast.residency.pk, "geojson"])
    for query in [
        {"kind": "citation"},
        {"session": session.pk},
        {"stakeholder": person.pk},
        {"author": cast.team_member.pk},
        {"since": "2026-09-12", "until": "2026-09-12", "kind": "citation"},
    ]:
        features = client.get(twin, query).json()["features"]
        assert [f["properties"]["id"] for f in features] == [quote.pk], query


def test_the_geojson_twin_gives_partners_public_labels_only(client_for, cast):
    person = all_consents(
        StakeholderFactory(residency=cast.residency, name="Martine Lefèvre", pseudonym="Une habitante")
    )
    MaterialFactory(residency=cast.residency, visibility=Visibility.PARTNERS, speakers=[person])
    twin = reverse("fieldwork:materials_twin", args=[cast.residency.pk, "geojson"])
    assert client_for(cast.partner).get(twin).json()["features"][0]["properties"]["acteurs"] == [
        "Une habitante"
    ]
    assert client_for(cast.team_member).get(twin).json()["features"][0]["properties"]["acteurs"] == [
        "Martine Lefèvre"
    ]


def test_the_map_uses_a_basemap_only_when_configured(client_for, cast, settings):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:materials", args=[cast.residency.pk])
    settings.BASEMAP_URL = ""
    assert client.get(url).context["map_config"]["basemap"] == ""
    settings.BASEMAP_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert client.get(url).context["map_config"]["basemap"] == "https://tiles.example.org/{z}/{x}/{y}.png"


def test_list_and_twins_have_bounded_queries(client_for, cast, django_assert_max_num_queries):
    person = all_consents(StakeholderFactory(residency=cast.residency))
    for _ in range(40):
        MaterialFactory(residency=cast.residency, visibility=Visibility.PARTNERS, speakers=[person])
    for persona in ["team_member", "partner"]:
        client = client_for(cast.user(persona))
        with django_assert_max_num_queries(25):
            assert client.get(reverse("fieldwork:materials", args=[cast.residency.pk])).status_code == 200
        for fmt in ["json", "geojson"]:
            with django_assert_max_num_queries(15):
                client.get(reverse("fieldwork:materials_twin", args=[cast.residency.pk, fmt]))


def test_geojson_features_link_to_the_item_and_its_photo(client_for, cast):
    photo = _shared(cast)
    twin = reverse("fieldwork:materials_twin", args=[cast.residency.pk, "geojson"])
    properties = client_for(cast.partner).get(twin).json()["features"][0]["properties"]
    assert properties["url"] == reverse("fieldwork:material_detail", args=[cast.residency.pk, photo.pk])
    assert properties["image"] == reverse("fieldwork:material_file", args=[cast.residency.pk, photo.pk])
    assert properties["nature_libelle"] == "Photo"


def test_the_json_twin_gives_labels_and_the_protected_file_url(client_for, cast):
    photo = _shared(cast)
    twin = reverse("fieldwork:materials_twin", args=[cast.residency.pk, "json"])
    row = client_for(cast.partner).get(twin).json()["results"][0]
    assert (row["nature"], row["visibilite"]) == ("Photo", "Partenaires")
    assert row["fichier"] == reverse("fieldwork:material_file", args=[cast.residency.pk, photo.pk])
