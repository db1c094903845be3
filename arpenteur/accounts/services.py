"""State changes of accounts that touch several models: one typed function each."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Organisation, OrganisationMembership, User


class InvitationError(Exception):
    """A French message explaining why the invitation cannot be made or accepted."""


def invite_to_organisation(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    email = User.objects.normalize_email(email).strip().lower()
    if OrganisationMembership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvitationError(
            _("%(email)s est déjà membre de %(organisation)s.")
            % {"email": email, "organisation": organisation}
        )
    if Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).exists():
        raise InvitationError(
            _(
                "Une invitation est déjà en attente pour %(email)s ; elle reste valable jusqu’à son expiration."
            )
            % {"email": email}
        )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=Invitation.default_expiry(),
    )
    from .tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: User | None = None, full_name: str = "", password: str | None = None
) -> User:
    """Join the organisation; create the account first when the invited address has none."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError(_("Cette invitation n’est plus valable (déjà acceptée, révoquée ou expirée)."))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                _("Un compte existe déjà pour cette adresse : connectez-vous pour accepter.")
            )
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _(
                "Cette invitation est adressée à %(email)s : connectez-vous avec cette adresse pour l’accepter."
            )
            % {"email": invitation.email}
        )
    OrganisationMembership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def create_organisation(*, name: str, kind: str, siren: str, creator: User) -> Organisation:
    organisation = Organisation.objects.create(name=name, kind=kind, siren=siren)
    OrganisationMembership.objects.create(
        user=creator, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    return organisation
