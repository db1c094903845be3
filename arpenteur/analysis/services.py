"""State changes of the analysis: one typed function each, called from views, the demo loader,
imports and tasks alike. Invariants (evidence behind every finding, findings behind every enjeu,
no dangling reference when material goes) are checked here, inside the transaction."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
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
