"""Views of the analysis. Every view goes through `residency_view(need)`: team members (editors)
change things, every other member of the residency reads what the policies of `models` let them
read, outsiders get a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.residencies.access import residency_view
from arpenteur.residencies.views import _residency_context

from . import services
from .forms import CodebookImportForm, CodeForm, MergeCodesForm
from .models import Code


def _context(request, residency, section, **extra):
    return _residency_context(request, residency, tab="reveler", analysis_section=section, **extra)


def _require_edit(request, residency):
    if not residency.can_be_edited_by(request.user):
        raise PermissionDenied


# --- Codebook ------------------------------------------------------------------------------------------


def _code_tree(codebook, counts=None):
    """Codes in tree order with their depth, in one query."""
    codes = list(codebook.codes.order_by("position", "name", "pk"))
    by_parent: dict[int | None, list[Code]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id, depth):
        for code in by_parent.get(parent_id, []):
            code.depth = depth
            code.segment_count = (counts or {}).get(code.pk, 0)
            ordered.append(code)
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


@residency_view("view")
@require_http_methods(["GET", "POST"])
def codebook(request, residency):
    book = services.get_or_create_codebook(residency)
    can_edit = residency.can_be_edited_by(request.user)
    form = CodeForm(request.POST or None, codebook=book) if can_edit else None
    if request.method == "POST":
        _require_edit(request, residency)
        if form.is_valid():
            code = form.save(commit=False)
            code.position = services._next_position(book)
            code.save()
            messages.success(request, _("Code « %(name)s » ajouté.") % {"name": code.name})
            return redirect("analysis:codebook", pk=residency.pk)
    context = _context(
        request,
        residency,
        "codebook",
        codebook=book,
        codes=_code_tree(book, services.segment_counts(book)),
        form=form,
        merge_form=MergeCodesForm(codebook=book) if can_edit else None,
        import_form=CodebookImportForm() if can_edit else None,
    )
    return render(request, "analysis/codebook.html", context)


@residency_view("edit")
@require_POST
def codebook_starter(request, residency):
    added = services.install_starter_codebook(codebook=services.get_or_create_codebook(residency))
    if added:
        messages.success(request, _("%(n)s codes de la grille de départ ajoutés.") % {"n": added})
    else:
        messages.info(request, _("La grille contient déjà tous les codes de départ."))
    return redirect("analysis:codebook", pk=residency.pk)


@residency_view("view")
def codebook_export(request, residency):
    book = services.get_or_create_codebook(residency)
    response = HttpResponse(services.export_codebook_csv(book), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grille-de-codage-{residency.pk}.csv"'
    return response


@residency_view("view")
def codebook_css(request, residency):
    """The codes' colours as a stylesheet: the CSP forbids inline styles, and colours are validated
    #RRGGBB values, so they are safe to write into CSS."""
    book = services.get_or_create_codebook(residency)
    rules = [
        f".code-{pk}{{--code:{colour}}}"
        for pk, colour in book.codes.order_by("pk").values_list("pk", "colour")
    ]
    response = HttpResponse("\n".join(rules), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def codebook_import(request, residency):
    book = services.get_or_create_codebook(residency)
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_codebook_csv(codebook=book, text=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not report.errors:
                messages.success(
                    request,
                    _("Import terminé : %(c)s codes créés, %(u)s mis à jour.")
                    % {"c": report.created, "u": report.updated},
                )
                return redirect("analysis:codebook", pk=residency.pk)
    return render(
        request,
        "analysis/codebook_import.html",
        _context(request, residency, "codebook", form=form, report=report),
    )


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def code_edit(request, residency, code_pk):
    book = services.get_or_create_codebook(residency)
    code = get_object_or_404(Code, pk=code_pk, codebook=book)
    form = CodeForm(request.POST or None, instance=code, codebook=book)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Code « %(name)s » enregistré.") % {"name": code.name})
        return redirect("analysis:codebook", pk=residency.pk)
    return render(
        request, "analysis/code_form.html", _context(request, residency, "codebook", form=form, code=code)
    )


@residency_view("edit")
@require_POST
def code_delete(request, residency, code_pk):
    code = get_object_or_404(Code, pk=code_pk, codebook__residency=residency)
    services.delete_code(code=code)
    messages.success(
        request, _("Code « %(name)s » supprimé ; ses sous-codes remontent d’un niveau.") % {"name": code.name}
    )
    return redirect("analysis:codebook", pk=residency.pk)


@residency_view("edit")
@require_POST
def code_merge(request, residency):
    book = services.get_or_create_codebook(residency)
    form = MergeCodesForm(request.POST, codebook=book)
    if form.is_valid():
        try:
            target = services.merge_codes(
                source=form.cleaned_data["source"], target=form.cleaned_data["target"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("« %(source)s » fondu dans « %(target)s » : ses extraits sont conservés.")
                % {"source": form.cleaned_data["source"].name, "target": target.name},
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("analysis:codebook", pk=residency.pk)
