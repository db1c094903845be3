import pytest
from django.urls import reverse

from arpenteur.publications.models import CahierSection, Deliverable
from arpenteur.publications.services import request_deliverable, set_publication_opt_in

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

VIEW, EDIT, ADMIN = (
    {"outsider": 404, "anonymous": 302},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403, "team_member": 403},
)


def _ready(residency):
    d = request_deliverable(residency=residency, kind="cahier", enqueue=False)
    from arpenteur.publications.tasks import build_deliverable_now

    return build_deliverable_now(d)


CASES = [
    ("residencies:phase", lambda c: {"kind": "restituer"}, "get", None, VIEW, 200),
    ("publications:compose", None, "get", None, EDIT, 200),
    ("publications:build", None, "post", {"what": "cahier-odt-A4"}, EDIT, 302),
    (
        "publications:deliverable_status",
        lambda c: {"deliverable_pk": _ready(c.residency).pk},
        "get",
        None,
        VIEW,
        200,
    ),
    (
        "publications:deliverable_download",
        lambda c: {"deliverable_pk": _ready(c.residency).pk},
        "get",
        None,
        VIEW,
        200,
    ),
    ("publications:team_datapackage", None, "get", None, VIEW, 200),
    (
        "publications:publication_settings",
        None,
        "post",
        {"licence": "etalab-2.0", "summary": "x"},
        ADMIN,
        302,
    ),
    ("publications:publication_decide", None, "post", {"decision": "publier"}, {**ADMIN, "staff": 403}, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[c[0] for c in CASES])
def test_restitution_views_permission_matrix(client_for, cast, persona, name, kwargs, method, data, rule, ok):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    response = getattr(client_for(cast.user(persona)), method)(url, data or {})
    response.close()
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )


def publish(cast):
    set_publication_opt_in(residency=cast.residency, user=cast.commissioner, opt_in=True)
    set_publication_opt_in(residency=cast.residency, user=cast.coordinator, opt_in=True)


PUBLIC = ["publications:public_page", "publications:public_datapackage", "publications:api_residency"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_answer_404_until_both_opt_in(client, cast, name):
    url = reverse(name, args=[cast.residency.pk])
    assert client.get(url).status_code == 404
    set_publication_opt_in(residency=cast.residency, user=cast.commissioner, opt_in=True)
    assert client.get(url).status_code == 404
    set_publication_opt_in(residency=cast.residency, user=cast.coordinator, opt_in=True)
    assert client.get(url).status_code == 200
    set_publication_opt_in(residency=cast.residency, user=cast.coordinator, opt_in=False)
    assert client.get(url).status_code == 404


def test_the_public_page_shows_the_licence_and_the_cahier(
    client, residency, cast, django_assert_max_num_queries
):
    publish(cast)
    d = _ready(residency)
    with django_assert_max_num_queries(30):
        html = client.get(reverse("publications:public_page", args=[residency.pk])).content.decode()
    assert "Creative Commons Attribution – Partage dans les mêmes conditions 4.0" in html
    assert reverse("publications:public_deliverable", args=[residency.pk, d.pk]) in html
    assert 'name="viewport"' in html
    pdf = client.get(reverse("publications:public_deliverable", args=[residency.pk, d.pk]))
    pdf.close()
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_api_is_keyed_by_insee_code_and_documented(client, cast):
    publish(cast)
    insee = cast.residency.commune.code
    listing = client.get(reverse("publications:api_list")).json()
    assert [r["code_insee"] for r in listing["resultats"]] == [insee]
    commune = client.get(reverse("publications:api_commune", args=[insee])).json()
    assert commune["resultats"][0]["id"] == cast.residency.pk
    assert client.get(reverse("publications:api_commune", args=["99999"])).status_code == 404
    assert client.get(reverse("publications:api_commune", args=["abc"])).status_code == 404
    detail = client.get(reverse("publications:api_residency", args=[cast.residency.pk])).json()
    assert [s["cle"] for s in detail["sections"]][:2] == ["dispositif", "portrait"]
    schema = client.get(reverse("publications:api_schema")).json()
    assert schema["openapi"].startswith("3.") and "/api/v1/communes/{code_insee}/" in schema["paths"]


def test_building_from_the_panel_shows_progress_then_a_link(
    client_for, cast, django_capture_on_commit_callbacks
):
    client = client_for(cast.team_member)
    url = reverse("publications:build", args=[cast.residency.pk])
    response = client.post(url, {"what": "cahier-pdf-A4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    d = Deliverable.objects.get(residency=cast.residency)
    assert 'hx-trigger="every 1s"' in response.content.decode()  # queued: the partial polls
    from arpenteur.publications.tasks import build_deliverable_task

    build_deliverable_task.call(d.pk)
    status = client.get(
        reverse("publications:deliverable_status", args=[cast.residency.pk, d.pk])
    ).content.decode()
    assert "hx-trigger" not in status
    assert reverse("publications:deliverable_download", args=[cast.residency.pk, d.pk]) in status
    # A second version keeps the first downloadable.
    client.post(url, {"what": "cahier-pdf-A4"})
    panel = client.get(reverse("residencies:phase", args=[cast.residency.pk, "restituer"])).content.decode()
    assert reverse("publications:deliverable_download", args=[cast.residency.pk, d.pk]) in panel


def test_bad_build_choice_gets_a_french_message(client_for, cast):
    response = client_for(cast.team_member).post(
        reverse("publications:build", args=[cast.residency.pk]), {"what": "cahier-pdf-A0"}, follow=True
    )
    assert "Choisissez un livrable" in response.content.decode()
    assert not Deliverable.objects.exists()


def test_compose_saves_sections_and_keeps_input_on_conflict(client_for, cast):
    client = client_for(cast.team_member)
    url = reverse("publications:compose", args=[cast.residency.pk])
    client.get(url)
    section = CahierSection.objects.get(residency=cast.residency, key="vision")
    data = {}
    for s in CahierSection.objects.filter(residency=cast.residency):
        data.update({f"s{s.pk}-position": s.position, f"s{s.pk}-version": s.version, f"s{s.pk}-text": s.text})
        data[f"s{s.pk}-included"] = "on"
    data[f"s{section.pk}-text"] = "Une ville qui se relie : notre vision !"
    assert client.post(url, data).status_code == 302
    section.refresh_from_db()
    assert section.text.startswith("Une ville qui se relie")
    # Someone else saved meanwhile: the stale form keeps what was typed and says so.
    data[f"s{section.pk}-text"] = "Mon texte tapé"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré" in html and "Mon texte tapé" in html


def test_the_public_page_is_valid_html(client, rich):
    from .htmlcheck import html_problems

    residency, _markers = rich
    html = client.get(reverse("publications:public_page", args=[residency.pk])).content.decode()
    assert html_problems(html) == []
    assert html_problems(client.get(reverse("publications:public_list")).content.decode()) == []


def test_the_html_check_reports_what_it_should():
    from .htmlcheck import html_problems

    broken = '<!DOCTYPE html><html><head></head><body><h1 id="a">x</h1><p id="a"><img src="x.jpg"></span></body></html>'
    problems = " | ".join(html_problems(broken))
    for expected in ("unexpected-end-tag", "id en double : a", "sans lang", "<title>", "image sans alt"):
        assert expected in problems


def test_compose_offers_only_publishable_material_and_records_the_choice(client_for, cast, rich):
    from arpenteur.publications.models import CahierItem

    residency, markers = rich
    CahierItem.objects.filter(residency=residency).delete()
    client = client_for(cast.coordinator)
    page = client.get(reverse("publications:compose", args=[residency.pk]))
    assert page.status_code == 200
    # Unconsented material is not even offered (the page is the team's: its own names may show).
    leaked = markers.leaked(page.content.decode()).values()
    assert not [where for where in leaked if "consentement" in where or "retiré" in where], leaked
    quote = next(m for m in residency.materials.publishable() if m.kind == "citation")
    data = {f"pick-{quote.pk}": "1", f"pos-{quote.pk}": "2", f"cap-{quote.pk}": "Au marché"}
    for form in page.context["section_forms"]:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = value
    response = client.post(reverse("publications:compose", args=[residency.pk]), data)
    assert response.status_code == 302
    item = CahierItem.objects.get(residency=residency)
    assert (item.material_id, item.position, item.caption) == (quote.pk, 2, "Au marché")
