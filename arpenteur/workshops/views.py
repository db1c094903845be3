"""Prioritisation sessions: the team prepares and runs them; participants vote on a phone, without
an account, through the session's link or QR code; the team types paper ballots in afterwards.

Access: every team page goes through `residency_view` (view: members and the programme operator
read the results; edit: commissioners, coordinators and team members prepare, open and close a
session and type paper ballots). The participant page is public but only answers for an *open*
session named by its unguessable token; it shows the enjeux put to the vote and nothing else.
"""

from __future__ import annotations

import io
import uuid

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.access import public
from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.views import _residency_context

from .charts import bar_chart
from .forms import BallotForm, SessionForm
from .models import Participant, PrioritisationSession
from .services import (
    VoteError,
    cast_ballot,
    new_paper_participant,
    participant_for_token,
    session_results,
    set_session_items,
    set_session_status,
)

VOTE_COOKIE = "arpenteur_vote_{}"
VOTE_COOKIE_AGE = 7 * 24 * 3600


def _enjeux_for(residency, user):
    """The residency's enjeux the user may read, or None when the analysis app has none to offer."""
    try:
        from arpenteur.analysis.models import Enjeu
    except ImportError:  # pragma: no cover — analysis always ships with workshops
        return None
    return Enjeu.objects.visible_to(user, residency).filter(residency=residency).order_by("position", "pk")


def _session_or_404(residency, session_pk) -> PrioritisationSession:
    return get_object_or_404(PrioritisationSession, residency=residency, pk=session_pk)


def _ctx(request, residency, **extra):
    return _residency_context(request, residency, tab="prefigurer", **extra)


@residency_view("view")
def session_list(request, residency):
    sessions = residency.prioritisation_sessions.all()
    return render(request, "workshops/session_list.html", _ctx(request, residency, sessions=sessions))


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def session_create(request, residency):
    enjeux = _enjeux_for(residency, request.user)
    form = SessionForm(request.POST or None, enjeux=enjeux)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                session = form.save(commit=False)
                session.residency = residency
                session.created_by = request.user
                session.save()
                set_session_items(session=session, items=form.cleaned_data["item_specs"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Séance créée. Ouvrez le vote quand les participants sont prêts."))
            return redirect("workshops:detail", pk=residency.pk, session_pk=session.pk)
    return render(request, "workshops/session_form.html", _ctx(request, residency, form=form, session=None))


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def session_edit(request, residency, session_pk):
    session = _session_or_404(residency, session_pk)
    locked = session.participants.filter(voted_at__isnull=False).exists()
    enjeux = _enjeux_for(residency, request.user)
    form = SessionForm(request.POST or None, instance=session, enjeux=enjeux, items_locked=locked)
    if not locked and not form.is_bound:
        form.initial["other_items"] = "\n".join(session.items.values_list("label", flat=True))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save_if_unchanged()
                if saved and not locked:
                    set_session_items(session=session, items=form.cleaned_data["item_specs"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved:
                messages.success(request, _("Séance enregistrée."))
                return redirect("workshops:detail", pk=residency.pk, session_pk=session.pk)
    return render(
        request,
        "workshops/session_form.html",
        _ctx(request, residency, form=form, session=session, items_locked=locked),
    )


def _vote_url(request, session) -> str:
    return request.build_absolute_uri(reverse("workshops:vote", args=[session.public_token]))


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (no image file, no network)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        border=2,
        svgclass="qr-code",
        lineclass=None,
        title=_("QR code du lien de vote"),
    )
    return buffer.getvalue().decode()


def _results_context(session):
    results = session_results(session)
    return {"results": results, "chart": bar_chart(results), "session": session}


@residency_view("view")
def session_detail(request, residency, session_pk):
    session = _session_or_404(residency, session_pk)
    context = _ctx(request, residency, **_results_context(session))
    if context["can_edit"]:
        url = _vote_url(request, session)
        context.update(
            vote_url=url,
            qr=qr_svg(url),
            paper_ballots=session.participants.filter(source=Participant.Source.PAPER),
        )
    return render(request, "workshops/session_detail.html", context)


RESULT_COLUMNS = [
    Column("rang", "Rang", lambda r: r[0]),
    Column("enjeu", "Enjeu", lambda r: r[1].label),
    Column("enjeu_id", "Identifiant de l’enjeu du diagnostic", lambda r: r[1].enjeu_id),
    Column("gommettes", "Gommettes", lambda r: r[1].dots),
    Column("votants", "Participants ayant posé des gommettes", lambda r: r[1].voters),
    Column("note_moyenne", "Note moyenne (1 à 5)", lambda r: r[1].mean_score),
    Column("notes", "Nombre de notes", lambda r: r[1].scorers),
]


@residency_view("view")
def session_results_view(request, residency, session_pk, fmt=None):
    """The live results: an htmx fragment polled by the detail page, or a .json/.csv twin."""
    session = _session_or_404(residency, session_pk)
    context = _results_context(session)
    if fmt:
        if fmt == "geojson":
            raise Http404
        rows = list(enumerate(context["results"].ranked, 1))
        return twin_response(
            fmt,
            rows,
            RESULT_COLUMNS,
            filename=f"priorisation-{session.pk}",
            meta={"seance": session.title, "participants": context["results"].participants},
        )
    if not request.htmx:
        # The fragment is no page of its own (no title, no language): someone who lands on it —
        # a bookmark, an opened link — goes to the session page, which shows the same results.
        return redirect(reverse("workshops:detail", args=[residency.pk, session.pk]) + "#resultats")
    return render(request, "workshops/partials/results.html", context)


@residency_view("edit")
@require_POST
def session_status(request, residency, session_pk):
    session = _session_or_404(residency, session_pk)
    status = request.POST.get("status", "")
    if status not in PrioritisationSession.Status.values:
        messages.error(request, _("État inconnu."))
    else:
        try:
            set_session_status(session=session, status=status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("État de la séance : %(s)s.") % {"s": session.get_status_display()})
    return redirect("workshops:detail", pk=residency.pk, session_pk=session.pk)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def paper_ballot(request, residency, session_pk, participant_pk=None):
    """Type a paper ballot in (during the session or after it closed), or correct one."""
    session = _session_or_404(residency, session_pk)
    participant = None
    if participant_pk is not None:
        participant = get_object_or_404(
            Participant.objects.prefetch_related("dots", "scores"),
            session=session,
            pk=participant_pk,
            source=Participant.Source.PAPER,
        )
    items = session.items.all()
    initial = BallotForm.initial_for(participant) if participant else None
    form = BallotForm(request.POST or None, session=session, items=items, with_label=True, initial=initial)
    if session.status == PrioritisationSession.Status.DRAFT:
        messages.warning(request, _("Ouvrez le vote avant de saisir des bulletins."))
        return redirect("workshops:detail", pk=residency.pk, session_pk=session.pk)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if participant is None:
                    participant = new_paper_participant(
                        session=session, label=form.cleaned_data.get("label", ""), entered_by=request.user
                    )
                elif participant.label != form.cleaned_data.get("label", ""):
                    Participant.objects.filter(pk=participant.pk).update(
                        label=form.cleaned_data["label"][:80]
                    )
                cast_ballot(
                    participant=participant,
                    session=session,
                    allocations=form.allocations,
                    scores=form.scores,
                    by_team=True,
                )
        except VoteError as error:
            form.add_error(None, error)
            participant = participant if participant_pk else None
        else:
            messages.success(request, _("Bulletin enregistré. Vous pouvez saisir le suivant."))
            return redirect("workshops:paper_ballot", pk=residency.pk, session_pk=session.pk)
    return render(
        request,
        "workshops/paper_ballot.html",
        _ctx(request, residency, session=session, form=form, participant=participant),
    )


# --- Participants, without an account -------------------------------------------------------------
@public
@require_http_methods(["GET", "POST"])
def vote(request, token):
    """The phone vote page of an open session. Anybody holding the link may vote once (their token,
    kept in the form and a cookie, names their ballot; voting again replaces it)."""
    session = get_object_or_404(
        PrioritisationSession.objects.select_related("residency__commune"), public_token=token
    )
    if not session.is_open:
        return render(request, "workshops/vote_closed.html", {"session": session}, status=404)
    cookie_name = VOTE_COOKIE.format(session.pk)
    items = list(session.items.all())
    participant = None
    known = request.POST.get("participant") or request.COOKIES.get(cookie_name)
    if known:
        participant = (
            Participant.objects.filter(token=_uuid_or_none(known), session=session)
            .prefetch_related("dots", "scores")
            .first()
        )
    token_value = str(participant.token if participant else (_uuid_or_none(known) or uuid.uuid4()))
    initial = BallotForm.initial_for(participant) if participant else None
    form = BallotForm(request.POST or None, session=session, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        participant = participant_for_token(session=session, token=token_value)
        try:
            cast_ballot(
                participant=participant, session=session, allocations=form.allocations, scores=form.scores
            )
        except VoteError as error:
            form.add_error(None, error)
        else:
            response = redirect(reverse("workshops:vote", args=[session.public_token]) + "?merci=1")
            response.set_cookie(
                cookie_name,
                str(participant.token),
                max_age=VOTE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    context = {
        "session": session,
        "form": form,
        "participant_token": token_value,
        "thanks": request.GET.get("merci") == "1" and participant is not None and participant.voted_at,
    }
    return render(request, "workshops/vote.html", context)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
