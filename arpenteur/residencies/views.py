from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import signed_in
from arpenteur.core.registry import phase_panels
from arpenteur.core.tabular import Column, twin_response

from .access import residency_view
from .forms import (
    CurrentPhaseForm,
    MemberAddForm,
    MemberRoleForm,
    PartyForm,
    PhaseForm,
    ResidencyCreateForm,
    ResidencyEditForm,
    ResidencyFilterForm,
    SessionForm,
)
from .models import FormatTemplate, Party, Phase, PhaseKind, Residency, ResidencyMembership
from .services import (
    MembershipError,
    add_member,
    change_member_role,
    create_residency,
    remove_member,
    set_current_phase,
)

PARTY_ORDER = list(Party.Role.values)

LIST_COLUMNS = [
    Column("id", "Identifiant", lambda r: r.pk),
    Column("titre", "Titre", lambda r: r.title),
    Column("code_insee", "Code INSEE", lambda r: r.commune.code),
    Column("cog", "Millésime COG", lambda r: r.commune.cog_year),
    Column("commune", "Commune", lambda r: r.commune.name),
    Column("departement", "Département", lambda r: r.commune.departement.code),
    Column("region", "Région", lambda r: r.commune.region.name),
    Column("format", "Format", lambda r: r.format_name),
    # PhaseKind(...).label, not get_current_phase_display(): the latter hashes the whole list of lazy
    # choices for every row, which made the 2,000-row twins four times slower.
    Column("phase", "Phase en cours", lambda r: str(PhaseKind(r.current_phase).label)),
    Column("debut", "Début", lambda r: r.start_date),
    Column("fin", "Fin", lambda r: r.end_date),
    Column("demonstration", "Démonstration", lambda r: r.is_demo),
]


def _filtered_residencies(request):
    visible = Residency.objects.visible_to(request.user)
    places = (
        visible.order_by()
        .values_list(
            "commune__region__code",
            "commune__region__name",
            "commune__departement__code",
            "commune__departement__name",
        )
        .distinct()
    )
    regions = sorted({(r, n) for r, n, _d, _dn in places}, key=lambda x: x[1])
    departements = sorted({(d, f"{dn} ({d})") for _r, _n, d, dn in places})
    form = ResidencyFilterForm(request.GET or None, regions=regions, departements=departements)
    residencies = visible.select_related("commune__departement", "commune__region", "format")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            residencies = residencies.filter(
                Q(title__icontains=data["q"]) | Q(commune__name__icontains=data["q"])
            )
        if data["phase"]:
            residencies = residencies.filter(current_phase=data["phase"])
        if data["format"]:
            residencies = residencies.filter(format=data["format"])
        if data["region"]:
            residencies = residencies.filter(commune__region__code=data["region"])
        if data["departement"]:
            residencies = residencies.filter(commune__departement__code=data["departement"])
    return form, residencies.order_by("-start_date", "pk")


@signed_in
def residency_list(request, fmt=None):
    form, residencies = _filtered_residencies(request)
    if fmt:
        if fmt == "geojson":
            raise Http404
        return twin_response(fmt, residencies.iterator(chunk_size=500), LIST_COLUMNS, filename="residences")
    page = Paginator(residencies, 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "nav_section": "residencies",
        "twin_base": reverse("residencies:list").rstrip("/"),
    }
    return render(request, "residencies/list.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def residency_create(request):
    form = ResidencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        residency = create_residency(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("La résidence est créée. Voici son tableau de bord."))
        return redirect("residencies:dashboard", pk=residency.pk)
    formats = FormatTemplate.objects.filter(is_active=True)
    return render(
        request, "residencies/create.html", {"form": form, "formats": formats, "nav_section": "residencies"}
    )


def _residency_context(request, residency, **extra):
    phases = list(residency.phases.all())
    return {
        "residency": residency,
        "phases": phases,
        "can_edit": residency.can_be_edited_by(request.user),
        "can_admin": residency.can_be_administered_by(request.user),
        "my_role_label": ResidencyMembership.Role(role).label
        if (role := residency.role_of(request.user))
        else "",
        "nav_section": "residencies",
        **extra,
    }


@residency_view("view")
def residency_dashboard(request, residency):
    context = _residency_context(
        request,
        residency,
        sessions=residency.sessions.all(),
        parties=sorted(
            residency.parties.select_related("organisation"),
            key=lambda p: (PARTY_ORDER.index(p.role), p.organisation.name),
        ),
        members=residency.memberships.select_related("user", "organisation"),
        current_phase_form=CurrentPhaseForm(initial={"phase": residency.current_phase}),
        tab="dashboard",
    )
    return render(request, "residencies/dashboard.html", context)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def residency_edit(request, residency):
    form = ResidencyEditForm(request.POST or None, instance=residency)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Résidence enregistrée."))
        return redirect("residencies:dashboard", pk=residency.pk)
    return render(
        request, "residencies/edit.html", _residency_context(request, residency, form=form, tab="dashboard")
    )


@residency_view("admin")
@require_POST
def residency_set_phase(request, residency):
    form = CurrentPhaseForm(request.POST)
    if form.is_valid():
        set_current_phase(residency=residency, phase=form.cleaned_data["phase"])
        messages.success(
            request, _("Phase en cours : %(phase)s.") % {"phase": residency.get_current_phase_display()}
        )
    return redirect("residencies:dashboard", pk=residency.pk)


@residency_view("view")
@require_http_methods(["GET", "POST"])
def phase_detail(request, residency, kind):
    if kind not in PhaseKind.values:
        raise Http404
    phase = get_object_or_404(Phase, residency=residency, kind=kind)
    can_admin = residency.can_be_administered_by(request.user)
    form = PhaseForm(request.POST or None, instance=phase) if can_admin else None
    if request.method == "POST":
        if not can_admin:
            raise PermissionDenied
        if form.is_valid() and form.save_if_unchanged():
            messages.success(request, _("Phase enregistrée."))
            return redirect("residencies:phase", pk=residency.pk, kind=kind)
    panels = []
    for panel in phase_panels(kind):
        panel_context = panel.context(request, residency)
        if panel_context is not None:
            panels.append((panel.template, panel_context))
    sessions = residency.sessions.filter(phase=kind)
    context = _residency_context(
        request, residency, phase=phase, form=form, panels=panels, sessions=sessions, tab=kind
    )
    return render(request, "residencies/phase.html", context)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def session_edit(request, residency, session_pk=None):
    session = get_object_or_404(residency.sessions, pk=session_pk) if session_pk else None
    form = SessionForm(request.POST or None, instance=session, residency=residency)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Temps sur site enregistré."))
        return redirect("residencies:dashboard", pk=residency.pk)
    return render(
        request,
        "residencies/session_form.html",
        _residency_context(request, residency, form=form, session=session, tab="dashboard"),
    )


@residency_view("edit")
@require_POST
def session_delete(request, residency, session_pk):
    session = get_object_or_404(residency.sessions, pk=session_pk)
    session.delete()
    messages.success(request, _("Temps sur site « %(title)s » retiré.") % {"title": session.title})
    return redirect("residencies:dashboard", pk=residency.pk)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def party_add(request, residency):
    form = PartyForm(request.POST or None, residency=residency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Partie ajoutée."))
        return redirect("residencies:dashboard", pk=residency.pk)
    return render(
        request,
        "residencies/party_form.html",
        _residency_context(request, residency, form=form, tab="dashboard"),
    )


@residency_view("admin")
@require_POST
def party_delete(request, residency, party_pk):
    get_object_or_404(residency.parties, pk=party_pk).delete()
    messages.success(request, _("Partie retirée."))
    return redirect("residencies:dashboard", pk=residency.pk)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def member_add(request, residency):
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_member(residency=residency, **form.cleaned_data)
        except MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Membre ajouté."))
            return redirect("residencies:dashboard", pk=residency.pk)
    return render(
        request,
        "residencies/member_form.html",
        _residency_context(request, residency, form=form, tab="dashboard"),
    )


@residency_view("admin")
@require_POST
def member_change(request, residency, member_pk):
    membership = get_object_or_404(
        ResidencyMembership.objects.select_related("residency"), residency=residency, pk=member_pk
    )
    try:
        if request.POST.get("action") == "remove":
            remove_member(membership=membership)
            messages.success(request, _("Membre retiré."))
        else:
            form = MemberRoleForm(request.POST)
            if form.is_valid():
                change_member_role(membership=membership, role=form.cleaned_data["role"])
                messages.success(request, _("Rôle modifié."))
    except MembershipError as error:
        messages.error(request, str(error))
    return redirect("residencies:dashboard", pk=residency.pk)
