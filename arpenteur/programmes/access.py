"""Explicit access to programmes, calls and applications; every programme view goes through these.

Programme / call `need`:
- "view": the public for a published programme (or call); its operators otherwise;
- "operate": staff and the members of the operator organisation.
Application `need`:
- "view": the applicant organisation's members and the programme's operators;
- "edit": the applicant organisation's members while the application is a draft;
- "operate": the programme's operators (score, select, reject).
Something the user may not see at all answers 404; something they see but may not change, 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Application, Call, Programme


def get_programme_for_user(request, slug: str, need: str = "view") -> Programme:
    if need not in ("view", "operate"):
        raise ValueError(need)
    programme = get_object_or_404(Programme.objects.select_related("operator"), slug=slug)
    if not programme.is_visible_to(request.user):
        raise Http404
    if need == "operate" and not programme.is_operated_by(request.user):
        raise PermissionDenied
    return programme


def get_call_for_user(request, programme: Programme, pk: int, need: str = "view") -> Call:
    if need not in ("view", "operate"):
        raise ValueError(need)
    call = get_object_or_404(programme.calls.select_related("programme__operator", "edition"), pk=pk)
    if not call.is_visible_to(request.user):
        raise Http404
    if need == "operate" and not programme.is_operated_by(request.user):
        raise PermissionDenied
    return call


def get_application_for_user(request, pk: int, need: str = "view") -> Application:
    if need not in ("view", "edit", "operate"):
        raise ValueError(need)
    application = get_object_or_404(
        Application.objects.select_related(
            "call__programme__operator", "applicant", "commune__departement", "residency"
        ),
        pk=pk,
    )
    user = request.user
    if not application.can_be_viewed_by(user):
        raise Http404
    if need == "edit" and not application.can_be_edited_by(user):
        raise PermissionDenied
    if need == "operate" and not application.is_operated_by(user):
        raise PermissionDenied
    return application
