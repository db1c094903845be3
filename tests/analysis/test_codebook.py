"""The codebook: starter list, CSV round trip, rename, merge and delete without losing segments."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arpenteur.analysis.models import Code
from arpenteur.analysis.services import (
    create_code,
    delete_code,
    export_codebook_csv,
    get_or_create_codebook,
    import_codebook_csv,
    install_starter_codebook,
    merge_codes,
    rename_code,
)
from arpenteur.analysis.starter import STARTER_CODES

from ..factories import ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def codebook():
    return get_or_create_codebook(ResidencyFactory())


def test_starter_codebook_is_hierarchical_and_idempotent(codebook):
    added = install_starter_codebook(codebook=codebook)
    assert added == sum(1 + len(children) for *_rest, children in STARTER_CODES)
    assert install_starter_codebook(codebook=codebook) == 0
    mobilites = codebook.codes.get(name="Mobilités")
    assert {c.name for c in mobilites.children.all()} == {"Marche et vélo", "Stationnement"}
    assert codebook.codes.filter(name="Ressource agricole", parent__name="Ressources territoriales").exists()


def test_csv_round_trip_keeps_tree_colours_and_definitions(codebook):
    install_starter_codebook(codebook=codebook)
    text = export_codebook_csv(codebook)
    assert text.startswith("\ufeffnom;parent;couleur;definition")
    other = get_or_create_codebook(ResidencyFactory())
    report = import_codebook_csv(codebook=other, text=text)
    assert report.errors == []
    assert report.created == codebook.codes.count()

    def pairs(cb):
        return {(c.name, c.parent.name if c.parent else "", c.colour, c.description) for c in cb.codes.all()}  # noqa: E731

    assert pairs(other) == pairs(codebook)


def test_csv_import_with_an_error_imports_nothing_and_names_the_line(codebook):
    text = "nom,parent,couleur\nCommerce,,#aa0000\nMarché,Inconnu,#00aa00\nVitrines,,rouge\n"
    report = import_codebook_csv(codebook=codebook, text=text)
    assert any("Ligne 4" in e and "couleur" in e for e in report.errors)
    assert codebook.codes.count() == 0
    report = import_codebook_csv(codebook=codebook, text="nom,parent\nCommerce,\nMarché,Inconnu\n")
    assert any("Ligne 3" in e and "Inconnu" in e for e in report.errors)
    assert codebook.codes.count() == 0


def test_csv_import_updates_existing_codes_by_name(codebook):
    create_code(codebook=codebook, name="Commerce", colour="#111111")
    report = import_codebook_csv(
        codebook=codebook, text="nom;parent;couleur;definition\nCommerce;;#222222;Les boutiques\n"
    )
    assert (report.created, report.updated) == (0, 1)
    code = codebook.codes.get()
    assert (code.colour, code.description) == ("#222222", "Les boutiques")


def test_csv_import_refuses_a_file_without_header(codebook):
    with pytest.raises(ValidationError):
        import_codebook_csv(codebook=codebook, text="   ")
    with pytest.raises(ValidationError):
        import_codebook_csv(codebook=codebook, text="Commerce;;#222222\n")


def test_rename_refuses_a_duplicate_name(codebook):
    a = create_code(codebook=codebook, name="Commerce")
    create_code(codebook=codebook, name="Commerces")
    with pytest.raises(ValidationError):
        rename_code(code=a, name="Commerces")
    assert rename_code(code=a, name="Commerce de proximité").name == "Commerce de proximité"


def test_a_code_cannot_be_its_own_ancestor(codebook):
    parent = create_code(codebook=codebook, name="Espaces publics")
    child = create_code(codebook=codebook, name="Places", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_merge_moves_children_and_refuses_nonsense(codebook):
    a = create_code(codebook=codebook, name="Commerce")
    b = create_code(codebook=codebook, name="Commerces")
    child = create_code(codebook=codebook, name="Marché", parent=b)
    with pytest.raises(ValidationError):
        merge_codes(source=a, target=a)
    with pytest.raises(ValidationError):
        merge_codes(source=b, target=child)
    merge_codes(source=b, target=a)
    child.refresh_from_db()
    assert child.parent == a
    assert not Code.objects.filter(pk=b.pk).exists()


def test_delete_moves_children_up(codebook):
    a = create_code(codebook=codebook, name="Commerce")
    b = create_code(codebook=codebook, name="Marché", parent=a)
    c = create_code(codebook=codebook, name="Jour de marché", parent=b)
    delete_code(code=b)
    c.refresh_from_db()
    assert c.parent == a


def test_codebook_page_keeps_what_was_typed_on_bad_input(client_for, cast):
    client = client_for(cast.team_member)
    url = reverse("analysis:codebook", args=[cast.residency.pk])
    response = client.post(url, {"name": "Marché du samedi", "colour": "rouge", "description": "Les étals"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "#RRGGBB" in body and "Marché du samedi" in body and "Les étals" in body
    assert not cast.residency.codebook.codes.exists()


def test_two_people_editing_one_code_do_not_overwrite_each_other(client_for, cast):
    code = create_code(codebook=get_or_create_codebook(cast.residency), name="Commerce")
    url = reverse("analysis:code_edit", args=[cast.residency.pk, code.pk])
    first = {"name": "Commerce de centre-ville", "colour": "#aa0000", "description": "", "version": 1}
    assert client_for(cast.coordinator).post(url, first).status_code == 302
    second = {"name": "Commerces", "colour": "#00aa00", "description": "", "version": 1}
    response = client_for(cast.team_member).post(url, second)
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré" in response.content.decode()
    code.refresh_from_db()
    assert code.name == "Commerce de centre-ville"


def test_import_page_lists_errors_and_imports_nothing(client_for, cast):
    client = client_for(cast.team_member)
    url = reverse("analysis:codebook_import", args=[cast.residency.pk])
    upload = SimpleUploadedFile("grille.csv", "nom;parent\nMarché;Inconnu\n".encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "Inconnu" in response.content.decode()
    upload = SimpleUploadedFile(
        "grille.csv", "nom;parent;couleur\nCommerce;;#aa0000\nMarché;Commerce;\n".encode("cp1252")
    )
    assert client.post(url, {"file": upload}).status_code == 302
    assert set(cast.residency.codebook.codes.values_list("name", flat=True)) == {"Commerce", "Marché"}


def test_codebook_css_only_carries_validated_colours(client_for, cast):
    code = create_code(codebook=get_or_create_codebook(cast.residency), name="Commerce", colour="#A1B2C3")
    response = client_for(cast.partner).get(reverse("analysis:codebook_css", args=[cast.residency.pk]))
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode() == f".code-{code.pk}{{--code:#A1B2C3}}"
