"""Import and export of the catalogue: line-by-line report, idempotence, clear French reasons, staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from arpenteur.library.importer import CREATED, SKIPPED, UPDATED, ImportFileError, import_file
from arpenteur.library.models import ImportRun, Item

from ..factories import CommuneFactory
from ..personas import PERSONAS
from .factories import ItemFactory

pytestmark = pytest.mark.django_db

HEADER = "identifiant;nature;titre;structure;type;thematiques;code_territoire;annee_debut;liens;budget\n"
GOOD = (
    HEADER
    + "guide-eau;ressource;Guide de l'eau;Cerema;Guides & outils;eau | adaptation;;2024;https://example.org;\n"
    + "epicerie;experience;Épicerie de Péronne;Mairie;;commerce;80620;2021;;12 500,50\n"
)


@pytest.fixture
def peronne(db):
    return CommuneFactory(peronne=True)


def statuses(report):
    return [(line.line, line.status) for line in report.lines]


def test_import_creates_then_is_idempotent(peronne):
    first = import_file(GOOD, "csv")
    assert statuses(first) == [(2, CREATED), (3, CREATED)]
    epicerie = Item.objects.get(reference="epicerie")
    assert epicerie.territory_name == "Péronne" and epicerie.region.code == "32"
    assert epicerie.latitude == pytest.approx(49.93)
    assert str(epicerie.budget) == "12500.50"
    assert sorted(Item.objects.get(reference="guide-eau").themes.values_list("slug", flat=True)) == [
        "adaptation",
        "eau",
    ]
    second = import_file(GOOD, "csv")
    assert statuses(second) == [(2, SKIPPED), (3, SKIPPED)]
    assert second.lines[0].messages == ["Déjà à jour."]
    assert Item.objects.count() == 2


def test_import_updates_known_identifiers(peronne):
    import_file(GOOD, "csv")
    report = import_file(GOOD.replace("Guide de l'eau", "Guide de l'eau, 2e édition"), "csv")
    assert statuses(report) == [(2, UPDATED), (3, SKIPPED)]
    assert Item.objects.get(reference="guide-eau").title == "Guide de l'eau, 2e édition"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("x;ressource;;Cerema;guide;;;;;", "Le titre est obligatoire."),
        ("x;ressource;Titre;Cerema;poème;;;;;", "« poème » n'est pas une valeur possible de « type »"),
        ("x;ressource;Titre;Cerema;guide;astrologie;;;;", "Thématique inconnue : « astrologie »."),
        ("x;experience;Titre;Mairie;;;99999;;;", "Code INSEE inconnu : « 99999 »"),
        ("x;ressource;Titre;Cerema;guide;;;deux mille;;", "« annee_debut » doit être un nombre entier"),
        ("x;ressource;Titre;Cerema;guide;;;;javascript:alert(1);", "Lien refusé"),
        ("x;ressource;Titre;Cerema;guide;;;;;;en trop", "plus de colonnes que l'en-tête"),
        ("Mauvais Id;ressource;Titre;Cerema;guide;;;;;", "L'identifiant ne doit contenir"),
        ("x;ressource;Titre;Cerema;guide;;;;;beaucoup", "« budget » doit être un montant"),
    ],
)
def test_malformed_lines_are_skipped_with_a_reason_and_others_still_import(peronne, line, reason):
    report = import_file(HEADER + line + "\n" + GOOD.split("\n", 1)[1], "csv")
    assert report.lines[0].status == SKIPPED
    assert reason in report.lines[0].messages[0]
    assert [line.status for line in report.lines[1:]] == [CREATED, CREATED]


def test_duplicate_identifier_in_one_file_is_reported(peronne):
    report = import_file(GOOD + GOOD.split("\n", 1)[1], "csv")
    assert [line.status for line in report.lines] == [CREATED, CREATED, SKIPPED, SKIPPED]
    assert "plus haut dans le fichier (ligne 2)" in report.lines[2].messages[0]


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        ("", "csv", "vide"),
        ("nom;prenom\nA;B\n", "csv", "dont « titre »"),
        ("{pas du json", "json", "JSON est mal formé"),
        ('{"autre": 1}', "json", "liste de fiches"),
        (b"\xff\xfe\x00\x81", "csv", "ni en UTF-8"),
    ],
)
def test_unreadable_files_fail_as_a_whole_with_a_french_message(content, fmt, message):
    with pytest.raises(ImportFileError, match=message):
        import_file(content, fmt)


def test_export_then_import_changes_nothing(peronne, client_for, cast):
    ItemFactory(title="Guide", themes=["eau"], links=[{"url": "https://example.org", "label": "Site"}])
    ItemFactory(
        title="Formation", objectives="- Identifier les enjeux\n- Co-construire", item_type="formation"
    )
    import_file(GOOD, "csv")
    client = client_for(cast.staff)
    for fmt in ("csv", "json"):
        response = client.get(reverse("library:export", args=[fmt]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        report = import_file(content, fmt)
        assert {line.status for line in report.lines} == {SKIPPED}, [line.messages for line in report.lines]
    assert Item.objects.get(title="Guide").links == [{"url": "https://example.org", "label": "Site"}]


def test_json_import(peronne):
    payload = (
        '[{"titre": "Rapport", "type": "rapport", "structure": "Sénat", "thematiques": ["democratie"]}, 3]'
    )
    report = import_file(payload, "json")
    assert [line.status for line in report.lines] == [CREATED, SKIPPED]
    assert Item.objects.get().reference == "rapport-senat"


def test_dry_run_writes_nothing(peronne):
    report = import_file(GOOD, "csv", dry_run=True)
    assert [line.status for line in report.lines] == [CREATED, CREATED]
    assert not Item.objects.exists()


def test_management_commands_round_trip(peronne, tmp_path):
    source = tmp_path / "fiches.csv"
    source.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_library", str(source), stdout=out)
    assert "2 créée(s), 0 mise(s) à jour, 0 ignorée(s)." in out.getvalue()
    exported = tmp_path / "export.csv"
    call_command("export_library", str(exported))
    out = io.StringIO()
    call_command("import_library", str(exported), stdout=out)
    assert "0 créée(s), 0 mise(s) à jour, 2 ignorée(s)." in out.getvalue()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_import_and_export_everything(client_for, cast, persona):
    client = client_for(cast.user(persona))
    expected = {"staff": 200, "anonymous": 302}.get(persona, 403)
    assert client.get(reverse("library:import")).status_code == expected
    assert client.get(reverse("library:export", args=["csv"])).status_code == expected
    upload = SimpleUploadedFile("fiches.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(reverse("library:import"), {"file": upload})
    assert response.status_code == (302 if persona in ("staff", "anonymous") else 403)
    assert ImportRun.objects.exists() == (persona == "staff")


def test_upload_runs_in_the_background_and_shows_the_report(
    client_for, cast, peronne, django_capture_on_commit_callbacks
):
    client = client_for(cast.staff)
    upload = SimpleUploadedFile(
        "fiches.csv", (GOOD + "x;ressource;;;;;;;;\n").encode(), content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:import"), {"file": upload})
    run = ImportRun.objects.get()
    assert response.url == reverse("library:import_report", args=[run.pk])
    assert (run.status, run.created, run.skipped, run.payload) == ("done", 2, 0 + 1, "")
    page = client.get(response.url).content.decode()
    assert "Le titre est obligatoire." in page and "2 créées" in page


def test_a_wrong_file_type_keeps_the_form_with_a_message(client_for, cast):
    upload = SimpleUploadedFile("fiches.xlsx", b"PK", content_type="application/octet-stream")
    response = client_for(cast.staff).post(reverse("library:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Le fichier doit être un .csv ou un .json." in content
    assert 'name="dry_run" checked' in content or "checked" in content
