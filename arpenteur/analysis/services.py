"""State changes of the analysis: one typed function each, called from views, the demo loader,
imports and tasks alike. Invariants (evidence behind every finding, findings behind every enjeu,
no dangling reference when material goes) are checked here, inside the transaction."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from .models import Code, Codebook, colour_validator
from .starter import STARTER_CODES

CSV_COLUMNS = ["nom", "parent", "couleur", "definition"]


def get_or_create_codebook(residency) -> Codebook:
    codebook, _created = Codebook.objects.get_or_create(residency=residency)
    return codebook


@transaction.atomic
def install_starter_codebook(*, codebook: Codebook) -> int:
    """Add the starter codes that the codebook lacks; return how many were added. Idempotent."""
    existing = set(codebook.codes.values_list("name", flat=True))
    added = 0
    position = _next_position(codebook)
    for name, colour, description, children in STARTER_CODES:
        parent = codebook.codes.filter(name=name).first()
        if parent is None:
            parent = Code.objects.create(
                codebook=codebook, name=name, colour=colour, description=description, position=position
            )
            position += 1
            added += 1
        for child_name, child_description in children:
            if child_name in existing:
                continue
            Code.objects.create(
                codebook=codebook,
                parent=parent,
                name=child_name,
                colour=colour,
                description=child_description,
                position=position,
            )
            position += 1
            added += 1
    return added


def _next_position(codebook: Codebook) -> int:
    return (codebook.codes.aggregate(m=Max("position"))["m"] or 0) + 1


def create_code(
    *,
    codebook: Codebook,
    name: str,
    parent: Code | None = None,
    colour: str = "#1f6f8b",
    description: str = "",
) -> Code:
    code = Code(
        codebook=codebook,
        name=name.strip(),
        parent=parent,
        colour=colour,
        description=description,
        position=_next_position(codebook),
    )
    code.full_clean()
    code.save()
    return code


# --- CSV ---------------------------------------------------------------------------------------------


def export_codebook_csv(codebook: Codebook) -> str:
    """The codebook as CSV (semicolon, like every CSV of the platform): name, parent, colour, definition.
    Parents come before their children so that the file imports back as is."""
    codes = list(codebook.codes.select_related("parent").order_by("position", "name", "pk"))
    by_parent: dict[int | None, list[Code]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    ordered: list[Code] = []

    def walk(parent_id):
        for code in by_parent.get(parent_id, []):
            ordered.append(code)
            walk(code.pk)

    walk(None)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for code in ordered:
        writer.writerow([code.name, code.parent.name if code.parent else "", code.colour, code.description])
    return "\ufeff" + out.getvalue()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def import_codebook_csv(*, codebook: Codebook, text: str) -> ImportReport:
    """Create or update codes from CSV (columns nom; parent; couleur; definition — comma or semicolon
    separated, header required). Either the whole file imports or nothing does: the report lists every
    line in error with its number."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(_("Le fichier est vide."))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    if "nom" not in headers and "name" not in headers:
        raise ValidationError(
            _("La première ligne doit nommer les colonnes : nom;parent;couleur;definition.")
        )
    report = ImportReport()
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        name = row.get("nom") or row.get("name") or ""
        if not name:
            report.errors.append(_("Ligne %(n)s : le nom du code manque.") % {"n": number})
            continue
        if len(name) > 100:
            report.errors.append(_("Ligne %(n)s : nom trop long (100 caractères au plus).") % {"n": number})
            continue
        colour = row.get("couleur") or row.get("colour") or row.get("color") or ""
        if colour:
            try:
                colour_validator(colour)
            except ValidationError:
                report.errors.append(
                    _("Ligne %(n)s : couleur « %(c)s » invalide (format #RRGGBB).")
                    % {"n": number, "c": colour}
                )
                continue
        rows.append(
            (
                number,
                name,
                row.get("parent", ""),
                colour,
                row.get("definition") or row.get("description") or "",
            )
        )
    if report.errors:
        return report
    with transaction.atomic():
        by_name = {code.name: code for code in codebook.codes.all()}
        position = _next_position(codebook)
        for number, name, parent_name, colour, description in rows:
            parent = None
            if parent_name:
                parent = by_name.get(parent_name)
                if parent is None:
                    report.errors.append(
                        _(
                            "Ligne %(n)s : le code parent « %(p)s » est inconnu (placez les parents avant leurs enfants)."
                        )
                        % {"n": number, "p": parent_name}
                    )
                    continue
            code = by_name.get(name)
            if code is None:
                code = Code(codebook=codebook, name=name, position=position)
                position += 1
                report.created += 1
            else:
                report.updated += 1
            code.parent = parent
            if colour:
                code.colour = colour
            if description:
                code.description = description
            try:
                code.full_clean()
            except ValidationError as error:
                report.errors.append(_("Ligne %(n)s : %(e)s") % {"n": number, "e": " ".join(error.messages)})
                continue
            code.save()
            by_name[name] = code
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = 0
    return report


# --- Rename, move, merge --------------------------------------------------------------------------------


def rename_code(*, code: Code, name: str) -> Code:
    name = name.strip()
    if not name:
        raise ValidationError(_("Donnez un nom au code."))
    if code.codebook.codes.exclude(pk=code.pk).filter(name=name).exists():
        raise ValidationError(_("Un autre code porte déjà ce nom : fusionnez-les plutôt."))
    code.name = name
    code.save(update_fields=["name"])
    return code


@transaction.atomic
def merge_codes(*, source: Code, target: Code) -> Code:
    """Merge `source` into `target`: its segments, findings and children move to `target`, then
    `source` goes. No segment loses a code: a segment tagged with both keeps one tag."""
    if source.pk == target.pk:
        raise ValidationError(_("Choisissez deux codes différents."))
    if source.codebook_id != target.codebook_id:
        raise ValidationError(_("Les deux codes doivent appartenir à la même grille."))
    ancestor = target.parent
    while ancestor is not None:
        if ancestor.pk == source.pk:
            raise ValidationError(_("Impossible de fusionner un code dans l’un de ses sous-codes."))
        ancestor = ancestor.parent
    _move_segment_tags(source, target)
    for finding in source.findings.all():
        finding.codes.add(target)
    source.children.update(parent=target)
    source.delete()
    return target


def _move_segment_tags(source: Code, target: Code) -> None:
    """Hook filled once segments exist (see below)."""
    tagging = _segment_code_model()
    if tagging is None:
        return
    already = set(tagging.objects.filter(code=target).values_list("segment_id", flat=True))
    tagging.objects.filter(code=source, segment_id__in=already).delete()
    tagging.objects.filter(code=source).update(code=target)


def _segment_code_model():
    from . import models

    return getattr(models, "SegmentCode", None)


@transaction.atomic
def delete_code(*, code: Code) -> None:
    """Delete a code: its children move up to its parent; segments keep their other codes."""
    code.children.update(parent=code.parent)
    tagging = _segment_code_model()
    if tagging is not None:
        tagging.objects.filter(code=code).delete()
    try:
        code.delete()
    except IntegrityError as error:  # pragma: no cover - protected by the update above
        raise ValidationError(str(error)) from error


def segment_counts(codebook: Codebook) -> dict[int, int]:
    """How many segments carry each code, in one grouped query."""
    tagging = _segment_code_model()
    if tagging is None:
        return {}
    from django.db.models import Count

    rows = tagging.objects.filter(code__codebook=codebook).values("code").annotate(n=Count("segment"))
    return {row["code"]: row["n"] for row in rows.order_by()}


# --- Segments (coding) -----------------------------------------------------------------------------


def material_text(material, field_name: str) -> str:
    if field_name not in ("body", "transcript"):
        raise ValidationError(_("Partie du matériau inconnue."))
    return getattr(material, field_name) or ""


@transaction.atomic
def code_passage(
    *,
    material,
    user,
    codes: list[Code],
    field_name: str = "",
    start: int | None = None,
    end: int | None = None,
    memo: str = "",
):
    """Tag a passage of a material's text (field_name + offsets) or the whole material (no offsets)
    with `codes`. The same span coded again by someone else reuses the segment and adds the missing
    codes: each tag is its own row, so concurrent coders never overwrite each other."""
    from .models import Segment, SegmentCode

    if not codes:
        raise ValidationError(_("Choisissez au moins un code."))
    residency = material.residency
    if any(code.codebook.residency_id != residency.pk for code in codes):
        raise ValidationError(_("Ces codes appartiennent à une autre résidence."))
    if start is None and end is None:
        field_name, quote = "", (material.body or material.transcript or material.title or "")[:500]
    else:
        text = material_text(material, field_name)
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise ValidationError(
                _("Le passage sélectionné ne correspond pas au texte : sélectionnez-le à nouveau.")
            )
        quote = text[start:end]
        if not quote.strip():
            raise ValidationError(_("Le passage sélectionné est vide."))
    segment, _created = Segment.objects.get_or_create(
        residency=residency,
        material=material,
        field=field_name,
        start=start,
        end=end,
        defaults={"quote": quote, "memo": memo, "created_by": user},
    )
    existing = set(segment.taggings.values_list("code_id", flat=True))
    SegmentCode.objects.bulk_create(
        [
            SegmentCode(segment=segment, code=code, tagged_by=user)
            for code in codes
            if code.pk not in existing
        ],
        ignore_conflicts=True,
    )
    return segment


@transaction.atomic
def untag_segment(*, segment, code: Code) -> bool:
    """Remove one code from a segment. A segment left without codes goes, unless a finding cites it
    (then it stays, uncoded, so the finding keeps its evidence). Returns True if the segment went."""
    segment.taggings.filter(code=code).delete()
    if not segment.taggings.exists() and not segment.evidence.exists():
        segment.delete()
        return True
    return False


@transaction.atomic
def delete_segment(*, segment) -> None:
    if segment.evidence.exists():
        raise ValidationError(
            _("Cet extrait est cité par un constat : retirez-le d’abord du constat ou remplacez la preuve.")
        )
    segment.taggings.all().delete()
    segment.delete()


# --- Findings and enjeux ------------------------------------------------------------------------------


def _check_same_residency(residency, segments, materials) -> None:
    if any(s.residency_id != residency.pk for s in segments) or any(
        m.residency_id != residency.pk for m in materials
    ):
        raise ValidationError(_("Une preuve citée appartient à une autre résidence."))


@transaction.atomic
def save_finding(*, finding, user, segments=(), materials=(), codes=None, replace_evidence: bool = False):
    """Create or update a finding with its evidence. Invariant: after this call the finding cites at
    least one segment or material; otherwise nothing is saved (ValidationError)."""
    from .models import Evidence

    segments, materials = list(segments), list(materials)
    _check_same_residency(finding.residency, segments, materials)
    finding.full_clean()
    if finding.pk is None:
        finding.created_by = user
        finding.position = (finding.residency.findings.aggregate(m=Max("position"))["m"] or 0) + 1
    finding.save()
    if replace_evidence:
        keep_segments = {s.pk for s in segments}
        keep_materials = {m.pk for m in materials}
        finding.evidence.exclude(segment_id__in=keep_segments).exclude(
            material_id__in=keep_materials
        ).delete()
    have_segments = set(finding.evidence.filter(segment__isnull=False).values_list("segment_id", flat=True))
    have_materials = set(
        finding.evidence.filter(material__isnull=False).values_list("material_id", flat=True)
    )
    Evidence.objects.bulk_create(
        [Evidence(finding=finding, segment=s, added_by=user) for s in segments if s.pk not in have_segments]
        + [
            Evidence(finding=finding, material=m, added_by=user)
            for m in materials
            if m.pk not in have_materials
        ]
    )
    if codes is not None:
        finding.codes.set(codes)
    finding.check_evidence()
    return finding


@transaction.atomic
def remove_evidence(*, evidence) -> None:
    """Remove one citation; refused when it is the finding's last piece of evidence."""
    finding = evidence.finding
    if finding.evidence.count() <= 1:
        raise ValidationError(
            _("C’est la dernière preuve de ce constat : ajoutez-en une autre avant de la retirer.")
        )
    evidence.delete()


@transaction.atomic
def delete_finding(*, finding) -> None:
    """Delete a finding. Refused when an enjeu would be left without any finding."""
    orphans = [e.title for e in finding.enjeux.all() if e.findings.count() <= 1]
    if orphans:
        raise ValidationError(
            _(
                "Ce constat est le seul fondement de l’enjeu « %(enjeu)s » : rattachez-lui un autre constat d’abord."
            )
            % {"enjeu": orphans[0]}
        )
    finding.delete()


@transaction.atomic
def save_enjeu(*, enjeu, user, findings):
    """Create or update an enjeu derived from `findings` (at least one, of the same residency)."""
    findings = list(findings)
    if any(f.residency_id != enjeu.residency_id for f in findings):
        raise ValidationError(_("Un constat choisi appartient à une autre résidence."))
    enjeu.full_clean()
    if enjeu.pk is None:
        enjeu.created_by = user
        enjeu.position = (enjeu.residency.enjeux.aggregate(m=Max("position"))["m"] or 0) + 1
    enjeu.save()
    enjeu.findings.set(findings)
    enjeu.check_findings()
    return enjeu


# --- Deleting material that the analysis uses ----------------------------------------------------------


@dataclass
class MaterialImpact:
    """What deleting a material would do to the analysis."""

    segments: list = field(default_factory=list)
    findings_losing_evidence: list = field(default_factory=list)
    findings_left_without_evidence: list = field(default_factory=list)

    @property
    def is_used(self) -> bool:
        return bool(self.segments or self.findings_losing_evidence)

    @property
    def can_delete(self) -> bool:
        return not self.findings_left_without_evidence


def material_impact(material) -> MaterialImpact:
    from .models import Evidence, Finding, Segment

    segments = list(Segment.objects.filter(material=material).order_by("pk"))
    citing = Evidence.objects.filter(Q(material=material) | Q(segment__material=material))
    finding_ids = set(citing.values_list("finding_id", flat=True))
    findings = list(Finding.objects.filter(pk__in=finding_ids).order_by("pk"))
    other = (
        Evidence.objects.filter(finding_id__in=finding_ids)
        .exclude(material=material)
        .exclude(segment__material=material)
        .values_list("finding_id", flat=True)
    )
    still_backed = set(other)
    return MaterialImpact(
        segments=segments,
        findings_losing_evidence=findings,
        findings_left_without_evidence=[f for f in findings if f.pk not in still_backed],
    )


@transaction.atomic
def delete_material(*, material, user=None) -> MaterialImpact:
    """Delete a material with its segments and the citations of them. Refused (nothing deleted) when a
    finding would be left without evidence: the team must first give it another piece of evidence or
    delete it. No reference is ever left dangling (the foreign keys are PROTECT as a last guard)."""
    from .models import Evidence

    impact = material_impact(material)
    if not impact.can_delete:
        raise ValidationError(
            _(
                "Ce matériau est la seule preuve de %(n)s constat(s) : %(titles)s. Ajoutez-leur une autre preuve ou supprimez-les d’abord."
            )
            % {
                "n": len(impact.findings_left_without_evidence),
                "titles": ", ".join(f"« {f.title} »" for f in impact.findings_left_without_evidence),
            }
        )
    Evidence.objects.filter(Q(material=material) | Q(segment__material=material)).delete()
    for segment in impact.segments:
        segment.taggings.all().delete()
        segment.delete()
    material.delete()
    return impact
