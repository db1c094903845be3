import io

import pytest
from pypdf import PdfReader

from arpenteur.publications.content import collect
from arpenteur.publications.models import Deliverable
from arpenteur.publications.render import render_cahier_odt, render_cahier_pdf, render_posters_pdf
from arpenteur.publications.services import request_deliverable

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_cahier_is_an_a4_pdf_with_metadata_toc_and_page_numbers(residency):
    data = render_cahier_pdf(collect(residency))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith(residency.title)
    assert "Collectif Lisière" in reader.metadata.author
    assert len(reader.pages) >= 10  # cover, contents, one page per section
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    text = pdf_text(data)
    assert "Sommaire" in text and "Le diagnostic partagé" in text
    assert "3 / " in text  # page numbers « n / total »
    assert "relier les quartiers\u00a0:" in text  # French typography
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts)


def test_absent_apps_render_their_sections_as_absent(residency):
    content = collect(residency)
    assert {s.key for s in content.sections} >= {"diagnostic", "vision", "feuille_de_route"}


@pytest.mark.parametrize("paper", ["A1", "A0"])
def test_posters_are_built_in_a1_and_a0(residency, paper):
    reader = PdfReader(io.BytesIO(render_posters_pdf(collect(residency), paper)))
    box = reader.pages[0].mediabox
    width_mm = round(float(box.width) / 72 * 25.4)
    assert width_mm == {"A1": 594, "A0": 841}[paper]
    assert len(reader.pages) == 4


def test_the_odt_is_a_valid_zip_with_mimetype_first(residency):
    import zipfile

    data = render_cahier_odt(collect(residency))
    with zipfile.ZipFile(io.BytesIO(data)) as odt:
        assert odt.namelist()[0] == "mimetype"
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "Le dispositif" in odt.read("content.xml").decode()


def test_each_build_is_a_new_version_and_the_previous_stays(residency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = request_deliverable(residency=residency, kind="cahier")
    with django_capture_on_commit_callbacks(execute=True):
        second = request_deliverable(residency=residency, kind="cahier")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == Deliverable.Status.READY
    assert first.file.name != second.file.name
    with first.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert second.progress == 100 and second.page_count >= 10
