"""Applications by communes and EPCI: drafts, attachments, submission with a receipt, the deadline."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arpenteur.programmes.models import Application, Call

from ..factories import CommuneFactory
from .conftest import PROGRAMME_PERSONAS
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _form(pcast, **overrides):
    question = pcast.call.questions.get(position=1)
    data = {
        "start-applicant": pcast.applicant.org_memberships.get().organisation_id,
        "project_title": "Rendre la place aux piétons",
        "commune": "80620",
        "summary": "Notre place centrale est un parking.",
        "contact_name": "Anne Maire",
        "contact_email": "anne@commune.example.org",
        f"q_{question.pk}": "Parce que le PLUi est en révision.",
        "save": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def peronne(db):
    return CommuneFactory(peronne=True)


def test_a_commune_saves_a_draft_then_submits_it_and_gets_a_receipt(
    client_for, pcast, peronne, django_capture_on_commit_callbacks
):
    client = client_for(pcast.applicant)
    response = client.post(
        reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk]), _form(pcast)
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == "brouillon" and application.commune == peronne
    assert application.created_by == pcast.applicant
    data = _form(pcast, version=application.version, submit="")
    del data["save"], data["start-applicant"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:application", args=[application.pk]), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "deposee" and application.receipt_number
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert application.receipt_number in receipt.subject
    assert sorted(receipt.to) == ["anne@commune.example.org", "maire@commune.example.org"]
    assert "Rendre la place aux piétons" in receipt.body
    # Submitted: frozen for the applicant.
    assert client.post(reverse("programmes:application", args=[application.pk]), data).status_code == 403


def test_no_receipt_when_the_transaction_rolls_back(
    client_for, pcast, peronne, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=pcast.call, commune=peronne)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        from arpenteur.programmes.services import submit_application

        submit_application(application=application, by=pcast.applicant)
    assert len(callbacks) == 1 and mail.outbox == []


def test_submission_with_missing_answers_keeps_the_draft_and_says_what_is_missing(client_for, pcast, peronne):
    client = client_for(pcast.applicant)
    question = pcast.call.questions.get(position=1)
    data = _form(pcast, **{f"q_{question.pk}": "", "submit": ""})
    del data["save"]
    response = client.post(
        reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "il manque pour le déposer" in page and "Pourquoi une résidence maintenant ?" in page
    application = Application.objects.get()
    assert application.status == "brouillon" and application.project_title == "Rendre la place aux piétons"


def test_after_the_deadline_the_application_is_refused_and_the_typing_kept(client_for, pcast, peronne):
    Call.objects.filter(pk=pcast.call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(minutes=1)
    )
    client = client_for(pcast.applicant)
    url = reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk])
    response = client.post(url, _form(pcast, submit=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "est clos depuis le" in page and "Vos saisies sont conservées" in page
    assert "Rendre la place aux piétons" in page and "Parce que le PLUi est en révision." in page
    assert not Application.objects.exists()


def test_a_draft_cannot_be_changed_after_the_deadline(client_for, pcast, peronne):
    application = ApplicationFactory(
        call=pcast.call, commune=peronne, applicant=pcast.applicant.org_memberships.get().organisation
    )
    Call.objects.filter(pk=pcast.call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(minutes=1)
    )
    data = _form(pcast, project_title="Nouveau titre", version=application.version)
    response = client_for(pcast.applicant).post(
        reverse("programmes:application", args=[application.pk]), data
    )
    assert response.status_code == 200 and "Nouveau titre" in response.content.decode()
    application.refresh_from_db()
    assert application.project_title == "Redonner vie à la place du marché"


def test_an_unknown_insee_code_gets_a_french_message(client_for, pcast):
    response = client_for(pcast.applicant).post(
        reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk]), _form(pcast, commune="99999")
    )
    assert response.status_code == 200
    assert "99999" in response.content.decode()
    assert not Application.objects.exists()


def test_users_without_a_commune_or_epci_are_told_how_to_apply(client_for, pcast):
    response = client_for(pcast.cast.outsider).get(
        reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk]), follow=True
    )
    assert "doit appartenir à une commune ou à un EPCI" in response.content.decode()


@pytest.fixture
def draft(pcast, peronne):
    return ApplicationFactory(
        call=pcast.call, commune=peronne, applicant=pcast.applicant.org_memberships.get().organisation
    )


def _upload(client, application, name, content, description=""):
    return client.post(
        reverse("programmes:attachment_add", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content), "description": description},
    )


def test_attachments_are_checked_for_type_content_and_size(client_for, pcast, draft, settings):
    client = client_for(pcast.applicant)
    assert _upload(client, draft, "delib.pdf", PDF, "Délibération").status_code == 302
    attachment = draft.attachments.get()
    assert attachment.original_name == "delib.pdf" and attachment.size == len(PDF)
    response = _upload(client, draft, "script.exe", b"MZ...")
    assert response.status_code == 400 and "n’est pas accepté" in response.content.decode()
    response = _upload(client, draft, "faux.pdf", b"<html>not a pdf</html>")
    assert response.status_code == 400 and "ne ressemble pas à un fichier PDF" in response.content.decode()
    settings.PROGRAMMES_ATTACHMENT_MAX_MB = 1
    response = _upload(client, draft, "gros.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400 and "la limite est de 1 Mo" in response.content.decode()
    assert draft.attachments.count() == 1
    download = client.get(reverse("programmes:attachment", args=[draft.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_application_permission_matrix(client_for, pcast, draft, persona):
    """Applicants see and edit their draft; operators see it only once submitted; nobody else."""
    client = client_for(pcast.user(persona))
    url = reverse("programmes:application", args=[draft.pk])
    expected_draft = {"applicant": 200, "anonymous": 302}.get(persona, 404)
    assert client.get(url).status_code == expected_draft
    Application.objects.filter(pk=draft.pk).update(status="deposee", submitted_at=timezone.now())
    expected = {"applicant": 200, "operator": 200, "staff": 200, "anonymous": 302}.get(persona, 404)
    assert client.get(url).status_code == expected
    listing = client.get(reverse("programmes:applications", args=[pcast.programme.slug]))
    assert listing.status_code == {"operator": 200, "staff": 200, "anonymous": 302}.get(persona, 403)
    mine = client.get(reverse("programmes:my_applications"))
    if persona != "anonymous":
        assert (draft.project_title in mine.content.decode()) == (persona == "applicant")


def test_operator_list_twins_and_query_budget(client_for, pcast, peronne, django_assert_max_num_queries):
    org = pcast.applicant.org_memberships.get().organisation
    for _ in range(15):
        ApplicationFactory(call=pcast.call, commune=peronne, applicant=org, submitted=True)
    ApplicationFactory(call=pcast.call, commune=peronne, applicant=org)  # a draft stays private
    client = client_for(pcast.cast.operator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programmes:applications", args=[pcast.programme.slug]))
    assert response.status_code == 200
    rows = client.get(reverse("programmes:applications_twin", args=[pcast.programme.slug, "json"])).json()[
        "results"
    ]
    assert len(rows) == 15 and rows[0]["code_insee"] == "80620"
    csv = client.get(reverse("programmes:applications_twin", args=[pcast.programme.slug, "csv"]))
    assert b"".join(csv.streaming_content).decode().count("\n") == 16


def test_the_contact_is_prefilled_from_the_signed_in_account(client_for, pcast):
    url = reverse("programmes:apply", args=[pcast.programme.slug, pcast.call.pk])
    content = client_for(pcast.applicant).get(url).content.decode()
    assert 'value="maire@commune.example.org"' in content
