"""Commissioning pages. Thin views: access through residencies.access and .access, state changes
through .services, arithmetic in .budget and .grid."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import public
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.models import FormatTemplate
from arpenteur.residencies.views import _residency_context

from . import services
from .access import can_edit_commission
from .budget import compute_totals, current_references, position_in_range, procurement_route, scenarios
from .forms import (
    INTENTION_STEPS,
    BudgetForm,
    BudgetLineFormSet,
    ChooseFormatForm,
    FundingFormSet,
    ImmersionForm,
)
from .models import BudgetExample, CostReference, SessionStaffing
from .money import ZERO, format_eur


def json_response(payload) -> HttpResponse:
    return HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


def _context(request, residency, **extra):
    return _residency_context(
        request,
        residency,
        **{
            "tab": "commander",
            "can_commission": can_edit_commission(residency, request.user),
            "documents_url": reverse("commissioning:documents", kwargs={"pk": residency.pk}),
            "selection_url": reverse("commissioning:selection", kwargs={"pk": residency.pk}),
            **extra,
        },
    )


def _save_form(form) -> bool:
    form.save()
    return True


def item_edit_page(
    request,
    residency,
    form,
    *,
    saved_message,
    list_url,
    heading,
    delete_url,
    delete_confirm,
    save=_save_form,
    **extra,
):
    """The page that corrects one item of a commissioning list (offer, consulted team, welcome task,
    committee member) and offers to delete it: one flow, so every list behaves alike. `save` returns False
    when it refused (e.g. a concurrent edit; the form then carries the message and keeps the typing);
    `saved_message` is called after saving, so it names the item as corrected."""
    if request.method == "POST" and form.is_valid() and save(form):
        messages.success(request, saved_message())
        return redirect(list_url)
    context = _context(
        request,
        residency,
        form=form,
        heading=heading,
        back_url=list_url,
        delete_url=delete_url,
        delete_confirm=delete_confirm,
        **extra,
    )
    return render(request, "commissioning/item_edit.html", context)


# --- Discovery (public) --------------------------------------------------------------------------


def _format_rows():
    formats = list(FormatTemplate.objects.filter(is_active=True).prefetch_related("budget_examples"))
    rows = []
    for f in formats:
        rows.append(
            {
                "format": f,
                "slug": f.slug,
                "name": f.name,
                "summary": f.summary,
                "duree_jours": f.typical_span_days,
                "temps_sur_site": f.session_count,
                "jours_sur_site": f.days_on_site,
                "equipe_min": f.team_size_min,
                "equipe_max": f.team_size_max,
                "cout_bas": f.cost_low,
                "cout_haut": f.cost_high,
                "livrables": list(f.deliverables),
                "exemples": [e.title for e in f.budget_examples.all()],
            }
        )
    return rows


@public
def discover(request, fmt=None):
    rows = _format_rows()
    references = current_references()
    if fmt == "json":
        return json_response(
            {
                "formats": [{k: v for k, v in row.items() if k != "format"} for row in rows],
                "reperes": {
                    key: {"bas": ref.low, "haut": ref.high, "source": ref.source}
                    for key, ref in references.items()
                },
            }
        )
    if fmt:
        raise Http404
    context = {
        "rows": rows,
        "day_rate": references.get(CostReference.Key.TEAM_DAY_RATE),
        "documentation": references.get(CostReference.Key.DOCUMENTATION),
        "usual": references.get(CostReference.Key.USUAL_TOTAL),
        "nav_section": "commander",
    }
    return render(request, "commissioning/discover.html", context)


# --- Commander phase panel -----------------------------------------------------------------------


def commander_panel(request, residency):
    """Context of the panel on the `commander` phase page (shown to whoever sees the residency)."""
    intention = getattr(residency, "intention", None) if _has(residency, "intention") else None
    budget = residency.budget if _has(residency, "budget") else None
    totals = compute_totals(budget, list(budget.lines.all()), list(budget.funding.all())) if budget else None
    return {
        "intention": intention,
        "steps": INTENTION_STEPS,
        "budget": budget,
        "totals": totals,
        "documents": residency.procurement_documents.order_by("kind", "-created_at")[:10],
        "offers_count": residency.offers.count(),
        "awarded": residency.offers.filter(status="attribuee").select_related("team").first(),
        "can_commission": can_edit_commission(residency, request.user),
        "documents_url": reverse("commissioning:documents", kwargs={"pk": residency.pk}),
        "selection_url": reverse("commissioning:selection", kwargs={"pk": residency.pk}),
    }


def preparer_panel(request, residency):
    """Context of the welcome and steering-committee panel on the `préparer` phase page."""
    tasks = list(residency.welcome_tasks.all())
    return {
        "tasks_total": len(tasks),
        "tasks_done": sum(1 for t in tasks if t.done),
        "next_tasks": [t for t in tasks if not t.done][:3],
        "members_count": residency.committee_members.count(),
        "next_meeting": residency.committee_meetings.order_by("-held_on").first(),
    }


def _has(residency, name) -> bool:
    try:
        getattr(residency, name)
    except ObjectDoesNotExist:  # the reverse one-to-one is not there yet
        return False
    return True


# --- Intention -----------------------------------------------------------------------------------


@residency_view("view")
def intention_detail(request, residency, fmt=None):
    intention = residency.intention if _has(residency, "intention") else None
    if fmt == "json":
        if intention is None:
            return json_response({"intention": None})
        return json_response(
            {
                "intention": {
                    "question": intention.question,
                    "enjeux": intention.stakes,
                    "enjeux_precisions": intention.stakes_note,
                    "communes": [
                        {"code_insee": c.code, "nom": c.name, "cog": c.cog_year}
                        for c in intention.communes.order_by("code")
                    ],
                    "epci": intention.epci.name if intention.epci else None,
                    "personnes_a_associer": intention.people_to_involve,
                    "debut_au_plus_tot": intention.earliest_start,
                    "fin_au_plus_tard": intention.latest_end,
                    "plafond_ht": intention.budget_ceiling,
                    "contraintes": intention.constraints_note,
                    "livrables": intention.deliverables,
                    "etape_atteinte": intention.step_reached,
                    "complete": intention.is_complete,
                }
            }
        )
    if fmt:
        raise Http404
    communes = list(intention.communes.order_by("name")) if intention else []
    return render(
        request,
        "commissioning/intention_detail.html",
        _context(request, residency, intention=intention, communes=communes, steps=INTENTION_STEPS),
    )


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def intention_step(request, residency, step: int):
    if not 1 <= step <= len(INTENTION_STEPS):
        raise Http404
    intention = services.intention_for(residency)
    slug, title, form_class = INTENTION_STEPS[step - 1]
    kwargs = {"instance": intention}
    if slug == "perimetre":
        kwargs["residency"] = residency
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_intention_step(
                form=form, step=step, last_step=len(INTENTION_STEPS), user=request.user
            )
        except services.CommissionError:
            pass  # the form carries the conflict message and everything typed
        else:
            action = request.POST.get("action", "next")
            if action == "previous" and step > 1:
                return redirect("commissioning:intention_step", pk=residency.pk, step=step - 1)
            if action == "next" and step < len(INTENTION_STEPS):
                return redirect("commissioning:intention_step", pk=residency.pk, step=step + 1)
            messages.success(request, _("Intention enregistrée."))
            return redirect("commissioning:intention", pk=residency.pk)
    return render(
        request,
        "commissioning/intention_step.html",
        _context(
            request,
            residency,
            form=form,
            intention=intention,
            step=step,
            step_title=title,
            steps=INTENTION_STEPS,
            last_step=len(INTENTION_STEPS),
        ),
    )


@residency_view("admin")
def intention_resume(request, residency):
    """Resume the draft where it was left."""
    intention = services.intention_for(residency)
    step = min(intention.step_reached + 1, len(INTENTION_STEPS)) if not intention.is_complete else 1
    return redirect("commissioning:intention_step", pk=residency.pk, step=step)


# --- Format --------------------------------------------------------------------------------------


@residency_view("view")
@require_http_methods(["GET", "POST"])
def format_compare(request, residency, fmt=None):
    rows = _format_rows()
    sessions = list(residency.sessions.select_related("staffing").order_by("start_date", "pk"))
    if fmt == "json":
        return json_response(
            {
                "format_actuel": residency.format_name,
                "formats": [{k: v for k, v in row.items() if k != "format"} for row in rows],
                "temps_sur_site": [
                    {
                        "titre": s.title,
                        "debut": s.start_date,
                        "fin": s.end_date,
                        "jours": s.days,
                        "personnes": s.staffing.people if _has(s, "staffing") else None,
                    }
                    for s in sessions
                ],
            }
        )
    if fmt:
        raise Http404
    can_commission = can_edit_commission(residency, request.user)
    if request.method == "POST":
        if not can_commission:
            raise PermissionDenied
        if "format" in request.POST:
            chosen = get_object_or_404(FormatTemplate, pk=request.POST["format"], is_active=True)
            form = ChooseFormatForm(request.POST)
            form.is_valid()
            services.choose_format(
                residency=residency,
                format=chosen,
                replace_sessions=form.cleaned_data.get("replace_sessions", False),
            )
            messages.success(request, _("Format retenu : %(name)s.") % {"name": chosen.name})
            return redirect("commissioning:format", pk=residency.pk)
        errors = _save_staffing(request, sessions)
        if not errors:
            messages.success(request, _("Composition de l’équipe sur site enregistrée."))
            return redirect("commissioning:format", pk=residency.pk)
        messages.error(request, " ".join(errors))
    staffing_rows = [
        {
            "session": s,
            "people": request.POST.get(f"people_{s.pk}") or (s.staffing.people if _has(s, "staffing") else 3),
            "disciplines": request.POST.get(f"disciplines_{s.pk}")
            or (s.staffing.disciplines if _has(s, "staffing") else ""),
        }
        for s in sessions
    ]
    person_days = sum(
        Decimal(str(r["people"])) * r["session"].days for r in staffing_rows if str(r["people"]).isdigit()
    )
    return render(
        request,
        "commissioning/format.html",
        _context(
            request,
            residency,
            rows=rows,
            staffing_rows=staffing_rows,
            person_days=person_days,
            choose_form=ChooseFormatForm(),
        ),
    )


def _save_staffing(request, sessions) -> list[str]:
    errors, values = [], {}
    for session in sessions:
        raw = request.POST.get(f"people_{session.pk}", "").strip()
        if not raw.isdigit() or int(raw) < 1:
            errors.append(
                _("« %(title)s » : indiquez un nombre entier de personnes, au moins 1.")
                % {"title": session.title}
            )
            continue
        values[session.pk] = (int(raw), request.POST.get(f"disciplines_{session.pk}", "")[:300])
    if errors:
        return errors
    with transaction.atomic():
        for session in sessions:
            people, disciplines = values[session.pk]
            SessionStaffing.objects.update_or_create(
                session=session, defaults={"people": people, "disciplines": disciplines}
            )
    return []


# --- Budget --------------------------------------------------------------------------------------


def _budget_figures(residency, budget, lines, funding):
    totals = compute_totals(budget, lines, funding)
    references = current_references()
    fallback = Decimal(0)
    if not totals.team_person_days:
        fallback = sum(
            (
                Decimal(s.staffing.people if _has(s, "staffing") else 3) * s.days
                for s in residency.sessions.select_related("staffing")
            ),
            Decimal(0),
        )
    return {
        "totals": totals,
        "scenario": scenarios(totals, lines, references, fallback_person_days=fallback),
        "range_position": position_in_range(totals.paid_ht, references),
        "usual": references.get(CostReference.Key.USUAL_TOTAL),
        "day_rate_ref": references.get(CostReference.Key.TEAM_DAY_RATE),
        "route": procurement_route(totals.paid_ht) if totals.paid_ht else None,
    }


@residency_view("view")
def budget_detail(request, residency, fmt=None):
    budget = (
        services.budget_for(residency)
        if can_edit_commission(residency, request.user)
        else (residency.budget if _has(residency, "budget") else None)
    )
    lines = list(budget.lines.all()) if budget else []
    funding = list(budget.funding.all()) if budget else []
    figures = _budget_figures(residency, budget, lines, funding) if budget else {}
    if fmt == "json":
        return json_response(_budget_payload(residency, budget, lines, funding, figures))
    if fmt == "xlsx":
        from .exports import budget_xlsx

        response = HttpResponse(
            budget_xlsx(residency, budget, lines, funding, figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="budget-residence-{residency.pk}.xlsx"'
        return response
    if fmt:
        raise Http404
    examples = BudgetExample.objects.select_related("format").order_by("order")
    return render(
        request,
        "commissioning/budget_detail.html",
        _context(
            request,
            residency,
            budget=budget,
            lines=lines,
            funding=funding,
            examples=examples,
            immersion_form=ImmersionForm(),
            **figures,
        ),
    )


def _budget_payload(residency, budget, lines, funding, figures):
    if budget is None:
        return {"budget": None}
    totals = figures["totals"]
    scenario = figures["scenario"]
    return {
        "residence": residency.pk,
        "regime_tva": budget.vat_regime,
        "taux_tva": budget.effective_vat_rate,
        "lignes": [
            {
                "poste": line.category,
                "libelle": line.label,
                "mode": line.mode,
                "personnes": line.people,
                "jours": line.days,
                "taux_journalier": line.day_rate,
                "montant_ht": line.total_ht,
                "en_nature": line.in_kind,
            }
            for line in lines
        ],
        "total_ht": totals.paid_ht,
        "tva": totals.vat,
        "total_ttc": totals.paid_ttc,
        "en_nature": totals.in_kind,
        "valeur_totale": totals.full_value,
        "taux_journalier_effectif": totals.effective_day_rate,
        "scenario_bas_ht": scenario.low if scenario else None,
        "scenario_haut_ht": scenario.high if scenario else None,
        "position_fourchette_usuelle": figures["range_position"],
        "procedure": figures["route"].route if figures["route"] else None,
        "cout_par_service": totals.cost_per_project,
        "cout_par_beneficiaire": totals.cost_per_beneficiary,
        "financements": [
            {"financeur": f.funder_name, "type": f.funder_kind, "montant": f.amount, "etat": f.status}
            for f in funding
        ],
        "reste_a_financer": totals.funding_gap,
    }


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def budget_edit(request, residency):
    budget = services.budget_for(residency)
    data = request.POST or None
    form = BudgetForm(data, instance=budget)
    lines_formset = BudgetLineFormSet(data, instance=budget, prefix="lignes")
    funding_formset = FundingFormSet(data, instance=budget, prefix="financements")
    if request.method == "POST":
        lines_ok = lines_formset.is_valid()
        form_ok = form.is_valid()
        if lines_ok and form_ok:
            # The funding plan may not exceed the TTC cost of the lines as typed now.
            preview = BudgetForm(data, instance=budget)
            preview.is_valid()
            funding_formset.ceiling = compute_totals(preview.instance, lines_formset.live_lines()).paid_ttc
        if funding_formset.is_valid() and lines_ok and form_ok:
            with transaction.atomic():
                if form.save_if_unchanged():
                    lines_formset.save()
                    funding_formset.save()
                    messages.success(request, _("Budget enregistré."))
                    return redirect("commissioning:budget", pk=residency.pk)
    return render(
        request,
        "commissioning/budget_edit.html",
        _context(
            request,
            residency,
            budget=budget,
            form=form,
            lines_formset=lines_formset,
            funding_formset=funding_formset,
        ),
    )


@residency_view("admin")
@require_POST
def budget_apply_example(request, residency):
    example = get_object_or_404(BudgetExample, pk=request.POST.get("example"))
    services.apply_budget_example(budget=services.budget_for(residency), example=example)
    messages.success(
        request, _("Budget repris de l’exemple « %(title)s » : adaptez-le.") % {"title": example.title}
    )
    return redirect("commissioning:budget", pk=residency.pk)


@residency_view("admin")
@require_POST
def budget_immersion(request, residency):
    form = ImmersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez un taux journalier positif."))
        return redirect("commissioning:budget", pk=residency.pk)
    count = services.immersion_lines_from_sessions(
        budget=services.budget_for(residency), day_rate=form.cleaned_data["day_rate"]
    )
    messages.success(
        request, _("%(n)s ligne(s) d’immersion calculées depuis les temps sur site.") % {"n": count}
    )
    return redirect("commissioning:budget", pk=residency.pk)


def money(value) -> str:
    return format_eur(value if value is not None else ZERO)


def commission_home_url(residency) -> str:
    return reverse("residencies:phase", kwargs={"pk": residency.pk, "kind": "commander"})
