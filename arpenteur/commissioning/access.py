"""Who may do what in the commission, on top of residencies.access.

Policy:
- reading the intention, format, budget, documents and team directory: whoever sees the residency;
- editing them: commissioners and coordinators (and staff) — `residency_view("admin")`;
- offers, marks and ranking: only the commissioner, the jury (evaluators of the grid) and staff,
  because the coordinator may be a competing team and partners must not see marks.
"""

from __future__ import annotations

from arpenteur.residencies.models import ResidencyMembership


def can_edit_commission(residency, user) -> bool:
    return residency.can_be_administered_by(user)


def is_evaluator(grid, user) -> bool:
    if grid is None or not user.is_authenticated:
        return False
    return grid.evaluators.filter(user=user).exists()


def can_see_marks(residency, grid, user) -> bool:
    """Marks are seen by the jury and the commissioner only (and platform staff)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or residency.role_of(user) == ResidencyMembership.Role.COMMISSIONER:
        return True
    return is_evaluator(grid, user)


def can_manage_selection(residency, user) -> bool:
    """Recording offers, setting the jury, awarding: the commissioner (and staff)."""
    return user.is_authenticated and (
        user.is_staff or residency.role_of(user) == ResidencyMembership.Role.COMMISSIONER
    )
