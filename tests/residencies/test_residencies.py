import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arpenteur.residencies.models import Phase, PhaseKind, Residency, ResidencyMembership, Session
from arpenteur.residencies.services import MembershipError, remove_member, set_current_phase

from ..factories import (
    CommuneFactory,
    DepartementFactory,
    RegionFactory,
    ResidencyFactory,
    ResidencyMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client_for):
    user = UserFactory(email="createur@example.org")
    return user, client_for(user)


def test_creating_a_residency_copies_the_format_and_lands_on_the_dashboard(signed_in):
    user, client = signed_in
    CommuneFactory(peronne=True)
    response = client.post(
        reverse("residencies:create"),
        {
            "title": "Péronne, faire repère",
            "commune": "Péronne (80) — 80620",
            "format": Residency._meta.get_field("format")
            .related_model.objects.get(slug="residence-3-temps")
            .pk,
            "start_date": "2026-09-01",
            "end_date": "2027-01-28",
            "creator_role": "commanditaire",
        },
    )
    residency = Residency.objects.get()
    assert response.url == reverse("residencies:dashboard", args=[residency.pk])
    assert residency.commune.code == "80620" and residency.commune.cog_year == 2024
    assert residency.format_name == "Résidence « 3 temps »"
    assert list(residency.phases.values_list("kind", flat=True)) == PhaseKind.values
    assert residency.sessions.count() == 4
    assert all(
        residency.start_date <= s.start_date <= s.end_date <= residency.end_date
        for s in residency.sessions.all()
    )
    assert residency.memberships.get().role == ResidencyMembership.Role.COMMISSIONER
    page = client.get(response.url).content.decode()
    for text in (
        "Commander",
        "Capitaliser",
        "Arpenter",
        "Révéler",
        "Préfigurer",
        "Temps sur site",
        "Parties de la commande",
        "Membres",
    ):
        assert text in page


def test_an_unknown_insee_code_is_refused_in_french_and_what_was_typed_stays(signed_in):
    _, client = signed_in
    CommuneFactory(peronne=True)
    response = client.post(
        reverse("residencies:create"),
        {
            "title": "Mon titre soigné",
            "commune": "99999",
            "start_date": "2026-09-01",
            "end_date": "2026-08-01",
            "creator_role": "commanditaire",
        },
    )
    page = response.content.decode()
    assert "Aucune commune ne porte le code INSEE « 99999 »" in page
    assert "La fin de la résidence doit suivre son début." in page
    assert 'value="Mon titre soigné"' in page
    assert Residency.objects.count() == 0


def test_a_session_outside_the_residency_dates_is_refused(client_for, cast):
    client = client_for(cast.coordinator)
    response = client.post(
        reverse("residencies:session_add", args=[cast.residency.pk]),
        {"title": "Trop tard", "phase": "arpenter", "start_date": "2031-01-01", "end_date": "2031-01-02"},
    )
    assert "sort de la période de la résidence" in response.content.decode()
    assert 'value="Trop tard"' in response.content.decode()
    assert not Session.objects.filter(title="Trop tard").exists()


def test_sessions_are_added_moved_and_removed(client_for, cast):
    client = client_for(cast.team_member)
    residency = cast.residency
    client.post(
        reverse("residencies:session_add", args=[residency.pk]),
        {
            "title": "Balade nocturne",
            "phase": "arpenter",
            "start_date": "2026-09-20",
            "end_date": "2026-09-20",
        },
    )
    session = residency.sessions.get(title="Balade nocturne")
    client.post(
        reverse("residencies:session_edit", args=[residency.pk, session.pk]),
        {
            "title": "Balade nocturne",
            "phase": "arpenter",
            "start_date": "2026-09-25",
            "end_date": "2026-09-26",
            "version": session.version,
        },
    )
    session.refresh_from_db()
    assert (session.start_date, session.end_date) == (date(2026, 9, 25), date(2026, 9, 26))
    client.post(reverse("residencies:session_delete", args=[residency.pk, session.pk]))
    assert not residency.sessions.filter(pk=session.pk).exists()


def test_two_people_editing_a_session_do_not_silently_overwrite_each_other(client_for, cast):
    session = cast.residency.sessions.first()
    url = reverse("residencies:session_edit", args=[cast.residency.pk, session.pk])
    base = {
        "phase": session.phase,
        "start_date": session.start_date,
        "end_date": session.end_date,
        "version": session.version,
    }
    first = client_for(cast.coordinator).post(url, {**base, "title": "Titre de Malik"})
    assert first.status_code == 302
    second = client_for(cast.team_member).post(url, {**base, "title": "Titre de Jeanne"})
    page = second.content.decode()
    assert second.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette fiche" in page
    assert 'value="Titre de Jeanne"' in page
    session.refresh_from_db()
    assert session.title == "Titre de Malik"
    # An informed second submit goes through.
    again = client_for(cast.team_member).post(
        url, {**base, "title": "Titre de Jeanne", "version": session.version}
    )
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.title == "Titre de Jeanne"


def test_moving_to_a_phase_marks_the_earlier_ones_done():
    residency = ResidencyFactory()
    residency.phases.filter(kind="preparer").update(status=Phase.Status.SKIPPED)
    set_current_phase(residency=residency, phase="reveler")
    statuses = dict(residency.phases.values_list("kind", "status"))
    assert statuses["commander"] == "terminee" and statuses["arpenter"] == "terminee"
    assert statuses["preparer"] == "sans_objet"
    assert statuses["reveler"] == "en_cours" and statuses["capitaliser"] == "a_venir"
    assert Residency.objects.get(pk=residency.pk).current_phase == "reveler"


def test_the_last_administrator_cannot_be_removed(cast):
    membership = cast.residency.memberships.get(user=cast.coordinator)
    remove_member(membership=membership)
    last = cast.residency.memberships.get(user=cast.commissioner)
    with pytest.raises(MembershipError, match="dernière personne"):
        remove_member(membership=last)


def test_adding_a_member_without_an_account_explains_what_to_do(client_for, cast):
    response = client_for(cast.coordinator).post(
        reverse("residencies:member_add", args=[cast.residency.pk]),
        {"email": "inconnu@example.org", "role": "equipe"},
    )
    assert "Aucun compte n’existe pour inconnu@example.org" in response.content.decode()


def test_list_filters_by_phase_format_region_and_departement_and_its_twins_match(client_for):
    user = UserFactory()
    somme = DepartementFactory(code="80", name="Somme")
    aisne = DepartementFactory(code="02", name="Aisne", region=RegionFactory(code="32"))
    bretagne = DepartementFactory(
        code="29", name="Finistère", region=RegionFactory(code="53", name="Bretagne")
    )
    a = ResidencyFactory(title="A Somme", commune=CommuneFactory(departement=somme), created_by=user)
    b = ResidencyFactory(
        title="B Aisne", commune=CommuneFactory(code="02738", departement=aisne), created_by=user
    )
    c = ResidencyFactory(
        title="C Bretagne", commune=CommuneFactory(code="29197", departement=bretagne), created_by=user
    )
    set_current_phase(residency=b, phase="arpenter")
    client = client_for(user)

    def titles(query, fmt=None):
        if fmt == "csv":
            response = client.get(reverse("residencies:list_twin", args=["csv"]) + query)
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            return [row["titre"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]
        if fmt == "json":
            return [
                r["titre"]
                for r in client.get(reverse("residencies:list_twin", args=["json"]) + query).json()["results"]
            ]
        page = client.get(reverse("residencies:list") + query).content.decode()
        return [t for t in ("A Somme", "B Aisne", "C Bretagne") if t in page]

    for fmt in (None, "json", "csv"):
        assert sorted(titles("?region=32", fmt)) == ["A Somme", "B Aisne"]
        assert titles("?departement=29", fmt) == ["C Bretagne"]
        assert titles("?phase=arpenter", fmt) == ["B Aisne"]
        assert sorted(titles("?format=" + str(a.format_id), fmt)) == ["A Somme", "B Aisne", "C Bretagne"]
    assert c.pk


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_list_and_dashboard_queries_do_not_grow_with_the_number_of_residencies(client_for):
    user = UserFactory()
    client = client_for(user)
    first = ResidencyFactory(created_by=user)
    ResidencyMembershipFactory(residency=first)
    urls = [
        reverse("residencies:list"),
        reverse("residencies:list_twin", args=["json"]),
        reverse("residencies:dashboard", args=[first.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for _ in range(12):
        residency = ResidencyFactory(created_by=user, commune=CommuneFactory())
        ResidencyMembershipFactory(residency=residency)
        ResidencyMembershipFactory(residency=first)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(after) <= 15
