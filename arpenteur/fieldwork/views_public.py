"""The public contribution page of a residency: inhabitants leave a story or a photo about a place,
without an account. Closed unless the team opened it (FieldworkSettings.contributions_are_open).

Spam protection, in layers:
- a honeypot field that people never see: a robot filling it gets a thank-you and nothing is stored;
- a per-browser limit (a random cookie set when the form is shown) that stops one person flooding;
- a per-network-address limit, generous, so that a room of people sharing one wifi (a workshop in the
  town hall) is not blocked while a script hammering from one address is;
- size limits on text and photo (checked and re-encoded by media.check_photo).
Every contribution waits in the team's moderation queue; nothing is public before it is accepted.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arpenteur.core.access import public
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.models import Residency
from arpenteur.residencies.views import _residency_context

from .forms import ContributionForm
from .forms_actors import ContributionSettingsForm
from .models import Material
from .services import settings_for, submit_contribution
from .views_material import _file_response, map_settings

BROWSER_COOKIE = "arpenteur_contribution"
WINDOW_SECONDS = 3600


def _open_residency(pk: int) -> tuple[Residency, object]:
    """The residency and its settings, or 404 when its contribution page is not opened (its
    existence is not revealed either)."""
    residency = get_object_or_404(Residency.objects.select_related("commune"), pk=pk)
    fieldwork_settings = settings_for(residency)
    if not fieldwork_settings.contributions_are_open:
        raise Http404
    return residency, fieldwork_settings


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, residency) -> tuple[str, str]:
    browser = request.COOKIES.get(BROWSER_COOKIE) or (
        # Without the cookie (a script), the browser is the address and its user agent.
        _client_ip(request) + "|" + request.META.get("HTTP_USER_AGENT", "")
    )
    digest = lambda value: hashlib.sha256(value.encode()).hexdigest()[:32]  # noqa: E731
    return (
        f"fieldwork:contrib:browser:{residency.pk}:{digest(browser)}",
        f"fieldwork:contrib:ip:{residency.pk}:{digest(_client_ip(request))}",
    )


def _over_limit(request, residency) -> bool:
    browser_key, ip_key = _keys(request, residency)
    return (cache.get(browser_key, 0) >= settings.FIELDWORK_CONTRIBUTIONS_PER_BROWSER) or (
        cache.get(ip_key, 0) >= settings.FIELDWORK_CONTRIBUTIONS_PER_IP
    )


def _count(request, residency) -> None:
    for key in _keys(request, residency):
        # add() starts the window; incr() keeps its expiry (locmem, Redis and database caches).
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, WINDOW_SECONDS)


def shared_contributions(residency, limit: int = 12):
    """What inhabitants already shared and may be shown back to them: accepted contributions that pass
    the publication policy (public visibility and publication consent), never with a name."""
    return list(
        Material.objects.filter(residency=residency, origin=Material.Origin.CONTRIBUTION)
        .publishable()
        .order_by("-captured_at", "-pk")[:limit]
    )


def _render_form(request, residency, fieldwork_settings, form, status=200):
    response = render(
        request,
        "fieldwork/contribute/form.html",
        {
            "residency": residency,
            "prompt": fieldwork_settings.contribution_prompt,
            "form": form,
            "map_config": map_settings(residency),
            "max_mb": settings.FIELDWORK_PHOTO_MAX_MB,
            "shared": shared_contributions(residency),
        },
        status=status,
    )
    if BROWSER_COOKIE not in request.COOKIES:
        response.set_cookie(
            BROWSER_COOKIE,
            secrets.token_urlsafe(16),
            max_age=30 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@public
@require_http_methods(["GET", "POST"])
def contribute(request, pk):
    residency, fieldwork_settings = _open_residency(pk)
    if request.method != "POST":
        return _render_form(request, residency, fieldwork_settings, ContributionForm())
    form = ContributionForm(request.POST, request.FILES)
    if request.POST.get("website"):
        # The honeypot: a robot filled the field people never see. Thank it, store nothing.
        return redirect("fieldwork:contribute_thanks", pk=residency.pk)
    if _over_limit(request, residency):
        form.is_valid()  # keep what was typed, with its own messages
        form.add_error(
            None,
            _(
                "Vous avez déjà envoyé plusieurs contributions depuis ce navigateur ou ce réseau en peu de temps. "
                "Votre texte est conservé ci-dessous : réessayez dans une heure, ou confiez-le à l’équipe."
            ),
        )
        return _render_form(request, residency, fieldwork_settings, form, status=429)
    if not form.is_valid():
        return _render_form(request, residency, fieldwork_settings, form)
    data = form.cleaned_data
    submit_contribution(
        residency=residency,
        kind=data["kind"],
        body=data["body"],
        contributor_name=data["contributor_name"],
        agree_analysis=data["agree_analysis"],
        agree_publish_text=data["agree_publish_text"],
        agree_publish_photo=data["agree_publish_photo"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        place_label=data["place_label"],
        checked_file=form.checked_file,
    )
    _count(request, residency)
    return redirect("fieldwork:contribute_thanks", pk=residency.pk)


@public
def contribute_thanks(request, pk):
    residency, _settings = _open_residency(pk)
    return render(request, "fieldwork/contribute/thanks.html", {"residency": residency})


@public
def public_file(request, pk, material_pk):
    """The photo of a publishable material, for public pages of a residency that opened one (never a
    pending, rejected, team-only or unconsented one)."""
    residency, _settings = _open_residency(pk)
    material = get_object_or_404(Material.objects.filter(residency=residency).publishable(), pk=material_pk)
    if not material.is_image:
        raise Http404
    return _file_response(material)


@residency_view("admin")
@require_http_methods(["GET", "POST"])
def contribution_settings(request, residency):
    """Opening or closing the public page is a publication decision: commissioners and coordinators."""
    form = ContributionSettingsForm(request.POST or None, instance=settings_for(residency))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("La page de contribution est ouverte.")
            if form.instance.contributions_are_open
            else _("La page de contribution est fermée."),
        )
        return redirect("fieldwork:contribution_settings", pk=residency.pk)
    return render(
        request,
        "fieldwork/contribute/settings.html",
        _residency_context(
            request, residency, tab="arpenter", form=form, is_open=form.instance.contributions_are_open
        ),
    )
