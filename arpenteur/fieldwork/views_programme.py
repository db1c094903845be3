"""The programme of each on-site session (days, time slots, activities) and the methods catalogue.

Who sees what:
- the team (commissioners, coordinators, team members, staff) edits the programme and reads it
  whole, internal notes included;
- partners and programme operators read it, invited actors named by their public label only, and
  no internal notes;
- inhabitants read the public page of a session only when the session or the whole residency was
  opted in, and only its activities marked public, with the invited named by the publication rule
  of `programme.public_invited_labels` (never a person's real name).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import public
from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.models import Session
from arpenteur.residencies.views import _residency_context

from .forms_programme import (
    ActivityMoveForm,
    ProgrammeActivityForm,
    ProgrammePublicationForm,
    ResidencyMethodForm,
)
from .models import (
    Activity,
    Consent,
    FieldworkSettings,
    Method,
    ProgrammeExport,
    SessionProgramme,
    Stakeholder,
)
from .programme import (
    CalendarEvent,
    activity_bounds,
    activity_uid,
    calendar_text,
    public_invited_labels,
    session_days,
)
from .services import settings_for
from .tasks_programme import render_programme_pdf
from .views_material import map_settings

# --- Reading ------------------------------------------------------------------------------------


def programme_activities(session, *, public_only: bool = False) -> list[Activity]:
    """The session's activities in order, each with `invited_people` (its invited actors) and
    `consented_ids` (those who currently consent to the publication of text). Four queries
    whatever the size: the links are read from the through table rather than prefetched, which
    costs a queryset per activity."""
    qs = session.activities.select_related("method", "lead").order_by("day", "start_time", "end_time", "pk")
    if public_only:
        qs = qs.filter(is_public=True)
    activities = list(qs)
    links = list(
        Activity.invited.through.objects.filter(activity__in=[a.pk for a in activities])
        .order_by("pk")
        .values_list("activity_id", "stakeholder_id")
    )
    ids = {stakeholder_id for _, stakeholder_id in links}
    people = (
        Stakeholder.objects.only("pk", "name", "pseudonym", "kind", "category").in_bulk(ids) if ids else {}
    )
    consented = (
        set(
            Consent.objects.filter(
                Consent.current_q(),
                stakeholder_id__in=ids,
                medium=Consent.Medium.TEXT,
                purpose=Consent.Purpose.PUBLICATION,
            ).values_list("stakeholder_id", flat=True)
        )
        if ids
        else set()
    )
    invited: dict[int, list] = {}
    for activity_id, stakeholder_id in links:
        invited.setdefault(activity_id, []).append(people[stakeholder_id])
    for activity in activities:
        activity.invited_people = sorted(invited.get(activity.pk, []), key=lambda s: (s.name, s.pk))
        activity.consented_ids = consented
    return activities


def programme_days(session, activities):
    return session_days(session, activities)


def _session(residency, session_pk) -> Session:
    return get_object_or_404(residency.sessions.all(), pk=session_pk)


def programme_is_published(session) -> bool:
    """Policy — a session's programme is public when the residency opened all its programmes or
    this session was opted in. Closed by default."""
    if FieldworkSettings.objects.filter(residency_id=session.residency_id, programme_is_public=True).exists():
        return True
    return SessionProgramme.objects.filter(session=session, is_public=True).exists()


def invited_for(activity, audience: str) -> list[str]:
    """Invited actors as `audience` ("team", "partners", "public") may see them (`activity` comes
    from `programme_activities`)."""
    if audience == "team":
        return [s.name for s in activity.invited_people]
    if audience == "partners":
        return [s.public_label for s in activity.invited_people]
    return public_invited_labels(activity.invited_people, activity.consented_ids)


def lead_for(activity, audience: str) -> str:
    """Who leads: the team member's name for residency members; on public pages only the free
    text the team wrote for that purpose."""
    if audience == "public":
        return activity.lead_label
    names = [activity.lead.display_name] if activity.lead else []
    if activity.lead_label:
        names.append(activity.lead_label)
    return " — ".join(names)


def _audience(request, residency) -> str:
    return "team" if residency.can_be_edited_by(request.user) else "partners"


def activity_row(activity, audience: str) -> dict:
    row = {
        "id": activity.pk,
        "intitule": activity.title,
        "jour": activity.day.isoformat(),
        "debut": activity.start_time.strftime("%H:%M"),
        "fin": activity.end_time.strftime("%H:%M"),
        "methode": {"slug": activity.method.slug, "nom": activity.method.name} if activity.method else None,
        "lieu": activity.place,
        "latitude": activity.latitude,
        "longitude": activity.longitude,
        "description": activity.description,
        "anime": lead_for(activity, audience),
        "public_invite": activity.audience,
        "invites": invited_for(activity, audience),
    }
    if audience != "public":
        row.update(
            {
                "participants_attendus": activity.expected_participants,
                "participants_presents": activity.actual_participants,
                "ouverte_au_public": activity.is_public,
            }
        )
    if audience == "team":
        row["notes_internes"] = activity.internal_notes
    return row


def programme_payload(session, activities, audience: str) -> dict:
    return {
        "temps_sur_site": {
            "id": session.pk,
            "titre": session.title,
            "premier_jour": session.start_date.isoformat(),
            "dernier_jour": session.end_date.isoformat(),
            "lieu": session.place,
        },
        "jours": [
            {"jour": day.day.isoformat(), "activites": [activity_row(a, audience) for a in day.activities]}
            for day in programme_days(session, activities)
        ],
    }


def activity_columns(audience: str) -> list[Column]:
    columns = [
        Column("id", "Identifiant", lambda r: r["id"]),
        Column("jour", "Jour", lambda r: r["jour"]),
        Column("debut", "Début", lambda r: r["debut"]),
        Column("fin", "Fin", lambda r: r["fin"]),
        Column("intitule", "Intitulé", lambda r: r["intitule"]),
        Column("methode", "Méthode", lambda r: r["methode"]["nom"] if r["methode"] else ""),
        Column("lieu", "Lieu", lambda r: r["lieu"]),
        Column("latitude", "Latitude", lambda r: r["latitude"]),
        Column("longitude", "Longitude", lambda r: r["longitude"]),
        Column("anime", "Animation", lambda r: r["anime"]),
        Column("invites", "Invités", lambda r: r["invites"]),
        Column("public_invite", "Public invité", lambda r: r["public_invite"]),
        Column("participants_attendus", "Participants attendus", lambda r: r["participants_attendus"]),
        Column("ouverte_au_public", "Ouverte au public", lambda r: r["ouverte_au_public"]),
    ]
    if audience == "team":
        columns.append(Column("notes_internes", "Notes internes", lambda r: r["notes_internes"]))
    return columns


def calendar_response(session, activities, audience: str, filename: str, page_url: str) -> HttpResponse:
    events = []
    for activity in activities:
        start, end = activity_bounds(activity)
        details = [activity.method.name if activity.method else "", activity.description]
        lead = lead_for(activity, audience)
        if lead:
            details.append(_("Animation : %(lead)s") % {"lead": lead})
        invited = invited_for(activity, audience)
        if invited:
            details.append(_("Invités : %(names)s") % {"names": ", ".join(invited)})
        if activity.audience:
            details.append(_("Public invité : %(audience)s") % {"audience": activity.audience})
        events.append(
            CalendarEvent(
                uid=activity_uid(activity),
                start=start,
                end=end,
                stamp=activity.updated_at or timezone.now(),
                summary=activity.title,
                description="\n".join(d for d in details if d),
                location=activity.place or session.place,
                latitude=activity.latitude,
                longitude=activity.longitude,
                url=page_url,
                sequence=activity.version - 1,
            )
        )
    name = f"{session.residency.commune.name} — {session.title}"
    response = HttpResponse(calendar_text(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def _activity_geojson(activities, audience: str) -> HttpResponse:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(a.longitude, 6), round(a.latitude, 6)]},
            "properties": activity_row(a, audience),
        }
        for a in activities
        if a.latitude is not None and a.longitude is not None
    ]
    return HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )


def map_points(activities) -> list[dict]:
    """The places of the programme for the small map of the page (public fields only)."""
    return [
        {
            "title": a.title,
            "when": f"{a.day:%d/%m} {a.start_time:%H:%M}",
            "lat": a.latitude,
            "lon": a.longitude,
            "route": a.route if isinstance(a.route, dict) else None,
        }
        for a in activities
        if a.latitude is not None and a.longitude is not None
    ]


def _page_context(request, residency, session, **extra):
    return _residency_context(request, residency, tab=session.phase, session=session, **extra)


def annotate_for(activities: list, audience: str) -> list:
    """Attach what `audience` may read of the invited and of who leads, for the templates."""
    for activity in activities:
        activity.invited_labels = invited_for(activity, audience)
        activity.lead_text = lead_for(activity, audience)
    return activities


def _url_maker(name: str, *args) -> Callable[[int], str]:
    """reverse() once, then fill the last id in: a programme of 200 activities would otherwise
    spend most of its rendering time reversing the same four URLs."""
    marker = 987654321
    pattern = reverse(name, args=[*args, marker])
    return lambda pk: pattern.replace(str(marker), str(pk))


def _days_context(request, residency, session) -> dict:
    audience = _audience(request, residency)
    activities = annotate_for(programme_activities(session), audience)
    urls = {
        key: _url_maker(f"fieldwork:activity_{key}", residency.pk, session.pk)
        for key in ("edit", "move", "delete")
    }
    method_url = _url_maker("fieldwork:method_detail", residency.pk)
    for activity in activities:
        activity.edit_url = urls["edit"](activity.pk)
        activity.move_url = urls["move"](activity.pk)
        activity.delete_url = urls["delete"](activity.pk)
        activity.method_url = method_url(activity.method_id) if activity.method_id else ""
    return {
        "days": programme_days(session, activities),
        "activities": activities,
        "team": audience == "team",
    }


@residency_view("view")
def programme(request, residency, session_pk, fmt=None):
    session = _session(residency, session_pk)
    audience = _audience(request, residency)
    if fmt:
        activities = programme_activities(session)
        if fmt == "geojson":
            return _activity_geojson(activities, audience)
        payload = programme_payload(session, activities, audience)
        if fmt == "json":
            return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
        rows = [row for day in payload["jours"] for row in day["activites"]]
        return twin_response(
            fmt, rows, activity_columns(audience), filename=f"programme-{residency.pk}-{session.pk}"
        )
    days = _days_context(request, residency, session)
    context = _page_context(
        request,
        residency,
        session,
        **days,
        published=programme_is_published(session),
        other_sessions=residency.sessions.exclude(pk=session.pk).order_by("start_date", "position", "pk"),
        twin_base=reverse("fieldwork:programme", args=[residency.pk, session.pk]).rstrip("/"),
        map_config=map_settings(residency),
        map_points=map_points(days["activities"]),
    )
    return render(request, "fieldwork/programme/programme.html", context)


@residency_view("view")
def programme_ics(request, residency, session_pk):
    session = _session(residency, session_pk)
    url = request.build_absolute_uri(reverse("fieldwork:programme", args=[residency.pk, session.pk]))
    return calendar_response(
        session,
        programme_activities(session),
        _audience(request, residency),
        f"programme-{residency.pk}-{session.pk}",
        url,
    )


# --- Editing with htmx --------------------------------------------------------------------------


def _editor(request, residency, session, template: str, **extra) -> HttpResponse:
    """The editor: a fragment in the page for htmx, a full page otherwise (it works without JS)."""
    context = _page_context(request, residency, session, map_config=map_settings(residency), **extra)
    if request.htmx:
        return render(request, f"fieldwork/programme/partials/{template}", context)
    return render(request, "fieldwork/programme/editor_page.html", {**context, "editor_template": template})


def _saved(request, residency, session, message: str) -> HttpResponse:
    """After a change: htmx gets the refreshed days (and an emptied editor with the message); a
    plain form post goes back to the page."""
    if request.htmx:
        context = {
            **_days_context(request, residency, session),
            "residency": residency,
            "session": session,
            "message": message,
        }
        response = render(request, "fieldwork/programme/partials/saved.html", context)
        response["HX-Retarget"] = "#programme-days"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, message)
    return redirect("fieldwork:programme", pk=residency.pk, session_pk=session.pk)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def activity_add(request, residency, session_pk):
    session = _session(residency, session_pk)
    initial = {}
    if request.GET.get("jour"):
        initial["day"] = request.GET["jour"]
    form = ProgrammeActivityForm(request.POST or None, session=session, initial=initial)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        return _saved(
            request, residency, session, _("Activité « %(title)s » ajoutée.") % {"title": form.instance}
        )
    return _editor(request, residency, session, "activity_form.html", form=form, activity=None)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def activity_edit(request, residency, session_pk, activity_pk):
    session = _session(residency, session_pk)
    activity = get_object_or_404(session.activities.all(), pk=activity_pk)
    form = ProgrammeActivityForm(request.POST or None, instance=activity, session=session)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        return _saved(
            request, residency, session, _("Activité « %(title)s » enregistrée.") % {"title": activity}
        )
    return _editor(request, residency, session, "activity_form.html", form=form, activity=activity)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def activity_move(request, residency, session_pk, activity_pk):
    session = _session(residency, session_pk)
    activity = get_object_or_404(session.activities.all(), pk=activity_pk)
    form = ActivityMoveForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or activity.version
        with transaction.atomic():
            moved = Activity.objects.filter(pk=activity.pk, version=expected).update(
                day=activity.day,
                start_time=activity.start_time,
                end_time=activity.end_time,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        if moved:
            return _saved(
                request, residency, session, _("Activité « %(title)s » déplacée.") % {"title": activity}
            )
        form.add_error(
            None,
            _(
                "Quelqu’un d’autre a modifié cette activité entre-temps : rechargez le programme "
                "pour voir son nouvel horaire avant de la déplacer."
            ),
        )
    return _editor(request, residency, session, "activity_move.html", form=form, activity=activity)


@residency_view("edit")
@require_POST
def activity_delete(request, residency, session_pk, activity_pk):
    session = _session(residency, session_pk)
    activity = get_object_or_404(session.activities.all(), pk=activity_pk)
    title = activity.title
    activity.delete()  # captured material keeps its content: Material.activity is SET_NULL
    return _saved(request, residency, session, _("Activité « %(title)s » supprimée.") % {"title": title})


# --- Publication, PDF ---------------------------------------------------------------------------


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def programme_publication(request, residency, session_pk):
    """Opening the programme to inhabitants is a decision of the commissioner or the coordinator."""
    session = _session(residency, session_pk)
    instance = SessionProgramme.objects.filter(session=session).first() or SessionProgramme(session=session)
    fw_settings = settings_for(residency)
    form = ProgrammePublicationForm(
        request.POST or None, instance=instance, initial={"all_sessions": fw_settings.programme_is_public}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            fw_settings.programme_is_public = form.cleaned_data["all_sessions"]
            fw_settings.save()
        messages.success(
            request,
            _("Le programme est maintenant public.")
            if programme_is_published(session)
            else _("Le programme n’est pas public."),
        )
        return redirect("fieldwork:programme", pk=residency.pk, session_pk=session.pk)
    return render(
        request,
        "fieldwork/programme/publication.html",
        _page_context(request, residency, session, form=form, published=programme_is_published(session)),
    )


@residency_view("view")
@require_POST
def programme_pdf(request, residency, session_pk):
    session = _session(residency, session_pk)
    export = ProgrammeExport.objects.create(
        session=session, requested_by=request.user, audience=_audience(request, residency)
    )
    render_programme_pdf.enqueue(export.pk)
    return redirect("fieldwork:programme_export", pk=residency.pk, session_pk=session.pk, export_pk=export.pk)


@residency_view("view")
def programme_export(request, residency, session_pk, export_pk):
    session = _session(residency, session_pk)
    export = get_object_or_404(ProgrammeExport, pk=export_pk, session=session)
    context = _page_context(request, residency, session, export=export)
    if request.htmx:
        return render(request, "fieldwork/programme/partials/export_status.html", context)
    return render(request, "fieldwork/programme/export.html", context)


@residency_view("view")
def programme_export_download(request, residency, session_pk, export_pk):
    session = _session(residency, session_pk)
    export = get_object_or_404(
        ProgrammeExport, pk=export_pk, session=session, status=ProgrammeExport.Status.DONE
    )
    if not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"programme-{session.start_date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )


# --- Public page ---------------------------------------------------------------------------------


@public
def public_programme(request, pk, session_pk, fmt=None):
    """The programme for inhabitants: only when opted in, only public activities, only public
    information (no internal notes, no person's real name, no participant counts)."""
    session = get_object_or_404(
        Session.objects.select_related("residency__commune"), pk=session_pk, residency_id=pk
    )
    if not programme_is_published(session):
        raise Http404
    activities = programme_activities(session, public_only=True)
    page_url = request.build_absolute_uri(reverse("fieldwork:public_programme", args=[pk, session.pk]))
    if fmt == "json":
        return JsonResponse(
            programme_payload(session, activities, "public"),
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    if fmt == "ics":
        return calendar_response(
            session, activities, "public", f"programme-{session.start_date:%Y-%m-%d}", page_url
        )
    annotate_for(activities, "public")
    intro = (
        SessionProgramme.objects.filter(session=session).values_list("public_introduction", flat=True).first()
    )
    context = {
        "residency": session.residency,
        "session": session,
        "days": programme_days(session, activities),
        "introduction": intro or "",
        "has_public_activities": bool(activities),
        "map_config": map_settings(session.residency),
        "map_points": map_points(activities),
        "page_url": page_url,
    }
    return render(request, "fieldwork/programme/public.html", context)


# --- Methods catalogue ---------------------------------------------------------------------------


def _methods(residency):
    return Method.objects.filter(residency__isnull=True) | Method.objects.filter(residency=residency)


def _method_text(method) -> str:
    return " ".join([method.name, method.purpose, method.summary, method.material, method.output]).casefold()


@residency_view("view")
def methods(request, residency):
    query = (request.GET.get("q") or "").strip()
    catalogue = list(
        _methods(residency)
        .filter(is_active=True)
        .annotate(uses=Count("activities"))
        .order_by("order", "name", "pk")
    )
    if query:
        words = query.casefold().split()
        catalogue = [m for m in catalogue if all(w in _method_text(m) for w in words)]
    context = _residency_context(
        request,
        residency,
        tab="preparer",
        common=[m for m in catalogue if m.residency_id is None],
        own=[m for m in catalogue if m.residency_id is not None],
        query=query,
        team=residency.can_be_edited_by(request.user),
    )
    return render(request, "fieldwork/programme/methods.html", context)


def _may_edit_method(user, method) -> bool:
    """The common catalogue is shared by every residency: only platform staff change it. A
    residency's own methods are edited by its team (the view already checked `edit`)."""
    return method.residency_id is not None or user.is_staff


@residency_view("view")
def method_detail(request, residency, method_pk):
    method = get_object_or_404(_methods(residency), pk=method_pk)
    context = _residency_context(
        request,
        residency,
        tab="preparer",
        method=method,
        may_edit=residency.can_be_edited_by(request.user) and _may_edit_method(request.user, method),
    )
    return render(request, "fieldwork/programme/method_detail.html", context)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def method_edit(request, residency, method_pk=None):
    method = get_object_or_404(_methods(residency), pk=method_pk) if method_pk else None
    if method is not None and not _may_edit_method(request.user, method):
        raise PermissionDenied
    form = ResidencyMethodForm(request.POST or None, instance=method, residency=residency)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Méthode « %(name)s » enregistrée.") % {"name": form.instance.name})
        return redirect("fieldwork:method_detail", pk=residency.pk, method_pk=form.instance.pk)
    context = _residency_context(request, residency, tab="preparer", form=form, method=method)
    return render(request, "fieldwork/programme/method_form.html", context)


# --- Phase panel ---------------------------------------------------------------------------------


def programme_panel_context(request, residency) -> dict | None:
    """« Programme des temps sur site » on the préparer and arpenter pages, for residency members."""
    if not residency.can_be_viewed_by(request.user):
        return None
    public_all = FieldworkSettings.objects.filter(residency=residency, programme_is_public=True).exists()
    published = set(
        SessionProgramme.objects.filter(session__residency=residency, is_public=True).values_list(
            "session_id", flat=True
        )
    )
    sessions = list(
        residency.sessions.annotate(n_activities=Count("activities")).order_by("start_date", "position", "pk")
    )
    for session in sessions:
        session.programme_published = public_all or session.pk in published
    return {
        "residency": residency,
        "sessions": sessions,
        "can_edit": residency.can_be_edited_by(request.user),
    }


def register() -> None:
    from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

    from . import demo_programme

    for phase, order in (("preparer", 20), ("arpenter", 5)):
        register_phase_panel(
            PhasePanel(
                phase=phase,
                order=order,
                template="fieldwork/programme/panel.html",
                context=programme_panel_context,
            )
        )
    register_demo_loader(DemoLoader(order=25, name="fieldwork_programme", load=demo_programme.load))
