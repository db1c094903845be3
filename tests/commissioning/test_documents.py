"""Procurement documents are written from the residency's own data, as DOCX, ODT and PDF, from
templates an administrator edits; LibreOffice opens them; the analysis report stays with the jury."""

import io
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import P
from pypdf import PdfReader

from arpenteur.commissioning import services
from arpenteur.commissioning.models import (
    BudgetLine,
    DocumentKind,
    DocumentTemplate,
    GeneratedDocument,
    LineCategory,
    Stake,
    VatRegime,
)
from tests.factories import SessionFactory
from tests.tools import missing_tool

pytestmark = pytest.mark.django_db

QUESTION = "Comment relier les remparts, les étangs et le marché de Péronne ?"


def _frame(residency):
    intention = services.intention_for(residency)
    intention.question = QUESTION
    intention.stakes = [Stake.ECONOMY]
    intention.save()
    budget = services.budget_for(residency)
    budget.vat_regime = VatRegime.STANDARD
    budget.save()
    BudgetLine.objects.create(
        budget=budget,
        category=LineCategory.IMMERSION,
        label="Immersion",
        mode=BudgetLine.Mode.DAYS,
        people=4,
        days=Decimal(3),
        day_rate=Decimal(700),
    )
    SessionFactory(
        residency=residency,
        title="Balade des remparts",
        start_date=date(2026, 10, 13),
        end_date=date(2026, 10, 14),
    )


def _read(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _odt_text(data: bytes) -> str:
    document = load_odt(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(P)) + "\n".join(
        teletype.extractText(h) for h in document.text.childNodes
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_cctp_is_written_in_three_formats_with_the_residencys_own_data(
    cast, django_capture_on_commit_callbacks
):
    _frame(cast.residency)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            residency=cast.residency, kind=DocumentKind.CCTP, user=cast.commissioner
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert document.progress == 100
    docx_text = _docx_text(_read(document.docx))
    odt_text = _odt_text(_read(document.odt))
    pdf_text = _pdf_text(_read(document.pdf))
    for text in (docx_text, odt_text):
        assert QUESTION in text
        assert "Balade des remparts" in text
        assert cast.residency.commune.name in text
        assert "Économie, commerce, emploi" in text
    assert "Péronne" in pdf_text and "Balade des remparts" in pdf_text
    with zipfile.ZipFile(io.BytesIO(_read(document.odt))) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"


def test_rc_lists_the_residencys_grid_and_the_estimated_amount(cast, django_capture_on_commit_callbacks):
    _frame(cast.residency)
    services.grid_for(cast.residency)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            residency=cast.residency, kind=DocumentKind.RC, user=cast.commissioner
        )
    document.refresh_from_db()
    text = _docx_text(_read(document.docx))
    assert "Compréhension du territoire et de la commande" in text
    assert "8\u202f400,00\u00a0€" in text  # 4 × 3 × 700 HT


def test_templates_are_data_an_administrator_edits(cast, django_capture_on_commit_callbacks):
    template = DocumentTemplate.objects.get(kind=DocumentKind.AMI)
    template.body = "# Appel à manifestation d’intérêt\n\nNous cherchons une équipe pour {{ commune.name }}, modèle révisé."
    template.save()
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            residency=cast.residency, kind=DocumentKind.AMI, user=cast.commissioner
        )
    document.refresh_from_db()
    assert f"Nous cherchons une équipe pour {cast.residency.commune.name}, modèle révisé." in _docx_text(
        _read(document.docx)
    )


def test_a_broken_template_fails_visibly_instead_of_spinning(cast, django_capture_on_commit_callbacks):
    DocumentTemplate.objects.filter(kind=DocumentKind.CONVENTION).update(body="{% if %}")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_document(
            residency=cast.residency, kind=DocumentKind.CONVENTION, user=cast.commissioner
        )
    document = GeneratedDocument.objects.get(residency=cast.residency, kind=DocumentKind.CONVENTION)
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error


def test_commissioner_generates_then_partner_downloads_from_the_documents_page(
    client_for, cast, django_capture_on_commit_callbacks
):
    _frame(cast.residency)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.commissioner).post(
            reverse("commissioning:document_generate", args=[cast.residency.pk]), {"kind": "cctp"}
        )
    document = GeneratedDocument.objects.get(residency=cast.residency, kind="cctp")
    assert response["Location"] == reverse(
        "commissioning:document_status", args=[cast.residency.pk, document.pk]
    )
    partner = client_for(cast.partner)
    page = partner.get(reverse("commissioning:documents", args=[cast.residency.pk])).content.decode()
    assert "Cahier des clauses techniques particulières" in page
    assert "Rapport d’analyse des offres" not in page  # marks stay with the jury
    for fmt, magic in (("docx", b"PK"), ("odt", b"PK"), ("pdf", b"%PDF")):
        download = partner.get(
            reverse("commissioning:document_download", args=[cast.residency.pk, document.pk, fmt])
        )
        assert download.status_code == 200
        # Consuming the stream closes the file (closing explicitly would also close the DB connection).
        assert b"".join(download.streaming_content).startswith(magic)
    payload = partner.get(reverse("commissioning:documents_json", args=[cast.residency.pk])).json()
    assert {p["piece"] for p in payload["pieces"]} == {"cctp", "rc", "ami", "convention"}


def test_analysis_report_is_neither_generated_nor_downloaded_outside_the_jury(
    client_for, cast, django_capture_on_commit_callbacks
):
    url = reverse("commissioning:document_generate", args=[cast.residency.pk])
    assert client_for(cast.coordinator).post(url, {"kind": "analyse"}).status_code == 403
    assert client_for(cast.partner).post(url, {"kind": "analyse"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(cast.commissioner).post(url, {"kind": "analyse"}).status_code == 302
    document = GeneratedDocument.objects.get(kind="analyse")
    download = reverse("commissioning:document_download", args=[cast.residency.pk, document.pk, "pdf"])
    assert client_for(cast.coordinator).get(download).status_code == 404
    response = client_for(cast.commissioner).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_only_editors_generate_ordinary_pieces(client_for, cast):
    url = reverse("commissioning:document_generate", args=[cast.residency.pk])
    assert client_for(cast.partner).post(url, {"kind": "cctp"}).status_code == 403
    assert client_for(cast.team_member).post(url, {"kind": "cctp"}).status_code == 403
    assert client_for(cast.coordinator).post(url, {"kind": "cctp"}).status_code == 302
    assert not GeneratedDocument.objects.exclude(created_by=cast.coordinator).exists()


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_libreoffice_opens_the_generated_documents(cast, tmp_path, fmt, django_capture_on_commit_callbacks):
    if not shutil.which("libreoffice"):
        missing_tool("LibreOffice absent (apt: libreoffice-writer-nogui)")
    _frame(cast.residency)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            residency=cast.residency, kind=DocumentKind.CCTP, user=cast.commissioner
        )
    document.refresh_from_db()
    source = tmp_path / f"cctp.{fmt}"
    source.write_bytes(_read(getattr(document, fmt)))
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("libreoffice"),
            f"-env:UserInstallation=file://{tmp_path}/profil",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "out" / "cctp.pdf"
    assert converted.exists(), result.stderr.decode(errors="replace")
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), str(converted), "-"], capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Cahier des clauses techniques particulières" in text
    assert "Balade des" in text  # a table cell: pdftotext wraps it on two lines
    assert QUESTION in text
