"""The invariants of the chain, proved at the service and model level: a finding cites evidence, an
enjeu cites a finding, deleting cited material never leaves a dangling reference."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from arpenteur.analysis.models import Enjeu, Evidence, Finding, Segment, SegmentCode
from arpenteur.analysis.services import (
    code_passage,
    delete_finding,
    delete_material,
    delete_segment,
    material_impact,
    remove_evidence,
    save_enjeu,
    save_finding,
    untag_segment,
)
from arpenteur.fieldwork.models import Material
from tests.fieldwork.factories import MaterialFactory

from ..factories import ResidencyFactory
from .factories import a_code, a_coded_passage, a_finding, an_enjeu

pytestmark = pytest.mark.django_db


@pytest.fixture
def residency():
    return ResidencyFactory()


def test_coding_a_passage_keeps_the_quote_and_offsets(residency):
    segment = a_coded_passage(residency, words="parking de la Porte de Bretagne")
    assert segment.quote == "parking de la Porte de Bretagne"
    assert segment.material.body[segment.start : segment.end] == segment.quote
    assert [c.name for c in segment.codes.all()] == ["Mobilités"]


def test_two_coders_on_the_same_span_add_codes_without_overwriting(residency, cast):
    material = MaterialFactory(residency=residency)
    first = code_passage(
        material=material,
        user=cast.team_member,
        codes=[a_code(residency, "Mobilités")],
        field_name="body",
        start=4,
        end=14,
    )
    second = code_passage(
        material=material,
        user=cast.coordinator,
        codes=[a_code(residency, "Jeunesse")],
        field_name="body",
        start=4,
        end=14,
    )
    assert first.pk == second.pk
    assert {(t.code.name, t.tagged_by) for t in SegmentCode.objects.filter(segment=first)} == {
        ("Mobilités", cast.team_member),
        ("Jeunesse", cast.coordinator),
    }


def test_a_span_outside_the_text_or_without_codes_is_refused(residency):
    material = MaterialFactory(residency=residency)
    with pytest.raises(ValidationError):
        code_passage(
            material=material, user=None, codes=[a_code(residency)], field_name="body", start=5, end=10_000
        )
    with pytest.raises(ValidationError):
        code_passage(material=material, user=None, codes=[], field_name="body", start=0, end=5)
    other = a_code(ResidencyFactory(), "Ailleurs")
    with pytest.raises(ValidationError):
        code_passage(material=material, user=None, codes=[other])
    assert not Segment.objects.exists()


def test_a_whole_photo_is_coded_once(residency):
    photo = MaterialFactory(residency=residency, kind=Material.Kind.PHOTO, body="")
    a = code_passage(material=photo, user=None, codes=[a_code(residency)])
    b = code_passage(material=photo, user=None, codes=[a_code(residency, "Patrimoine")])
    assert a.pk == b.pk and a.is_whole and a.codes.count() == 2


def test_the_database_refuses_a_backwards_span(residency):
    material = MaterialFactory(residency=residency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Segment.objects.create(residency=residency, material=material, field="body", start=10, end=5)


def test_a_finding_without_evidence_cannot_be_saved(residency):
    finding = Finding(residency=residency, title="Un constat sans preuve", swot="force")
    with pytest.raises(ValidationError):
        save_finding(finding=finding, user=None, segments=[], materials=[])
    assert not Finding.objects.exists()


def test_the_database_refuses_evidence_that_is_both_or_neither(residency):
    finding = a_finding(residency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(finding=finding)


def test_the_last_evidence_cannot_be_removed(residency):
    finding = a_finding(residency)
    with pytest.raises(ValidationError):
        remove_evidence(evidence=finding.evidence.get())
    save_finding(finding=finding, user=None, materials=[MaterialFactory(residency=residency)])
    remove_evidence(evidence=finding.evidence.filter(segment__isnull=False).get())
    assert finding.evidence.count() == 1


def test_evidence_from_another_residency_is_refused(residency):
    other = MaterialFactory(residency=ResidencyFactory())
    with pytest.raises(ValidationError):
        a_finding(residency, materials=[other])


def test_an_enjeu_needs_a_finding_and_a_finding_behind_an_enjeu_cannot_go(residency):
    with pytest.raises(ValidationError):
        save_enjeu(enjeu=Enjeu(residency=residency, title="Sans fondement"), user=None, findings=[])
    assert not Enjeu.objects.exists()
    enjeu = an_enjeu(residency)
    with pytest.raises(ValidationError):
        delete_finding(finding=enjeu.findings.get())


def test_a_cited_segment_is_kept_when_its_last_code_goes(residency):
    finding = a_finding(residency)
    segment = finding.evidence.get().segment
    assert untag_segment(segment=segment, code=segment.codes.get()) is False
    assert Segment.objects.filter(pk=segment.pk).exists()
    with pytest.raises(ValidationError):
        delete_segment(segment=segment)


def test_deleting_material_that_is_a_findings_only_evidence_is_refused(residency):
    finding = a_finding(residency)
    material = finding.evidence.get().segment.material
    impact = material_impact(material)
    assert impact.findings_left_without_evidence == [finding]
    with pytest.raises(ValidationError):
        delete_material(material=material)
    assert Material.objects.filter(pk=material.pk).exists()
    # The database also refuses, whatever path a deletion takes.
    with pytest.raises(ProtectedError), transaction.atomic():
        material.delete()


def test_deleting_material_removes_its_segments_and_citations_when_findings_keep_evidence(residency):
    finding = a_finding(residency)
    material = finding.evidence.get().segment.material
    other = MaterialFactory(residency=residency)
    save_finding(finding=finding, user=None, materials=[other])
    delete_material(material=material)
    assert not Material.objects.filter(pk=material.pk).exists()
    assert not Segment.objects.filter(material_id=material.pk).exists()
    assert [e.material for e in finding.evidence.all()] == [other]


def test_trace_walks_back_from_an_enjeu_to_the_material(residency):
    enjeu = an_enjeu(residency)
    finding = enjeu.findings.get()
    segment = finding.evidence_segments().get()
    assert list(enjeu.evidence_segments()) == [segment]
    assert list(finding.evidence_materials()) == [segment.material]
    assert list(enjeu.evidence_materials()) == [segment.material]


def test_material_usage_lists_segments_findings_enjeux_and_registered_providers(residency, cast):
    from arpenteur.analysis import trace

    enjeu = an_enjeu(cast.residency)
    material = enjeu.findings.get().evidence.get().segment.material

    def provider(enjeu_ids, user):
        return [trace.Usage("Action", f"Action pour {pk}") for pk in enjeu_ids]

    trace.register_usage_provider(provider)
    try:
        usage = trace.material_usage(material, cast.partner)
    finally:
        trace._usage_providers.remove(provider)
    assert usage.is_used
    assert [s.quote for s in usage.segments] == ["parking"]
    assert usage.enjeux == [enjeu]
    assert usage.extra == [trace.Usage("Action", f"Action pour {enjeu.pk}")]
