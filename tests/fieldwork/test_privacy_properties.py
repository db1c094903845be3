"""Property: whatever the mix of visibility, moderation and consents (granted, withdrawn, expired, for
one medium and not another), no item and no person's real name reaches a viewer who must not see it —
on the list page, its JSON / CSV / GeoJSON twins, the detail page, the file, the register of actors,
the actor map, or the public contribution page and its photos.

The expected audience is computed here by an oracle written independently of the querysets, from the
rules as the issue states them (domain.md §10.1)."""

import json
import os
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arpenteur.fieldwork.models import (
    Consent,
    FieldworkSettings,
    Material,
    MaterialStakeholder,
    Stakeholder,
    Visibility,
)

from .conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "outsider", "operator", "partner", "team_member"]
MEDIA = Consent.Medium.values
PURPOSES = Consent.Purpose.values
JPEG = jpeg_with_gps((32, 24))

consent_state = st.sampled_from(["absent", "granted", "refused", "withdrawn", "expired", "future_withdrawal"])
actor_strategy = st.fixed_dictionaries({(m, p): consent_state for m in MEDIA for p in PURPOSES})
material_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["note", "citation", "photo", "son"]),
        "has_text": st.booleans(),
        "visibility": st.sampled_from(Visibility.values),
        "moderation": st.sampled_from(Material.Moderation.values),
        "origin": st.sampled_from(Material.Origin.values),
        "actors": st.sets(st.integers(0, 2), max_size=3),
    }
)


def _current(state: str) -> bool:
    return state in ("granted", "future_withdrawal")


def _media_used(spec) -> set[str]:
    media = set()
    if spec["has_text"]:
        media.add("texte")
    if spec["kind"] == "photo":
        media.add("photo")
    if spec["kind"] == "son":
        media.add("voix")
    return media


def _allowed(spec, actors, purpose) -> bool:
    return all(_current(actors[a][(m, purpose)]) for a in spec["actors"] for m in _media_used(spec))


def _expected(viewer, spec, actors) -> bool:
    """The oracle: who may see this item."""
    if spec["moderation"] != "acceptee":
        return False
    if viewer == "team_member":
        return True
    if viewer in ("partner", "operator"):
        return spec["visibility"] in ("partenaires", "public") and _allowed(spec, actors, "analyse")
    return False  # outsiders and anonymous visitors only see public pages, checked separately


def _publishable(spec, actors) -> bool:
    return (
        spec["moderation"] == "acceptee"
        and spec["visibility"] == "public"
        and _allowed(spec, actors, "publication")
    )


def _build(residency, actor_specs, material_specs, tag):
    today = timezone.localdate()
    people = []
    for i, consents in enumerate(actor_specs):
        person = Stakeholder.objects.create(
            residency=residency,
            name=f"NOMREEL{tag}x{i}",
            pseudonym=f"Alias {i}",
            category="habitant",
            email=f"secret{tag}x{i}@example.org",
            influence=1 + i,
            interest=5 - i,
        )
        for (medium, purpose), state in consents.items():
            if state == "absent":
                continue
            Consent.objects.create(
                stakeholder=person,
                medium=medium,
                purpose=purpose,
                granted=state != "refused",
                given_on=date(2026, 9, 1),
                source=Consent.Source.SIGNED_FORM,
                withdrawn_on={"withdrawn": today, "future_withdrawal": today + timedelta(days=30)}.get(state),
                expires_on=today - timedelta(days=1) if state == "expired" else None,
            )
        people.append(person)
    materials = []
    for j, spec in enumerate(material_specs):
        material = Material.objects.create(
            residency=residency,
            kind=spec["kind"],
            title=f"TITREMARQUE{tag}x{j}" if spec["has_text"] else "",
            body=f"CORPSMARQUE{tag}x{j}" if spec["has_text"] else "",
            captured_at=datetime(2026, 10, 13, 10, j, tzinfo=UTC),
            latitude=49.93 + j / 1000,
            longitude=2.93,
            position_source=Material.PositionSource.DEVICE,
            visibility=spec["visibility"],
            moderation=spec["moderation"],
            origin=spec["origin"],
            place_label=f"LIEUMARQUE{tag}x{j}",
        )
        if spec["kind"] in ("photo", "son"):
            material.file.save(f"m{tag}{j}.jpg", ContentFile(JPEG), save=False)
            material.file_type = "image/jpeg" if spec["kind"] == "photo" else "audio/ogg"
            material.save()
        for a in spec["actors"]:
            if a < len(people):
                MaterialStakeholder.objects.create(material=material, stakeholder=people[a])
        spec["actors"] = {a for a in spec["actors"] if a < len(people)}
        materials.append(material)
    return people, materials


def _drain(response) -> None:
    """Read a file response to the end: the test client then closes it (never call close() twice:
    on PostgreSQL the second request_finished signal would close the test's connection)."""
    if response.streaming:
        b"".join(response.streaming_content)


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@settings(
    # Each example walks ~60 pages; raise PRIVACY_EXAMPLES for a deeper search (e.g. nightly).
    max_examples=int(os.environ.get("PRIVACY_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    actor_specs=st.lists(actor_strategy, min_size=0, max_size=3),
    material_specs=st.lists(material_strategy, min_size=1, max_size=4),
    open_page=st.booleans(),
)
def test_no_item_and_no_name_leak_to_who_must_not_see_them(
    cast, client_for, actor_specs, material_specs, open_page
):
    tag = uuid.uuid4().hex[:8]
    with transaction.atomic():
        residency = cast.residency
        FieldworkSettings.objects.update_or_create(
            residency=residency, defaults={"contributions_are_open": open_page}
        )
        people, materials = _build(residency, actor_specs, material_specs, tag)
        pk = residency.pk
        for viewer in VIEWERS:
            client = client_for(cast.user(viewer))
            surfaces = {
                "liste": client.get(reverse("fieldwork:materials", args=[pk])),
                "json": client.get(reverse("fieldwork:materials_twin", args=[pk, "json"])),
                "csv": client.get(reverse("fieldwork:materials_twin", args=[pk, "csv"])),
                "geojson": client.get(reverse("fieldwork:materials_twin", args=[pk, "geojson"])),
                "acteurs": client.get(reverse("fieldwork:stakeholders", args=[pk])),
                "acteurs.json": client.get(reverse("fieldwork:stakeholders_twin", args=[pk, "json"])),
                "acteurs.csv": client.get(reverse("fieldwork:stakeholders_twin", args=[pk, "csv"])),
                "carte des acteurs": client.get(reverse("fieldwork:actor_map", args=[pk])),
                "page publique": client.get(reverse("fieldwork:contribute", args=[pk])),
            }
            texts = {name: _text(r) if r.status_code == 200 else "" for name, r in surfaces.items()}
            everything = "\n".join(texts.values())
            # The public page legitimately shows publishable contributions; it is checked on its own below.
            team_surfaces = "\n".join(text for name, text in texts.items() if name != "page publique")
            for j, (spec, material) in enumerate(zip(material_specs, materials, strict=True)):
                marker = f"CORPSMARQUE{tag}x{j}"
                detail = client.get(reverse("fieldwork:material_detail", args=[pk, material.pk]))
                seen = _expected(viewer, spec, {i: a for i, a in enumerate(actor_specs)})
                if spec["has_text"]:
                    assert (marker in texts["json"]) == seen, (viewer, spec, "json")
                    assert (marker in texts["csv"]) == seen, (viewer, spec, "csv")
                    assert (f"TITREMARQUE{tag}x{j}" in texts["liste"]) == seen, (viewer, spec, "liste")
                    if not seen:
                        assert marker not in team_surfaces, (viewer, spec)
                assert (f'"id":{material.pk},' in texts["geojson"]) == seen, (viewer, spec, "geojson")
                assert detail.status_code in ((200,) if seen else (302, 404)), (viewer, spec, "détail")
                if material.file:
                    file_response = client.get(reverse("fieldwork:material_file", args=[pk, material.pk]))
                    _drain(file_response)
                    assert (file_response.status_code == 200) == seen, (viewer, spec, "fichier")
                # Public pages: only publishable contributions, and only when the page is open.
                public_ok = open_page and _publishable(spec, dict(enumerate(actor_specs)))
                if spec["has_text"]:
                    shown = marker in texts["page publique"]
                    assert shown == (public_ok and spec["origin"] == "contribution"), (viewer, spec, "public")
                photo = client.get(reverse("fieldwork:public_file", args=[pk, material.pk]))
                _drain(photo)
                assert (photo.status_code == 200) == (public_ok and spec["kind"] == "photo"), (
                    viewer,
                    spec,
                    "photo",
                )
            for person in people:
                if viewer == "team_member":
                    assert person.name in texts["acteurs"] and person.email in texts["acteurs.csv"]
                    continue
                for secret in (person.name, person.email):
                    assert secret not in everything, (viewer, secret)
                detail = client.get(reverse("fieldwork:stakeholder_detail", args=[pk, person.pk]))
                assert detail.status_code in (302, 403, 404)
        transaction.set_rollback(True)


def test_the_oracle_agrees_with_the_model_on_one_instance(cast):
    """The instance methods used by pages (is_publishable, effective_visibility) follow the same rules."""
    person = Stakeholder.objects.create(residency=cast.residency, name="Zoé", category="habitant")
    Consent.objects.create(
        stakeholder=person, medium="texte", purpose="analyse", given_on=date(2026, 9, 1), source="courriel"
    )
    material = Material.objects.create(
        residency=cast.residency,
        kind="citation",
        body="Ici on se perd.",
        captured_at=datetime(2026, 10, 13, tzinfo=UTC),
        visibility=Visibility.PUBLIC,
    )
    MaterialStakeholder.objects.create(material=material, stakeholder=person)
    assert material.effective_visibility() == Visibility.PARTNERS and not material.is_publishable()
    assert json.dumps(material.media_used(), default=list) == '["texte"]'
