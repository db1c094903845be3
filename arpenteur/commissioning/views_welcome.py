"""Preparing the welcome: the checklist (housing, workspace, relays, keys, insurance…) with owners
and due dates, and the mixed steering committee (members, meetings, minutes, decisions).

Whoever sees the residency reads both; commissioners and coordinators edit them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.residencies.access import residency_view
from arpenteur.residencies.models import CommitteeMember, Decision, Meeting

from . import services
from .access import can_edit_commission
from .forms import CommitteeMemberForm, DecisionForm, MeetingForm, WelcomeTaskForm
from .models import WelcomeTask
from .views import _context, item_edit_page, json_response


def _prep_context(request, residency, **extra):
    context = _context(request, residency, **extra)
    context["tab"] = "preparer"
    return context


@residency_view("view")
@require_http_methods(["GET", "POST"])
def welcome(request, residency, fmt=None):
    can_commission = can_edit_commission(residency, request.user)
    form = WelcomeTaskForm()
    if request.method == "POST":
        if not can_commission:
            raise PermissionDenied
        form = WelcomeTaskForm(request.POST)
        if form.is_valid():
            task = form.save(commit=False)
            task.residency = residency
            task.position = residency.welcome_tasks.count() + 1
            task.save()
            messages.success(request, _("Tâche « %(label)s » ajoutée.") % {"label": task.label})
            return redirect("commissioning:welcome", pk=residency.pk)
    tasks = list(residency.welcome_tasks.all())
    if fmt == "json":
        return json_response(
            {
                "taches": [
                    {"tache": t.label, "responsable": t.owner, "echeance": t.due_on, "faite": t.done}
                    for t in tasks
                ]
            }
        )
    if fmt:
        raise Http404
    return render(
        request,
        "commissioning/welcome.html",
        _prep_context(request, residency, tasks=tasks, form=form, done_count=sum(1 for t in tasks if t.done)),
    )


@residency_view("admin")
@require_POST
def welcome_toggle(request, residency, task_pk):
    task = get_object_or_404(WelcomeTask, pk=task_pk, residency=residency)
    services.toggle_welcome_task(task=task)
    return redirect("commissioning:welcome", pk=residency.pk)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def welcome_edit(request, residency, task_pk):
    task = get_object_or_404(WelcomeTask, pk=task_pk, residency=residency)
    return item_edit_page(
        request,
        residency,
        WelcomeTaskForm(request.POST or None, instance=task),
        saved_message=lambda: _("Tâche « %(label)s » modifiée.") % {"label": task.label},
        list_url=reverse("commissioning:welcome", kwargs={"pk": residency.pk}),
        heading=_("Modifier la tâche d’accueil"),
        delete_url=reverse("commissioning:welcome_delete", kwargs={"pk": residency.pk, "task_pk": task.pk}),
        delete_confirm=_("Supprimer cette tâche d’accueil ?"),
        tab="preparer",
        nav="prepare",
        section="welcome",
    )


@residency_view("admin")
@require_POST
def welcome_delete(request, residency, task_pk):
    task = get_object_or_404(WelcomeTask, pk=task_pk, residency=residency)
    task.delete()
    messages.success(request, _("Tâche « %(label)s » supprimée.") % {"label": task.label})
    return redirect("commissioning:welcome", pk=residency.pk)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def member_edit(request, residency, member_pk):
    member = get_object_or_404(CommitteeMember, pk=member_pk, residency=residency)
    return item_edit_page(
        request,
        residency,
        CommitteeMemberForm(request.POST or None, instance=member, prefix="membre"),
        saved_message=lambda: _("Membre « %(name)s » modifié.") % {"name": member.full_name},
        list_url=reverse("commissioning:committee", kwargs={"pk": residency.pk}),
        heading=_("Modifier un membre du comité de pilotage"),
        delete_url=reverse(
            "commissioning:member_delete", kwargs={"pk": residency.pk, "member_pk": member.pk}
        ),
        delete_confirm=_(
            "Retirer ce membre du comité ? Il disparaît aussi des listes de présents des réunions."
        ),
        tab="preparer",
        nav="prepare",
        section="committee",
    )


@residency_view("admin")
@require_POST
def member_delete(request, residency, member_pk):
    member = get_object_or_404(CommitteeMember, pk=member_pk, residency=residency)
    member.delete()
    messages.success(
        request, _("%(name)s ne fait plus partie du comité de pilotage.") % {"name": member.full_name}
    )
    return redirect("commissioning:committee", pk=residency.pk)


@residency_view("view")
@require_http_methods(["GET", "POST"])
def committee(request, residency, fmt=None):
    can_commission = can_edit_commission(residency, request.user)
    member_form = CommitteeMemberForm(prefix="membre")
    meeting_form = MeetingForm(prefix="reunion", residency=residency)
    if request.method == "POST":
        if not can_commission:
            raise PermissionDenied
        if request.POST.get("action") == "member":
            member_form = CommitteeMemberForm(request.POST, prefix="membre")
            if member_form.is_valid():
                member = member_form.save(commit=False)
                member.residency = residency
                member.save()
                messages.success(
                    request, _("%(name)s rejoint le comité de pilotage.") % {"name": member.full_name}
                )
                return redirect("commissioning:committee", pk=residency.pk)
        else:
            meeting_form = MeetingForm(request.POST, prefix="reunion", residency=residency)
            if meeting_form.is_valid():
                meeting = meeting_form.save(commit=False)
                meeting.residency = residency
                meeting.save()
                meeting_form.save_m2m()
                messages.success(request, _("Réunion enregistrée."))
                return redirect("commissioning:meeting", pk=residency.pk, meeting_pk=meeting.pk)
    members = list(residency.committee_members.all())
    meetings = list(
        residency.committee_meetings.prefetch_related(
            "attendees", Prefetch("decisions", queryset=Decision.objects.order_by("pk"))
        )
    )
    if fmt == "json":
        return json_response(
            {
                "membres": [
                    {
                        "nom": m.full_name,
                        "fonction": m.function,
                        "structure": m.organisation,
                        "college": m.college,
                    }
                    for m in members
                ],
                "reunions": [_meeting_payload(m) for m in meetings],
            }
        )
    if fmt:
        raise Http404
    return render(
        request,
        "commissioning/committee.html",
        _prep_context(
            request,
            residency,
            members=members,
            meetings=meetings,
            member_form=member_form,
            meeting_form=meeting_form,
            colleges=CommitteeMember.College.choices,
        ),
    )


def _meeting_payload(meeting):
    return {
        "date": meeting.held_on,
        "objet": meeting.title,
        "lieu": meeting.place,
        "ordre_du_jour": meeting.agenda,
        "compte_rendu": meeting.minutes,
        "presents": [a.full_name for a in meeting.attendees.all()],
        "decisions": [
            {"decision": d.text, "qui": d.owner, "echeance": d.due_on} for d in meeting.decisions.all()
        ],
    }


@residency_view("view")
@require_http_methods(["GET", "POST"])
def meeting(request, residency, meeting_pk, fmt=None):
    item = get_object_or_404(
        Meeting.objects.prefetch_related("attendees", "decisions"), pk=meeting_pk, residency=residency
    )
    if fmt == "json":
        return json_response(_meeting_payload(item))
    if fmt:
        raise Http404
    can_commission = can_edit_commission(residency, request.user)
    form = MeetingForm(instance=item, residency=residency, prefix="reunion")
    decision_form = DecisionForm(prefix="decision")
    if request.method == "POST":
        if not can_commission:
            raise PermissionDenied
        if request.POST.get("action") == "decision":
            decision_form = DecisionForm(request.POST, prefix="decision")
            if decision_form.is_valid():
                decision = decision_form.save(commit=False)
                decision.meeting = item
                decision.save()
                messages.success(request, _("Décision consignée."))
                return redirect("commissioning:meeting", pk=residency.pk, meeting_pk=item.pk)
        else:
            form = MeetingForm(request.POST, instance=item, residency=residency, prefix="reunion")
            if form.is_valid() and form.save_if_unchanged():
                messages.success(request, _("Compte rendu enregistré."))
                return redirect("commissioning:meeting", pk=residency.pk, meeting_pk=item.pk)
    return render(
        request,
        "commissioning/meeting.html",
        _prep_context(request, residency, meeting=item, form=form, decision_form=decision_form),
    )
