"""Access rules, declared on every view.

Each view function carries an `access_rule` attribute set by one of the decorators below; a test
walks every URL pattern and fails when a view has none, so no page can ship without someone having
decided who may open it. The object-level policy itself lives on the models (for residencies:
Residency.can_be_viewed_by / can_be_edited_by / can_be_administered_by) and in the explicit
helpers of each app (e.g. residencies.access.get_residency_for_user).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may open this view (it must show only public information)."""
    view.access_rule = "public"
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in user; the view itself narrows what is shown to what the user may see."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed_in"
    return wrapped


def staff_only(view: Callable) -> Callable:
    """Platform staff only (is_staff)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped = login_required(wrapper)
    wrapped.access_rule = "staff"
    return wrapped


def custom_rule(description: str) -> Callable[[Callable], Callable]:
    """The view checks access itself, through an explicit helper named in `description`."""

    def decorator(view: Callable) -> Callable:
        view.access_rule = description
        return view

    return decorator
