"""The trace: walk the chain back from an enjeu to the original material, and forward from a
material to everything that uses it. Later apps extend both ends.

Walking back (bounded queries, whatever the volume):

    enjeux = trace.prefetch_enjeux(Enjeu.objects.filter(...))   # findings → evidence → segment/material
    for enjeu in enjeux:
        for finding in enjeu.findings.all():
            for evidence in finding.evidence.all():
                evidence.segment (with .codes) or evidence.material; evidence.source_material

    Single objects also answer: Enjeu.findings, Finding.evidence, Finding.evidence_segments(),
    Finding.evidence_materials(), Enjeu.evidence_segments(), Enjeu.evidence_materials().

Walking forward — "where is this material used?":

    usage = trace.material_usage(material, user)   # segments, findings, enjeux, then `extra`
    trace.register_usage_provider(fn)              # roadmap: fn(enjeu_ids, user) -> list[Usage]

A provider receives the ids of the enjeux the material feeds and returns `Usage` rows (label, url,
kind) — e.g. the roadmap's actions citing those enjeux — shown on the usage page and in its export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .models import Enjeu, Evidence, Finding, Segment


@dataclass(frozen=True)
class Usage:
    kind: str  # a French label of the kind of thing ("Action", "Livrable"…)
    label: str
    url: str = ""


_usage_providers: list[Callable[[list[int], object], list[Usage]]] = []


def register_usage_provider(provider: Callable[[list[int], object], list[Usage]]) -> None:
    if provider not in _usage_providers:
        _usage_providers.append(provider)


def evidence_prefetch(prefix: str = "") -> list:
    """Prefetches that load every piece of evidence of findings with its segment, codes and material."""
    return [
        Prefetch(
            prefix + "evidence",
            queryset=Evidence.objects.select_related("segment__material", "material").prefetch_related(
                "segment__codes"
            ),
        )
    ]


def prefetch_findings(findings):
    return findings.prefetch_related(*evidence_prefetch(), "codes")


def prefetch_enjeux(enjeux):
    return enjeux.prefetch_related(
        Prefetch("findings", queryset=Finding.objects.order_by("position", "pk")),
        *evidence_prefetch("findings__"),
    )


@dataclass
class MaterialUsage:
    material: object
    segments: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    enjeux: list = field(default_factory=list)
    extra: list[Usage] = field(default_factory=list)

    @property
    def is_used(self) -> bool:
        return bool(self.segments or self.findings)


def material_usage(material, user=None) -> MaterialUsage:
    """Where a material is used: its coded segments, the findings citing it (whole or through a
    segment), the enjeux derived from those findings, then what later apps register."""
    residency = material.residency
    segments = list(
        Segment.objects.filter(material=material).prefetch_related("codes").order_by("field", "start", "pk")
    )
    findings = Finding.objects.filter(
        Q(evidence__material=material) | Q(evidence__segment__material=material)
    ).distinct()
    enjeux = Enjeu.objects.filter(findings__in=findings).distinct()
    if user is not None:
        findings = findings.visible_to(user, residency)
        enjeux = enjeux.visible_to(user, residency)
    findings = list(findings.order_by("position", "pk"))
    enjeux = list(enjeux.order_by("position", "pk"))
    extra: list[Usage] = []
    enjeu_ids = [e.pk for e in enjeux]
    for provider in _usage_providers:
        extra.extend(provider(enjeu_ids, user))
    return MaterialUsage(material=material, segments=segments, findings=findings, enjeux=enjeux, extra=extra)


def speakers_by_material(materials) -> dict[int, str]:
    """Who speaks in each material, by public label (category or chosen public name), never the name."""
    from arpenteur.fieldwork.models import MaterialStakeholder

    out: dict[int, set[str]] = {}
    links = MaterialStakeholder.objects.filter(material__in=[m.pk for m in materials]).select_related(
        "stakeholder"
    )
    for link in links:
        out.setdefault(link.material_id, set()).add(link.stakeholder.public_label)
    return {pk: ", ".join(sorted(labels)) for pk, labels in out.items()}


def materials_of(findings: Iterable[Finding]) -> list:
    """The distinct source materials behind prefetched findings, in citation order."""
    seen, out = set(), []
    for finding in findings:
        for evidence in finding.evidence.all():
            material = evidence.source_material
            if material.pk not in seen:
                seen.add(material.pk)
                out.append(material)
    return out
