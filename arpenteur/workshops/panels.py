"""Phase-page panels: what the Préfigurer page shows of the prioritisation sessions."""


def prioritisation_panel(request, residency) -> dict | None:
    if not residency.can_be_viewed_by(request.user):
        return None
    return {
        "residency": residency,
        "sessions": list(residency.prioritisation_sessions.all()[:5]),
        "can_edit": residency.can_be_edited_by(request.user),
    }
