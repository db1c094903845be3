"""The budget as an XLSX workbook, for commissioners who carry on in a spreadsheet."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .money import to_cents

EUR = '#,##0.00\\ "€"'


def budget_xlsx(residency, budget, lines, funding, figures) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append([f"Budget — {residency.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header = [
        "Poste",
        "Libellé",
        "Mode",
        "Personnes",
        "Jours",
        "Taux journalier HT",
        "Montant HT",
        "En nature",
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(
            [
                line.get_category_display(),
                line.label,
                line.get_mode_display(),
                line.people if line.mode == "jours" else None,
                float(line.days) if line.days is not None and line.mode == "jours" else None,
                float(line.day_rate) if line.day_rate is not None and line.mode == "jours" else None,
                float(to_cents(line.total_ht)),
                "oui" if line.in_kind else "non",
            ]
        )
    if budget is not None:
        totals = figures["totals"]
        sheet.append([])
        for label, value in [
            ("Total HT payé", totals.paid_ht),
            ("TVA", totals.vat),
            ("Total TTC", totals.paid_ttc),
            ("Apports en nature (valorisés)", totals.in_kind),
            ("Valeur totale de la résidence", totals.full_value),
        ]:
            sheet.append(["", label, "", "", "", "", float(value)])
    for row in sheet.iter_rows(min_row=4, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = EUR
    for column, width in zip("ABCDEFGH", [26, 44, 14, 10, 8, 18, 16, 10], strict=True):
        sheet.column_dimensions[column].width = width
    plan = book.create_sheet("Plan de financement")
    plan.append(["Financeur", "Type", "Montant", "État", "Conditions"])
    for cell in plan[1]:
        cell.font = Font(bold=True)
    for item in funding:
        plan.append(
            [
                item.funder_name,
                item.get_funder_kind_display(),
                float(item.amount),
                item.get_status_display(),
                item.conditions,
            ]
        )
    for row in plan.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = EUR
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
