"""Choosing the team: the directory of teams and the teams consulted upstream, the evaluation
grid, the offers received, the jury's marks, the ranking and the award.

Who sees what (see .access): the directory and the grid are read by whoever sees the residency and
edited by commissioners and coordinators; offers, marks and ranking are seen only by the
commissioner and the jury (the coordinator may be a competing team); the others only learn how many
offers came and who was awarded. Recording offers, setting the jury and awarding: the commissioner.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.residencies.access import residency_view

from . import services
from .access import can_edit_commission, can_manage_selection, can_see_marks, is_evaluator
from .forms import (
    ConsultedTeamForm,
    CriterionFormSet,
    EvaluatorForm,
    GridForm,
    MarksForm,
    OfferAnalysisForm,
    OfferEditForm,
    OfferForm,
    SubCriterionFormSet,
    TeamForm,
)
from .grid import rank
from .models import ConsultedTeam, Criterion, Mark, Offer, Team
from .views import _context, item_edit_page, json_response

# --- Teams ---------------------------------------------------------------------------------------


@residency_view("view")
@require_http_methods(["GET", "POST"])
def teams(request, residency, fmt=None):
    """The directory (filterable by kind, region and discipline) and the teams consulted upstream."""
    can_commission = can_edit_commission(residency, request.user)
    team_form = TeamForm(prefix="equipe")
    consulted_form = ConsultedTeamForm(prefix="consultee")
    if request.method == "POST":
        if not can_commission:
            raise PermissionDenied
        if request.POST.get("action") == "team":
            team_form = TeamForm(request.POST, prefix="equipe")
            if team_form.is_valid():
                team = team_form.save()
                messages.success(
                    request, _("Équipe « %(name)s » ajoutée à l’annuaire.") % {"name": team.name}
                )
                return redirect("commissioning:teams", pk=residency.pk)
        else:
            consulted_form = ConsultedTeamForm(request.POST, prefix="consultee")
            if consulted_form.is_valid():
                consulted = consulted_form.save(commit=False)
                consulted.residency = residency
                consulted.save()
                messages.success(request, _("Consultation en amont enregistrée."))
                return redirect("commissioning:teams", pk=residency.pk)
    directory = Team.objects.select_related("region").annotate(
        offer_count=Count("offers", filter=Q(offers__residency=residency))
    )
    kind = request.GET.get("type", "")
    if kind in Team.Kind.values:
        directory = directory.filter(kind=kind)
    discipline = request.GET.get("discipline", "").strip()
    if discipline:
        directory = directory.filter(disciplines__icontains=discipline)
    consulted = list(residency.consulted_teams.select_related("team"))
    if fmt == "json":
        return json_response(
            {
                "annuaire": [
                    {
                        "nom": t.name,
                        "type": t.kind,
                        "disciplines": t.disciplines,
                        "region": t.region.name if t.region else None,
                        "references": t.references,
                        "contact": t.contact_name,
                        "courriel": t.contact_email,
                        "site": t.website,
                    }
                    for t in directory
                ],
                "consultees_en_amont": [
                    {"equipe": c.team.name, "le": c.consulted_on, "ce_qui_en_ressort": c.outcome}
                    for c in consulted
                ],
            }
        )
    if fmt:
        raise Http404
    return render(
        request,
        "commissioning/teams.html",
        _context(
            request,
            residency,
            directory=directory,
            consulted=consulted,
            team_form=team_form,
            consulted_form=consulted_form,
            kinds=Team.Kind.choices,
            kind=kind,
            discipline=discipline,
        ),
    )


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def consulted_edit(request, residency, consulted_pk):
    consulted = get_object_or_404(ConsultedTeam, pk=consulted_pk, residency=residency)
    return item_edit_page(
        request,
        residency,
        ConsultedTeamForm(request.POST or None, instance=consulted, prefix="consultee"),
        saved_message=lambda: _("Consultation en amont modifiée."),
        list_url=reverse("commissioning:teams", kwargs={"pk": residency.pk}),
        heading=_("Modifier la consultation de « %(name)s »") % {"name": consulted.team.name},
        delete_url=reverse(
            "commissioning:consulted_delete", kwargs={"pk": residency.pk, "consulted_pk": consulted.pk}
        ),
        delete_confirm=_("Retirer cette consultation en amont ?"),
        nav="commission",
        section="teams",
    )


@residency_view("admin")
@require_POST
def consulted_delete(request, residency, consulted_pk):
    consulted = get_object_or_404(
        ConsultedTeam.objects.select_related("team"), pk=consulted_pk, residency=residency
    )
    consulted.delete()
    messages.success(request, _("Consultation de « %(name)s » retirée.") % {"name": consulted.team.name})
    return redirect("commissioning:teams", pk=residency.pk)


# --- Grid ----------------------------------------------------------------------------------------


def _grid_payload(grid, criteria):
    return {
        "titre": grid.title,
        "formule_prix": grid.price_formula,
        "audition": grid.has_audition,
        "equipes_auditionnees": grid.shortlist_size,
        "total_des_poids": sum(c.weight for c in criteria),
        "criteres": [
            {
                "critere": c.title,
                "poids": c.weight,
                "prix": c.is_price,
                "guide": c.guide,
                "sous_criteres": [
                    {"sous_critere": s.title, "poids": s.weight, "guide": s.guide}
                    for s in c.subcriteria.all()
                ],
            }
            for c in criteria
        ],
    }


@residency_view("view")
def grid_detail(request, residency, fmt=None):
    grid = services.grid_for(residency)
    criteria = list(grid.criteria.prefetch_related("subcriteria"))
    if fmt == "json":
        return json_response(_grid_payload(grid, criteria))
    if fmt:
        raise Http404
    return render(
        request, "commissioning/grid.html", _context(request, residency, grid=grid, criteria=criteria)
    )


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def grid_edit(request, residency):
    grid = services.grid_for(residency)
    form = GridForm(request.POST or None, instance=grid)
    formset = CriterionFormSet(request.POST or None, instance=grid, prefix="criteres")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_grid(form=form, formset=formset)
        except ValidationError as error:
            form.add_error(None, error)
        except services.CommissionError:
            pass  # the form carries the conflict message
        else:
            messages.success(request, _("Grille enregistrée : les critères totalisent 100."))
            return redirect("commissioning:grid", pk=residency.pk)
    return render(
        request,
        "commissioning/grid_edit.html",
        _context(request, residency, grid=grid, form=form, formset=formset),
    )


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def subcriteria_edit(request, residency, criterion_pk):
    grid = services.grid_for(residency)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, grid=grid, is_price=False)
    formset = SubCriterionFormSet(request.POST or None, instance=criterion, prefix="sous")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(
            request, _("Sous-critères de « %(title)s » enregistrés.") % {"title": criterion.title}
        )
        return redirect("commissioning:grid", pk=residency.pk)
    return render(
        request,
        "commissioning/subcriteria_edit.html",
        _context(request, residency, grid=grid, criterion=criterion, formset=formset),
    )


# --- Offers, marks, ranking, award ---------------------------------------------------------------


def _selection_data(residency, grid):
    offers = list(residency.offers.select_related("team", "evaluation").order_by("received_on", "pk"))
    criteria = list(grid.criteria.prefetch_related("subcriteria"))
    # Plain rows, not model instances: a jury of 7 on 40 offers is ~1,700 marks.
    marks = list(
        Mark.objects.filter(evaluation__grid=grid).values_list(
            "evaluation_id", "evaluator_id", "criterion_id", "subcriterion_id", "mark", named=True
        )
    )
    evaluations = [o.evaluation for o in offers if o.evaluation_id]
    ranking = rank(grid, evaluations, criteria, marks)
    offer_by_eval = {o.evaluation_id: o for o in offers}
    for row in ranking:
        row.offer = offer_by_eval.get(row.evaluation.pk)
    return offers, criteria, marks, ranking


@residency_view("view")
def selection(request, residency, fmt=None):
    grid = services.grid_for(residency)
    sees_marks = can_see_marks(residency, grid, request.user)
    awarded = residency.offers.filter(status=Offer.Status.AWARDED).select_related("team").first()
    context = {"grid": grid, "sees_marks": sees_marks, "awarded": awarded}
    if sees_marks:
        offers, criteria, marks, ranking = _selection_data(residency, grid)
        evaluators = list(grid.evaluators.select_related("user"))
        mine = next((e for e in evaluators if e.user_id == request.user.pk), None)
        marked_by_me = {m.evaluation_id for m in marks if mine and m.evaluator_id == mine.pk}
        context.update(
            offers=offers,
            criteria=criteria,
            ranking=ranking,
            evaluators=evaluators,
            my_evaluator=mine,
            marked_by_me=marked_by_me,
            marks_count=Counter(m.evaluator_id for m in marks),
        )
    else:
        context["offers_count"] = residency.offers.count()
    manages = can_manage_selection(residency, request.user)
    if fmt == "json":
        payload = {
            "offres_recues": len(context["offers"]) if sees_marks else context["offers_count"],
            "attributaire": awarded.team.name if awarded else None,
        }
        if sees_marks:
            payload["classement"] = [
                {
                    "rang": r.rank,
                    "equipe": r.evaluation.label,
                    "prix_ht": r.evaluation.price,
                    "note_sur_100": round(r.total, 2),
                    "complet": r.complete,
                    "points": {
                        c.title: (
                            round(r.points_by_criterion[c.pk], 2) if r.points_by_criterion[c.pk] else None
                        )
                        for c in context["criteria"]
                    },
                    "analyse": r.offer.analysis if r.offer else "",
                }
                for r in context["ranking"]
            ]
            payload["jury"] = [str(e.user) for e in context["evaluators"]]
        return json_response(payload)
    if fmt:
        raise Http404
    if manages:
        members = residency.memberships.select_related("user").exclude(
            user_id__in=grid.evaluators.values("user_id")
        )
        context.update(offer_form=OfferForm(prefix="offre"), evaluator_form=EvaluatorForm(members=members))
    return render(
        request, "commissioning/selection.html", _context(request, residency, manages=manages, **context)
    )


def _require_manager(residency, user):
    if not can_manage_selection(residency, user):
        raise PermissionDenied


@residency_view("view")
@require_http_methods(["GET", "POST"])
def offer_add(request, residency):
    _require_manager(residency, request.user)
    form = OfferForm(request.POST or None, prefix="offre")
    if request.method == "POST" and form.is_valid():
        offer = services.record_offer(residency=residency, offer=form.save(commit=False))
        messages.success(request, _("Offre de « %(team)s » enregistrée.") % {"team": offer.team.name})
        return redirect("commissioning:selection", pk=residency.pk)
    return render(request, "commissioning/offer_form.html", _context(request, residency, form=form))


@residency_view("view")
@require_http_methods(["GET", "POST"])
def offer_edit(request, residency, offer_pk):
    _require_manager(residency, request.user)
    offer = get_object_or_404(Offer.objects.select_related("team"), pk=offer_pk, residency=residency)
    return item_edit_page(
        request,
        residency,
        OfferEditForm(request.POST or None, instance=offer, prefix="offre"),
        save=lambda form: services.update_offer(form=form),
        saved_message=lambda: _("Offre de « %(team)s » modifiée.") % {"team": offer.team.name},
        list_url=reverse("commissioning:selection", kwargs={"pk": residency.pk}),
        heading=_("Modifier l’offre de « %(team)s »") % {"team": offer.team.name},
        delete_url=reverse("commissioning:offer_delete", kwargs={"pk": residency.pk, "offer_pk": offer.pk}),
        delete_confirm=_("Supprimer cette offre ? Seule une offre ni notée ni attribuée peut l’être."),
        nav="commission",
        section="selection",
    )


@residency_view("view")
@require_POST
def offer_delete(request, residency, offer_pk):
    _require_manager(residency, request.user)
    offer = get_object_or_404(Offer.objects.select_related("team"), pk=offer_pk, residency=residency)
    try:
        services.delete_offer(offer=offer)
    except services.CommissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Offre de « %(team)s » supprimée.") % {"team": offer.team.name})
    return redirect("commissioning:selection", pk=residency.pk)


@residency_view("view")
@require_POST
def jury_add(request, residency):
    _require_manager(residency, request.user)
    grid = services.grid_for(residency)
    members = residency.memberships.select_related("user")
    form = EvaluatorForm(request.POST, members=members)
    if form.is_valid():
        member = next(m for m in members if str(m.user_id) == form.cleaned_data["user"])
        services.add_evaluator(grid=grid, user=member.user, role_note=form.cleaned_data["role_note"])
        messages.success(request, _("%(name)s rejoint le jury.") % {"name": member.user})
    else:
        messages.error(request, _("Choisissez un membre de la résidence."))
    return redirect("commissioning:selection", pk=residency.pk)


def _targets(criteria):
    """What a jury member marks: each sub-criterion, or the criterion itself; never the price."""
    targets = []
    for criterion in criteria:
        if criterion.is_price:
            continue
        subs = list(criterion.subcriteria.all())
        if subs:
            for sub in subs:
                targets.append(
                    (f"{criterion.pk}_{sub.pk}", f"{criterion.title} — {sub.title} ({sub.weight})", sub.guide)
                )
        else:
            targets.append((f"{criterion.pk}_0", f"{criterion.title} ({criterion.weight})", criterion.guide))
    return targets


@residency_view("view")
@require_http_methods(["GET", "POST"])
def marks_edit(request, residency, offer_pk):
    """A jury member's marks on one offer. Only jury members mark; nobody marks for someone else."""
    offer = get_object_or_404(
        Offer.objects.select_related("team", "evaluation"), pk=offer_pk, residency=residency
    )
    grid = services.grid_for(residency)
    evaluator = (
        grid.evaluators.filter(user=request.user).first() if is_evaluator(grid, request.user) else None
    )
    if evaluator is None or offer.evaluation is None:
        raise PermissionDenied
    criteria = list(grid.criteria.prefetch_related("subcriteria"))
    targets = _targets(criteria)
    existing = {
        f"{m.criterion_id}_{m.subcriterion_id or 0}": m
        for m in Mark.objects.filter(evaluation=offer.evaluation, evaluator=evaluator)
    }
    form = MarksForm(request.POST or None, targets=targets, existing=existing)
    if request.method == "POST" and form.is_valid():
        marks = {}
        for key, _label, _guide in targets:
            criterion_id, sub_id = (int(x) for x in key.split("_"))
            marks[(criterion_id, sub_id or None)] = (
                form.cleaned_data[f"m_{key}"],
                form.cleaned_data[f"c_{key}"],
            )
        services.record_marks(evaluator=evaluator, evaluation=offer.evaluation, marks=marks)
        messages.success(
            request, _("Vos notes pour « %(team)s » sont enregistrées.") % {"team": offer.team.name}
        )
        return redirect("commissioning:selection", pk=residency.pk)
    return render(
        request,
        "commissioning/marks_form.html",
        _context(request, residency, offer=offer, form=form, grid=grid),
    )


@residency_view("view")
@require_http_methods(["GET", "POST"])
def offer_analysis(request, residency, offer_pk):
    """The written analysis of one offer, gathered into the analysis report."""
    _require_manager(residency, request.user)
    offer = get_object_or_404(Offer.objects.select_related("team"), pk=offer_pk, residency=residency)
    form = OfferAnalysisForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Analyse de l’offre enregistrée."))
        return redirect("commissioning:selection", pk=residency.pk)
    return render(
        request, "commissioning/offer_analysis.html", _context(request, residency, offer=offer, form=form)
    )


@residency_view("view")
@require_POST
def shortlist(request, residency):
    _require_manager(residency, request.user)
    grid = services.grid_for(residency)
    chosen = [int(v) for v in request.POST.getlist("retenues") if v.isdigit()]
    notes = {
        e.pk: request.POST.get(f"audition_{e.pk}", e.audition_note)[:5000] for e in grid.evaluations.all()
    }
    if grid.shortlist_size and len(chosen) > grid.shortlist_size:
        messages.error(
            request,
            _("La grille admet au plus %(n)s équipes à l’audition : retirez-en.")
            % {"n": grid.shortlist_size},
        )
        return redirect("commissioning:selection", pk=residency.pk)
    services.set_shortlist(grid=grid, evaluation_ids=chosen, notes=notes)
    messages.success(request, _("Équipes admises à l’audition enregistrées."))
    return redirect("commissioning:selection", pk=residency.pk)


@residency_view("view")
@require_POST
def award(request, residency):
    _require_manager(residency, request.user)
    offer = get_object_or_404(
        Offer.objects.select_related("team"), pk=request.POST.get("offer"), residency=residency
    )
    try:
        services.award_offer(offer=offer)
    except services.CommissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Marché attribué à « %(team)s » : l’équipe devient mandataire de la résidence.")
            % {"team": offer.team.name},
        )
    return redirect("commissioning:selection", pk=residency.pk)
