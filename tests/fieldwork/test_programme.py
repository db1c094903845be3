"""The programme of on-site sessions and the methods catalogue: permissions, editing with htmx, bad
input kept and explained in French, what public pages and exports may say, the iCalendar file."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from arpenteur.core.registry import demo_loaders
from arpenteur.fieldwork.models import Activity, FieldworkSettings, Method, ProgrammeExport, SessionProgramme
from arpenteur.fieldwork.programme import FOLD_AT, fold, ical_escape
from arpenteur.residencies.models import Session
from tests.factories import SessionFactory

from ..personas import PERSONAS
from .factories import ActivityFactory, ConsentFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

VIEW, EDIT, ADMIN = (
    {"outsider": 404, "anonymous": 302},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403, "team_member": 403},
)
STAFF_ONLY_FOR_COMMON = {**EDIT, "team_member": 403, "coordinator": 403, "commissioner": 403}


@pytest.fixture
def session(cast):
    return SessionFactory(
        residency=cast.residency,
        title="Immersion",
        start_date=date(2026, 10, 13),
        end_date=date(2026, 10, 14),
    )


@pytest.fixture
def activity(session):
    return ActivityFactory(
        session=session, title="Balade des remparts", internal_notes="Clés chez le gardien", is_public=True
    )


def _kw(cast, session, activity, **extra):
    return {"pk": cast.residency.pk, "session_pk": session.pk, **extra}


CASES = [
    ("fieldwork:programme", lambda c, s, a: _kw(c, s, a), "get", None, VIEW, 200),
    ("fieldwork:programme_twin", lambda c, s, a: _kw(c, s, a, fmt="json"), "get", None, VIEW, 200),
    ("fieldwork:programme_twin", lambda c, s, a: _kw(c, s, a, fmt="csv"), "get", None, VIEW, 200),
    ("fieldwork:programme_twin", lambda c, s, a: _kw(c, s, a, fmt="geojson"), "get", None, VIEW, 200),
    ("fieldwork:programme_ics", lambda c, s, a: _kw(c, s, a), "get", None, VIEW, 200),
    ("fieldwork:activity_add", lambda c, s, a: _kw(c, s, a), "get", None, EDIT, 200),
    ("fieldwork:activity_edit", lambda c, s, a: _kw(c, s, a, activity_pk=a.pk), "get", None, EDIT, 200),
    ("fieldwork:activity_move", lambda c, s, a: _kw(c, s, a, activity_pk=a.pk), "get", None, EDIT, 200),
    ("fieldwork:activity_delete", lambda c, s, a: _kw(c, s, a, activity_pk=a.pk), "post", {}, EDIT, 302),
    ("fieldwork:programme_publication", lambda c, s, a: _kw(c, s, a), "get", None, ADMIN, 200),
    ("fieldwork:programme_pdf", lambda c, s, a: _kw(c, s, a), "post", {}, VIEW, 302),
    ("fieldwork:methods", lambda c, s, a: {"pk": c.residency.pk}, "get", None, VIEW, 200),
    ("fieldwork:method_add", lambda c, s, a: {"pk": c.residency.pk}, "get", None, EDIT, 200),
    (
        "fieldwork:method_detail",
        lambda c, s, a: {"pk": c.residency.pk, "method_pk": a.method_id},
        "get",
        None,
        VIEW,
        200,
    ),
    (
        "fieldwork:method_edit",
        lambda c, s, a: {"pk": c.residency.pk, "method_pk": a.method_id},
        "get",
        None,
        STAFF_ONLY_FOR_COMMON,
        200,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_programme_views_permission_matrix(
    client_for, cast, session, activity, persona, name, kwargs, method, data, rule, ok
):
    url = reverse(name, kwargs=kwargs(cast, session, activity))
    response = getattr(client_for(cast.user(persona)), method)(url, data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_export_pages_follow_the_residency_view_rule(client_for, cast, session, persona):
    export = ProgrammeExport.objects.create(session=session, status=ProgrammeExport.Status.QUEUED)
    url = reverse("fieldwork:programme_export", args=[cast.residency.pk, session.pk, export.pk])
    response = client_for(cast.user(persona)).get(url)
    assert response.status_code == VIEW.get(persona, 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pdf_download_follows_the_residency_view_rule(client_for, cast, session, activity, persona):
    client_for(cast.coordinator).post(
        reverse("fieldwork:programme_pdf", args=[cast.residency.pk, session.pk])
    )
    export = ProgrammeExport.objects.get(session=session)
    url = reverse("fieldwork:programme_export_download", args=[cast.residency.pk, session.pk, export.pk])
    response = client_for(cast.user(persona)).get(url)
    response.close()  # a FileResponse holds the stored PDF open until closed
    assert response.status_code == VIEW.get(persona, 200)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name",
    ["fieldwork:public_programme", "fieldwork:public_programme_json", "fieldwork:public_programme_ics"],
)
def test_public_page_answers_everyone_only_once_opted_in(client_for, cast, session, activity, persona, name):
    url = reverse(name, args=[cast.residency.pk, session.pk])
    client = client_for(cast.user(persona))
    assert client.get(url).status_code == 404
    SessionProgramme.objects.create(session=session, is_public=True)
    assert client.get(url).status_code == 200


def test_public_page_opens_for_every_session_when_the_residency_opts_in(client, cast, session, activity):
    other = SessionFactory(residency=cast.residency)
    FieldworkSettings.objects.create(residency=cast.residency, programme_is_public=True)
    for s in (session, other):
        assert (
            client.get(reverse("fieldwork:public_programme", args=[cast.residency.pk, s.pk])).status_code
            == 200
        )


def test_public_page_of_a_session_of_another_residency_is_not_found(client, cast, session):
    SessionProgramme.objects.create(session=session, is_public=True)
    stranger = SessionFactory()
    url = reverse("fieldwork:public_programme", args=[stranger.residency.pk, session.pk])
    assert client.get(url).status_code == 404


# --- Building the programme -----------------------------------------------------------------------


def _activity_data(**overrides):
    balade = Method.objects.get(slug="balade-urbaine", residency=None)
    data = {
        "method": balade.pk,
        "title": "Balade avec les élus",
        "day": "2026-10-13",
        "start_time": "09:30",
        "end_time": "12:00",
        "place": "Parvis de l’hôtel de ville",
        "latitude": "49.9319",
        "longitude": "2.9336",
        "lead_label": "Le maire et l’équipe",
        "audience": "Élus",
        "expected_participants": "12",
        "description": "Un parcours commenté.",
        "internal_notes": "",
    }
    data.update(overrides)
    return data


def test_team_member_adds_an_activity_with_a_method_and_a_place_through_htmx(client_for, cast, session):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:activity_add", args=[cast.residency.pk, session.pk])
    response = client.post(url, _activity_data(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#programme-days"
    activity = Activity.objects.get(session=session)
    assert (activity.method.slug, activity.latitude, activity.longitude) == (
        "balade-urbaine",
        49.9319,
        2.9336,
    )
    html = response.content.decode()
    assert "Balade avec les élus" in html and "hx-swap-oob" in html


def test_an_activity_outside_the_session_is_refused_in_french_and_the_input_is_kept(
    client_for, cast, session
):
    client = client_for(cast.coordinator)
    url = reverse("fieldwork:activity_add", args=[cast.residency.pk, session.pk])
    response = client.post(url, _activity_data(day="2026-10-20", title="Balade du dimanche"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce jour sort du temps sur site « Immersion » (du 13/10/2026 au 14/10/2026)" in html
    assert 'value="Balade du dimanche"' in html and 'value="Parvis de l’hôtel de ville"' in html
    assert not Activity.objects.filter(session=session).exists()


def test_a_position_outside_france_is_refused(client_for, cast, session):
    response = client_for(cast.coordinator).post(
        reverse("fieldwork:activity_add", args=[cast.residency.pk, session.pk]),
        _activity_data(latitude="40.4168", longitude="-3.7038"),
    )
    assert "est hors de France" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_end_time_defaults_to_the_method_duration(client_for, cast, session):
    client_for(cast.coordinator).post(
        reverse("fieldwork:activity_add", args=[cast.residency.pk, session.pk]),
        _activity_data(end_time="", start_time="14:00"),
    )
    assert Activity.objects.get(session=session).end_time == time(17, 0)  # balade urbaine: 180 min


def test_without_method_nor_end_time_the_form_asks_for_the_end(client_for, cast, session):
    response = client_for(cast.coordinator).post(
        reverse("fieldwork:activity_add", args=[cast.residency.pk, session.pk]),
        _activity_data(end_time="", method=""),
    )
    assert "Indiquez l’heure de fin" in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_from_a_stale_version_keeps_the_input_and_names_the_conflict(
    client_for, cast, session, activity
):
    client = client_for(cast.coordinator)
    url = reverse("fieldwork:activity_edit", args=[cast.residency.pk, session.pk, activity.pk])
    Activity.objects.filter(pk=activity.pk).update(title="Changé ailleurs", version=activity.version + 1)
    response = client.post(url, _activity_data(title="Ma version", version=activity.version))
    html = response.content.decode()
    assert "Quelqu’un d’autre a enregistré cette fiche" in html and 'value="Ma version"' in html
    assert Activity.objects.get(pk=activity.pk).title == "Changé ailleurs"


def test_moving_an_activity_keeps_its_duration(client_for, cast, session, activity):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:activity_move", args=[cast.residency.pk, session.pk, activity.pk])
    response = client.post(url, {"day": "2026-10-14", "start_time": "15:00", "version": activity.version})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.day, activity.start_time, activity.end_time) == (
        date(2026, 10, 14),
        time(15),
        time(17, 30),
    )
    assert activity.version == 2


def test_moving_outside_the_session_or_past_midnight_is_refused(client_for, cast, session, activity):
    client = client_for(cast.team_member)
    url = reverse("fieldwork:activity_move", args=[cast.residency.pk, session.pk, activity.pk])
    outside = client.post(url, {"day": "2026-11-02", "start_time": "10:00"}).content.decode()
    assert "Ce jour sort du temps sur site" in outside and 'value="2026-11-02"' in outside
    late = client.post(url, {"day": "2026-10-14", "start_time": "23:00"}).content.decode()
    assert "finirait après minuit" in late
    activity.refresh_from_db()
    assert (activity.day, activity.start_time) == (date(2026, 10, 13), time(9, 30))


def test_moving_from_a_stale_version_is_refused(client_for, cast, session, activity):
    Activity.objects.filter(pk=activity.pk).update(version=5)
    url = reverse("fieldwork:activity_move", args=[cast.residency.pk, session.pk, activity.pk])
    response = client_for(cast.team_member).post(
        url, {"day": "2026-10-14", "start_time": "15:00", "version": 1}
    )
    assert "Quelqu’un d’autre a modifié cette activité" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).day == date(2026, 10, 13)


def test_deleting_through_htmx_returns_the_refreshed_days(client_for, cast, session, activity):
    url = reverse("fieldwork:activity_delete", args=[cast.residency.pk, session.pk, activity.pk])
    response = client_for(cast.team_member).post(url, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#programme-days"
    assert "supprimée" in response.content.decode()
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_an_activity_of_another_session_cannot_be_edited_through_this_one(
    client_for, cast, session, activity
):
    other = SessionFactory(residency=cast.residency)
    url = reverse("fieldwork:activity_edit", args=[cast.residency.pk, other.pk, activity.pk])
    assert client_for(cast.coordinator).get(url).status_code == 404


def test_the_programme_page_lists_every_day_even_empty_ones(client_for, cast, session, activity):
    html = client_for(cast.partner).get(reverse("fieldwork:programme", args=[cast.residency.pk, session.pk]))
    html = html.content.decode()
    assert "Mardi 13 octobre 2026" in html and "Mercredi 14 octobre 2026" in html
    assert "Rien de prévu ce jour pour l’instant." in html


# --- Who sees what ------------------------------------------------------------------------------------


@pytest.fixture
def invited(cast, activity):
    """An inhabitant without consent, one with a public name and consent, an organisation with
    consent, an organisation without."""
    shy = StakeholderFactory(residency=cast.residency, name="Josiane Martin")
    named = StakeholderFactory(
        residency=cast.residency, name="Bernard Petit", pseudonym="un pêcheur des étangs"
    )
    ConsentFactory(stakeholder=named)
    club = StakeholderFactory(residency=cast.residency, name="Club de canoë", kind="organisation")
    ConsentFactory(stakeholder=club)
    quiet_org = StakeholderFactory(residency=cast.residency, name="Entreprise discrète", kind="organisation")
    activity.invited.set([shy, named, club, quiet_org])
    return activity


def _json(client, url):
    return json.loads(client.get(url).content)


def test_team_json_has_real_names_and_internal_notes(client_for, cast, session, invited):
    url = reverse("fieldwork:programme_twin", args=[cast.residency.pk, session.pk, "json"])
    row = _json(client_for(cast.team_member), url)["jours"][0]["activites"][0]
    assert row["notes_internes"] == "Clés chez le gardien"
    assert "Josiane Martin" in row["invites"]


def test_partners_read_the_programme_without_names_or_internal_notes(client_for, cast, session, invited):
    client = client_for(cast.partner)
    url = reverse("fieldwork:programme_twin", args=[cast.residency.pk, session.pk, "json"])
    text = client.get(url).content.decode()
    for private in ("Josiane Martin", "Bernard Petit", "Clés chez le gardien", "notes_internes"):
        assert private not in text
    page = client.get(reverse("fieldwork:programme", args=[cast.residency.pk, session.pk])).content.decode()
    assert "Clés chez le gardien" not in page and "Josiane Martin" not in page


def test_public_page_and_exports_show_only_public_information(client, cast, session, invited):
    ActivityFactory(session=session, title="Réunion interne", is_public=False, description="Secret")
    invited.lead = cast.team_member
    invited.save()
    SessionProgramme.objects.create(session=session, is_public=True, public_introduction="Venez nombreux")
    pages = [
        client.get(reverse(name, args=[cast.residency.pk, session.pk])).content.decode()
        for name in (
            "fieldwork:public_programme",
            "fieldwork:public_programme_json",
            "fieldwork:public_programme_ics",
        )
    ]
    for page in pages:
        for private in (
            "Josiane Martin",
            "Bernard Petit",
            "Entreprise discr",
            "Clés chez le gardien",
            "Réunion interne",
            cast.team_member.display_name,
        ):
            assert private not in page, private
    html, payload = pages[0], json.loads(pages[1])
    assert "Balade des remparts" in html and "Venez nombreux" in html
    assert payload["jours"][0]["activites"][0]["invites"] == ["Club de canoë", "un pêcheur des étangs"]
    assert "notes_internes" not in pages[1] and "participants_attendus" not in pages[1]


def test_withdrawn_consent_removes_the_public_name_at_once(client, cast, session, invited):
    SessionProgramme.objects.create(session=session, is_public=True)
    invited.invited.get(name="Club de canoë").consents.update(withdrawn_on=date(2020, 1, 1))
    url = reverse("fieldwork:public_programme_json", args=[cast.residency.pk, session.pk])
    assert "Club de canoë" not in client.get(url).content.decode()


def test_coordinator_publishes_one_session_or_the_whole_residency(client_for, cast, session):
    client = client_for(cast.coordinator)
    url = reverse("fieldwork:programme_publication", args=[cast.residency.pk, session.pk])
    client.post(url, {"is_public": "on", "public_introduction": "Bienvenue"})
    assert SessionProgramme.objects.get(session=session).is_public
    assert not FieldworkSettings.objects.get(residency=cast.residency).programme_is_public
    client.post(url, {"all_sessions": "on"})
    assert FieldworkSettings.objects.get(residency=cast.residency).programme_is_public
    assert not SessionProgramme.objects.get(session=session).is_public


# --- iCalendar ---------------------------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= FOLD_AT
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _events(lines: list[str]) -> list[dict]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_ical_escape_and_fold_follow_rfc_5545():
    assert ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= FOLD_AT for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == long


def test_team_calendar_is_well_formed_with_utc_times_and_stable_uids(client_for, cast, session, activity):
    activity.description = "Départ devant la mairie, puis remparts; étangs, retour\nen fin de matinée. " * 3
    activity.save()
    client = client_for(cast.team_member)
    url = reverse("fieldwork:programme_ics", args=[cast.residency.pk, session.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    (event,) = _events(lines)
    # 9:30 in Paris on 13 October (summer time, UTC+2) is 7:30 UTC.
    assert event["DTSTART"] == "20261013T073000Z" and event["DTEND"] == "20261013T100000Z"
    assert event["DTSTAMP"].endswith("Z") and event["GEO"] == "49.932500;2.933600"
    assert "remparts\\; étangs\\, retour\\nen fin" in event["DESCRIPTION"]
    assert "Clés chez le gardien" not in text
    again = _events(_unfold(client.get(url).content.decode()))[0]
    assert again["UID"] == event["UID"] == f"activite-{activity.pk}@127.0.0.1"


def test_winter_time_is_converted_to_utc(client_for, cast):
    winter = SessionFactory(
        residency=cast.residency, start_date=date(2026, 11, 20), end_date=date(2026, 11, 20)
    )
    ActivityFactory(session=winter, day=date(2026, 11, 20), start_time=time(18), end_time=time(20))
    url = reverse("fieldwork:programme_ics", args=[cast.residency.pk, winter.pk])
    (event,) = _events(_unfold(client_for(cast.partner).get(url).content.decode()))
    assert event["DTSTART"] == "20261120T170000Z"


def test_public_calendar_lists_only_public_activities(client, cast, session, activity):
    ActivityFactory(session=session, title="Réunion interne", is_public=False)
    SessionProgramme.objects.create(session=session, is_public=True)
    text = client.get(reverse("fieldwork:public_programme_ics", args=[cast.residency.pk, session.pk])).content
    events = _events(_unfold(text.decode()))
    assert [e["SUMMARY"] for e in events] == ["Balade des remparts"]


# --- PDF ---------------------------------------------------------------------------------------------


def test_programme_pdf_is_rendered_in_the_background_and_downloaded(client_for, cast, session, activity):
    client = client_for(cast.partner)
    response = client.post(reverse("fieldwork:programme_pdf", args=[cast.residency.pk, session.pk]))
    export = ProgrammeExport.objects.get(session=session)
    assert response.url == reverse(
        "fieldwork:programme_export", args=[cast.residency.pk, session.pk, export.pk]
    )
    assert (export.status, export.progress, export.audience) == ("pret", 100, "partners")
    status = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "Le PDF est prêt." in status
    download = client.get(
        reverse("fieldwork:programme_export_download", args=[cast.residency.pk, session.pk, export.pk])
    )
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF") and download["Content-Type"] == "application/pdf"


def test_printed_programme_names_the_invited_by_the_requester_view(cast, session, invited):
    from django.template.loader import render_to_string

    from arpenteur.fieldwork.tasks_programme import programme_print_context

    for audience, shown, hidden in (("team", "Josiane Martin", None), ("partners", None, "Josiane Martin")):
        html = render_to_string(
            "fieldwork/programme/print.html",
            {**programme_print_context(session, audience), "now": date.today()},
        )
        assert "Clés chez le gardien" not in html
        if shown:
            assert shown in html
        if hidden:
            assert hidden not in html


# --- Methods catalogue ---------------------------------------------------------------------------------


def test_catalogue_is_seeded_and_searchable(client_for, cast):
    client = client_for(cast.partner)
    html = client.get(reverse("fieldwork:methods", args=[cast.residency.pk])).content.decode()
    for name in ("World café", "Porteur de parole", "Marche sensible", "Vote par gommettes"):
        assert name.casefold() in html.casefold()
    found = client.get(
        reverse("fieldwork:methods", args=[cast.residency.pk]), {"q": "gommettes"}
    ).content.decode()
    assert "gommettes" in found and "Marche sensible" not in found


def test_team_adds_its_own_method_visible_only_in_its_residency(client_for, cast):
    client = client_for(cast.team_member)
    response = client.post(
        reverse("fieldwork:method_add", args=[cast.residency.pk]),
        {
            "name": "Banquet de quartier",
            "purpose": "Faire parler autour d’une table",
            "duration_minutes": "120",
            "group_size_min": "10",
            "group_size_max": "60",
            "output": "Récits, contacts",
        },
    )
    method = Method.objects.get(name="Banquet de quartier")
    assert response.status_code == 302 and method.residency == cast.residency
    assert method.slug == "banquet-de-quartier"
    other = SessionFactory()
    assert method not in Method.objects.available_for(other.residency)


def test_bad_group_size_is_explained(client_for, cast):
    response = client_for(cast.team_member).post(
        reverse("fieldwork:method_add", args=[cast.residency.pk]),
        {"name": "Méthode", "duration_minutes": "60", "group_size_min": "20", "group_size_max": "5"},
    )
    assert "Le maximum doit être au moins égal au minimum." in response.content.decode()
    assert not Method.objects.filter(name="Méthode").exists()


def test_staff_edits_the_common_catalogue(client_for, cast):
    method = Method.objects.get(slug="world-cafe", residency=None)
    url = reverse("fieldwork:method_edit", args=[cast.residency.pk, method.pk])
    client = client_for(cast.staff)
    data = {
        "name": method.name,
        "purpose": "Nouvel objectif",
        "duration_minutes": "90",
        "version": method.version,
    }
    assert client.post(url, data).status_code == 302
    method.refresh_from_db()
    assert method.purpose == "Nouvel objectif" and method.residency is None and method.slug == "world-cafe"


# --- Panel, queries, demo ----------------------------------------------------------------------------


@pytest.mark.parametrize("phase", ["preparer", "arpenter"])
def test_phase_pages_link_to_each_programme(client_for, cast, session, phase):
    html = client_for(cast.partner).get(reverse("residencies:phase", args=[cast.residency.pk, phase]))
    assert reverse("fieldwork:programme", args=[cast.residency.pk, session.pk]) in html.content.decode()


def test_programme_page_queries_do_not_grow_with_activities(
    client_for, cast, session, django_assert_max_num_queries
):
    people = [StakeholderFactory(residency=cast.residency) for _ in range(5)]
    for n in range(40):
        a = ActivityFactory(
            session=session,
            day=session.start_date + timedelta(days=n % 2),
            title=f"Activité {n}",
            lead=cast.coordinator,
        )
        a.invited.set(people)
    client = client_for(cast.team_member)
    url = reverse("fieldwork:programme", args=[cast.residency.pk, session.pk])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    SessionProgramme.objects.create(session=session, is_public=True)
    Activity.objects.update(is_public=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("fieldwork:public_programme", args=[cast.residency.pk, session.pk]))


def test_demo_gives_peronne_a_published_programme_and_is_idempotent():
    context: dict = {}
    for loader in demo_loaders():
        if loader.name in ("residencies", "fieldwork_programme"):
            loader.load(context)
    residency = context["residency"]
    immersion = Session.objects.get(residency=residency, title__startswith="Immersion")
    count = Activity.objects.filter(session__residency=residency).count()
    assert immersion.activities.count() >= 10 and immersion.programme_settings.is_public
    assert immersion.activities.filter(is_public=True, method__isnull=False, latitude__isnull=False).exists()
    for loader in demo_loaders():
        if loader.name in ("residencies", "fieldwork_programme"):
            loader.load(context)
    assert Activity.objects.filter(session__residency=residency).count() == count
    for a in Activity.objects.filter(session__residency=residency):
        a.full_clean()
