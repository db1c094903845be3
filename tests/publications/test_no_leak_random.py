"""The leak test on random residencies (hypothesis): random material (kind, visibility, moderation,
the consents of the person it shows), random choices for the cahier, random findings, enjeux and
actions with random visibility. An oracle written here, independently of the fieldwork policy,
says what may be published; every other marker must stay out of the public page, the API, the
open-data package and the cahier PDF. Few examples: each one builds a PDF."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arpenteur.analysis.models import Enjeu, Finding
from arpenteur.fieldwork.models import Consent, Material, MaterialStakeholder, Stakeholder
from arpenteur.publications.content import collect
from arpenteur.publications.models import CahierItem
from arpenteur.publications.opendata import build_datapackage
from arpenteur.publications.render import render_cahier_pdf
from arpenteur.publications.services import set_publication_opt_in
from arpenteur.residencies.models import ResidencyMembership
from arpenteur.roadmap.models import Action, Axis
from tests.factories import ResidencyFactory

from .scenario import Markers, jpeg_with_exif
from .test_no_leak import zip_text

pytestmark = pytest.mark.django_db

TODAY = date.today()
# What the person shown or quoted agreed to, for publication: nothing, text only, everything,
# everything but withdrawn, everything but expired, internal analysis only; or nobody linked.
CONSENTS = ["nobody", "none", "text", "all", "withdrawn", "expired", "internal"]

material_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["citation", "note", "recit", "photo"]),
        "visibility": st.sampled_from(["equipe", "partenaires", "public"]),
        "moderation": st.sampled_from(["acceptee", "en_attente", "refusee"]),
        "consent": st.sampled_from(CONSENTS),
        "chosen": st.booleans(),
    }
)
roadmap_st = st.lists(st.sampled_from(["equipe", "membres", "public"]), max_size=4)


def publishable(spec: dict) -> bool:
    """The oracle: approved, public, and whoever is linked agreed to publication of every medium
    the material uses (text always — every material here has words — plus image for a photo)."""
    if spec["moderation"] != "acceptee" or spec["visibility"] != "public":
        return False
    if spec["consent"] == "nobody":
        return True
    if spec["consent"] == "all":
        return True
    return spec["consent"] == "text" and spec["kind"] != "photo"


def make_person(residency, consent: str, n: int) -> Stakeholder | None:
    if consent == "nobody":
        return None
    person = Stakeholder.objects.create(residency=residency, name=f"Personne {n}", category="habitant")
    media = {"none": [], "text": ["texte"], "internal": ["texte", "photo"]}.get(consent, ["texte", "photo"])
    for medium in media:
        Consent.objects.create(
            stakeholder=person,
            medium=medium,
            purpose="analyse" if consent == "internal" else "publication",
            given_on=TODAY - timedelta(days=30),
            source="formulaire_signe",
            withdrawn_on=TODAY - timedelta(days=1) if consent == "withdrawn" else None,
            expires_on=TODAY - timedelta(days=1) if consent == "expired" else None,
        )
    return person


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    materials=st.lists(material_st, min_size=1, max_size=6),
    finding_visibility=st.lists(st.sampled_from(["equipe", "membres", "public"]), max_size=3),
    actions=roadmap_st,
)
def test_random_residencies_publish_only_what_is_publishable(
    cast, client, materials, finding_visibility, actions
):
    markers = Markers()
    residency = ResidencyFactory()
    for user, role in ((cast.commissioner, "commanditaire"), (cast.coordinator, "coordination")):
        ResidencyMembership.objects.update_or_create(residency=residency, user=user, defaults={"role": role})
    for n, spec in enumerate(materials):
        ok = publishable(spec)
        mark = (markers.shown if ok else markers.secret)(f"matériau {n} {spec}")
        material = Material(
            residency=residency,
            kind=spec["kind"],
            title=mark,
            body=f"Propos {mark}",
            captured_at=datetime(2026, 9, 12, tzinfo=UTC),
            visibility=spec["visibility"],
            moderation=spec["moderation"],
            latitude=49.93,
            longitude=2.93,
            place_label=mark,
        )
        if spec["kind"] == "photo":
            from django.core.files.base import ContentFile

            name = markers.secret(f"nom du fichier {n}")
            material.file.save(
                f"{name}.jpg", ContentFile(jpeg_with_exif(markers.secret(f"EXIF {n}"))), save=False
            )
        material.save()
        person = make_person(residency, spec["consent"], n)
        if person is not None:
            MaterialStakeholder.objects.create(material=material, stakeholder=person)
        if spec["chosen"]:
            kind = "photo" if spec["kind"] == "photo" else "citation"
            CahierItem.objects.create(residency=residency, kind=kind, material_id=material.pk, position=n)
    findings = []
    for n, visibility in enumerate(finding_visibility):
        mark = (markers.shown if visibility == "public" else markers.secret)(f"constat {n} {visibility}")
        findings.append(
            Finding.objects.create(residency=residency, title=mark, swot="force", visibility=visibility)
        )
        mark = (markers.shown if visibility == "public" else markers.secret)(f"enjeu {n} {visibility}")
        Enjeu.objects.create(residency=residency, title=mark, visibility=visibility)
    if actions:
        axis = Axis.objects.create(residency=residency, title="Axe", position=1)
        for n, audience in enumerate(actions, start=1):
            mark = (markers.shown if audience == "public" else markers.secret)(f"action {n} {audience}")
            Action.objects.create(
                residency=residency, number=n, axis=axis, title=mark, lead="Commune", audience=audience
            )
    set_publication_opt_in(residency=residency, user=cast.commissioner, opt_in=True)
    set_publication_opt_in(residency=residency, user=cast.coordinator, opt_in=True)

    outputs = {
        "page publique": client.get(
            reverse("publications:public_page", args=[residency.pk])
        ).content.decode(),
        "API": json.dumps(
            client.get(reverse("publications:api_residency", args=[residency.pk])).json(), ensure_ascii=False
        ),
        "données ouvertes": zip_text(build_datapackage(residency)),
    }
    pdf = render_cahier_pdf(collect(residency))
    from pypdf import PdfReader

    outputs["cahier PDF"] = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    outputs["octets du PDF"] = pdf.decode("latin-1")
    for output, text in outputs.items():
        leaked = markers.leaked(text)
        assert not leaked, f"{output} laisse fuir : {sorted(leaked.values())}"
    # The publishable material reaches the open data; the publishable actions reach the API.
    for marker, where in markers.public.items():
        if where.startswith("matériau"):
            assert marker in outputs["données ouvertes"], where
        if where.startswith("action"):
            assert marker in outputs["API"], where
