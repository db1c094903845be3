from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from arpenteur.accounts.models import Invitation, OrganisationMembership, User
from arpenteur.accounts.services import InvitationError, invite_to_organisation

from ..factories import OrganisationFactory, OrganisationMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_signs_in_with_an_email_address_whatever_its_case(client):
    UserFactory(email="maire@example.org", password="un-mot-de-passe-solide")
    response = client.post(
        reverse("accounts:login"), {"username": "Maire@Example.org", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    assert response.url == reverse("residencies:list")


def test_a_wrong_password_says_so_in_french_and_keeps_the_address(client):
    UserFactory(email="maire@example.org")
    response = client.post(reverse("accounts:login"), {"username": "maire@example.org", "password": "faux"})
    page = response.content.decode()
    assert "Adresse électronique ou mot de passe incorrect" in page
    assert 'value="maire@example.org"' in page


def test_ten_wrong_passwords_lock_the_address_with_a_french_message(client):
    UserFactory(email="maire@example.org", password="un-mot-de-passe-solide")
    for attempt in range(1, 11):
        response = client.post(
            reverse("accounts:login"), {"username": "maire@example.org", "password": "faux"}
        )
        assert ("Connexion suspendue" in response.content.decode()) == (attempt == 10)
    # Even the right password is refused while locked…
    response = client.post(
        reverse("accounts:login"), {"username": "maire@example.org", "password": "un-mot-de-passe-solide"}
    )
    assert "Connexion suspendue" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # …but another address from the same network is not.
    UserFactory(email="adjoint@example.org", password="un-mot-de-passe-solide")
    response = client.post(
        reverse("accounts:login"), {"username": "adjoint@example.org", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    from django.conf import settings as live

    assert "Argon2PasswordHasher" in live.PASSWORD_HASHERS[1]


def test_a_forgotten_password_is_reset_through_an_emailed_link(client):
    user = UserFactory(email="agent@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "agent@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "nouveau mot de passe" in message.subject
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "un-tout-nouveau-secret", "new_password2": "un-tout-nouveau-secret"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-tout-nouveau-secret")


def test_an_invitation_is_emailed_and_creates_the_account_on_acceptance(
    client, django_capture_on_commit_callbacks
):
    admin = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    client.force_login(admin.user, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organisation", args=[admin.organisation.pk]),
            {"email": "Nouvelle@Example.org", "role": "membre"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@example.org"
    assert mail.outbox[0].to == ["nouvelle@example.org"]
    assert invitation.token in mail.outbox[0].body

    client.logout()
    url = reverse("accounts:invitation", args=[invitation.token])
    response = client.post(url, {"full_name": "Nora Nouvelle", "password1": "court", "password2": "court"})
    assert (
        "Ce mot de passe est trop court" in response.content.decode()
        or "trop court" in response.content.decode()
    )
    assert 'value="Nora Nouvelle"' in response.content.decode()
    assert not User.objects.filter(email="nouvelle@example.org").exists()

    response = client.post(
        url,
        {
            "full_name": "Nora Nouvelle",
            "password1": "une-phrase-de-passe",
            "password2": "une-phrase-de-passe",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.org_memberships.get().organisation == admin.organisation
    assert client.get(url).status_code == 410


def test_a_duplicate_invitation_is_refused_in_french(client):
    admin = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    invite_to_organisation(
        organisation=admin.organisation, email="x@example.org", role="membre", invited_by=admin.user
    )
    with pytest.raises(InvitationError, match="déjà en attente"):
        invite_to_organisation(
            organisation=admin.organisation, email="X@example.org", role="membre", invited_by=admin.user
        )
    client.force_login(admin.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("accounts:organisation", args=[admin.organisation.pk]),
        {"email": "x@example.org", "role": "membre"},
    )
    assert "déjà en attente" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_inviting_an_existing_member_is_refused():
    admin = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    with pytest.raises(InvitationError, match="déjà membre"):
        invite_to_organisation(
            organisation=admin.organisation, email=admin.user.email, role="membre", invited_by=admin.user
        )


def test_an_invitation_for_another_address_cannot_be_accepted_by_a_signed_in_user(client):
    organisation = OrganisationFactory()
    invitation = Invitation.objects.create(
        organisation=organisation, email="prevue@example.org", expires_at=Invitation.default_expiry()
    )
    intruder = UserFactory(email="autre@example.org")
    client.force_login(intruder, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:invitation", args=[invitation.token]), follow=True)
    assert "adressée à prevue@example.org" in response.content.decode()
    assert not organisation.memberships.exists()


def test_an_expired_invitation_is_refused(client):
    invitation = Invitation.objects.create(
        organisation=OrganisationFactory(),
        email="tard@example.org",
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(reverse("accounts:invitation", args=[invitation.token]))
    assert response.status_code == 410
    assert "n’est plus valable" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("outsider", 403), ("member", 200), ("admin", 200)]
)
def test_organisation_page_access(client, persona, status):
    admin = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    member = OrganisationMembershipFactory(organisation=admin.organisation)
    users = {"anonymous": None, "outsider": UserFactory(), "member": member.user, "admin": admin.user}
    if users[persona]:
        client.force_login(users[persona], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("accounts:organisation", args=[admin.organisation.pk]))
    assert response.status_code == status
    if persona == "member":
        assert "Inviter une personne" not in response.content.decode()
        forbidden = client.post(
            reverse("accounts:organisation", args=[admin.organisation.pk]),
            {"email": "a@example.org", "role": "membre"},
        )
        assert forbidden.status_code == 403
