"""Field material: the phone capture page, its idempotent endpoint, the list + map with their twins,
one item, its file, and the moderation of public contributions."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import custom_rule, public
from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import get_residency_for_user, residency_view
from arpenteur.residencies.views import _residency_context

from .forms import CaptureForm, MaterialEditForm, MaterialFilterForm
from .models import Activity, Material, Visibility
from .services import CaptureConflict, capture_material, set_material_links

PAGE_SIZE = 50


def _excerpt(text: str, length: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _people_label(material: Material, team: bool) -> list[str]:
    """Actors of a material as the viewer may see them: real names for the team, public labels
    for everyone else."""
    return [
        (link.stakeholder.name if team else link.stakeholder.public_label)
        for link in material.stakeholder_links.all()
    ]


def material_columns(residency, team: bool) -> list[Column]:
    # Twins of thousands of rows: the URL prefix and the labels are computed once, not per row.
    detail_prefix = reverse("fieldwork:material_detail", args=[residency.pk, 0])[: -len("0/")]
    kind_labels = {value: str(label) for value, label in Material.Kind.choices}
    visibility_labels = {value: str(label) for value, label in Visibility.choices}

    def file_url(m):
        return f"{detail_prefix}{m.pk}/fichier/" if m.file else ""

    return [
        Column("id", "Identifiant", lambda m: m.pk),
        Column("nature", "Nature", lambda m: kind_labels.get(m.kind, m.kind)),
        Column("titre", "Titre", lambda m: m.title),
        Column("texte", "Texte", lambda m: m.body),
        Column("transcription", "Transcription", lambda m: m.transcript),
        Column("saisi_le", "Saisi le", lambda m: m.captured_at),
        Column("auteur", "Auteur", lambda m: m.author.display_name if m.author else ""),
        Column("latitude", "Latitude", lambda m: m.latitude),
        Column("longitude", "Longitude", lambda m: m.longitude),
        Column("lieu", "Lieu", lambda m: m.place_label),
        Column("temps_sur_site", "Temps sur site", lambda m: m.session.title if m.session else ""),
        Column("activite", "Activité", lambda m: m.activity.title if m.activity else ""),
        Column("acteurs", "Acteurs", lambda m: _people_label(m, team)),
        Column("etiquettes", "Étiquettes", lambda m: [t.label for t in m.tags.all()]),
        Column("usage_invisible", "Usage invisible", lambda m: m.invisible_use),
        Column("tension_latente", "Tension latente", lambda m: m.latent_tension),
        Column("visibilite", "Visibilité", lambda m: visibility_labels.get(m.visibility, m.visibility)),
        Column("fichier", "Fichier", file_url),
    ]


def _visible_materials(request, residency):
    return (
        Material.objects.visible_to(request.user, residency)
        .select_related("author", "session", "activity")
        .prefetch_related("tags", "stakeholder_links__stakeholder")
    )


def _authors(residency):
    from django.contrib.auth import get_user_model

    users = (
        get_user_model().objects.filter(field_materials__residency=residency).distinct().order_by("full_name")
    )
    return [(u.pk, u.display_name) for u in users]


def geojson_features(materials, residency, team: bool, *, public_urls: bool = False):
    # Thousands of features: labels and URL prefixes are computed once, not per item (reverse() and
    # lazy translations dominated the time of a 5,000-item twin).
    kind_labels = {value: str(label) for value, label in Material.Kind.choices}
    if public_urls:
        file_prefix = reverse("fieldwork:public_file", args=[residency.pk, 0])[: -len("0/")]
    else:
        detail_prefix = reverse("fieldwork:material_detail", args=[residency.pk, 0])[: -len("0/")]
        file_prefix = detail_prefix
    for m in materials:
        if m.latitude is None or m.longitude is None:
            continue
        if public_urls:
            url = ""
            file_url = f"{file_prefix}{m.pk}/" if m.is_image else ""
        else:
            url = f"{detail_prefix}{m.pk}/"
            file_url = f"{file_prefix}{m.pk}/fichier/" if m.is_image else ""
        kind_label = kind_labels.get(m.kind, m.kind)
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(m.longitude, 6), round(m.latitude, 6)]},
            "properties": {
                "id": m.pk,
                "nature": m.kind,
                "nature_libelle": kind_label,
                "titre": m.title or kind_label,
                "extrait": _excerpt(m.body or m.transcript),
                "saisi_le": m.captured_at.isoformat(),
                "auteur": (m.author.display_name if m.author and not public_urls else ""),
                "acteurs": _people_label(m, team),
                "url": url,
                "image": file_url,
            },
        }


def geojson_response(features, filename: str):
    payload = {"type": "FeatureCollection", "features": list(features)}
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.geojson"'
    return response


def activity_layer(residency, *, public_only: bool = False) -> list[dict]:
    """The programme's places and routes, drawn on every map of the residency."""
    activities = Activity.objects.filter(session__residency=residency).select_related("method")
    if public_only:
        activities = activities.filter(is_public=True)
    layer = []
    for activity in activities.order_by("day", "start_time", "pk"):
        if activity.latitude is None and not activity.route:
            continue
        layer.append(
            {
                "title": activity.title,
                "when": f"{activity.day:%d/%m} {activity.start_time:%H:%M}",
                "lat": activity.latitude,
                "lon": activity.longitude,
                "route": activity.route if isinstance(activity.route, dict) else None,
            }
        )
    return layer


def map_settings(residency) -> dict:
    from .services import settings_for

    fw = settings_for(residency)
    lat = fw.map_latitude or residency.commune.latitude
    lon = fw.map_longitude or residency.commune.longitude
    return {
        "basemap": settings.BASEMAP_URL,
        "attribution": settings.BASEMAP_ATTRIBUTION,
        "center": [lat, lon] if lat is not None and lon is not None else [46.6, 2.4],
        "zoom": 14 if lat is not None else 5,
    }


@residency_view("view")
def material_list(request, residency, fmt=None):
    team = residency.can_be_edited_by(request.user)
    form = MaterialFilterForm(
        request.GET or None, residency=residency, authors=_authors(residency), show_people=team
    )
    materials = form.apply(_visible_materials(request, residency)).order_by("-captured_at", "-pk")
    if fmt == "geojson":
        # The map needs the actors' labels, not the tags.
        materials = materials.prefetch_related(None).prefetch_related("stakeholder_links__stakeholder")
        return geojson_response(
            geojson_features(materials.iterator(chunk_size=2000), residency, team),
            f"materiaux-{residency.pk}",
        )
    if fmt:
        return twin_response(
            fmt,
            materials.iterator(chunk_size=1000),
            material_columns(residency, team),
            filename=f"materiaux-{residency.pk}",
        )
    page = Paginator(materials, PAGE_SIZE).get_page(request.GET.get("page"))
    base = reverse("fieldwork:materials", args=[residency.pk]).rstrip("/")
    query = request.GET.urlencode()
    context = _residency_context(
        request,
        residency,
        tab="arpenter",
        form=form,
        page_obj=page,
        team=team,
        twin_base=base,
        twin_geojson=True,
        geojson_url=f"{base}.geojson" + (f"?{query}" if query else ""),
        map_config=map_settings(residency),
        activity_layer=activity_layer(residency),
        pending_count=residency.materials.filter(moderation=Material.Moderation.PENDING).count()
        if team
        else 0,
    )
    return render(request, "fieldwork/material_list.html", context)


@residency_view("view")
def material_detail(request, residency, material_pk):
    material = get_object_or_404(_visible_materials(request, residency), pk=material_pk)
    team = residency.can_be_edited_by(request.user)
    context = _residency_context(
        request, residency, tab="arpenter", material=material, team=team, people=_people_label(material, team)
    )
    if request.headers.get("HX-Request"):
        return render(request, "fieldwork/partials/material_card.html", context)
    return render(request, "fieldwork/material_detail.html", context)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def material_edit(request, residency, material_pk):
    material = get_object_or_404(
        residency.materials.exclude(moderation=Material.Moderation.REJECTED), pk=material_pk
    )
    form = MaterialEditForm(request.POST or None, instance=material)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        set_material_links(
            material=material,
            stakeholders=form.cleaned_data["stakeholders"],
            resources=form.cleaned_data["resources"],
            free_tags_text=form.cleaned_data["free_tags"],
        )
        messages.success(request, _("Matériau enregistré."))
        return redirect("fieldwork:material_detail", pk=residency.pk, material_pk=material.pk)
    return render(
        request,
        "fieldwork/material_form.html",
        _residency_context(request, residency, tab="arpenter", form=form, material=material),
    )


@residency_view("edit")
@require_POST
def material_delete(request, residency, material_pk):
    material = get_object_or_404(residency.materials, pk=material_pk)
    if material.file:
        material.file.delete(save=False)
    material.delete()
    messages.success(request, _("Matériau supprimé."))
    return redirect("fieldwork:materials", pk=residency.pk)


@residency_view("view")
def material_file(request, residency, material_pk):
    """The file of a material, served only to who may see the material (files have unguessable
    names and are never linked under /media/)."""
    material = get_object_or_404(Material.objects.visible_to(request.user, residency), pk=material_pk)
    if not material.file:
        raise Http404
    return _file_response(material)


def _file_response(material):
    response = FileResponse(
        material.file.open("rb"), content_type=material.file_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def _capture_context(request, residency, form):
    activities = (
        Activity.objects.filter(session__residency=residency)
        .select_related("session")
        .order_by("day", "start_time")
    )
    return _residency_context(
        request,
        residency,
        tab="arpenter",
        form=form,
        activities=activities,
        endpoint=reverse("fieldwork:capture_api", args=[residency.pk]),
        map_config=map_settings(residency),
        activity_layer=activity_layer(residency),
        sw_url=reverse("fieldwork:service_worker"),
    )


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def capture(request, residency):
    """The phone page. With JavaScript, submits go to the outbox then to capture_api; without it, the
    form posts here and gets the same treatment."""
    if request.method == "POST":
        form = CaptureForm(request.POST, request.FILES, residency=residency)
        if form.is_valid():
            try:
                result = capture_material(residency=residency, author=request.user, **form.service_kwargs())
            except CaptureConflict:
                form.add_error(
                    None, _("Cet identifiant de saisie est déjà utilisé ailleurs : rechargez la page.")
                )
            else:
                for warning in result.warnings:
                    messages.warning(request, warning)
                messages.success(
                    request,
                    _("Saisie enregistrée.") if result.created else _("Cette saisie était déjà enregistrée."),
                )
                return redirect("fieldwork:capture", pk=residency.pk)
    else:
        initial = {"client_uuid": uuid.uuid4(), "visibility": Visibility.TEAM, "kind": Material.Kind.NOTE}
        if session := request.GET.get("session"):
            initial["session"] = session
        form = CaptureForm(initial=initial, residency=residency)
    response = render(request, "fieldwork/capture.html", _capture_context(request, residency, form))
    return response


def _json_errors(form) -> dict:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@custom_rule("residency:edit (residencies.access.get_residency_for_user), JSON answers")
@require_POST
def capture_api(request, pk):
    """The idempotent endpoint of the outbox: each client id is stored exactly once.

    201 created · 200 already stored (a retry, a duplicate, an out-of-order send) · 400 invalid, with
    French messages per field (the outbox keeps the item) · 401 signed out · 403/404 no access.
    """
    if not request.user.is_authenticated:
        return JsonResponse(
            {"erreur": _("Votre session a expiré : reconnectez-vous, vos saisies attendent.")}, status=401
        )
    residency = get_residency_for_user(request, pk, need="edit")
    raw_uuid = request.POST.get("client_uuid", "")
    try:
        client_uuid = uuid.UUID(raw_uuid)
    except ValueError:
        return JsonResponse({"erreur": _("Identifiant de saisie manquant ou invalide.")}, status=400)
    existing = Material.objects.filter(client_uuid=client_uuid).only("pk", "residency_id").first()
    if existing is not None:
        if existing.residency_id != residency.pk:
            return JsonResponse({"erreur": _("Identifiant de saisie déjà utilisé ailleurs.")}, status=409)
        return JsonResponse({"statut": "deja_recu", "id": existing.pk}, status=200)
    form = CaptureForm(request.POST, request.FILES, residency=residency)
    if not form.is_valid():
        return JsonResponse(
            {"erreur": _("La saisie n’a pas été acceptée."), "champs": _json_errors(form)}, status=400
        )
    try:
        result = capture_material(residency=residency, author=request.user, **form.service_kwargs())
    except CaptureConflict:
        return JsonResponse({"erreur": _("Identifiant de saisie déjà utilisé ailleurs.")}, status=409)
    return JsonResponse(
        {
            "statut": "cree" if result.created else "deja_recu",
            "id": result.material.pk,
            "url": reverse("fieldwork:material_detail", args=[residency.pk, result.material.pk]),
            "avertissements": [str(w) for w in result.warnings],
        },
        status=201 if result.created else 200,
    )


@public
def service_worker(request):
    """The service worker, served from /residences/ so that it may control the capture pages.

    It caches the capture pages and the files they need, so the page opens without network; the
    outbox itself lives in the page (IndexedDB), not here.
    """
    assets = [
        static("core/css/arpenteur.css"),
        static("core/js/app.js"),
        static("fieldwork/fieldwork.css"),
        static("fieldwork/js/capture.js"),
        static("fieldwork/js/outbox.js"),
        static("fieldwork/js/map.js"),
        static("leaflet/leaflet.js"),
        static("leaflet/leaflet.css"),
    ]
    response = render(
        request,
        "fieldwork/sw.js",
        {"assets_json": json.dumps(assets), "version": "v1"},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/residences/"
    response["Cache-Control"] = "no-cache"
    return response


@residency_view("edit")
def moderation(request, residency):
    pending = (
        residency.materials.filter(moderation=Material.Moderation.PENDING)
        .prefetch_related("stakeholder_links__stakeholder__consents")
        .order_by("received_at", "pk")
    )
    return render(
        request,
        "fieldwork/moderation.html",
        _residency_context(request, residency, tab="arpenter", pending=pending),
    )


@residency_view("edit")
@require_POST
def moderate(request, residency, material_pk):
    from .services import moderate_contribution

    material = get_object_or_404(
        residency.materials.filter(moderation=Material.Moderation.PENDING), pk=material_pk
    )
    accept = request.POST.get("decision") == "accepter"
    moderate_contribution(material=material, accept=accept)
    messages.success(request, _("Contribution acceptée.") if accept else _("Contribution refusée."))
    return redirect("fieldwork:moderation", pk=residency.pk)
