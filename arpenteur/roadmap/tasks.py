"""Background work of the roadmap: the XLSX and PDF exports (never built inside a request).

Both carry the trace — for each action, the enjeux it answers, the findings behind them and the
material cited — filtered by what the person who asked for the export may read."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import ExportJob


def _step(job: ExportJob, progress: int, status: str = ExportJob.Status.RUNNING) -> None:
    job.progress, job.status = progress, status
    ExportJob.objects.filter(pk=job.pk).update(progress=progress, status=status)


@task()
def build_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("residency__commune", "requested_by").filter(pk=job_id).first()
    if job is None:
        return
    try:
        _step(job, 10)
        from .views import roadmap_data

        data = roadmap_data(job.residency, job.requested_by)
        _step(job, 40)
        stamp = timezone.localdate().isoformat()
        if job.kind == ExportJob.Kind.XLSX:
            content, name = xlsx_bytes(data), f"feuille-de-route-{job.residency_id}-{stamp}.xlsx"
        else:
            html = render_to_string("roadmap/export_pdf.html", {**data, "now": timezone.now()})
            _step(job, 60)
            from weasyprint import HTML

            content, name = (
                HTML(string=html, base_url=None).write_pdf(),
                f"feuille-de-route-{job.residency_id}-{stamp}.pdf",
            )
        _step(job, 90)
        job.file.save(name, ContentFile(content), save=False)
        job.progress, job.status, job.finished_at = 100, ExportJob.Status.DONE, timezone.now()
        job.save(update_fields=["file", "progress", "status", "finished_at"])
    except Exception as error:  # the page must say it failed rather than spin forever
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise


def _cell(value):
    """Neutralise spreadsheet formulas in text typed by people (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def xlsx_bytes(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheets = {
        "Actions": [
            "Code",
            "Action",
            "Axe",
            "Description",
            "Objectifs",
            "Lieu",
            "Latitude",
            "Longitude",
            "Porteur",
            "Partenaires",
            "État",
            "Priorité",
            "Horizon",
            "Action rapide",
            "Début",
            "Fin",
            "Coût HT (€)",
            "Coût TTC (€)",
            "Financements (€)",
            "Enjeux",
        ],
        "Jalons": ["Code action", "Jalon", "Échéance", "Atteint"],
        "Indicateurs": [
            "Code action",
            "Indicateur",
            "Départ",
            "Année de départ",
            "Cible",
            "Année cible",
            "Unité",
            "Source",
        ],
        "Financements": ["Code action", "Financeur", "Montant (€)", "État", "Précision"],
        "Traçabilité": [
            "Code action",
            "Enjeu",
            "Constat",
            "Catégorie",
            "Matériau",
            "Type",
            "Extrait",
            "Parole de",
            "Preuves réservées",
        ],
    }
    rows: dict[str, list[list]] = {name: [] for name in sheets}
    for item in data["traces"]:
        a = item.action
        rows["Actions"].append(
            [
                a.code,
                a.title,
                a.axis.title,
                a.description,
                a.objectives,
                a.place,
                a.latitude,
                a.longitude,
                a.lead,
                ", ".join(a.partner_list),
                a.get_status_display(),
                a.priority,
                a.get_horizon_display(),
                "oui" if a.quick_win else "non",
                a.start_date,
                a.end_date,
                a.cost_ht,
                a.cost_ttc,
                a.total_funding,
                " | ".join(e.enjeu.title for e in item.enjeux),
            ]
        )
        for m in a.milestones.all():
            rows["Jalons"].append([a.code, m.title, m.due_date, "oui" if m.done else "non"])
        for i in a.indicators.all():
            rows["Indicateurs"].append(
                [a.code, i.name, i.baseline, i.baseline_year, i.target, i.target_year, i.unit, i.source]
            )
        for f in a.funding_lines.all():
            rows["Financements"].append([a.code, f.funder, f.amount, f.get_status_display(), f.note])
        for enjeu in item.enjeux:
            for ft in enjeu.findings:
                if not ft.evidence:
                    rows["Traçabilité"].append(
                        [
                            a.code,
                            enjeu.enjeu.title,
                            ft.finding.title,
                            ft.finding.get_swot_display(),
                            "",
                            "",
                            "",
                            "",
                            ft.hidden,
                        ]
                    )
                for e in ft.evidence:
                    material = e.source_material
                    quote = e.segment.quote if e.segment and not e.segment.is_whole else ""
                    rows["Traçabilité"].append(
                        [
                            a.code,
                            enjeu.enjeu.title,
                            ft.finding.title,
                            ft.finding.get_swot_display(),
                            str(material),
                            material.get_kind_display(),
                            quote,
                            item.speakers.get(material.pk, ""),
                            ft.hidden,
                        ]
                    )
    first = True
    for name, header in sheets.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = name
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows[name]:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 8), 60)
            for c in column[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
