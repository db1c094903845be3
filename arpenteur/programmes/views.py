"""Programme pages: thin views; access through programmes.access, state changes through services."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q, Sum
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.accounts.models import Organisation
from arpenteur.commissioning.forms import MarksForm
from arpenteur.commissioning.models import Mark
from arpenteur.core.access import public, signed_in
from arpenteur.core.tabular import Column, twin_response
from arpenteur.publications.models import Deliverable
from arpenteur.residencies.models import Party, Residency

from . import capitalisation
from .access import get_application_for_user, get_call_for_user, get_programme_for_user
from .forms import (
    ApplicationForm,
    ApplicationStartForm,
    AttachmentForm,
    CallForm,
    CriterionFormSet,
    DecisionForm,
    EditionForm,
    NewsPostForm,
    PortfolioFilterForm,
    ProgrammeForm,
    QuestionFormSet,
    SelectionForm,
)
from .models import Application, ApplicationAttachment, Call, NewsPost, PortfolioEntry, Programme
from .services import (
    ApplicationError,
    check_call_open,
    evaluation_for,
    rank_applications,
    reject_application,
    score_application,
    select_application,
    submit_application,
    sync_call_grid,
)


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
        {
            "published": published,
            "operated": operated,
            "runs_programmes": Programme.objects.operated_by(request.user).exists(),
            "nav_section": "programmes",
        },
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
    entries = programme.portfolio.select_related(
        "residency__commune__departement", "residency__publication", "edition"
    ).prefetch_related(_ready_pdfs())
    public_entries = [e for e in entries if e.listed_publicly]
    # A residency published by its commune and coordinator is public even when the operator did not
    # list it; the operator's own link to a cahier shows only for the territories it chose to name.
    published = [
        (entry, links)
        for entry in entries
        if (links := _published_deliverables(entry, operator_link=entry.listed_publicly))
    ]
    news = programme.news.all() if is_operator else programme.news.public()
    context = _programme_context(
        request,
        programme,
        editions=programme.editions.all(),
        formats=programme.formats.all(),
        regions=programme.regions.all(),
        calls=calls,
        territories=sorted({e.residency.commune.name for e in public_entries}),
        syntheses=published,
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
                if form.instance.grid_id:
                    # Applications already scored: the grid follows the new criteria and weights.
                    sync_call_grid(form.instance)
                messages.success(request, _("Appel enregistré."))
                return redirect("programmes:call", slug=programme.slug, call_pk=form.instance.pk)
    context = _programme_context(
        request, programme, form=form, questions=questions, criteria=criteria, call=call if call.pk else None
    )
    return render(request, "programmes/call_form.html", context)


# --- Applications ---------------------------------------------------------------------------------


def _eligible_organisations(user, call):
    kinds = [k for k, allowed in (("commune", call.allow_communes), ("epci", call.allow_epci)) if allowed]
    return Organisation.objects.filter(memberships__user=user, kind__in=kinds).order_by("name").distinct()


def _application_context(request, application, form, **extra):
    call = application.call
    context = _programme_context(
        request,
        call.programme,
        call=call,
        application=application if application.pk else None,
        form=form,
        tab="applications",
        **extra,
    )
    if application.pk:
        context["attachments"] = application.attachments.all()
        context["can_edit"] = application.can_be_edited_by(request.user)
        context["can_operate"] = application.is_operated_by(request.user)
        context.setdefault("attachment_form", AttachmentForm())
    return context


def _save_or_submit(request, form, application):
    """Shared by the first save and later edits: refuse after the deadline keeping the typing, save
    the draft, and submit it when asked and complete. Returns a response, or None to re-render."""
    valid = form.is_valid()
    try:
        check_call_open(application.call)
    except ApplicationError as error:
        form.add_error(None, str(error))
        return None
    if not valid:
        return None
    submitting = "submit" in request.POST
    missing = form.missing_for_submission() if submitting else []
    with transaction.atomic():
        if not form.save_if_unchanged():
            return None
        application = form.instance
        if submitting and missing:
            # Saved, so nothing typed is lost; the page then starts from the stored version.
            messages.error(
                request,
                _("Votre brouillon est enregistré, mais il manque pour le déposer : %(missing)s.")
                % {"missing": ", ".join(missing)},
            )
            return redirect("programmes:application", pk=application.pk)
        if submitting:
            try:
                application = submit_application(application=application, by=request.user)
            except ApplicationError as error:
                form.add_error(None, str(error))
                return None
            messages.success(
                request,
                _(
                    "Candidature déposée (accusé de réception n° %(number)s). Un courriel de confirmation "
                    "part vers %(email)s."
                )
                % {"number": application.receipt_number, "email": application.contact_email},
            )
        else:
            messages.success(
                request, _("Brouillon enregistré : vous pouvez y revenir jusqu’à la date limite.")
            )
    return redirect("programmes:application", pk=application.pk)


@applicant_rule
@require_http_methods(["GET", "POST"])
def application_start(request, slug, call_pk):
    programme = get_programme_for_user(request, slug, "view")
    call = get_call_for_user(request, programme, call_pk, "view")
    organisations = _eligible_organisations(request.user, call)
    if not organisations.exists():
        messages.error(
            request,
            _(
                "Pour candidater, votre compte doit appartenir à une commune ou à un EPCI éligible à cet "
                "appel. Demandez à un administrateur de votre collectivité de vous y inviter."
            ),
        )
        return redirect("programmes:call", slug=programme.slug, call_pk=call.pk)
    application = Application(call=call, created_by=request.user)
    data = request.POST or None
    start = ApplicationStartForm(data, organisations=organisations, prefix="start")
    if organisations.count() == 1 and not data:
        start.initial["applicant"] = organisations.first().pk
    form = ApplicationForm(data, instance=application, call=call)
    if not data:
        # The new instance gives "" for both fields, so setdefault would never fill them in.
        form.initial["contact_email"] = form.initial.get("contact_email") or request.user.email
        form.initial["contact_name"] = form.initial.get("contact_name") or request.user.full_name
    if request.method == "POST":
        if start.is_valid():
            application.applicant = start.cleaned_data["applicant"]
            response = _save_or_submit(request, form, application)
            if response:
                return response
        else:
            form.is_valid()  # show every error at once
    return render(
        request,
        "programmes/application_form.html",
        _application_context(request, application, form, start_form=start),
    )


@applicant_rule
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    application = get_application_for_user(request, pk, "view")
    call = application.call
    if application.can_be_edited_by(request.user):
        form = ApplicationForm(request.POST or None, instance=application, call=call)
        if request.method == "POST":
            response = _save_or_submit(request, form, application)
            if response:
                return response
        return render(
            request, "programmes/application_form.html", _application_context(request, application, form)
        )
    if request.method == "POST":
        raise PermissionDenied
    questions = {str(q.pk): q for q in call.questions.all()}
    answers = [(q, (application.answers or {}).get(key, "")) for key, q in questions.items()]
    context = _application_context(request, application, None, answers=answers)
    context.update(_evaluation_context(request, application))
    return render(request, "programmes/application_detail.html", context)


def _evaluation_context(request, application):
    """For the programme's operators only (the applicant never sees marks): the application's
    weighted score and rank in its call, points per criterion, and how many evaluators scored it."""
    if not application.is_operated_by(request.user):
        return {}
    siblings = list(
        Application.objects.filter(call=application.call, evaluation__isnull=False).only(
            "pk", "evaluation_id", "call_id"
        )
    )
    rank_applications(siblings)
    scored = next((a for a in siblings if a.pk == application.pk), None)
    criteria = list(application.call.criteria.all())
    rows = []
    for criterion in criteria:
        points = scored.points.get(criterion.grid_criterion_id) if scored else None
        rows.append((criterion, points))
    return {
        "evaluation_template": "programmes/partials/evaluation.html",
        "score": scored,
        "score_rows": rows,
        "scored_count": sum(1 for a in siblings if a.weighted_score is not None),
        "criteria_problem": application.call.criteria_problem(),
    }


@applicant_rule
@require_POST
def attachment_add(request, pk):
    application = get_application_for_user(request, pk, "edit")
    form = AttachmentForm(request.POST, request.FILES)
    try:
        check_call_open(application.call)
    except ApplicationError as error:
        form.add_error(None, str(error))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
            description=form.cleaned_data["description"],
            uploaded_by=request.user,
        )
        messages.success(request, _("Pièce jointe ajoutée : %(name)s.") % {"name": upload.name})
        return redirect("programmes:application", pk=application.pk)
    app_form = ApplicationForm(instance=application, call=application.call)
    context = _application_context(request, application, app_form, attachment_form=form)
    return render(request, "programmes/application_form.html", context, status=400)


@applicant_rule
def attachment_download(request, pk, attachment_pk):
    application = get_application_for_user(request, pk, "view")
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@applicant_rule
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = get_application_for_user(request, pk, "edit")
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("Pièce jointe retirée."))
    return redirect("programmes:application", pk=application.pk)


@signed_in
def my_applications(request):
    applications = (
        Application.objects.filter(applicant__memberships__user=request.user)
        .select_related("call__programme", "applicant", "commune")
        .order_by("-created_at", "pk")
        .distinct()
    )
    return render(
        request,
        "programmes/my_applications.html",
        {"applications": applications, "nav_section": "programmes"},
    )


APPLICATION_COLUMNS = [
    Column("id", "Identifiant", lambda a: a.pk),
    Column("appel", "Appel", lambda a: a.call.title),
    Column("collectivite", "Collectivité", lambda a: a.applicant.name),
    Column("code_insee", "Code INSEE", lambda a: a.commune.code),
    Column("cog", "Millésime COG", lambda a: a.commune.cog_year),
    Column("commune", "Commune", lambda a: a.commune.name),
    Column("projet", "Projet", lambda a: a.project_title),
    Column("etat", "État", lambda a: a.get_status_display()),
    Column("deposee_le", "Déposée le", lambda a: a.submitted_at),
    Column("accuse", "Accusé de réception", lambda a: a.receipt_number),
    Column("note", "Note pondérée /100", lambda a: getattr(a, "weighted_score", None)),
    Column("rang", "Rang dans l’appel", lambda a: getattr(a, "rank", None)),
    Column("evaluateurs", "Évaluateurs", lambda a: getattr(a, "evaluator_count", 0)),
]


@operator_rule
def programme_applications(request, slug, fmt=None):
    programme = get_programme_for_user(request, slug, "operate")
    calls = list(programme.calls.all())
    applications = (
        Application.objects.filter(call__programme=programme)
        .exclude(status=Application.Status.DRAFT)
        .select_related("call", "applicant", "commune")
        .order_by("call", "-submitted_at", "pk")
    )
    call_filter = request.GET.get("appel", "")
    status_filter = request.GET.get("etat", "")
    if call_filter.isdigit():
        applications = applications.filter(call_id=int(call_filter))
    if status_filter in Application.Status.values:
        applications = applications.filter(status=status_filter)
    applications = list(applications)
    _annotate_scores(applications)
    if request.GET.get("tri") == "note":
        # The ranking of each call: best weighted score first, applications not yet scored last.
        applications.sort(key=lambda a: (a.call_id, a.rank is None, a.rank or 0))
    if fmt:
        if fmt == "geojson":
            raise Http404
        return twin_response(
            fmt, applications, APPLICATION_COLUMNS, filename=f"candidatures-{programme.slug}"
        )
    drafts = Application.objects.filter(call__programme=programme, status=Application.Status.DRAFT).count()
    context = _programme_context(
        request,
        programme,
        tab="applications",
        applications=applications,
        calls=calls,
        call_filter=call_filter,
        status_filter=status_filter,
        sort=request.GET.get("tri", ""),
        statuses=[s for s in Application.Status.choices if s[0] != Application.Status.DRAFT],
        drafts=drafts,
        twin_base=reverse("programmes:applications", args=[programme.slug]).rstrip("/"),
    )
    return render(request, "programmes/applications.html", context)


def _annotate_scores(applications) -> None:
    """Weighted score /100 and rank in its call for each application (commissioning grid)."""
    rank_applications(applications)


# --- Portfolio ------------------------------------------------------------------------------------


def _team(entry) -> str:
    return ", ".join(p.organisation.name for p in entry.residency.parties.all())


def _ready_pdfs():
    """The residencies' finished PDF deliverables, newest version first (prefetched once per page)."""
    return Prefetch(
        "residency__deliverables",
        queryset=Deliverable.objects.filter(status=Deliverable.Status.READY, fmt=Deliverable.Format.PDF)
        .exclude(file="")
        .only("pk", "residency_id", "kind", "paper", "version", "fmt")
        .order_by("kind", "paper", "-version"),
        to_attr="ready_pdfs",
    )


def _published_deliverables(entry, operator_link: bool = True) -> list[tuple[str, str]]:
    """(label, address) of what is public about the residency: the cahier de synthèse the operator
    links to, and — only once the commune and the coordinator have both agreed to publish — the
    residency's public page and its latest cahier and posters. Needs `_ready_pdfs()` and
    `residency__publication` loaded."""
    links = []
    if operator_link and entry.synthesis_url:
        links.append((entry.synthesis_title or _("Cahier de synthèse"), entry.synthesis_url))
    residency = entry.residency
    publication = getattr(residency, "publication", None)
    if publication is not None and publication.is_published:
        links.append((_("Page publique"), reverse("publications:public_page", args=[residency.pk])))
        seen = set()
        for deliverable in getattr(residency, "ready_pdfs", []):
            key = (deliverable.kind, deliverable.paper if deliverable.kind != "cahier" else "")
            if key in seen:
                continue
            seen.add(key)
            label = (
                _("Cahier de synthèse (PDF)")
                if deliverable.kind == "cahier"
                else _("Affiches %(paper)s (PDF)") % {"paper": deliverable.paper}
            )
            links.append(
                (label, reverse("publications:public_deliverable", args=[residency.pk, deliverable.pk]))
            )
    return links


def _deliverables(entry) -> list[str]:
    """For the twins: each published deliverable as « label <absolute address> »."""
    return [
        f"{label} <{url if '://' in url else settings.SITE_URL + url}>"
        for label, url in _published_deliverables(entry)
    ]


def portfolio_columns() -> list[Column]:
    """The twin columns; phase labels are translated once per export, not once per row (the
    choices lookup of get_FOO_display costs more than the rest of the row)."""
    phases = {value: str(label) for value, label in Residency._meta.get_field("current_phase").choices}
    return [
        column
        if column.key != "phase"
        else Column("phase", "Phase en cours", lambda e: phases.get(e.residency.current_phase, ""))
        for column in PORTFOLIO_COLUMNS
    ]


PORTFOLIO_COLUMNS = [
    Column("id", "Identifiant", lambda e: e.residency_id),
    Column("titre", "Résidence", lambda e: e.residency.title),
    Column("code_insee", "Code INSEE", lambda e: e.residency.commune.code),
    Column("cog", "Millésime COG", lambda e: e.residency.commune.cog_year),
    Column("commune", "Commune", lambda e: e.residency.commune.name),
    Column("departement", "Département", lambda e: e.residency.commune.departement.code),
    Column("edition", "Édition", lambda e: str(e.edition) if e.edition else ""),
    Column("format", "Format", lambda e: e.residency.format_name),
    Column("phase", "Phase en cours", lambda e: e.residency.get_current_phase_display()),
    Column("debut", "Début", lambda e: e.residency.start_date),
    Column("fin", "Fin", lambda e: e.residency.end_date),
    Column("budget", "Budget (€ TTC)", lambda e: e.budget),
    Column("equipe", "Équipe", _team),
    Column("livrables_publies", "Livrables publiés", _deliverables),
    Column("latitude", "Latitude", lambda e: e.residency.commune.latitude),
    Column("longitude", "Longitude", lambda e: e.residency.commune.longitude),
]


def _portfolio(request, programme):
    entries = PortfolioEntry.objects.filter(programme=programme)
    base = entries.order_by()
    formats = sorted({f for f in base.values_list("residency__format_name", flat=True) if f})
    departements = sorted(
        set(
            base.values_list("residency__commune__departement__code", "residency__commune__departement__name")
        )
    )
    editions = [(e.pk, str(e)) for e in programme.editions.all()]
    form = PortfolioFilterForm(
        request.GET or None,
        formats=formats,
        editions=editions,
        departements=[(code, f"{name} ({code})") for code, name in departements],
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(
                Q(residency__title__icontains=data["q"]) | Q(residency__commune__name__icontains=data["q"])
            )
        if data["format"]:
            entries = entries.filter(residency__format_name=data["format"])
        if data["phase"]:
            entries = entries.filter(residency__current_phase=data["phase"])
        if data["edition"]:
            entries = entries.filter(edition_id=data["edition"])
        if data["departement"]:
            entries = entries.filter(residency__commune__departement__code=data["departement"])
    team_parties = Party.objects.filter(
        role__in=[Party.Role.LEAD_CONTRACTOR, Party.Role.TEAM]
    ).select_related("organisation")
    entries = (
        entries.select_related("residency__commune__departement", "residency__publication", "edition")
        .prefetch_related(Prefetch("residency__parties", queryset=team_parties), _ready_pdfs())
        .order_by("-residency__start_date", "pk")
    )
    return form, entries


def _geojson(entries) -> JsonResponse:
    """Points of the portfolio, read as plain values (no model instances, no team prefetch): the
    map needs a few fields of a thousand residencies, fast."""
    phases = dict(Residency._meta.get_field("current_phase").choices)
    dashboard = reverse("residencies:dashboard", args=[0]).replace("/0/", "/{}/")
    rows = entries.prefetch_related(None).values_list(
        "residency_id",
        "residency__title",
        "residency__commune__name",
        "residency__commune__code",
        "residency__commune__latitude",
        "residency__commune__longitude",
        "residency__format_name",
        "residency__current_phase",
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "id": pk,
                "titre": title,
                "commune": commune,
                "code_insee": code,
                "format": format_name,
                "phase": str(phases.get(phase, phase)),
                "url": dashboard.format(pk),
            },
        }
        for pk, title, commune, code, latitude, longitude, format_name, phase in rows.iterator(
            chunk_size=1000
        )
        if latitude is not None and longitude is not None
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False}
    )


@operator_rule
def portfolio(request, slug, fmt=None):
    programme = get_programme_for_user(request, slug, "operate")
    form, entries = _portfolio(request, programme)
    if fmt == "geojson":
        return _geojson(entries)
    if fmt:
        return twin_response(
            fmt,
            entries.iterator(chunk_size=500),
            portfolio_columns(),
            filename=f"portefeuille-{programme.slug}",
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.published_links = _published_deliverables(entry)
    twin_base = reverse("programmes:portfolio", args=[programme.slug]).rstrip("/")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    context = _programme_context(
        request,
        programme,
        tab="portfolio",
        form=form,
        page_obj=page,
        twin_base=twin_base,
        twin_geojson=True,
        geojson_url=f"{twin_base}.geojson{query}",
        basemap_url=settings.BASEMAP_URL,
        basemap_attribution=settings.BASEMAP_ATTRIBUTION,
        total_budget=entries.order_by().aggregate(total=Sum("budget"))["total"],
    )
    return render(request, "programmes/portfolio.html", context)


# --- News (actualités) ----------------------------------------------------------------------------


@public
def news_list(request, slug):
    programme = get_programme_for_user(request, slug, "view")
    is_operator = programme.is_operated_by(request.user)
    news = programme.news.all() if is_operator else programme.news.public()
    page = Paginator(news, 20).get_page(request.GET.get("page"))
    context = _programme_context(request, programme, tab="news", page_obj=page, news=page.object_list)
    return render(request, "programmes/news_list.html", context)


@public
def news_detail(request, slug, news_slug):
    programme = get_programme_for_user(request, slug, "view")
    post = get_object_or_404(programme.news.select_related("residency"), slug=news_slug)
    is_operator = programme.is_operated_by(request.user)
    if not post.is_public() and not is_operator:
        raise Http404
    context = _programme_context(request, programme, tab="news", post=post)
    return render(request, "programmes/news_detail.html", context)


@operator_rule
@require_http_methods(["GET", "POST"])
def news_edit(request, slug, news_slug=None):
    programme = get_programme_for_user(request, slug, "operate")
    post = (
        get_object_or_404(programme.news, slug=news_slug)
        if news_slug
        else NewsPost(programme=programme, created_by=request.user)
    )
    form = NewsPostForm(request.POST or None, instance=post, programme=programme)
    if request.method == "POST" and form.is_valid():
        if not post.slug:
            post.slug = _unique_news_slug(programme, form.cleaned_data["title"])
        if form.save_if_unchanged():
            messages.success(request, _("Actualité enregistrée."))
            return redirect("programmes:news_detail", slug=programme.slug, news_slug=post.slug)
    context = _programme_context(request, programme, tab="news", form=form, post=post if post.pk else None)
    return render(request, "programmes/news_form.html", context)


def _unique_news_slug(programme, title: str) -> str:
    base = slugify(title)[:70] or "actualite"
    slug, n = base, 1
    while programme.news.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Decisions ------------------------------------------------------------------------------------


@applicant_rule
@require_http_methods(["GET", "POST"])
def application_select(request, pk):
    application = get_application_for_user(request, pk, "operate")
    programme = application.call.programme
    if application.status != Application.Status.SUBMITTED:
        messages.error(request, _("Seule une candidature déposée, ni retenue ni écartée, peut être retenue."))
        return redirect("programmes:application", pk=application.pk)
    form = SelectionForm(
        request.POST or None, programme=programme, initial={"edition": application.call.edition_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            residency = select_application(application=application, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Candidature retenue : la résidence « %(title)s » est créée et rejoint le portefeuille.")
                % {"title": residency.title},
            )
            return redirect("programmes:portfolio", slug=programme.slug)
    context = _application_context(request, application, None, selection_form=form)
    return render(request, "programmes/application_select.html", context)


@applicant_rule
@require_POST
def application_reject(request, pk):
    application = get_application_for_user(request, pk, "operate")
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        reject_application(application=application, by=request.user, note=form.cleaned_data.get("note", ""))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Candidature écartée."))
    return redirect("programmes:application", pk=application.pk)


# --- Scoring --------------------------------------------------------------------------------------


@applicant_rule
@require_http_methods(["GET", "POST"])
def application_score(request, pk):
    """One operator's marks /20 per criterion; the weighted score averages every evaluator."""
    application = get_application_for_user(request, pk, "operate")
    call = application.call
    problem = call.criteria_problem()
    if application.status != Application.Status.SUBMITTED or problem:
        messages.error(
            request, problem or _("Seule une candidature déposée, pas encore tranchée, peut être notée.")
        )
        return redirect("programmes:application", pk=application.pk)
    evaluation = evaluation_for(application)
    criteria = list(evaluation.grid.criteria.all())
    mine = {
        str(m.criterion_id): m
        for m in Mark.objects.filter(evaluation=evaluation, evaluator__user=request.user)
    }
    form = MarksForm(
        request.POST or None,
        targets=[(str(c.pk), f"{c.title} ({c.weight} %)", c.guide) for c in criteria],
        existing=mine,
    )
    if request.method == "POST" and form.is_valid():
        marks = {
            c.pk: (form.cleaned_data[f"m_{c.pk}"], form.cleaned_data[f"c_{c.pk}"].strip()) for c in criteria
        }
        try:
            score_application(application=application, by=request.user, marks=marks)
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Vos notes sont enregistrées."))
            return redirect("programmes:application", pk=application.pk)
    fields = [(form[f"m_{c.pk}"], form[f"c_{c.pk}"], c) for c in criteria]
    context = _application_context(request, application, None, marks_form=form, mark_fields=fields)
    return render(request, "programmes/application_score.html", context)


# --- Capitalisation -------------------------------------------------------------------------------

CAPITALISATION_COLUMNS = [
    Column("rubrique", "Rubrique", lambda r: r["rubrique"]),
    Column("libelle", "Libellé", lambda r: r["libelle"]),
    Column("residences", "Résidences concernées", lambda r: r["residences"]),
    Column("nombre", "Nombre", lambda r: r["nombre"]),
    Column("minimum", "Minimum (€ HT)", lambda r: r["minimum"]),
    Column("mediane", "Médiane (€ HT)", lambda r: r["mediane"]),
    Column("maximum", "Maximum (€ HT)", lambda r: r["maximum"]),
]


def _capitalisation_response(request, programmes, fmt, *, filename, template_context, edition=None):
    result = capitalisation.compute(
        capitalisation.programme_residencies(programmes, edition.pk if edition else None)
    )
    if fmt == "geojson":
        raise Http404
    if fmt:
        meta = {
            "programmes": [p.name for p in programmes],
            "edition": str(edition) if edition else None,
            "residences": result.residency_count,
            "actions_engagees": result.started,
            "actions_realisees": result.done,
        }
        return twin_response(
            fmt, capitalisation.flat_rows(result), CAPITALISATION_COLUMNS, filename=filename, meta=meta
        )

    def top(items):
        return items[: capitalisation.TOP]

    def recurring_chart(items):
        return capitalisation.bar_chart(
            [
                (
                    item.label,
                    item.residencies,
                    ngettext("%(n)s résidence", "%(n)s résidences", item.residencies)
                    % {"n": item.residencies},
                )
                for item in top(items)
            ]
        )

    context = {
        **template_context,
        "result": result,
        "enjeux": top(result.enjeux),
        "codes": top(result.codes),
        "methods": top(result.methods),
        "enjeux_chart": recurring_chart(result.enjeux),
        "codes_chart": recurring_chart(result.codes),
        "methods_chart": recurring_chart(result.methods),
        "budget_chart": capitalisation.range_chart(result.budgets),
        "actions_chart": capitalisation.bar_chart(
            [
                (s.label, s.actions, ngettext("%(n)s action", "%(n)s actions", s.actions) % {"n": s.actions})
                for s in result.actions
            ]
        ),
        "top": capitalisation.TOP,
    }
    return render(request, "programmes/capitalisation.html", context)


@operator_rule
def programme_capitalisation(request, slug, fmt=None):
    """For the operator's regional or national meeting: what this programme's residencies share."""
    programme = get_programme_for_user(request, slug, "operate")
    editions = list(programme.editions.all())
    chosen = request.GET.get("edition", "")
    # An unknown edition is ignored (the whole portfolio is compared), never an error.
    edition = next((e for e in editions if str(e.pk) == chosen), None)
    return _capitalisation_response(
        request,
        [programme],
        fmt,
        edition=edition,
        filename=f"capitalisation-{programme.slug}",
        template_context=_programme_context(
            request,
            programme,
            tab="capitalisation",
            editions=editions,
            edition=edition,
            base_template="programmes/base_programme.html",
            programmes=[programme],
            twin_base=reverse("programmes:capitalisation", args=[programme.slug]).rstrip("/"),
        ),
    )


@signed_in
def operator_capitalisation(request, fmt=None):
    """The same comparison across every programme the user runs (all programmes for staff);
    signed-in users who run no programme get 403."""
    programmes = list(Programme.objects.operated_by(request.user).select_related("operator"))
    if not programmes:
        raise PermissionDenied
    return _capitalisation_response(
        request,
        programmes,
        fmt,
        filename="capitalisation-programmes",
        template_context={
            "programme": None,
            "editions": [],
            "edition": None,
            "programmes": programmes,
            "base_template": "programmes/base_capitalisation.html",
            "nav_section": "programmes",
            "twin_base": reverse("programmes:capitalisation_all").rstrip("/"),
        },
    )
