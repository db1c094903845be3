"""The trace of the roadmap: from actions back to their enjeux, findings, evidence and the original
material, and forward from a material to the actions it feeds (registered with `analysis.trace`).

Everything here reads through the policies of the earlier apps (`Enjeu.visible_to`,
`Finding.visibility`, `Material.visible_to`), so a partner's trace — on a page or in an export —
never shows a draft enjeu nor a quote whose speaker did not consent to sharing it. What is withheld
is counted, never silently dropped, so the reader knows the chain goes on.

Queries are bounded: one walk for any number of actions (actions, enjeux, findings, evidence,
codes, visible materials, speakers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from arpenteur.analysis import trace as analysis_trace
from arpenteur.analysis.models import Enjeu, Visibility

from .models import Action


@dataclass
class FindingTrace:
    finding: object
    evidence: list = field(default_factory=list)
    hidden: int = 0


@dataclass
class EnjeuTrace:
    enjeu: object
    findings: list[FindingTrace] = field(default_factory=list)
    hidden_findings: int = 0


@dataclass
class ActionTrace:
    action: Action
    enjeux: list[EnjeuTrace] = field(default_factory=list)
    speakers: dict = field(default_factory=dict)

    @property
    def materials(self) -> list:
        seen, out = set(), []
        for enjeu in self.enjeux:
            for finding in enjeu.findings:
                for evidence in finding.evidence:
                    material = evidence.source_material
                    if material.pk not in seen:
                        seen.add(material.pk)
                        out.append(material)
        return out


def with_enjeux(actions, user, residency):
    """`actions` with their enjeux (the ones `user` may read) and the whole chain behind them."""
    enjeux = analysis_trace.prefetch_enjeux(
        Enjeu.objects.filter(residency=residency).visible_to(user, residency).order_by("position", "pk")
    )
    return actions.prefetch_related(Prefetch("enjeux", queryset=enjeux))


def walk(actions, user, residency) -> list[ActionTrace]:
    """The trace of each of `actions` (already loaded through `with_enjeux`) as `user` may read it."""
    from arpenteur.fieldwork.models import Material

    is_editor = residency.can_be_edited_by(user)
    actions = list(actions)
    material_ids = {
        evidence.source_material.pk
        for action in actions
        for enjeu in action.enjeux.all()
        for finding in enjeu.findings.all()
        for evidence in finding.evidence.all()
    }
    visible = set()
    if material_ids:
        readable = Material.objects.visible_to(user, residency)
        visible = set(readable.filter(pk__in=material_ids).values_list("pk", flat=True))
    shown_materials = {}
    traces = []
    for action in actions:
        enjeu_rows = []
        for enjeu in action.enjeux.all():
            findings = list(enjeu.findings.all())
            readable_findings = [f for f in findings if is_editor or f.visibility != Visibility.TEAM]
            rows = []
            for finding in readable_findings:
                evidence = [e for e in finding.evidence.all() if e.source_material.pk in visible]
                for e in evidence:
                    shown_materials[e.source_material.pk] = e.source_material
                rows.append(FindingTrace(finding, evidence, len(finding.evidence.all()) - len(evidence)))
            enjeu_rows.append(EnjeuTrace(enjeu, rows, len(findings) - len(readable_findings)))
        traces.append(ActionTrace(action, enjeu_rows))
    speakers = analysis_trace.speakers_by_material(list(shown_materials.values()))
    for item in traces:
        item.speakers = speakers
    return traces


def action_usage(enjeu_ids: list[int], user) -> list[analysis_trace.Usage]:
    """Usage provider for `analysis.trace`: the actions citing these enjeux, as `user` may read them."""
    if not enjeu_ids:
        return []
    actions = Action.objects.filter(enjeux__in=enjeu_ids).select_related("residency").distinct()
    rows = []
    editable: dict[int, bool] = {}
    for action in actions.order_by("number", "pk"):
        residency = action.residency
        if residency.pk not in editable:
            editable[residency.pk] = user is not None and residency.can_be_edited_by(user)
        if action.audience == "equipe" and not editable[residency.pk]:
            continue
        rows.append(
            analysis_trace.Usage(
                kind=_("Action de la feuille de route"),
                label=str(action),
                url=reverse("roadmap:action_detail", args=[residency.pk, action.pk]),
            )
        )
    return rows
