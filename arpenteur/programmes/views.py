"""Programme pages: thin views; access through programmes.access, state changes through services."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import public, signed_in

from .access import get_call_for_user, get_programme_for_user
from .forms import CallForm, CriterionFormSet, EditionForm, ProgrammeForm, QuestionFormSet
from .models import Call, Programme


def operator_rule(view):
    """Signed-in operators only: anonymous visitors go to the sign-in page; the view then calls
    get_programme_for_user(…, need="operate")."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_rule = "programme:operate (programmes.access.get_programme_for_user)"
    return wrapper


def applicant_rule(view):
    """Signed-in users; the view narrows through programmes.access.get_application_for_user."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_rule = "application (programmes.access.get_application_for_user)"
    return wrapper


def _programme_context(request, programme, **extra):
    return {
        "programme": programme,
        "is_operator": programme.is_operated_by(request.user),
        "nav_section": "programmes",
        **extra,
    }


# --- Programmes -----------------------------------------------------------------------------------


@public
def programme_list(request):
    published = Programme.objects.published().select_related("operator")
    operated = (
        Programme.objects.operated_by(request.user).filter(is_published=False).select_related("operator")
    )
    return render(
        request,
        "programmes/programme_list.html",
        {"published": published, "operated": operated, "nav_section": "programmes"},
    )


@signed_in
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(request.POST or None, user=request.user)
    if not form.fields["operator"].queryset.exists():
        messages.error(
            request,
            _("Pour créer un programme, rejoignez d’abord l’organisation qui le porte (Région, DDT, CAUE…)."),
        )
        return redirect("programmes:list")
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        messages.success(request, _("Programme créé. Ajoutez ses éditions puis ouvrez un appel."))
        return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form, "nav_section": "programmes"})


@public
def programme_detail(request, slug):
    programme = get_programme_for_user(request, slug, "view")
    is_operator = programme.is_operated_by(request.user)
    calls = programme.calls.select_related("edition")
    if not is_operator:
        calls = calls.filter(is_published=True)
    entries = programme.portfolio.select_related("residency__commune__departement", "edition")
    public_entries = [e for e in entries if e.listed_publicly]
    news = programme.news.all() if is_operator else programme.news.public()
    context = _programme_context(
        request,
        programme,
        editions=programme.editions.all(),
        formats=programme.formats.all(),
        regions=programme.regions.all(),
        calls=calls,
        territories=sorted({e.residency.commune.name for e in public_entries}),
        syntheses=[e for e in public_entries if e.synthesis_url],
        news=news[:5],
        now=timezone.now(),
    )
    return render(request, "programmes/programme_detail.html", context)


@operator_rule
@require_http_methods(["GET", "POST"])
def programme_edit(request, slug):
    programme = get_programme_for_user(request, slug, "operate")
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Programme enregistré."))
        return redirect("programmes:detail", slug=programme.slug)
    return render(
        request, "programmes/programme_form.html", _programme_context(request, programme, form=form)
    )


@operator_rule
@require_http_methods(["GET", "POST"])
def edition_add(request, slug):
    programme = get_programme_for_user(request, slug, "operate")
    form = EditionForm(request.POST or None, instance=None)
    form.instance.programme = programme
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Édition ajoutée."))
        return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/edition_form.html", _programme_context(request, programme, form=form))


@operator_rule
@require_POST
def edition_delete(request, slug, edition_pk):
    programme = get_programme_for_user(request, slug, "operate")
    get_object_or_404(programme.editions, pk=edition_pk).delete()
    messages.success(request, _("Édition retirée."))
    return redirect("programmes:detail", slug=programme.slug)


# --- Calls ----------------------------------------------------------------------------------------


@public
def call_detail(request, slug, call_pk):
    programme = get_programme_for_user(request, slug, "view")
    call = get_call_for_user(request, programme, call_pk, "view")
    context = _programme_context(
        request,
        programme,
        call=call,
        questions=call.questions.all(),
        criteria=call.criteria.all(),
        is_open=call.is_open(),
        now=timezone.now(),
    )
    if context["is_operator"]:
        context["application_count"] = call.applications.exclude(status="brouillon").count()
    return render(request, "programmes/call_detail.html", context)


@operator_rule
@require_http_methods(["GET", "POST"])
def call_edit(request, slug, call_pk=None):
    programme = get_programme_for_user(request, slug, "operate")
    call = get_call_for_user(request, programme, call_pk, "operate") if call_pk else Call(programme=programme)
    data = request.POST or None
    form = CallForm(data, instance=call, programme=programme)
    questions = QuestionFormSet(data, instance=call, prefix="questions")
    criteria = CriterionFormSet(data, instance=call, prefix="criteria")
    if request.method == "POST" and form.is_valid() and questions.is_valid() and criteria.is_valid():
        with transaction.atomic():
            if form.save_if_unchanged():
                questions.instance = criteria.instance = form.instance
                questions.save()
                criteria.save()
                messages.success(request, _("Appel enregistré."))
                return redirect("programmes:call", slug=programme.slug, call_pk=form.instance.pk)
    context = _programme_context(
        request, programme, form=form, questions=questions, criteria=criteria, call=call if call.pk else None
    )
    return render(request, "programmes/call_form.html", context)


def _forbid(condition: bool) -> None:
    if condition:
        raise PermissionDenied
