"""What people see of the roadmap: the views by axis, horizon, lead and quick wins, the twins, the
fiche action, the trace back to the field and forward from a material, the exports with their
trace, the phase panels — and what partners do not see."""

import io
from datetime import date

import pytest
from django.urls import reverse

from arpenteur.roadmap.models import Action, ExportJob, Vision
from arpenteur.roadmap.services import request_export
from tests.analysis.factories import a_coded_passage, a_finding, an_enjeu
from tests.fieldwork.factories import MaterialFactory, StakeholderFactory

from .factories import an_action, an_axis

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"roadmap:{name}", kwargs={"pk": cast.residency.pk, **kwargs})


def test_the_roadmap_page_shows_the_vision_and_the_actions_by_axis(client_for, cast, road):
    Vision.objects.create(
        residency=cast.residency, title="Ville-repère", text="Des chemins relient les quartiers."
    )
    other = an_axis(cast.residency, "Ouvrir la ville sur ses étangs", position=2)
    page = client_for(cast.partner).get(url("home", cast)).content.decode()
    assert "Ville-repère" in page and "Des chemins relient les quartiers." in page
    assert page.index("Faire liaison(s)") < page.index(road["action"].title) < page.index(other.title)
    assert road["enjeu"].title in page  # each card says which enjeu it answers


def test_the_calendar_groups_actions_by_horizon_and_writes_their_dates(client_for, cast, road):
    enjeu = road["enjeu"]
    an_action(
        cast.residency,
        enjeux=[enjeu],
        title="Maison des étangs",
        horizon="long",
        start_date=date(2028, 9, 1),
        end_date=date(2029, 12, 31),
        cost_ht=None,
        cost_ttc=None,
    )
    an_action(cast.residency, enjeux=[enjeu], title="Marché du soir", horizon="court")
    page = client_for(cast.team_member).get(url("timeline", cast)).content.decode()
    assert page.index("Court terme") < page.index("Moyen terme") < page.index("Long terme")
    assert "septembre 2028" in page and "mars 2027" in page
    assert "<svg" in page and "2029" in page


def test_the_view_by_lead_and_the_quick_wins(client_for, cast, road):
    an_action(
        cast.residency, enjeux=[road["enjeu"]], title="Sentier des étangs", lead="Département de la Somme"
    )
    client = client_for(cast.team_member)
    by_lead = client.get(url("by_lead", cast)).content.decode()
    assert by_lead.index("Commune de Péronne") < by_lead.index("Département de la Somme")
    quick = client.get(url("quick_wins", cast)).content.decode()
    assert road["action"].title in quick and "Sentier des étangs" not in quick
    twin = client.get(url("quick_wins_twin", cast, fmt="json")).json()["results"]
    assert [row["action"] for row in twin] == [road["action"].title]


def test_the_json_twins_carry_every_field_of_the_fiche_action(client_for, cast, road):
    client = client_for(cast.partner)
    rows = client.get(url("home_twin", cast, fmt="json")).json()["results"]
    assert rows[0]["porteur"] == "Commune de Péronne" and rows[0]["enjeux"] == [road["enjeu"].pk]
    fiche = client.get(url("action_detail_twin", cast, action_pk=road["action"].pk, fmt="json")).json()[
        "results"
    ][0]
    assert fiche["indicateurs"][0]["unite"] == "passages/jour"
    assert fiche["plan_de_financement"][0]["financeur"] == "DSIL"
    assert fiche["cout_ttc"] == "21600.00" and fiche["horizon"] == "moyen"
    csv = client.get(url("home_twin", cast, fmt="csv"))
    assert "Commune de Péronne" in b"".join(csv.streaming_content).decode()


def test_the_trace_walks_back_from_the_action_to_the_quote_and_its_material(client_for, cast, road):
    page = (
        client_for(cast.team_member)
        .get(url("action_trace", cast, action_pk=road["action"].pk))
        .content.decode()
    )
    assert road["enjeu"].title in page and road["finding"].title in page
    assert "« parking »" in page
    assert reverse("analysis:material_usage", args=[cast.residency.pk, road["material"].pk]) in page
    assert "Josiane Martin" not in page  # speakers appear by category, never by name


def test_a_partner_trace_withholds_quotes_without_consent_and_says_so(client_for, cast, road):
    silent = StakeholderFactory(residency=cast.residency)  # no consent at all
    material = MaterialFactory(
        residency=cast.residency,
        visibility="partenaires",
        speakers=[silent],
        body="Le marché du samedi déborde sur la place.",
    )
    segment = a_coded_passage(cast.residency, material=material, words="déborde")
    finding = a_finding(cast.residency, segments=[segment], title="Le marché manque de place")
    enjeu = an_enjeu(cast.residency, findings=[finding], title="Agrandir le marché")
    action = an_action(cast.residency, enjeux=[enjeu], title="Marché prolongé")
    partner_page = (
        client_for(cast.partner).get(url("action_trace", cast, action_pk=action.pk)).content.decode()
    )
    assert "Le marché manque de place" in partner_page and "déborde" not in partner_page
    assert "1 preuve réservée à l’équipe." in partner_page
    team_page = (
        client_for(cast.team_member).get(url("action_trace", cast, action_pk=action.pk)).content.decode()
    )
    assert "« déborde »" in team_page


def test_the_material_usage_page_lists_the_actions_it_feeds(client_for, cast, road):
    usage = reverse("analysis:material_usage", args=[cast.residency.pk, road["material"].pk])
    page = client_for(cast.partner).get(usage).content.decode()
    assert road["action"].title in page
    assert reverse("roadmap:action_detail", args=[cast.residency.pk, road["action"].pk]) in page
    Action.objects.filter(pk=road["action"].pk).update(audience="equipe")
    assert road["action"].title not in client_for(cast.partner).get(usage).content.decode()
    assert road["action"].title in client_for(cast.team_member).get(usage).content.decode()


def test_the_xlsx_export_holds_the_fiches_and_their_trace(client_for, cast, road):
    from openpyxl import load_workbook

    client = client_for(cast.coordinator)
    response = client.post(url("export_request", cast), {"kind": "xlsx"})
    job = ExportJob.objects.exclude(pk=road["job"].pk).get()
    assert response.url == url("export_status", cast, job_pk=job.pk)
    assert (job.status, job.progress, job.audience) == ("pret", 100, "equipe")
    assert "Télécharger" in client.get(response.url).content.decode()
    download = client.get(url("export_download", cast, job_pk=job.pk))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    download.close()
    assert book.sheetnames == ["Actions", "Jalons", "Indicateurs", "Financements", "Traçabilité"]
    assert book["Actions"]["B2"].value == road["action"].title
    assert book["Indicateurs"]["H2"].value == "Commune"
    trace_row = [c.value for c in book["Traçabilité"][2]]
    assert trace_row[:3] == [road["action"].code, road["enjeu"].title, road["finding"].title]
    assert trace_row[6] == "parking" and "Josiane" not in str(trace_row)


def test_a_partner_export_leaves_out_team_drafts(cast, road):
    from openpyxl import load_workbook

    an_action(cast.residency, enjeux=[road["enjeu"]], title="Brouillon de l’équipe", audience="equipe")
    job = request_export(residency=cast.residency, kind="xlsx", user=cast.partner)
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        titles = [row[1].value for row in load_workbook(handle)["Actions"].iter_rows(min_row=2)]
    assert job.audience == "membres" and titles == [road["action"].title]


def test_the_pdf_export_is_built_in_the_background_with_the_trace(cast, road):
    pytest.importorskip("weasyprint")
    job = request_export(residency=cast.residency, kind="pdf", user=cast.team_member)
    job.refresh_from_db()
    assert job.status == "pret" and job.file.name.endswith(".pdf")
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_failed_export_says_so_instead_of_spinning(client_for, cast, monkeypatch):
    from arpenteur.roadmap import tasks

    def broken(data):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(tasks, "xlsx_bytes", broken)
    request_export(residency=cast.residency, kind="xlsx", user=cast.team_member)
    job = ExportJob.objects.get()
    assert job.status == "echec" and "disque plein" in job.error
    page = client_for(cast.team_member).get(url("export_status", cast, job_pk=job.pk)).content.decode()
    assert "La création de l’export a échoué" in page


@pytest.mark.parametrize("kind", ["prefigurer", "suivre"])
def test_the_phase_pages_lead_to_the_roadmap(client_for, cast, road, kind):
    page = (
        client_for(cast.partner)
        .get(reverse("residencies:phase", args=[cast.residency.pk, kind]))
        .content.decode()
    )
    assert "La feuille de route" in page and url("home", cast) in page
    assert "1 fiche action" in page


@pytest.mark.parametrize("name", ["home", "timeline", "by_lead", "quick_wins"])
def test_roadmap_pages_have_a_bounded_number_of_queries(
    client_for, cast, road, django_assert_max_num_queries, name
):
    for i in range(8):
        an_action(cast.residency, enjeux=[road["enjeu"]], title=f"Action {i}", quick_win=bool(i % 2))
    client = client_for(cast.partner)
    with django_assert_max_num_queries(20):
        assert client.get(url(name, cast)).status_code == 200


def test_the_trace_page_shows_five_quotes_per_finding_and_links_to_the_rest(client_for, cast):
    segments = [
        a_coded_passage(cast.residency, material=MaterialFactory(residency=cast.residency)) for _ in range(7)
    ]
    finding = a_finding(cast.residency, segments=segments, title="Le parking sert de raccourci")
    action = an_action(cast.residency, enjeux=[an_enjeu(cast.residency, findings=[finding])])
    page = client_for(cast.team_member).get(url("action_trace", cast, action_pk=action.pk)).content.decode()
    assert page.count("« parking »") == 5 and "Et 2 autres preuves : voir le constat" in page


def test_the_trace_page_has_a_bounded_number_of_queries(client_for, cast, django_assert_max_num_queries):
    enjeux = [
        an_enjeu(cast.residency, findings=[a_finding(cast.residency) for _ in range(3)]) for _ in range(3)
    ]
    action = an_action(cast.residency, enjeux=enjeux)
    client = client_for(cast.partner)
    for name in ("action_trace", "action_detail"):
        with django_assert_max_num_queries(20):
            assert client.get(url(name, cast, action_pk=action.pk)).status_code == 200
