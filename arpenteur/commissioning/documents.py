"""Procurement documents: an administrator-edited template (DocumentTemplate) rendered over the
residency's own data, then written as DOCX (python-docx), ODT (odfpy) and PDF (WeasyPrint).

The template body is Django template language producing a light markup — `# ` heading, `## `
sub-heading, `### ` third level, `- ` list item, `| a | b |` table row, blank line between
paragraphs — so that one text gives three faithful, editable files. Rendering is never done in a
request: see tasks.generate_document.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from django.template import Context, Engine
from django.utils.translation import gettext as _

from .budget import compute_totals, procurement_route
from .grid import rank
from .models import DocumentKind, DocumentTemplate, Mark, Offer
from .money import format_eur

# Autoescape off: the output is plain text that each writer escapes for its own format.
ENGINE = Engine(autoescape=False)


@dataclass
class Block:
    kind: str  # h1, h2, h3, p, li, table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def build_context(residency) -> dict:
    """Everything a template may use, read from the residency's intention, format, budget, grid
    and offers. Amounts are pre-formatted the French way."""
    intention = getattr(residency, "intention", None) if _has(residency, "intention") else None
    budget = residency.budget if _has(residency, "budget") else None
    lines = list(budget.lines.all()) if budget else []
    funding = list(budget.funding.all()) if budget else []
    totals = compute_totals(budget, lines, funding) if budget else None
    for item in funding:
        item.amount_display = format_eur(item.amount, cents=True)
    client = residency.parties.filter(role="moa").select_related("organisation").first()
    awarded = residency.offers.filter(status=Offer.Status.AWARDED).select_related("team").first()
    grid = residency.evaluation_grids.order_by("created_at", "pk").first()
    criteria = list(grid.criteria.prefetch_related("subcriteria")) if grid else []
    offers = list(residency.offers.select_related("team", "evaluation").order_by("received_on", "pk"))
    for offer in offers:
        offer.price_display = format_eur(offer.price_ht, cents=True)
    ranking = []
    if grid and offers:
        evaluations = [o.evaluation for o in offers if o.evaluation_id]
        marks = list(Mark.objects.filter(evaluation__grid=grid))
        ranking = rank(grid, evaluations, criteria, marks)
        for row in ranking:
            row.total_display = f"{row.total:.2f}".replace(".", ",")
    communes = list(intention.communes.order_by("name")) if intention else []
    return {
        "residency": residency,
        "commune": residency.commune,
        "buyer": client.organisation.name if client else f"Commune de {residency.commune.name}",
        "format_name": residency.format_name or _("à préciser"),
        "intention": intention,
        "stakes": intention.stake_labels() if intention else [],
        "deliverables": intention.deliverable_labels() if intention else [],
        "communes": communes,
        "sessions": list(residency.sessions.order_by("start_date", "pk")),
        "ceiling": format_eur(intention.budget_ceiling) if intention and intention.budget_ceiling else "",
        "budget": budget,
        "total_ht": format_eur(totals.paid_ht, cents=True) if totals else _("(budget à établir)"),
        "total_ttc": format_eur(totals.paid_ttc, cents=True) if totals else _("(budget à établir)"),
        "in_kind": format_eur(totals.in_kind) if totals and totals.in_kind else "",
        "route": procurement_route(totals.paid_ht) if totals and totals.paid_ht else None,
        "funding": funding,
        "grid": grid,
        "criteria": criteria,
        "grid_total": sum(c.weight for c in criteria),
        "offers": offers,
        "ranking": ranking,
        "team_name": awarded.team.name if awarded else "",
    }


def _has(residency, name) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        getattr(residency, name)
    except ObjectDoesNotExist:
        return False
    return True


def render_text(template: DocumentTemplate, context: dict) -> str:
    return ENGINE.from_string(template.body).render(Context(context))


def parse_blocks(text: str) -> list[Block]:
    """Light markup → blocks. Consecutive `|` lines make one table; other consecutive lines one
    paragraph."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append(Block("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        for prefix, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("- ", "li")):
            if line.startswith(prefix):
                flush()
                blocks.append(Block(kind, line[len(prefix) :].strip()))
                break
        else:
            if line.startswith("|") and line.endswith("|"):
                flush()
                cells = [c.strip() for c in line.strip("|").split("|")]
                if blocks and blocks[-1].kind == "table":
                    blocks[-1].rows.append(cells)
                else:
                    blocks.append(Block("table", rows=[cells]))
            else:
                paragraph.append(line)
    flush()
    return blocks


# --- Writers -------------------------------------------------------------------------------------


def to_docx(title: str, blocks: list[Block]) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "fr-FR"
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            document.add_heading(block.text, level=int(block.kind[1]))
        elif block.kind == "li":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for position, row in enumerate(block.rows):
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = value
                    if position == 0:
                        for run in cells[i].paragraphs[0].runs:
                            run.bold = True
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_odt(title: str, blocks: list[Block]) -> bytes:
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=title))
    document.meta.addElement(dc.Language(text="fr-FR"))
    document.meta.addElement(meta.Generator(text="Arpenteur"))
    styles = {}
    for level, size in ((1, "18pt"), (2, "14pt"), (3, "12pt")):
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        document.styles.addElement(style)
        styles[level] = style
    body_style = Style(name="Text_20_body", displayname="Text body", family="paragraph")
    body_style.addElement(ParagraphProperties(marginbottom="0.2cm"))
    document.styles.addElement(body_style)
    column = Style(name="colonne", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="4cm"))
    document.automaticstyles.addElement(column)
    current_list = None
    for index, block in enumerate(blocks):
        if block.kind != "li":
            current_list = None
        if block.kind in ("h1", "h2", "h3"):
            level = int(block.kind[1])
            document.text.addElement(H(outlinelevel=level, stylename=styles[level], text=block.text))
        elif block.kind == "li":
            if current_list is None:
                current_list = List()
                document.text.addElement(current_list)
            item = ListItem()
            item.addElement(P(stylename=body_style, text="– " + block.text))
            current_list.addElement(item)
        elif block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = Table(name=f"Tableau{index}")
            table.addElement(TableColumn(numbercolumnsrepeated=width, stylename=column))
            for row in block.rows:
                table_row = TableRow()
                for i in range(width):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=row[i] if i < len(row) else ""))
                    table_row.addElement(cell)
                table.addElement(table_row)
            document.text.addElement(table)
        else:
            document.text.addElement(P(stylename=body_style, text=block.text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


PDF_CSS = """
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
td, th { border: 1px solid #555; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #eee; }
"""


def to_html(title: str, blocks: list[Block]) -> str:
    parts, in_list = [], False
    for block in blocks:
        if block.kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        text = html.escape(block.text)
        if block.kind in ("h1", "h2", "h3"):
            parts.append(f"<{block.kind}>{text}</{block.kind}>")
        elif block.kind == "li":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{text}</li>")
        elif block.kind == "table":
            rows = []
            for position, row in enumerate(block.rows):
                tag = "th" if position == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
        else:
            parts.append(f"<p>{text}</p>")
    if in_list:
        parts.append("</ul>")
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{PDF_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def to_pdf(title: str, blocks: list[Block]) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(title, blocks), base_url=None).write_pdf()


SLUGS = {
    DocumentKind.CCTP: "cctp",
    DocumentKind.RC: "reglement-consultation",
    DocumentKind.AMI: "ami",
    DocumentKind.CONVENTION: "convention-recherche-action",
    DocumentKind.ANALYSIS: "rapport-analyse-offres",
}
