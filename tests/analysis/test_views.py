"""Behaviour of the analysis pages: coding through the form, findings that must cite evidence,
privacy of quotes and names, the PDF in the background, deleting used material, query budgets."""

import pytest
from django.urls import reverse

from arpenteur.analysis.models import Enjeu, Finding, PdfExport, Segment
from arpenteur.fieldwork.models import Material
from tests.fieldwork.factories import MaterialFactory, StakeholderFactory

from .factories import a_code, a_coded_passage, a_finding, an_enjeu

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"analysis:{name}", kwargs={"pk": cast.residency.pk, **kwargs})


def test_coding_a_passage_with_offsets_from_the_widget(client_for, cast):
    material = MaterialFactory(residency=cast.residency)
    code = a_code(cast.residency, "Mobilités")
    start = material.body.index("parking")
    response = client_for(cast.team_member).post(
        url("coding_material", cast, material_pk=material.pk),
        {"field": "body", "passage": "parking", "start": start, "end": start + 7, "codes": [code.pk]},
    )
    assert response.status_code == 302
    segment = Segment.objects.get()
    assert (segment.start, segment.end, segment.quote, segment.created_by) == (
        start,
        start + 7,
        "parking",
        cast.team_member,
    )


def test_coding_a_pasted_passage_without_offsets_and_a_new_code(client_for, cast):
    material = MaterialFactory(residency=cast.residency)
    response = client_for(cast.team_member).post(
        url("coding_material", cast, material_pk=material.pk),
        {"field": "body", "passage": "la gare   routière", "new_code": "Gare"},
    )
    assert response.status_code == 302
    segment = Segment.objects.get()
    assert segment.quote == "la gare routière"
    assert [c.name for c in segment.codes.all()] == ["Gare"]


def test_a_passage_not_in_the_text_is_refused_and_kept(client_for, cast):
    material = MaterialFactory(residency=cast.residency)
    code = a_code(cast.residency)
    response = client_for(cast.team_member).post(
        url("coding_material", cast, material_pk=material.pk),
        {"field": "body", "passage": "un passage inventé", "codes": [code.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "introuvable" in body and "un passage inventé" in body
    assert not Segment.objects.exists()


def test_coding_a_whole_photo(client_for, cast):
    photo = MaterialFactory(residency=cast.residency, kind=Material.Kind.PHOTO, body="", title="Remparts")
    code = a_code(cast.residency, "Patrimoine")
    response = client_for(cast.coordinator).post(
        url("coding_material", cast, material_pk=photo.pk), {"whole": "on", "codes": [code.pk]}
    )
    assert response.status_code == 302
    assert Segment.objects.get().is_whole


def test_a_finding_form_without_evidence_is_refused_and_keeps_what_was_typed(client_for, cast):
    response = client_for(cast.team_member).post(
        url("finding_create", cast),
        {
            "title": "Le marché fait vivre la place",
            "swot": "force",
            "nature": "constat",
            "visibility": "membres",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "au moins une preuve" in body and "Le marché fait vivre la place" in body
    assert not Finding.objects.exists()


def test_finding_from_a_segment_then_an_enjeu_then_the_trace(client_for, cast):
    segment = a_coded_passage(cast.residency, cast.team_member)
    client = client_for(cast.team_member)
    form = client.get(url("finding_create", cast) + f"?extrait={segment.pk}").content.decode()
    assert f'value="{segment.pk}" id="seg-{segment.pk}" checked' in form
    response = client.post(
        url("finding_create", cast),
        {
            "title": "Le parking est un raccourci",
            "swot": "faiblesse",
            "nature": "usage",
            "visibility": "membres",
            "axis": "Faire liaison(s)",
            "segments": [segment.pk],
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and finding.evidence.get().segment == segment
    response = client.post(
        url("enjeu_create", cast),
        {"title": "Relier la gare au centre", "findings": [finding.pk], "visibility": "membres"},
    )
    enjeu = Enjeu.objects.get()
    assert response.status_code == 302
    trace = client_for(cast.team_member).get(url("enjeu_detail", cast, enjeu_pk=enjeu.pk)).content.decode()
    assert "Le parking est un raccourci" in trace and segment.material.title in trace
    # The material is the team's only: partners read the finding, not the quote behind it.
    trace = client_for(cast.partner).get(url("enjeu_detail", cast, enjeu_pk=enjeu.pk)).content.decode()
    assert "Le parking est un raccourci" in trace and segment.material.title not in trace
    assert "réservée à l’équipe" in trace


def test_an_enjeu_form_without_finding_is_refused(client_for, cast):
    response = client_for(cast.team_member).post(
        url("enjeu_create", cast), {"title": "Un enjeu hors sol", "visibility": "membres"}
    )
    assert response.status_code == 200
    assert "au moins un constat" in response.content.decode()
    assert not Enjeu.objects.exists()


def test_editing_a_finding_concurrently_is_detected(client_for, cast):
    finding = a_finding(cast.residency)
    segment = finding.evidence.get().segment
    data = {
        "title": "A",
        "swot": "force",
        "nature": "constat",
        "visibility": "membres",
        "segments": [segment.pk],
        "version": 1,
    }
    assert (
        client_for(cast.coordinator).post(url("finding_edit", cast, finding_pk=finding.pk), data).status_code
        == 302
    )
    response = client_for(cast.team_member).post(
        url("finding_edit", cast, finding_pk=finding.pk), {**data, "title": "B"}
    )
    assert response.status_code == 200 and "Quelqu’un d’autre a enregistré" in response.content.decode()
    finding.refresh_from_db()
    assert finding.title == "A"


def test_partners_see_neither_team_only_quotes_nor_names(client_for, cast, chain):
    secret = MaterialFactory(
        residency=cast.residency, visibility="equipe", body="Le maire ne viendra jamais au marché."
    )
    a_coded_passage(cast.residency, material=secret, words="Le maire ne viendra jamais")
    code_pk = chain["segment"].codes.get().pk
    partner = client_for(cast.partner)
    for page in (
        url("board_code", cast, code_pk=code_pk),
        url("board", cast),
        url("finding_detail", cast, finding_pk=chain["finding"].pk),
    ):
        body = partner.get(page).content.decode()
        assert "Le maire ne viendra jamais" not in body
        assert "Josiane Martin" not in body
    body = partner.get(url("board_code", cast, code_pk=code_pk)).content.decode()
    assert "Habitant·e" in body and "parking" in body
    team = client_for(cast.team_member).get(url("board_code", cast, code_pk=code_pk)).content.decode()
    assert "Le maire ne viendra jamais" in team
    assert "Josiane Martin" not in team


def test_partners_do_not_see_draft_findings(client_for, cast):
    draft = a_finding(cast.residency, title="Brouillon de l’équipe", visibility="equipe")
    assert (
        "Brouillon de l’équipe" not in client_for(cast.partner).get(url("diagnosis", cast)).content.decode()
    )
    assert client_for(cast.partner).get(url("finding_detail", cast, finding_pk=draft.pk)).status_code == 404
    assert (
        "Brouillon de l’équipe" in client_for(cast.team_member).get(url("diagnosis", cast)).content.decode()
    )


def test_board_counts_and_cooccurrence(client_for, cast):
    material = MaterialFactory(residency=cast.residency)
    a_coded_passage(cast.residency, material=material, words="parking", code_name="Mobilités")
    a_coded_passage(cast.residency, material=material, words="parking", code_name="Jeunesse")
    a_coded_passage(cast.residency, material=material, words="gare routière", code_name="Mobilités")
    response = client_for(cast.team_member).get(url("board", cast))
    codes = {c.name: c for c in response.context["codes"]}
    assert codes["Mobilités"].segment_count == 2 and codes["Jeunesse"].segment_count == 1
    assert [(a.name, b.name, n) for a, b, n in response.context["cooccurrence"]] == [
        ("Mobilités", "Jeunesse", 1)
    ]


def test_board_code_geojson_places_the_material(client_for, cast, chain):
    code = chain["segment"].codes.get()
    data = client_for(cast.partner).get(url("board_code_twin", cast, code_pk=code.pk, fmt="geojson")).json()
    assert data["features"][0]["geometry"]["coordinates"] == [
        chain["material"].longitude,
        chain["material"].latitude,
    ]


def test_deleting_used_material_asks_then_refuses_or_cleans(client_for, cast, chain):
    client = client_for(cast.team_member)
    page = url("material_usage", cast, material_pk=chain["material"].pk)
    body = client.get(page).content.decode()
    assert "seule preuve" in body
    client.post(page, {"decision": "supprimer"})
    assert Material.objects.filter(pk=chain["material"].pk).exists()
    other = MaterialFactory(residency=cast.residency)
    from arpenteur.analysis.services import save_finding

    save_finding(finding=chain["finding"], user=None, materials=[other])
    assert client.post(page, {"decision": "garder"}).status_code == 302
    assert Material.objects.filter(pk=chain["material"].pk).exists()
    client.post(page, {"decision": "supprimer"})
    assert not Material.objects.filter(pk=chain["material"].pk).exists()
    assert [e.material for e in chain["finding"].evidence.all()] == [other]


def test_report_is_prefilled_from_astonishments_and_exported_as_pdf(client_for, cast):
    session = cast.residency.sessions.filter(phase="arpenter").first() or cast.residency.sessions.first()
    session.phase = "arpenter"
    session.save()
    MaterialFactory(
        residency=cast.residency,
        session=session,
        kind=Material.Kind.ASTONISHMENT,
        title="Le marché",
        body="Le marché du samedi déborde sur le parking.",
    )
    MaterialFactory(residency=cast.residency, session=session, title="Raccourci", invisible_use=True)
    client = client_for(cast.team_member)
    form = client.get(url("report_create", cast)).context["form"]
    assert "Le marché du samedi déborde" in form.initial["astonishments"]
    assert "Raccourci" in form.initial["invisible_uses"]
    data = {
        "title": "Étonnements du premier temps",
        "session": session.pk,
        "authors": [cast.team_member.pk],
        "astonishments": "Le marché déborde.",
        "questions": "Qui tient la clé de la halle ?",
    }
    response = client.post(url("report_create", cast), data)
    assert response.status_code == 302
    report = cast.residency.astonishment_reports.get()
    response = client_for(cast.partner).post(url("report_pdf", cast, report_pk=report.pk))
    export = PdfExport.objects.get()
    assert response.status_code == 302 and export.status == "pret" and export.progress == 100
    download = client_for(cast.partner).get(url("export_download", cast, export_pk=export.pk))
    content = b"".join(download.streaming_content)
    download.close()
    assert content.startswith(b"%PDF")


def test_export_status_polls_while_running(client_for, cast, chain):
    export = PdfExport.objects.create(
        residency=cast.residency, report=chain["report"], status="en_cours", progress=40
    )
    response = client_for(cast.team_member).get(
        url("export_status", cast, export_pk=export.pk), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "40" in body and "<html" not in body


@pytest.mark.parametrize("name", ["board", "diagnosis", "finding_list", "enjeu_list", "coding_list"])
def test_pages_have_a_bounded_number_of_queries(client_for, cast, django_assert_max_num_queries, name):
    for i in range(6):
        speaker = StakeholderFactory(residency=cast.residency)
        material = MaterialFactory(residency=cast.residency, speakers=[speaker])
        segment = a_coded_passage(cast.residency, material=material, code_name=f"Code {i % 3}")
        an_enjeu(cast.residency, findings=[a_finding(cast.residency, segments=[segment])])
    client = client_for(cast.partner)
    with django_assert_max_num_queries(25):
        assert client.get(url(name, cast)).status_code == 200


def test_trace_pages_have_a_bounded_number_of_queries(client_for, cast, django_assert_max_num_queries):
    findings = []
    for _i in range(6):
        findings.append(a_finding(cast.residency, segments=[a_coded_passage(cast.residency)]))
    enjeu = an_enjeu(cast.residency, findings=findings)
    client = client_for(cast.team_member)
    with django_assert_max_num_queries(25):
        assert client.get(url("enjeu_detail", cast, enjeu_pk=enjeu.pk)).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("finding_detail", cast, finding_pk=findings[0].pk)).status_code == 200
