"""Nothing private leaks: markers planted in every private place of a rich residency never appear
in the public page, the public PDF (text extracted by pypdf and by pdftotext), the posters, the
ODT, the open-data package (every file of the ZIP), the API or the public photos — while the public
sentinels do appear, which proves each extraction really reads the output."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from arpenteur.publications.content import collect
from arpenteur.publications.opendata import build_datapackage
from arpenteur.publications.render import render_cahier_odt, render_cahier_pdf, render_posters_pdf

from .scenario import Markers

pytestmark = pytest.mark.django_db


def pdf_texts(data: bytes, tmp_path) -> str:
    """Text by pypdf, by pdftotext (poppler) and the document's metadata."""
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    if pdftotext := shutil.which("pdftotext"):
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        parts.append(
            subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
        )
    return "\n".join(parts)


def zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            name + "\n" + archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
        )


def assert_clean(markers: Markers, text: str, output: str, *, must_show: tuple[str, ...] = ()):
    leaked = markers.leaked(text)
    assert not leaked, f"{output} laisse fuir : {sorted(leaked.values())}"
    missing = markers.missing(text, only=must_show) if must_show else {}
    assert not missing, f"{output} ne montre pas le contenu public : {sorted(missing.values())}"


PUBLIC_IN_EVERY_DOCUMENT = ("citation publiée", "constat publié", "enjeu publié", "action publique", "vision")


def test_the_public_page_and_its_photos_leak_nothing(client, rich):
    residency, markers = rich
    content = collect(residency)
    html = client.get(reverse("publications:public_page", args=[residency.pk])).content.decode()
    assert_clean(
        markers,
        html,
        "La page publique",
        must_show=(
            *PUBLIC_IN_EVERY_DOCUMENT,
            "pseudonyme",
            "organisation consentante",
            "légende d’une photo",
        ),
    )
    listing = client.get(reverse("publications:public_list")).content.decode()
    assert_clean(markers, listing, "La liste des résidences publiées")
    assert len(content.photo_files) == 1  # the unconsented photo is not even fetchable
    for material_id in content.photo_files:
        response = client.get(reverse("publications:public_photo", args=[residency.pk, material_id]))
        assert response.status_code == 200
        assert_clean(markers, response.content.decode("latin-1"), "Une photo publique")
        assert b"Exif" not in response.content


def test_the_public_pdf_posters_and_odt_leak_nothing(rich, tmp_path):
    residency, markers = rich
    content = collect(residency)
    cahier = render_cahier_pdf(content)
    # The raw bytes too: embedded images, metadata and any uncompressed stream.
    assert_clean(markers, cahier.decode("latin-1"), "Les octets du cahier PDF")
    assert_clean(
        markers,
        pdf_texts(cahier, tmp_path),
        "Le cahier PDF",
        must_show=(
            *PUBLIC_IN_EVERY_DOCUMENT,
            "pseudonyme",
            "gouvernance",
            "indicateur",
            "légende d’une citation",
        ),
    )
    for paper in ("A1", "A0"):
        posters = render_posters_pdf(collect(residency), paper)
        assert_clean(markers, posters.decode("latin-1"), f"Les octets des affiches {paper}")
        assert_clean(
            markers,
            pdf_texts(posters, tmp_path),
            f"Les affiches {paper}",
            must_show=("citation publiée", "enjeu publié", "action publique"),
        )
    with zipfile.ZipFile(io.BytesIO(render_cahier_odt(collect(residency)))) as odt:
        text = "\n".join(odt.read(name).decode() for name in odt.namelist())
    assert_clean(markers, text, "Le cahier ODT", must_show=PUBLIC_IN_EVERY_DOCUMENT)


def test_the_data_package_and_the_api_leak_nothing(client, rich):
    residency, markers = rich
    assert_clean(
        markers,
        zip_text(build_datapackage(residency)),
        "Le paquet de données ouvertes",
        must_show=("citation publiée", "constat publié", "enjeu publié", "action publique"),
    )
    public_zip = client.get(reverse("publications:public_datapackage", args=[residency.pk])).content
    assert_clean(markers, zip_text(public_zip), "Le paquet public")
    for url in (
        reverse("publications:api_list"),
        reverse("publications:api_commune", args=[residency.commune.code]),
        reverse("publications:api_schema"),
    ):
        assert_clean(markers, client.get(url).content.decode(), url)
    detail = client.get(reverse("publications:api_residency", args=[residency.pk]))
    assert_clean(
        markers,
        json.dumps(detail.json(), ensure_ascii=False),
        "L’API d’une résidence",
        must_show=(*PUBLIC_IN_EVERY_DOCUMENT, "pseudonyme"),
    )


def test_the_built_deliverables_served_to_the_public_leak_nothing(client, rich, tmp_path):
    from arpenteur.publications.services import request_deliverable
    from arpenteur.publications.tasks import build_deliverable_now

    residency, markers = rich
    cahier = build_deliverable_now(request_deliverable(residency=residency, kind="cahier", enqueue=False))
    response = client.get(reverse("publications:public_deliverable", args=[residency.pk, cahier.pk]))
    data = b"".join(response.streaming_content)
    assert_clean(markers, pdf_texts(data, tmp_path), "Le cahier téléchargé", must_show=("citation publiée",))
    # The file name offered for download carries no private name either.
    assert_clean(markers, response["Content-Disposition"], "Le nom du fichier")
