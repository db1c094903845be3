"""Views of the restitution: the team composes and builds; the public reads what was published."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arpenteur.core.access import public
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.models import Residency
from arpenteur.residencies.views import _residency_context

from . import api
from .content import collect, publishable_materials
from .forms import BuildForm, PublicationForm, SectionForm
from .models import CahierItem, Deliverable, Publication
from .opendata import build_datapackage
from .services import (
    PublicationError,
    choose_items,
    ensure_cahier_sections,
    get_publication,
    latest_ready,
    request_deliverable,
    set_publication_opt_in,
)

QUOTE_KINDS = ("citation", "recit", "note", "etonnement", "entretien")
IMAGE_KINDS = ("photo", "croquis")
CHOICE_LIMIT = 200


# --- Phase panel -------------------------------------------------------------------------------------


def restituer_panel_context(request, residency):
    publication = get_publication(residency)
    deliverables = list(
        Deliverable.objects.filter(residency=residency).order_by("kind", "fmt", "paper", "-version")[:40]
    )
    role = residency.role_of(request.user)
    return {
        "residency": residency,
        "publication": publication,
        "deliverables": deliverables,
        "can_edit": residency.can_be_edited_by(request.user),
        "can_admin": residency.can_be_administered_by(request.user),
        "my_decision_role": role if role in ("commanditaire", "coordination") else None,
        "build_form": BuildForm(),
        "publication_form": PublicationForm(instance=publication),
    }


# --- Team pages --------------------------------------------------------------------------------------


def _candidates(residency):
    """Publishable quotes and photos the team may choose from, with the current choice."""
    qs = publishable_materials(residency)
    if qs is None:
        return None, None
    chosen = {i.material_id: i for i in CahierItem.objects.filter(residency=residency)}
    quotes = list(
        qs.filter(kind__in=QUOTE_KINDS).exclude(body="").order_by("-captured_at", "-pk")[:CHOICE_LIMIT]
    )
    photos = list(
        qs.filter(kind__in=IMAGE_KINDS).exclude(file="").order_by("-captured_at", "-pk")[:CHOICE_LIMIT]
    )
    for m in quotes + photos:
        m.choice = chosen.get(m.pk)
    key = lambda m: (m.choice is None, m.choice.position if m.choice else 0, -m.pk)  # noqa: E731
    return sorted(quotes, key=key), sorted(photos, key=key)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def compose(request, residency):
    sections = ensure_cahier_sections(residency)
    forms_ = [SectionForm(request.POST or None, instance=s, prefix=f"s{s.pk}") for s in sections]
    quotes, photos = _candidates(residency)
    if request.method == "POST":
        if all(f.is_valid() for f in forms_):
            with transaction.atomic():
                saved = [f.save_if_unchanged() for f in forms_ if f.has_changed()]
                if all(saved) and quotes is not None:
                    for kind, candidates in (
                        (CahierItem.Kind.QUOTE, quotes),
                        (CahierItem.Kind.PHOTO, photos),
                    ):
                        allowed = {m.pk for m in candidates}
                        chosen = []
                        for mid in allowed:
                            if request.POST.get(f"pick-{mid}"):
                                try:
                                    position = int(request.POST.get(f"pos-{mid}") or 0)
                                except ValueError:
                                    position = 0
                                chosen.append((mid, position, request.POST.get(f"cap-{mid}", "").strip()))
                        choose_items(
                            residency=residency, kind=kind, chosen=sorted(chosen, key=lambda c: (c[1], c[0]))
                        )
            if all(saved):
                messages.success(request, _("Le contenu du cahier est enregistré."))
                return redirect("publications:compose", pk=residency.pk)
        messages.error(request, _("Le contenu n’a pas été enregistré : corrigez les champs signalés."))
    context = _residency_context(
        request,
        residency,
        section_forms=forms_,
        quotes=quotes,
        photos=photos,
        fieldwork_missing=quotes is None,
        tab="restituer",
    )
    return render(request, "publications/compose.html", context)


@residency_view("edit")
@require_POST
def build(request, residency):
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un livrable à produire."))
        return redirect("residencies:phase", pk=residency.pk, kind="restituer")
    kind, fmt, paper = form.parts()
    try:
        deliverable = request_deliverable(
            residency=residency, kind=kind, fmt=fmt, paper=paper, user=request.user
        )
    except PublicationError as error:
        messages.error(request, str(error))
        return redirect("residencies:phase", pk=residency.pk, kind="restituer")
    if request.htmx:
        return render(
            request,
            "publications/partials/deliverable_status.html",
            {"d": deliverable, "residency": residency},
        )
    messages.success(request, _("La production est lancée ; suivez son avancement ci-dessous."))
    return redirect(reverse("residencies:phase", args=[residency.pk, "restituer"]) + "#livrables")


@residency_view("view")
@require_GET
def deliverable_status(request, residency, deliverable_pk):
    deliverable = get_object_or_404(Deliverable, residency=residency, pk=deliverable_pk)
    return render(
        request, "publications/partials/deliverable_status.html", {"d": deliverable, "residency": residency}
    )


def _file_response(deliverable: Deliverable):
    if not deliverable.is_ready:
        raise Http404
    content_type = (
        "application/pdf" if deliverable.fmt == "pdf" else "application/vnd.oasis.opendocument.text"
    )
    return FileResponse(
        deliverable.file.open("rb"),
        as_attachment=False,
        filename=deliverable.download_name,
        content_type=content_type,
    )


@residency_view("view")
@require_GET
def deliverable_download(request, residency, deliverable_pk):
    return _file_response(get_object_or_404(Deliverable, residency=residency, pk=deliverable_pk))


@residency_view("view")
@require_GET
def team_datapackage(request, residency):
    return _zip_response(residency)


def _zip_response(residency):
    response = HttpResponse(build_datapackage(residency), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-residence-{residency.commune.code}-{residency.pk}.zip"'
    )
    return response


@residency_view("admin")
@require_POST
def publication_settings(request, residency):
    publication = get_publication(residency)
    form = PublicationForm(request.POST, instance=publication)
    if form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("La licence et la présentation publique sont enregistrées."))
    else:
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Rien n’a été enregistré : %(errors)s") % {"errors": errors})
    return redirect(reverse("residencies:phase", args=[residency.pk, "restituer"]) + "#publication")


@residency_view("admin")
@require_POST
def publication_decide(request, residency):
    opt_in = request.POST.get("decision") == "publier"
    try:
        publication = set_publication_opt_in(residency=residency, user=request.user, opt_in=opt_in)
    except PublicationError as error:
        raise PermissionDenied(str(error)) from error
    if publication.is_published:
        messages.success(request, _("La résidence est publiée : sa page publique est en ligne."))
    elif opt_in:
        messages.success(
            request, _("Votre accord est enregistré ; la publication attend l’accord de l’autre partie.")
        )
    else:
        messages.success(request, _("Votre accord est retiré : la résidence n’est plus publique."))
    return redirect(reverse("residencies:phase", args=[residency.pk, "restituer"]) + "#publication")


# --- Public pages ------------------------------------------------------------------------------------


def published_residency_or_404(pk: int) -> Residency:
    """Policy — a residency is public only while its publication carries both opt-ins."""
    publication = (
        Publication.objects.published().select_related("residency__commune").filter(residency_id=pk).first()
    )
    if publication is None:
        raise Http404
    return publication.residency


@public
@require_GET
def published_list(request):
    publications = (
        Publication.objects.published()
        .select_related("residency__commune__departement")
        .order_by("-published_at", "pk")[:200]
    )
    return render(
        request, "publications/public_list.html", {"publications": publications, "nav_section": "published"}
    )


@public
@require_GET
def public_page(request, pk):
    from .render import _context

    residency = published_residency_or_404(pk)
    content = collect(residency)

    context = _context(content)
    context.update(
        {
            "photo_base": reverse("publications:public_page", args=[pk]) + "photos/",
            "photo_suffix": ".jpg",
            "cahier": latest_ready(residency, "cahier"),
            "posters": [
                d for paper in ("A1", "A0") if (d := latest_ready(residency, "affiches", "pdf", paper))
            ],
        }
    )
    return render(request, "publications/public_page.html", context)


@public
@require_GET
def public_deliverable(request, pk, deliverable_pk):
    residency = published_residency_or_404(pk)
    deliverable = get_object_or_404(Deliverable, residency=residency, pk=deliverable_pk, fmt="pdf")
    return _file_response(deliverable)


@public
@require_GET
def public_datapackage(request, pk):
    return _zip_response(published_residency_or_404(pk))


@public
@require_GET
def public_photo(request, pk, material_pk):
    residency = published_residency_or_404(pk)
    content = collect(residency)
    from .render import clean_image_bytes

    name = content.photo_files.get(material_pk)
    if name is None:
        raise Http404
    response = HttpResponse(clean_image_bytes(name, 1600), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=600"
    return response


# --- API ---------------------------------------------------------------------------------------------


@public
@require_GET
def api_list(request):
    return JsonResponse(api.list_payload(request), json_dumps_params={"ensure_ascii": False})


@public
@require_GET
def api_commune(request, insee):
    payload = api.commune_payload(request, insee)
    if payload is None:
        return JsonResponse({"detail": _("Aucune résidence publiée pour ce code Insee.")}, status=404)
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@public
@require_GET
def api_schema(request):
    return HttpResponse(
        json.dumps(api.openapi(request), ensure_ascii=False, indent=1), content_type="application/json"
    )


@public
@require_GET
def api_residency(request, pk):
    residency = published_residency_or_404(pk)
    return JsonResponse(api.residency_payload(request, residency), json_dumps_params={"ensure_ascii": False})
