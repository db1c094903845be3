"""Explicit access to residencies: every residency view goes through these helpers.

`need` is one of:
- "view": staff, members of the residency (any role), members of its programme operator;
- "edit": staff, commissioners, coordinators and team members;
- "admin": staff, commissioners and coordinators.
The rules themselves are the Residency.can_be_* methods. A residency the user may not see at all
answers 404 (its existence is not revealed); one they see but may not change answers 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Residency

NEEDS = ("view", "edit", "admin")


def get_residency_for_user(request, pk: int, need: str = "view") -> Residency:
    if need not in NEEDS:
        raise ValueError(need)
    residency = get_object_or_404(
        Residency.objects.select_related(
            "commune__departement", "commune__region", "format", "programme_operator"
        ).prefetch_related("memberships"),
        pk=pk,
    )
    user = request.user
    if not residency.can_be_viewed_by(user):
        raise Http404
    if need == "edit" and not residency.can_be_edited_by(user):
        raise PermissionDenied
    if need == "admin" and not residency.can_be_administered_by(user):
        raise PermissionDenied
    return residency


def residency_view(need: str):
    """Decorator: loads `residency` for a view whose URL has `pk`, after checking `need`.

    Anonymous visitors are sent to the sign-in page; the view receives the residency instead of pk.
    """
    if need not in NEEDS:
        raise ValueError(need)

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            residency = get_residency_for_user(request, pk, need)
            return view(request, residency, *args, **kwargs)

        wrapper.access_rule = f"residency:{need}"
        return wrapper

    return decorator
